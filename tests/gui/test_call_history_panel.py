"""«История вызовов»: a main-window section whose length follows «Количество выводимых вызовов»."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx
from pytestqt.qtbot import QtBot

from app.bootstrap import _add_history_section
from app.services.api import ApiClient
from app.services.call_history import CallHistoryService
from app.settings.paths import SettingsPaths
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import ME
from tests.unit.test_call_history import HistoryServer
from ui.call_history_panel import CallHistoryPanel
from ui.shell import ShellController


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


def test_the_history_section_shows_as_many_calls_as_the_user_setting_allows(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    file = paths.account_file("http://h:1", ME.login)
    file.save(file.load().model_copy(update={"history_size": 120}))
    server = HistoryServer(total=300)
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    history = CallHistoryService(api=lambda: api, spawn=run_now, limit=lambda: file.load().history_size)
    store, session = SessionStore(), FakeSession()
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
    window = shell.main_window
    assert window is not None
    qtbot.addWidget(window)
    _add_history_section(window, history)
    button = window.section_buttons.buttons()[-1]
    assert button.text() == "Call history"

    button.click()

    panel = window.sections.currentWidget()
    assert isinstance(panel, CallHistoryPanel)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 120)
    first = panel.tree.topLevelItem(0)
    assert first is not None
    assert (first.text(1), first.text(3), first.text(5)) == ("74950000001", "Answered", "1:00")
    assert panel.summary.text() == "The latest 120 calls (at most 120, see «User» settings)."

    file.save(file.load().model_copy(update={"history_size": 10}))  # «Сохранить» in «Пользовательские»
    panel.refresh_button.click()
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 10)
