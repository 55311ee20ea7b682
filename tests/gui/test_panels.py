"""Top-bar panel buttons, docking and floating panels, the layout kept per account, help and shortcuts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.settings.paths import SettingsPaths
from app.state.calls import MissedSnapshot
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.queue import QueueEntry, QueueSnapshot
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusSnapshot, StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import ME
from tests.gui.test_status_control import definitions
from ui.main_window import MainWindow
from ui.panels import QueuePanel
from ui.shell import ShellController
from ui.shortcuts import DEFAULTS, resolve


def make_window(qtbot: QtBot, session: FakeSession, phone: Phone, **kw: object) -> MainWindow:
    session_store = SessionStore()
    session_store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    status = StatusStore()
    status.set(StatusSnapshot(current="online", definitions=definitions()))
    window = MainWindow(
        session=session,  # type: ignore[arg-type]
        session_store=session_store,
        status_store=status,
        presence_store=PresenceStore(),
        connection_store=ConnectionStore(),
        desk=phone.desk,
        **kw,  # type: ignore[arg-type]
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_top_bar_buttons_open_and_close_their_panels(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    phone: Phone,
) -> None:
    use_language("ru")
    window = make_window(qtbot, fake_session, phone)
    qtbot.waitUntil(lambda: window.panel_dock("queue") is not None)
    for name, button in window.panel_buttons.items():
        dock = window.panel_dock(name)
        assert dock.isHidden()
        assert not button.isChecked()
        button.click()
        assert not dock.isHidden()
        assert button.isChecked()
    assert window.panel_dock("telephony").windowTitle() == "Телефония"
    assert window.panel_dock("queue").windowTitle() == "Очередь обращений"
    window.panel_dock("kpi").close()  # the panel's own close button hides it
    assert not window.kpi_button.isChecked()


def test_a_floating_panel_stays_on_top(qtbot: QtBot, fake_session: FakeSession, phone: Phone) -> None:
    window = make_window(qtbot, fake_session, phone)
    window.float_panel("kpi")
    dock = window.panel_dock("kpi")
    assert dock.isFloating()
    assert dock.always_on_top
    window.float_panel("kpi", False)
    assert not dock.isFloating()


def test_missed_calls_badge_follows_the_store(qtbot: QtBot, fake_session: FakeSession, phone: Phone) -> None:
    window = make_window(qtbot, fake_session, phone)
    assert window.missed_button.badge_text() == ""
    phone.desk.missed.set(MissedSnapshot(total=3, last_7_days=2))
    assert window.missed_button.badge_text() == "3"
    assert "3" in window.missed_button.toolTip()
    phone.desk.missed.set(MissedSnapshot(total=120, last_7_days=2))
    assert window.missed_button.badge_text() == "99+"


def test_help_lists_the_shortcuts_in_the_users_language(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    phone: Phone,
) -> None:
    use_language("ru")
    window = make_window(qtbot, fake_session, phone, shortcuts={"answer": "F5"})
    window.help_action.trigger()  # «?» opens the help menu (TP-04); its first item is this page
    rows = dict(window.help_dialog.rows())
    assert rows["Ответить на входящий вызов"] == "F5"
    assert len(rows) == len(DEFAULTS)
    assert "Ctrl+L" in window.telephony_button.toolTip()
    window.help_dialog.close()


def test_a_remapped_shortcut_answers_the_ringing_call(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    window = make_window(qtbot, fake_session, phone, shortcuts={"answer": "F5", "reject": "nonsense+++"})
    assert window.shortcut_actions["answer"].shortcut() == QKeySequence("F5")
    assert window.shortcut_actions["reject"].shortcut() == QKeySequence(DEFAULTS["reject"])
    phone.engine.simulate_incoming("sip:7@pbx.test").result(2)
    qtbot.waitUntil(lambda: bool(phone.calls.snapshot.offered))
    window.shortcut_actions["answer"].trigger()
    qtbot.waitUntil(lambda: phone.calls.snapshot.active is not None)
    window.run_shortcut("hold")
    qtbot.waitUntil(lambda: bool(phone.calls.snapshot.held))
    window.run_shortcut("focus_number")
    assert not window.panel_dock("telephony").isHidden()
    assert QApplication.focusWidget() in (window.telephony_panel.number_edit, None)


def test_shortcuts_can_be_turned_off() -> None:
    assert resolve({"mute": ""})["mute"].isEmpty()
    assert resolve({})["hangup"] == QKeySequence("Ctrl+Shift+E")


def test_the_panel_layout_and_call_widget_place_are_kept_per_account(
    qtbot: QtBot,
    fake_session: FakeSession,
    tmp_path: Path,
    phone: Phone,
) -> None:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")

    def open_shell() -> ShellController:
        store = SessionStore()
        session = FakeSession()  # one per run: a second shell must not hear the first one's session
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

    shell = open_shell()
    window = shell.main_window
    assert window is not None
    window.set_panel_visible("telephony", True)
    window.set_panel_visible("queue", False)
    window.float_panel("kpi")
    from PySide6.QtCore import QPoint

    window.call_window.position_changed.emit(QPoint(420, 260))
    shell._session.logged_out.emit("user")
    saved = json.loads(paths.account_file("http://h:1", ME.login).path.read_text())
    assert saved["panel_layout"]
    assert saved["call_widget_position"] == [420, 260]
    if shell.login_dialog is not None:
        qtbot.addWidget(shell.login_dialog)

    shell = open_shell()
    again = shell.main_window
    assert again is not None
    again.build_panels()
    assert not again.panel_dock("telephony").isHidden()
    assert again.telephony_button.isChecked()
    assert again.panel_dock("queue").isHidden()
    assert again.panel_dock("kpi").isFloating()
    assert again.call_window_position() == QPoint(420, 260)
    assert again.windowFlags() & Qt.WindowType.Window


def test_the_queue_panel_lists_waiting_calls_longest_first_and_counts_them(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, phone: Phone
) -> None:
    use_language("ru")
    window = make_window(qtbot, fake_session, phone)
    panel = window.panel_dock("queue").widget()
    assert isinstance(panel, QueuePanel)
    assert panel.tabs.tabText(0) == "Вызовы (0)"
    assert not panel.empty_label.isHidden()
    now = datetime.now(UTC)
    phone.desk.queue.set(
        QueueSnapshot(
            calls=(
                QueueEntry(1, "74951112233", "Поддержка", now - timedelta(seconds=20)),
                QueueEntry(2, "Номер скрыт", "Продажи", now - timedelta(seconds=80), offered_to_me=True),
            ),
            loaded=True,
        )
    )
    assert panel.tabs.tabText(0) == "Вызовы (2)"
    assert panel.cell(0, 0) == "Номер скрыт"
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert panel.cell(0, 2) in ("01:20", "01:21")
    assert panel.cell(1, 0) == "74951112233"
    assert panel.empty_label.isHidden()
