"""The main window (spec MW-17/18): top bar, left section menu, work area.

Top bar: brand, company, then the status control, the missed-calls button with its badge, the queue,
indicators and telephony panel toggles, help, the connection indicator and the avatar with the program
menu. The section menu lists only sections that exist in this build. Panels dock on the right or float
always on top (``ui.panels``); call shortcuts are application-wide (``ui.shortcuts``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from ui.status_control import StatusControl
from ui.texts import error_message
from widgets.avatar import AvatarButton
from widgets.badge_button import BadgeButton
from widgets.call_icons import help_icon, keypad_icon, kpi_icon, missed_icon, queue_icon
from widgets.connection_indicator import ConnectionIndicator
from widgets.icons import draw_logo, logo_icon, logout_icon, people_icon
from widgets.theme import ACCENT_DARK, INK

TOP_BAR_ICON = "#dfe6f3"

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

    from app.protocol.auth import Me
    from app.services.session import SessionService
    from app.state.calls import MissedSnapshot
    from app.state.kpi import KpiSnapshot
    from ui.call_widget import FloatingCallWindow
    from ui.colleagues_panel import ColleaguesPanel
    from ui.desk import CallDesk
    from ui.kpi_panel import KpiPanel
    from ui.line_selector import LineSelector
    from ui.missed_popup import MissedCallsPopup
    from ui.panels import PanelDock, QueuePanel
    from ui.telephony_panel import TelephonyPanel

log = logging.getLogger(__name__)


class _Brand(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(30, 30))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        draw_logo(painter, self.rect().toRectF())
        painter.end()


class MainWindow(QMainWindow):
    """Composes the top bar, the section menu and the sections; knows no network."""

    closed = Signal()
    hidden_to_tray = Signal()
    call_widget_moved = Signal(QPoint)
    """The floating call widget was dragged to this ``QPoint`` (the shell remembers it)."""
    shortcuts_changed = Signal(object)
    """The user remapped the call shortcuts: their overrides (name → portable keys), to be kept."""
    settings_requested = Signal()
    """The avatar menu's «Настройки» (the composition root opens the settings dialog)."""
    sound_settings_requested = Signal()
    """The avatar menu's «Настройки звука» (TP-03): the settings dialog on its «Софтфон» tab."""

    def __init__(
        self,
        *,
        session: SessionService,
        session_store: SessionStore,
        status_store: StatusStore,
        presence_store: PresenceStore,
        connection_store: ConnectionStore,
        desk: CallDesk | None = None,
        shortcuts: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.desk: CallDesk | None = None
        """The calls, missed calls and indicators; attached right after the first frame (startup time)."""
        self.hide_on_close = False
        """Set by the shell when a tray icon is up and the user wants the close button to hide."""
        self._shortcut_overrides = dict(shortcuts or {})
        self._shortcuts: dict[str, QKeySequence] | None = None
        self._shortcut_actions: dict[str, QAction] = {}
        self._docks: dict[str, PanelDock] = {}
        self._telephony_panel: TelephonyPanel | None = None
        self._call_window: FloatingCallWindow | None = None
        self._pending_layout: QByteArray | None = None
        self._kpi_order: list[str] = []
        self._kpi_panel: KpiPanel | None = None
        self._queue_panel: QueuePanel | None = None
        self._call_widget_place: object = None
        self._docks_wanted = False
        self.setWindowIcon(logo_icon())
        self._session = session
        self._session_store = session_store
        self._shown_logged = False

        self.status_control = StatusControl(store=status_store, session=session)
        self.connection_indicator = ConnectionIndicator(store=connection_store)
        self.avatar = AvatarButton()
        self.avatar_menu = QMenu(self)
        self.profile_action = QAction(self)
        self.profile_action.setEnabled(False)
        self.logout_action = QAction(logout_icon(INK), "", self)
        self.logout_action.triggered.connect(self._on_logout_action_triggered)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.settings_requested)
        self.sound_settings_action = QAction(self)
        self.sound_settings_action.triggered.connect(self.sound_settings_requested)
        self.avatar_menu.addAction(self.profile_action)
        self.avatar_menu.addSeparator()
        self.avatar_menu.addAction(self.settings_action)
        self.avatar_menu.addAction(self.sound_settings_action)
        self.avatar_menu.addAction(self.logout_action)
        self.avatar.setMenu(self.avatar_menu)

        self.brand_name = QLabel("Pult")
        self.brand_name.setObjectName("BrandName")
        self.company_name = QLabel()
        self.company_name.setObjectName("CompanyName")
        self.notice = QLabel()
        self.notice.setObjectName("InfoBanner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(8000)
        self._notice_timer.timeout.connect(self.notice.hide)

        self._presence_store = presence_store
        self._status_store = status_store
        self._colleagues_panel: ColleaguesPanel | None = None
        self.sections = QStackedWidget()
        self.sections.addWidget(QWidget())  # the colleagues section, built right after the first paint
        self.section_buttons = QButtonGroup(self)
        self.colleagues_button = self._section_button(people_icon(ACCENT_DARK))
        self.colleagues_button.setChecked(True)
        self.section_buttons.idClicked.connect(self.sections.setCurrentIndex)

        self._line_selector: LineSelector | None = None
        self.missed_button = BadgeButton(missed_icon(TOP_BAR_ICON))
        self.missed_button.clicked.connect(self.show_missed_calls)
        self._missed_popup: MissedCallsPopup | None = None
        self.queue_button = BadgeButton(queue_icon(TOP_BAR_ICON), checkable=True)
        self.kpi_button = BadgeButton(kpi_icon(TOP_BAR_ICON), checkable=True)
        self.telephony_button = BadgeButton(keypad_icon(TOP_BAR_ICON), checkable=True)
        self.help_button = BadgeButton(help_icon(TOP_BAR_ICON))
        # TP-04: «?» opens the help menu; the composition root adds «О программе», «Написать в поддержку».
        self.help_menu = QMenu(self)
        self.help_menu.setObjectName("HelpMenu")
        self.help_action = self.help_menu.addAction("")
        self.help_action.triggered.connect(self.show_help)
        self.help_button.setMenu(self.help_menu)
        self.help_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.help_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.panel_buttons = {
            "queue": self.queue_button,
            "kpi": self.kpi_button,
            "telephony": self.telephony_button,
        }
        for name, button in self.panel_buttons.items():
            button.clicked.connect(lambda checked, n=name: self.set_panel_visible(n, checked))
        self._build_layout()
        self.retranslate()
        if desk is not None:
            self.attach_desk(desk)
        session_store.session_changed.connect(self._on_session_store_session_changed)
        session.status_change_failed.connect(self._on_session_status_change_failed)
        self._render_session(session_store.snapshot)
        self.resize(1120, 720)
        self.setMinimumSize(QSize(760, 480))

    @property
    def colleagues_panel(self) -> ColleaguesPanel:
        """The «Сотрудники онлайн» section, built on first use.

        It is the one section with a model view, and building it (with the Qt classes behind it) is
        a large share of the window's cost: the window paints first, the section follows a moment
        later, long before a restored session has any colleagues to show.
        """
        if self._colleagues_panel is None:
            from ui.colleagues_panel import ColleaguesPanel

            panel = ColleaguesPanel(
                presence=self._presence_store, statuses=self._status_store, session=self._session_store
            )
            placeholder = self.sections.widget(0)
            self.sections.insertWidget(0, panel)
            if placeholder is not None:
                self.sections.removeWidget(placeholder)
                placeholder.deleteLater()
            self.sections.setCurrentIndex(0)
            self._colleagues_panel = panel
        return self._colleagues_panel

    @property
    def line_selector(self) -> LineSelector:
        """The top bar's «Линия» selectors (MW-19), built on first use: they stay hidden until the
        composition root binds them to the server's lines after sign-in, so the first frame goes
        without their two drop-downs."""
        if self._line_selector is None:
            from ui.line_selector import LineSelector

            selector = LineSelector()
            self._top_bar.insertWidget(self._top_bar.indexOf(self.status_control) + 1, selector)
            self._line_selector = selector
        return self._line_selector

    @property
    def shortcuts(self) -> dict[str, QKeySequence]:
        """The call shortcuts in force (``ui.shortcuts``), set up right after the first frame with
        their application-wide actions: no key reaches a window that is not up yet."""
        if self._shortcuts is None:
            from ui.shortcuts import resolve

            self._shortcuts = resolve(self._shortcut_overrides)
            for name, sequence in self._shortcuts.items():
                action = QAction(self)
                action.setShortcut(sequence)
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
                action.triggered.connect(lambda _checked=False, n=name: self.run_shortcut(n))
                self.addAction(action)
                self._shortcut_actions[name] = action
            self.retranslate()  # the tooltips name the keys
        return self._shortcuts

    @property
    def shortcut_actions(self) -> dict[str, QAction]:
        _ = self.shortcuts
        return self._shortcut_actions

    def add_section(self, widget: QWidget, icon: object) -> QPushButton:
        """A section built outside the window (the composition root hands it over, e.g. «История
        вызовов»): its page and its menu button below the others; the caller names the button."""
        self.sections.addWidget(widget)
        button = self._section_button(icon)
        self._section_menu.insertWidget(self._section_menu.count() - 1, button)
        return button

    def _section_button(self, icon: object) -> QPushButton:
        button = QPushButton()
        button.setObjectName("SectionButton")
        button.setCheckable(True)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setIconSize(QSize(18, 18))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.section_buttons.addButton(button, self.sections.count() - 1)
        return button

    def _build_layout(self) -> None:
        top = QFrame()
        top.setObjectName("TopBar")
        top.setFixedHeight(56)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(16, 0, 14, 0)
        bar.setSpacing(10)
        bar.addWidget(_Brand())
        bar.addWidget(self.brand_name)
        bar.addSpacing(6)
        bar.addWidget(self.company_name)
        bar.addStretch(1)
        bar.addWidget(self.status_control)  # the line selector follows it once built (line_selector)
        bar.addSpacing(6)
        for button in (self.missed_button, self.queue_button, self.kpi_button, self.telephony_button):
            bar.addWidget(button)
        bar.addWidget(self.help_button)
        bar.addSpacing(4)
        bar.addWidget(self.connection_indicator)
        bar.addWidget(self.avatar)

        self._top_bar = bar

        menu = QFrame()
        menu.setObjectName("SectionMenu")
        menu.setFixedWidth(216)
        menu_layout = QVBoxLayout(menu)
        menu_layout.setContentsMargins(10, 14, 10, 14)
        menu_layout.setSpacing(4)
        menu_layout.addWidget(self.colleagues_button)
        menu_layout.addStretch(1)
        self._section_menu = menu_layout

        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(24, 12, 24, 0)
        notice_row.addWidget(self.notice)
        work_layout.addLayout(notice_row)
        work_layout.addWidget(self.sections, 1)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(menu)
        body.addWidget(work, 1)
        root = QWidget()
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(body, 1)
        self.setCentralWidget(root)
        # Above the docks too: the top bar spans the whole window, so the line selectors (MW-19) fit beside
        # the other tools while a panel is docked on the right.
        self.setMenuWidget(top)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pult"))
        self.colleagues_button.setText(self.tr("Colleagues online"))
        self.logout_action.setText(self.tr("Log out"))
        self.settings_action.setText(self.tr("Settings"))
        self.sound_settings_action.setText(self.tr("Sound settings"))
        self.avatar.setAccessibleName(self.tr("Program menu"))
        self.connection_indicator.setAccessibleDescription(self.tr("Connection to the server"))
        keys = self._shortcut_keys()
        self.missed_button.setToolTip(self.tr("Missed calls"))
        self.queue_button.setToolTip(self.tr("Request queue panel"))
        self.kpi_button.setToolTip(self.tr("Indicators panel"))
        self.telephony_button.setToolTip(
            self.tr("Telephony control panel")
            + (f"  ({keys['focus_number']})" if keys.get("focus_number") else "")
        )
        self.help_button.setToolTip(self.tr("Help and keyboard shortcuts"))
        self.help_action.setText(self.tr("Help and keyboard shortcuts"))
        self.status_control.setToolTip(
            self.tr("Status") + (f"  ({keys['status_menu']})" if keys.get("status_menu") else "")
        )
        if self.desk is not None:
            self._render_missed(self.desk.missed.snapshot)
        for name, dock in self._docks.items():
            dock.setWindowTitle(self._panel_title(name))

    def _shortcut_keys(self) -> dict[str, str]:
        """The shortcuts' native texts for tooltips, once they are set up (none before)."""
        if self._shortcuts is None:
            return {}
        from ui.shortcuts import display

        return display(self._shortcuts)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start()

    # -- panels ----------------------------------------------------------------------------------------

    def attach_desk(self, desk: CallDesk) -> None:
        """Bind the call stores and the softphone once (done after the first paint)."""
        if self.desk is not None:
            return
        self.desk = desk
        desk.missed.missed_changed.connect(self._on_missed_changed)
        desk.kpi.kpi_changed.connect(self._on_kpi_changed)
        desk.calls.calls_changed.connect(self._on_calls_changed)
        desk.calls.control_failed.connect(self._on_calls_control_failed)
        self._on_missed_changed(desk.missed.snapshot)
        self._on_kpi_changed(desk.kpi.snapshot)
        if self._docks_wanted:
            self.build_panels()

    def build_panels(self) -> None:
        """Build the docks and the call widget (right after the first frame), then restore the layout."""
        if self._docks:
            return
        from ui.call_widget import FloatingCallWindow
        from ui.panels import PanelDock
        from ui.shortcuts import display
        from ui.telephony_panel import TelephonyPanel

        if self.desk is None:
            from ui.desk import CallDesk

            self.attach_desk(CallDesk.detached())
        desk = self.desk
        assert desk is not None
        self._telephony_panel = TelephonyPanel(calls=desk.calls, bridge=desk.bridge)
        bodies: dict[str, QWidget] = {
            "telephony": self._telephony_panel,
            "queue": self._build_queue_panel(desk),
            "kpi": self._build_kpi_panel(desk),
        }
        for name, body in bodies.items():
            dock = PanelDock(name, body, self)
            dock.setWindowTitle(self._panel_title(name))
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
            dock.visibilityChanged.connect(lambda _v, n=name: self._sync_panel_button(n))
            self._docks[name] = dock
        self.tabifyDockWidget(self._docks["queue"], self._docks["kpi"])
        window = FloatingCallWindow(
            calls=desk.calls,
            bridge=desk.bridge,
            shortcuts=lambda: display(self.shortcuts),
            topics=lambda: desk.topics.snapshot,
        )
        window.transfer_requested.connect(self._on_call_window_transfer_requested)
        window.position_changed.connect(self._on_call_window_position_changed)
        if self._call_widget_place is not None:
            window.place_at(self._call_widget_place)  # type: ignore[arg-type]
        self._call_window = window
        if self._pending_layout is not None:
            self.restoreState(self._pending_layout)
            self._pending_layout = None
        for name in self._docks:
            self._sync_panel_button(name)

    def panel_dock(self, name: str) -> PanelDock:
        self.build_panels()
        return self._docks[name]

    @property
    def telephony_panel(self) -> TelephonyPanel:
        self.build_panels()
        assert self._telephony_panel is not None
        return self._telephony_panel

    @property
    def call_window(self) -> FloatingCallWindow:
        self.build_panels()
        assert self._call_window is not None
        return self._call_window

    def set_panel_visible(self, name: str, visible: bool) -> None:
        dock = self.panel_dock(name)
        dock.setVisible(visible)
        if visible:
            dock.raise_()
        self._sync_panel_button(name)

    def float_panel(self, name: str, floating: bool = True) -> None:
        """«Открепить»: the panel becomes its own always-on-top window (and back)."""
        dock = self.panel_dock(name)
        dock.show()
        dock.setFloating(floating)

    @property
    def kpi_order(self) -> list[str]:
        """The KPI panel's rows as the user dragged them (kept per machine by the shell)."""
        return self._kpi_panel.order if self._kpi_panel is not None else self._kpi_order

    @kpi_order.setter
    def kpi_order(self, order: list[str]) -> None:
        self._kpi_order = order
        if self._kpi_panel is not None:
            self._kpi_panel.order = order

    def _build_queue_panel(self, desk: CallDesk) -> QueuePanel:
        from ui.panels import QueuePanel

        self._queue_panel = QueuePanel(queue=desk.queue, bridge=desk.bridge)
        _allow_queue_actions(self._queue_panel, self._session_store.snapshot.me)
        return self._queue_panel

    def _build_kpi_panel(self, desk: CallDesk) -> KpiPanel:
        from ui.kpi_panel import KpiPanel

        self._kpi_panel = KpiPanel(kpi=desk.kpi, order=self._kpi_order)
        self._kpi_panel.set_may_edit_thresholds(_may_set_thresholds(self._session_store.snapshot.me))
        return self._kpi_panel

    def restore_panel_layout(self, state: QByteArray) -> None:
        if self._docks:
            self.restoreState(state)
            for name in self._docks:
                self._sync_panel_button(name)
        else:
            self._pending_layout = state

    def call_window_position(self) -> QPoint | None:
        """Where the operator left the call widget, if they moved it (None: never moved)."""
        place = self._call_widget_place
        return place if isinstance(place, QPoint) else None

    def place_call_widget(self, point: object) -> None:
        self._call_widget_place = point
        if self._call_window is not None:
            self._call_window.place_at(point)  # type: ignore[arg-type]

    def _sync_panel_button(self, name: str) -> None:
        dock = self._docks.get(name)
        button = self.panel_buttons[name]
        button.setChecked(dock is not None and not dock.isHidden())

    def _panel_title(self, name: str) -> str:
        return {
            "queue": self.tr("Request queue"),
            "kpi": self.tr("Indicators"),
            "telephony": self.tr("Telephony"),
        }[name]

    def show_help(self) -> None:
        from ui.help_dialog import HelpDialog
        from ui.shortcuts import display

        dialog = HelpDialog(shortcuts=display(self.shortcuts), parent=self)
        dialog.shortcuts_changed.connect(self.set_shortcuts)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_dialog = dialog
        dialog.show()

    def set_shortcuts(self, overrides: Mapping[str, str]) -> None:
        """Apply the user's remapping now (tooltips included) and report it to be kept."""
        from ui.shortcuts import resolve

        actions = self.shortcut_actions  # set up first, so the new keys replace the old ones
        self._shortcuts = resolve(overrides)
        for name, action in actions.items():
            action.setShortcut(self._shortcuts[name])
        self.retranslate()
        self.shortcuts_changed.emit(dict(overrides))

    def run_shortcut(self, name: str) -> None:
        """The intents behind the call shortcuts; each acts on the call it plainly means."""
        from app.state.calls import CallPhase

        if self.desk is None:
            return
        calls = self.desk.calls.snapshot
        bridge = self.desk.bridge
        offered = calls.offered[0] if calls.offered else None
        active = calls.active
        if name == "answer" and offered is not None:
            bridge.answer(offered.key)
        elif name == "reject" and offered is not None:
            bridge.reject(offered.key)
        elif name == "hold" and (active is not None or calls.held):
            target = active if active is not None and active.phase is not CallPhase.DIALING else None
            bridge.toggle_hold(target.key if target is not None else calls.held[0].key)
        elif name == "mute":
            bridge.set_mute(not calls.muted)
        elif name == "hangup" and active is not None:
            bridge.hangup(active.key)
        elif name == "transfer" and active is not None and active.live:
            self._on_call_window_transfer_requested(active.key)
        elif name == "status_menu":
            self.status_control.showMenu()
        elif name == "focus_number":
            self.set_panel_visible("telephony", True)
            self.telephony_panel.number_edit.setFocus()

    def _on_call_window_position_changed(self, point: QPoint) -> None:
        self._call_widget_place = QPoint(point)
        self.call_widget_moved.emit(point)

    def _on_call_window_transfer_requested(self, key: str) -> None:
        self.set_panel_visible("telephony", True)
        self.telephony_panel.begin_transfer(key)

    def _on_missed_changed(self, snapshot: MissedSnapshot) -> None:
        self.missed_button.set_count(snapshot.total)
        self._render_missed(snapshot)

    def _render_missed(self, snapshot: MissedSnapshot) -> None:
        self.missed_button.setToolTip(
            self.tr("Missed calls: {total}, in the last 7 days: {week}").format(
                total=snapshot.total, week=snapshot.last_7_days
            )
        )

    @property
    def missed_popup(self) -> MissedCallsPopup:
        """The missed-calls list (MW-27), built on first use."""
        if self._missed_popup is None:
            from ui.missed_popup import MissedCallsPopup

            if self.desk is None:
                from ui.desk import CallDesk

                self.attach_desk(CallDesk.detached())
            assert self.desk is not None
            popup = MissedCallsPopup(missed=self.desk.missed, parent=self)
            popup.call_back_requested.connect(self._on_missed_popup_call_back_requested)
            self._missed_popup = popup
        return self._missed_popup

    def show_missed_calls(self) -> None:
        button = self.missed_button
        self.missed_popup.popup_at(button.mapToGlobal(QPoint(button.width(), button.height() + 6)))

    def _on_missed_popup_call_back_requested(self, number: str) -> None:
        self.call_number(number)

    def call_number(self, number: str) -> None:
        """«Позвонить» (missed calls, call history): dial from the telephony panel, where calls start."""
        self.set_panel_visible("telephony", True)
        panel = self.telephony_panel
        panel.number_edit.setText(number)
        panel.call_button.click()

    def _on_kpi_changed(self, snapshot: KpiSnapshot) -> None:
        alert = snapshot.alert  # MW-22: "red", "yellow" or "" over the shown indicators
        if self.kpi_button.property("alert") != (alert or "false"):
            self.kpi_button.setProperty("alert", alert or "false")
            self.kpi_button.style().unpolish(self.kpi_button)
            self.kpi_button.style().polish(self.kpi_button)

    def _on_calls_changed(self, snapshot: object) -> None:
        if self.desk is None:
            return
        calls = self.desk.calls.snapshot
        if calls.busy and self._docks and self._docks["telephony"].isHidden():
            self.set_panel_visible("telephony", True)  # the conversation state lives on the panel (TP-01)

    # -- slots -----------------------------------------------------------------------------------------

    def _on_logout_action_triggered(self) -> None:
        self._session.start_logout()

    def _on_session_store_session_changed(self, snapshot: SessionSnapshot) -> None:
        self._render_session(snapshot)

    def _on_calls_control_failed(self, error: ClientError) -> None:
        self.show_notice(
            self.tr("The call operation failed: {reason}").format(
                reason=error_message(error, server=self._session_store.snapshot.server)
            )
        )

    def _on_session_status_change_failed(self, error: ClientError) -> None:
        self.show_notice(
            self.tr("The status was not changed: {reason}").format(
                reason=error_message(error, server=self._session_store.snapshot.server)
            )
        )

    def _render_session(self, snapshot: SessionSnapshot) -> None:
        me: Me | None = snapshot.me
        if self._kpi_panel is not None:
            self._kpi_panel.set_may_edit_thresholds(_may_set_thresholds(me))
        if self._queue_panel is not None:
            _allow_queue_actions(self._queue_panel, me)
        if me is None:
            self.company_name.setText("")
            self.profile_action.setText(snapshot.login)
            self.avatar.set_name(snapshot.login)
            return
        self.company_name.setText(me.company_name)
        self.profile_action.setText(f"{me.full_name} · {me.login}")
        self.avatar.set_name(me.full_name)

    # -- Qt overrides ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_logged:
            self._shown_logged = True
            # Report once the first frame is out: queued after the expose events of this show().
            QTimer.singleShot(0, self._log_shown)
            QTimer.singleShot(0, self._on_first_frame_build_sections)

    def _on_first_frame_build_sections(self) -> None:
        _ = self.colleagues_panel
        _ = self.shortcuts
        if self.isVisible():  # a window closed before its first frame builds its panels on first use
            self._docks_wanted = True
            if self.desk is not None:
                self.build_panels()

    def _log_shown(self) -> None:
        log_event(log, "window.shown", window="main", max_rss_kb=_max_rss_kb(), cpu_ms=_cpu_ms())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.hide_on_close:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        super().closeEvent(event)
        if self._call_window is not None:
            self._call_window.close()
            self._call_window.deleteLater()
            self._call_window = None
        for dock in self._docks.values():
            if dock.isFloating():
                dock.hide()
        self.closed.emit()


def _allow_queue_actions(panel: QueuePanel, me: Me | None) -> None:
    """MW-33 by the permission matrix: intercept follows «Управлять звонками в очереди на группу»
    (``calls.group_queue``), hanging up and transferring queue calls follow ``calls.monitor``. The server
    checks again; this only keeps the menu honest."""
    scopes = me.permission_scopes if me is not None else {}
    panel.may_intercept = me is None or scopes.get("calls.group_queue", "N") != "N"
    panel.may_hang_up = me is not None and scopes.get("calls.monitor", "N") != "N"
    panel.may_transfer = panel.may_hang_up
    panel.me = me.employee_id if me is not None else None
    panel.transfer_groups = _scope_groups(me, scopes.get("calls.monitor", "N"))


def _scope_groups(me: Me | None, scope: str) -> frozenset[int] | None:
    """The groups a scope of the permission matrix covers for ``me`` (None: the whole company)."""
    if me is None or scope in ("ALL", "Y"):
        return None
    supervised = frozenset(g.id for g in me.groups if g.supervisor)
    member = frozenset(g.id for g in me.groups)
    return {"CTRL": supervised, "OWN+CTRL": member | supervised, "OWN-GRP": member, "MY-GROUP": member}.get(
        scope, frozenset()
    )


def _may_set_thresholds(me: Me | None) -> bool:
    """Thresholds are shared by everyone (MW-40): a scope of ``kpi.configure`` wider than oneself."""
    return me is not None and me.permission_scopes.get("kpi.configure", "N") not in ("N", "SELF")


def _cpu_ms() -> int:
    """Processor time the process has used so far (bench/startup.py compares it with a bare window's)."""
    import time

    return int(time.process_time() * 1000)


def _max_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    rss = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return rss // 1024 if sys.platform == "darwin" else rss
