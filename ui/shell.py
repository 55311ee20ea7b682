"""Which window is up: the login dialog, or the main window of a session (spec §3.2, the login sequence).

A remembered session (MW-11) opens the main window at once and restores the session behind it; if
that fails the login window comes back with the reason. Logging out, or the server ending the session,
also brings back the login window.
"""

from __future__ import annotations

import base64
import gc
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QPoint, QTimer, Signal

from app.services.errors import ClientError
from app.settings.files import SettingsFileError
from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionStore
from app.state.status import KEEP, StatusStore
from ui.main_window import MainWindow
from ui.texts import error_message

if TYPE_CHECKING:
    from app.services.auto_break import AutoBreakService
    from app.services.session import SessionService
    from app.settings.paths import SettingsPaths
    from ui.away_watch import IdleWatcher, ScreenLockWatcher
    from ui.desk import CallDesk
    from ui.login_dialog import LoginDialog
    from ui.tray import TrayController

log = logging.getLogger(__name__)


FREEZE_AFTER_MS = 3000
"""After sign-in: the panels, the first snapshots and the softphone are built by then."""


def freeze_heap() -> None:
    """Move every object alive now out of the cyclic garbage collector's sight (``gc.freeze``).

    The client keeps hundreds of thousands of long-lived objects (Qt wrappers, wire models, the
    softphone's modules); a full collection walked them all and stopped the main thread for 100–200 ms
    every few seconds under a busy queue (bench/ui.py). Frozen, a full collection sees only what came
    after and takes a few milliseconds. Called after each sign-in; a second call freezes the newcomers.
    """
    gc.freeze()


class ScriptedLogin:
    """Credentials given on the command line (e2e tests, kiosk set-ups): log in without asking.

    A plain class: a dataclass would cost the first window its generated code at import (startup).
    """

    __slots__ = ("login", "password", "remember", "server", "status")

    def __init__(
        self, *, server: str, login: str, password: str, status: str = KEEP, remember: bool = False
    ) -> None:
        self.server = server
        self.login = login
        self.password = password
        self.status = status
        self.remember = remember


