"""The avatar menu's «Настройки» opens one settings dialog for the signed-in account."""

from __future__ import annotations

from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.settings.paths import SettingsPaths
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.test_main_window import ME, make_window
from ui.settings.opener import SettingsOpener


class SignedOutSession(FakeSession):
    """The session's ``api`` and ``spawn`` as they are before the first answer: no client yet."""

    api = None

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        coro.close()


def test_the_avatar_menu_entry_opens_the_dialog_once(qtbot: QtBot, tmp_path: Path) -> None:
    session = SignedOutSession()
    window, _, _ = make_window(qtbot, session)
    store = SessionStore()
    store.set(SessionSnapshot(server="http://pult.test", login=ME.login, me=ME))
    opener = SettingsOpener(
        session=session,  # type: ignore[arg-type]
        session_store=store,
        status_store=StatusStore(),
        paths=SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state"),
        api_factory=lambda server: None,
    )
    window.settings_requested.connect(lambda: opener.open(window))
    assert window.settings_action in window.avatar_menu.actions()
    window.settings_action.trigger()
    dialog = opener.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert "user" in dialog.tabs
    window.settings_action.trigger()
    assert opener.dialog is dialog
    dialog.close()
