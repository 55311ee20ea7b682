"""Which window is up: the login dialog, or the main window of a session (spec §3.2, the login sequence).

A remembered session (MW-11) opens the main window at once and restores the session behind it; if
that fails the login window comes back with the reason. Logging out, or the server ending the session,
also brings back the login window.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Signal

from app.services.errors import ClientError
from app.settings.files import SettingsFileError
from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionStore
from app.state.status import KEEP, StatusStore
from ui.main_window import MainWindow
from ui.texts import error_message

if TYPE_CHECKING:
    from app.services.session import SessionService
    from app.settings.paths import SettingsPaths
    from ui.login_dialog import LoginDialog

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScriptedLogin:
    """Credentials given on the command line (e2e tests, kiosk set-ups): log in without asking."""

    server: str
    login: str
    password: str
    status: str = KEEP
    remember: bool = False


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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
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

    def show_first(self, *, scripted: ScriptedLogin | None = None) -> None:
        """Put up the first window without touching the network (startup time is measured to here).

        With a remembered login (MW-11) that is the main window, which restores the session behind
        it once :meth:`begin` runs; otherwise the login window.
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
        self._show_login()

    def begin(self) -> None:
        """Start the network part of the first window (needs the asyncio loop running)."""
        if self._scripted is not None and self.login_dialog is not None:
            self.login_dialog.submit()
        elif self._restoring and not self._session.start_auto_login():
            # Remembered, but the keyring has no token (it was cleared, or there is no keyring now).
            self._restoring = False
            self._close_main()
            self._connection_store.set(ConnectionSnapshot())
            self._show_login()

    def start(self, *, scripted: ScriptedLogin | None = None) -> None:
        self.show_first(scripted=scripted)
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
            window = MainWindow(
                session=self._session,
                session_store=self._session_store,
                status_store=self._status_store,
                presence_store=self._presence_store,
                connection_store=self._connection_store,
            )
            geometry = self._paths.peek_account_settings(server, login).get("window_geometry")
            if isinstance(geometry, str) and geometry:
                window.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            window.closed.connect(self._on_main_window_closed)
            self.main_window = window
        self.main_window.show()
        return self.main_window

    def _close_main(self) -> None:
        window, self.main_window = self.main_window, None
        if window is not None:
            window.closed.disconnect(self._on_main_window_closed)
            self._save_geometry(window)
            window.close()
            window.deleteLater()

    def _save_geometry(self, window: MainWindow) -> None:
        snapshot = self._session_store.snapshot
        if not (snapshot.server and snapshot.login):
            return
        file = self._paths.account_file(snapshot.server, snapshot.login)
        settings = file.load()
        settings.window_geometry = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
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

    def _on_main_window_closed(self) -> None:
        window = self.main_window
        if window is not None:
            self._save_geometry(window)
        self.finished.emit()
