"""Which window is up: login window, or the main window restoring a remembered session (MW-11, §3.2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.errors import ServerUnreachableError, UnauthenticatedError
from app.settings.paths import SettingsPaths
from app.state.connection import ConnectionState, ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.test_main_window import ME
from ui.shell import ScriptedLogin, ShellController


class Shell:
    def __init__(self, qtbot: QtBot, session: FakeSession, tmp_path: Path) -> None:
        self.session_store = SessionStore()
        self.connection_store = ConnectionStore()
        self.controller = ShellController(
            session=session,  # type: ignore[arg-type]
            session_store=self.session_store,
            status_store=StatusStore(),
            presence_store=PresenceStore(),
            connection_store=self.connection_store,
            paths=SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s"),
        )
        self.qtbot = qtbot

    def windows(self) -> tuple[bool, bool]:
        dialog, window = self.controller.login_dialog, self.controller.main_window
        return (dialog is not None and dialog.isVisible(), window is not None and window.isVisible())

    def close(self) -> None:
        for widget in (self.controller.login_dialog, self.controller.main_window):
            if widget is not None:
                self.qtbot.addWidget(widget)


def test_without_a_remembered_login_the_login_window_comes_first(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("ru")
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start()
    assert shell.windows() == (True, False)
    assert fake_session.auto_logins == 0  # nothing remembered: no restore attempt
    shell.close()


def test_a_server_given_on_the_command_line_replaces_the_last_one_in_the_login_window(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("ru")
    fake_session.settings = fake_session.settings.model_copy(update={"last_server": "http://old:1"})
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start(server="http://127.0.0.1:8765")
    assert shell.controller.login_dialog is not None
    assert shell.controller.login_dialog.server_edit.text() == "http://127.0.0.1:8765"
    shell.close()


def test_without_a_server_on_the_command_line_the_login_window_offers_the_last_one(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("ru")
    fake_session.settings = fake_session.settings.model_copy(update={"last_server": "http://old:1"})
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start()
    assert shell.controller.login_dialog is not None
    assert shell.controller.login_dialog.server_edit.text() == "http://old:1"
    shell.close()


def test_a_remembered_login_opens_the_main_window_at_once_and_restores_behind_it(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("ru")
    fake_session.remembered = ("http://h:1", ME.login)
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.show_first()
    assert shell.windows() == (False, True)
    assert fake_session.auto_logins == 0  # nothing touches the network before begin()
    assert shell.connection_store.snapshot.state is ConnectionState.CONNECTING
    shell.controller.begin()
    assert fake_session.auto_logins == 1
    shell.session_store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    fake_session.logged_in.emit(ME)
    assert shell.windows() == (False, True)
    shell.close()


def test_a_failed_restore_brings_the_login_window_with_the_reason(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("ru")
    fake_session.remembered = ("http://h:1", ME.login)
    fake_session.settings.last_server = "http://h:1"
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start()
    fake_session.login_failed.emit(UnauthenticatedError("expired"))
    assert shell.windows() == (True, False)
    assert shell.controller.login_dialog is not None
    assert shell.controller.login_dialog.error_text() == "Ваш сеанс завершён. Войдите снова."
    shell.close()


def test_logging_out_returns_to_the_login_window(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("en")
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start(scripted=ScriptedLogin(server="http://h:1", login=ME.login, password="pw"))
    assert fake_session.logins[0]["password"] == "pw"
    shell.session_store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    fake_session.logged_in.emit(ME)
    assert shell.windows() == (False, True)
    fake_session.logged_out.emit("expired")
    assert shell.windows() == (True, False)
    assert shell.controller.login_dialog is not None
    assert (
        shell.controller.login_dialog.error_text() == "The server ended your session. Please sign in again."
    )
    shell.close()


def test_unreachable_server_during_a_scripted_login_stays_in_the_login_window(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, tmp_path: Path
) -> None:
    use_language("en")
    shell = Shell(qtbot, fake_session, tmp_path)
    shell.controller.start(scripted=ScriptedLogin(server="http://127.0.0.1:9", login="u", password="pw"))
    fake_session.login_failed.emit(ServerUnreachableError("refused"))
    assert shell.windows() == (True, False)
    assert shell.controller.login_dialog is not None
    assert "Cannot reach the server http://127.0.0.1:9" in shell.controller.login_dialog.error_text()
    shell.close()
