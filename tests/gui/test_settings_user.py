"""«Пользовательские» switches that act elsewhere: desktop notices gated by the account's switch."""

from __future__ import annotations

from pathlib import Path

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


def test_incoming_call_notices_follow_the_accounts_notification_switch(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
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
    server = "http://h:1"
    file = paths.account_file(server, ME.login)
    file.save(file.load().model_copy(update={"notifications": False}))
    shell.begin()  # builds the tray
    store.set(SessionSnapshot(server=server, login=ME.login, me=ME))
    session.logged_in.emit(ME)
    window, tray = shell.main_window, shell.tray
    assert window is not None
    assert tray is not None
    qtbot.addWidget(window)
    window.hide()

    phone.engine.simulate_incoming("sip:74950000001@pbx.test").result(2)
    qtbot.waitUntil(lambda: bool(phone.calls.snapshot.offered))
    assert tray.notifications == []  # switched off in «Пользовательские»
    phone.bridge.reject("sip:1")
    qtbot.waitUntil(lambda: not phone.calls.snapshot.offered)

    file.save(file.load().model_copy(update={"notifications": True}))  # the dialog's «Сохранить»
    phone.engine.simulate_incoming("sip:74950000002@pbx.test").result(2)
    qtbot.waitUntil(lambda: bool(tray.notifications))
    assert tray.notifications == [("Incoming call", "74950000002")]