class ShellController(QObject):
    """Shows the right window for the session's state; ``finished`` when the user closed the app."""

    finished = Signal()

    def __init__(
        self,
        *,
        session: SessionService,
        session_store: SessionStore,
        status_store: StatusStore,
        presence_store: PresenceStore,
        connection_store: ConnectionStore,
        paths: SettingsPaths,
        desk: CallDesk | None = None,
        auto_break: AutoBreakService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        """Calls, missed calls, indicators, the softphone; may come after the first window (attach_desk)."""
        self.auto_break = auto_break
        """Set by the composition root after the first window; the away watchers report to it."""
        self.tray: TrayController | None = None
        self.idle_watcher: IdleWatcher | None = None
        self.lock_watcher: ScreenLockWatcher | None = None
        self._session = session
        self._session_store = session_store
        self._status_store = status_store
        self._presence_store = presence_store
        self._connection_store = connection_store
        self._paths = paths
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None
        self._restoring = False
        self._scripted: ScriptedLogin | None = None
        session.logged_in.connect(self._on_session_logged_in)
        session.login_failed.connect(self._on_session_login_failed)
        session.logged_out.connect(self._on_session_logged_out)

    def show_first(self, *, scripted: ScriptedLogin | None = None, server: str = "") -> None:
        """Put up the first window without touching the network (startup time is measured to here).

        With a remembered login (MW-11) that is the main window, which restores the session behind
        it once :meth:`begin` runs; otherwise the login window, showing ``server`` (the address given on
        the command line) in place of the last one used.
        """
        self._scripted = scripted
        if scripted is not None:
            dialog = self._show_login(
                server=scripted.server,
                login=scripted.login,
                status=scripted.status,
                remember=scripted.remember,
            )
            dialog.password_edit.setText(scripted.password)
            return
        remembered = self._session.remembered_account()
        if remembered is not None:
            self._restoring = True
            self._connection_store.set(ConnectionSnapshot(ConnectionState.CONNECTING))
            self._show_main(*remembered)
            return
        self._show_login(server=server)

    def begin(self) -> None:
        """Start the network part of the first window (needs the asyncio loop running)."""
        self._build_tray()
        if self._scripted is not None and self.login_dialog is not None:
            self.login_dialog.submit()
        elif self._restoring and not self._session.start_auto_login():
            # Remembered, but the keyring has no token (it was cleared, or there is no keyring now).
            self._restoring = False
            self._close_main()
            self._connection_store.set(ConnectionSnapshot())
            self._show_login()

    def start(self, *, scripted: ScriptedLogin | None = None, server: str = "") -> None:
        self.show_first(scripted=scripted, server=server)
        self.begin()

    # -- windows ---------------------------------------------------------------------------------------

    def _show_login(
        self, *, server: str = "", login: str = "", status: str | None = None, remember: bool | None = None
    ) -> LoginDialog:
        from ui.login_dialog import LoginDialog  # not needed at all when a remembered session starts

        settings = self._session.app_settings()
        server = server or settings.last_server
        login = login or settings.last_login
        account = self._paths.account_file(server, login).load() if server and login else None
        if status is None:
            status = account.login_status if account is not None else KEEP
        dialog = LoginDialog(
            session=self._session,
            server=server,
            login=login,
            status=status,
            remember=settings.remember if remember is None else remember,
            custom_statuses=[(s.key, s.name, s.color) for s in account.custom_statuses] if account else (),
        )
        dialog.rejected.connect(self._on_login_dialog_rejected)
        self.login_dialog = dialog
        dialog.show()
        return dialog

    def _show_main(self, server: str, login: str) -> MainWindow:
        if self.main_window is None:
            saved = self._paths.peek_account_settings(server, login)
            shortcuts = saved.get("shortcuts")
            window = MainWindow(
                session=self._session,
                session_store=self._session_store,
                status_store=self._status_store,
                presence_store=self._presence_store,
                connection_store=self._connection_store,
                desk=self.desk,
                shortcuts={str(k): str(v) for k, v in shortcuts.items()}
                if isinstance(shortcuts, dict)
                else None,
            )
            geometry = saved.get("window_geometry")
            if isinstance(geometry, str) and geometry:
                window.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            layout = saved.get("panel_layout")
            if isinstance(layout, str) and layout:
                window.restore_panel_layout(QByteArray(base64.b64decode(layout)))
            kpi_order = saved.get("kpi_order")
            if isinstance(kpi_order, list):
                window.kpi_order = [str(key) for key in kpi_order]
            place = saved.get("call_widget_position")
            if isinstance(place, list) and len(place) == 2 and all(isinstance(v, int) for v in place):
                window.place_call_widget(QPoint(place[0], place[1]))
            window.hide_on_close = (
                bool(saved.get("close_to_tray", True)) and self.tray is not None and self.tray.available
            )
            # TP-40, read as plain data: validating the app settings would import pydantic before the
            # first frame (bench/startup.py). Everything is shown by default, so with nothing hidden
            # there is nothing to apply; saving a choice later applies it to this window then.
            hidden = self._paths.peek_app_settings().get("hidden_sections")
            if isinstance(hidden, list) and hidden:
                from ui.settings.visibility_tab import apply_section_visibility

                apply_section_visibility(window, [str(k) for k in hidden])
            window.closed.connect(self._on_main_window_closed)
            window.call_widget_moved.connect(self._on_main_window_call_widget_moved)
            window.shortcuts_changed.connect(self._on_main_window_shortcuts_changed)
            self.main_window = window
            if self.tray is not None:
                self.tray.attach_window(window)
        self.main_window.show()
        return self.main_window

    def attach_desk(self, desk: CallDesk) -> None:
        self.desk = desk
        if self.main_window is not None:
            self.main_window.attach_desk(desk)

    def _build_tray(self) -> None:
        if self.tray is not None:
            return
        from ui.tray import TrayController

        if self.desk is None:
            from ui.desk import CallDesk

            self.attach_desk(CallDesk.detached())
        assert self.desk is not None

        tray = TrayController(
            status=self._status_store,
            missed=self.desk.missed,
            calls=self.desk.calls,
            session=self._session,
            window=self.main_window,
        )
        tray.show_requested.connect(self._on_tray_show_requested)
        tray.hide_requested.connect(self._on_tray_hide_requested)
        tray.quit_requested.connect(self._on_tray_quit_requested)
        tray.notifications_allowed = lambda: self._account_flag("notifications", default=True)
        tray.show()
        self.tray = tray
        if self.main_window is not None:
            self.main_window.hide_on_close = tray.available and self._account_flag(
                "close_to_tray", default=True
            )

    def _account_flag(self, name: str, *, default: bool) -> bool:
        snapshot = self._session_store.snapshot
        if not (snapshot.server and snapshot.login):
            return default
        return bool(self._paths.peek_account_settings(snapshot.server, snapshot.login).get(name, default))

    def _start_away_watchers(self) -> None:
        if self.auto_break is None:
            return
        from ui.away_watch import IdleWatcher, ScreenLockWatcher

        snapshot = self._session_store.snapshot
        saved = self._paths.peek_account_settings(snapshot.server, snapshot.login)
        minutes = saved.get("idle_break_minutes", 0)
        minutes = minutes if isinstance(minutes, int) else 0
        if self.idle_watcher is None:
            self.idle_watcher = IdleWatcher(service=self.auto_break, minutes=minutes, parent=self)
        else:
            self.idle_watcher.set_minutes(minutes)
        if self.lock_watcher is None and bool(saved.get("break_on_screen_lock", True)):
            self.lock_watcher = ScreenLockWatcher(service=self.auto_break, parent=self)

    def _close_main(self) -> None:
        window, self.main_window = self.main_window, None
        if window is not None:
            window.closed.disconnect(self._on_main_window_closed)
            self._save_geometry(window)
            window.hide_on_close = False
            window.close()
            window.deleteLater()

    def _save_geometry(self, window: MainWindow) -> None:
        snapshot = self._session_store.snapshot
        if not (snapshot.server and snapshot.login):
            return
        file = self._paths.account_file(snapshot.server, snapshot.login)
        settings = file.load()
        settings.window_geometry = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
        settings.panel_layout = base64.b64encode(bytes(window.saveState().data())).decode("ascii")
        settings.kpi_order = list(window.kpi_order)
        place = window.call_window_position()
        if place is not None:
            settings.call_widget_position = [place.x(), place.y()]
        if snapshot.me is not None:
            settings.full_name = snapshot.me.full_name
        try:
            file.save(settings)
        except SettingsFileError:
            log.warning("settings.write_failed", exc_info=True)

    # -- slots -----------------------------------------------------------------------------------------

    def _on_session_logged_in(self, _me: object) -> None:
        self._restoring = False
        dialog, self.login_dialog = self.login_dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self._on_login_dialog_rejected)
            dialog.deleteLater()
        snapshot = self._session_store.snapshot
        self._show_main(snapshot.server, snapshot.login)
        self._start_away_watchers()
        # Once signed in, what was built so far lives as long as the app (see freeze_heap).
        QTimer.singleShot(FREEZE_AFTER_MS, freeze_heap)

    def _on_session_login_failed(self, error: ClientError) -> None:
        if not self._restoring:
            return  # the login dialog shows it
        self._restoring = False
        settings = self._session.app_settings()
        self._close_main()
        dialog = self._show_login()
        dialog.show_error(error_message(error, server=settings.last_server))

    def _on_session_logged_out(self, reason: str) -> None:
        self._close_main()
        dialog = self._show_login(remember=False if reason == "user" else None)
        if reason != "user":
            dialog.show_error(self.tr("The server ended your session. Please sign in again."))

    def _on_login_dialog_rejected(self) -> None:
        self.login_dialog = None
        self.finished.emit()

    def _on_main_window_call_widget_moved(self, _point: QPoint) -> None:
        window = self.main_window
        if window is not None:
            self._save_geometry(window)

    def _on_main_window_shortcuts_changed(self, overrides: dict[str, str]) -> None:
        snapshot = self._session_store.snapshot
        if not (snapshot.server and snapshot.login):
            return
        file = self._paths.account_file(snapshot.server, snapshot.login)
        settings = file.load()
        settings.shortcuts = dict(overrides)
        try:
            file.save(settings)
        except SettingsFileError:
            log.warning("settings.write_failed", exc_info=True)

    def _on_tray_show_requested(self) -> None:
        window = self.main_window
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
        elif self.login_dialog is not None:
            self.login_dialog.show()
        if self.tray is not None:
            self.tray.rebuild()

    def _on_tray_hide_requested(self) -> None:
        if self.main_window is not None:
            self.main_window.hide()
        if self.tray is not None:
            self.tray.rebuild()

    def _on_tray_quit_requested(self) -> None:
        window = self.main_window
        if window is not None:
            self._save_geometry(window)
        if self.tray is not None:
            self.tray.hide()
        self.finished.emit()

    def _on_main_window_closed(self) -> None:
        window = self.main_window
        if window is not None:
            self._save_geometry(window)
        self.finished.emit()
