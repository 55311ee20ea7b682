"""The system tray: status colour and missed-calls count on the icon; a menu to change the status,
show or hide the window, send an error report (App. 3), open «О программе» and quit; a notice of an
incoming call while the window is hidden.

The menu and the icon are built from the stores whether or not the desktop has a tray (tests run
offscreen, where there is none); the ``QSystemTrayIcon`` itself only exists where
``QSystemTrayIcon.isSystemTrayAvailable()``. Answer and reject for a call that rings while the window
is hidden are on the floating call widget, which is always on top; the tray adds the desktop notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.state.calls import CallPhase, CallsSnapshot, CallsStore, MissedSnapshot, MissedStore
from app.state.status import OFFLINE, StatusSnapshot, StatusStore
from ui.texts import status_color_of, status_name
from widgets.call_icons import tray_pixmap
from widgets.icons import dot_icon
from widgets.theme import STATUS_COLORS


class StatusChanger(Protocol):
    """What the tray needs of the session service."""

    def start_status_change(self, key: str) -> None: ...


class TrayController(QObject):
    """Owns the tray menu (always) and the tray icon (where the desktop has a tray)."""

    show_requested = Signal()
    hide_requested = Signal()
    quit_requested = Signal()
    error_report_requested = Signal()
    """«Отправить отчет об ошибке» (spec part 7, Appendix 3)."""
    support_requested = Signal()
    """«Написать в поддержку» (spec part 7, R-ERR-6)."""
    about_requested = Signal()
    visibility_requested = Signal()
    """«Видимость разделов» (TP-40: also before signing in)."""

    def __init__(
        self,
        *,
        status: StatusStore,
        missed: MissedStore,
        calls: CallsStore,
        session: StatusChanger,
        window: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status = status
        self._missed = missed
        self._calls = calls
        self._session = session
        self._window: QWidget | None = None
        self._window_generation = 0
        self._adopt_window(window)
        self.notifications: list[tuple[str, str]] = []
        """(title, text) of every notice shown, kept for the log and for tests."""
        self.notifications_allowed: Callable[[], bool] = lambda: True
        """«Пользовательские» → notifications (the shell reads the account's switch at each notice)."""
        self.menu = QMenu()
        self.menu.setObjectName("TrayMenu")
        self.status_group = QActionGroup(self)
        self.status_group.setExclusive(True)
        self.status_group.triggered.connect(self._on_status_group_triggered)
        self.status_actions: dict[str, QAction] = {}
        self.toggle_window_action = QAction(self)
        self.toggle_window_action.triggered.connect(self._on_toggle_window_triggered)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.quit_requested)
        self.error_report_action = QAction(self)
        self.error_report_action.triggered.connect(self.error_report_requested)
        self.support_action = QAction(self)
        self.support_action.triggered.connect(self.support_requested)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about_requested)
        self.visibility_action = QAction(self)
        self.visibility_action.triggered.connect(self.visibility_requested)
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_icon_activated)
        status.status_changed.connect(self._on_status_changed)
        missed.missed_changed.connect(self._on_missed_changed)
        calls.calls_changed.connect(self._on_calls_changed)
        self._offers: set[str] = set()
        self.rebuild()

    def attach_window(self, window: QWidget | None) -> None:
        self._adopt_window(window)
        self.rebuild()

    def _adopt_window(self, window: QWidget | None) -> None:
        """Follow ``window`` until it is destroyed; a store signal after that finds no window.

        The slot takes no argument: a ``destroyed`` argument would make PySide wrap an object that is
        half gone. A counter tells which window went, in case another was attached since."""
        self._window = window
        self._window_generation += 1
        if window is not None:
            generation = self._window_generation
            window.destroyed.connect(lambda: self._on_window_destroyed(generation))

    def _on_window_destroyed(self, generation: int) -> None:
        if generation == self._window_generation:
            self._window = None

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    @property
    def available(self) -> bool:
        return self.icon is not None

    # -- model ---------------------------------------------------------------------------------------

    def rebuild(self) -> None:
        snapshot = self._status.snapshot
        self.menu.clear()
        for action in self.status_group.actions():
            self.status_group.removeAction(action)
        self.status_actions = {}
        for definition in snapshot.selectable:
            action = QAction(
                dot_icon(STATUS_COLORS.get(definition.color, STATUS_COLORS["grey"])),
                status_name(definition.key, snapshot.definitions),
                self.menu,
            )
            action.setCheckable(True)
            action.setChecked(definition.key == snapshot.current)
            action.setData(definition.key)
            action.setEnabled(snapshot.current != OFFLINE)
            self.status_group.addAction(action)
            self.menu.addAction(action)
            self.status_actions[definition.key] = action
        if self.status_actions:
            self.menu.addSeparator()
        window_shown = self._window is not None and self._window.isVisible()
        self.toggle_window_action.setText(self.tr("Hide Pult") if window_shown else self.tr("Show Pult"))
        self.toggle_window_action.setEnabled(self._window is not None)
        self.menu.addAction(self.toggle_window_action)
        self.menu.addSeparator()
        self.visibility_action.setText(self.tr("Section visibility"))
        self.menu.addAction(self.visibility_action)
        self.error_report_action.setText(self.tr("Send an error report"))
        self.menu.addAction(self.error_report_action)
        self.support_action.setText(self.tr("Write to support"))
        self.menu.addAction(self.support_action)
        self.about_action.setText(self.tr("About Pult"))
        self.menu.addAction(self.about_action)
        self.menu.addSeparator()
        self.quit_action.setText(self.tr("Quit"))
        self.menu.addAction(self.quit_action)
        self._render_icon()

    def tooltip(self) -> str:
        snapshot = self._status.snapshot
        text = f"Pult · {status_name(snapshot.current, snapshot.definitions)}"
        missed = self._missed.snapshot.total
        if missed:
            text += " · " + self.tr("missed calls: {count}").format(count=missed)
        return text

    def icon_image(self) -> QIcon:
        snapshot = self._status.snapshot
        color = STATUS_COLORS.get(
            status_color_of(snapshot.current, snapshot.definitions), STATUS_COLORS["grey"]
        )
        return QIcon(tray_pixmap(color, self._missed.snapshot.total))

    def _render_icon(self) -> None:
        if self.icon is not None:
            self.icon.setIcon(self.icon_image())
            self.icon.setToolTip(self.tooltip())

    def notify_offer(self, caller: str, queue: str) -> None:
        if not self.notifications_allowed():
            return
        title = self.tr("Incoming call")
        text = caller + (f" · {queue}" if queue else "")
        self.notifications.append((title, text))
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, self.icon_image(), 15000)

    # -- slots ---------------------------------------------------------------------------------------

    def _on_status_group_triggered(self, action: QAction) -> None:
        key = action.data()
        if isinstance(key, str) and key != self._status.snapshot.current:
            self._session.start_status_change(key)

    def _on_toggle_window_triggered(self) -> None:
        if self._window is not None and self._window.isVisible():
            self.hide_requested.emit()
        else:
            self.show_requested.emit()

    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.show_requested.emit()

    def _on_status_changed(self, _snapshot: StatusSnapshot) -> None:
        self.rebuild()

    def _on_missed_changed(self, _snapshot: MissedSnapshot) -> None:
        self._render_icon()

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        offers = {c.key for c in snapshot.calls if c.phase is CallPhase.OFFERED}
        hidden = self._window is None or not self._window.isVisible() or self._window.isMinimized()
        for call in snapshot.offered:
            if call.key not in self._offers and hidden:
                self.notify_offer(call.remote, call.queue)
        self._offers = offers
