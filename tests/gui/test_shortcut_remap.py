"""Remapping the call shortcuts on the help page: applied at once, conflicts refused, kept per account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.settings.paths import SettingsPaths
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import ME
from ui.shell import ShellController


def _shell(qtbot: QtBot, paths: SettingsPaths, phone: Phone) -> ShellController:
    store = SessionStore()
    session = FakeSession()
    shell = ShellController(
        session=session,  # type: ignore[arg-type]
        session_store=store,
        status_store=StatusStore(),
        presence_store=PresenceStore(),
        connection_store=ConnectionStore(),
        paths=paths,
        desk=phone.desk,
    )
    store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    session.logged_in.emit(ME)
    assert shell.main_window is not None
    qtbot.addWidget(shell.main_window)
    return shell


def test_a_shortcut_changed_on_the_help_page_works_at_once_and_next_time(
    qtbot: QtBot, tmp_path: Path, phone: Phone, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    shell = _shell(qtbot, paths, phone)  # kept: the shell is what saves the account settings
    window = shell.main_window
    assert window is not None
    window.show_help()
    dialog = window.help_dialog
    dialog.set_keys("answer", "F5")
    assert window.shortcut_actions["answer"].shortcut() == QKeySequence("F5")
    assert dict(dialog.rows())["Ответить на входящий вызов"] == "F5"
    # Keys another action has are refused with the reason; the field shows what it had.
    dialog.set_keys("hangup", "F5")
    assert "Ответить на входящий вызов" in dialog.error_label.text()
    assert dialog.edits["hangup"].keySequence() == QKeySequence("Ctrl+Shift+E")
    assert window.shortcut_actions["hangup"].shortcut() == QKeySequence("Ctrl+Shift+E")
    dialog.set_keys("mute", "")  # cleared: turned off
    assert window.shortcut_actions["mute"].shortcut().isEmpty()
    saved = paths.account_file("http://h:1", ME.login).load()
    assert saved.shortcuts == {"answer": "F5", "mute": ""}
    dialog.close()

    shell = _shell(qtbot, paths, phone)
    again = shell.main_window
    assert again is not None
    assert again.shortcut_actions["answer"].shortcut() == QKeySequence("F5")
    assert again.shortcut_actions["mute"].shortcut().isEmpty()
    again.show_help()
    again.help_dialog.restore_defaults()
    assert again.shortcut_actions["answer"].shortcut() == QKeySequence("Ctrl+Shift+A")
    assert paths.account_file("http://h:1", ME.login).load().shortcuts == {}
    again.help_dialog.close()
