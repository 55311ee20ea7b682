"""The tray's model (menu, icon, notices) offscreen, where the desktop has no tray; close-to-tray; away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.services.auto_break import AutoBreakService
from app.state.calls import MissedSnapshot
from app.state.status import StatusSnapshot, StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_status_control import definitions
from ui.away_watch import IdleWatcher, ScreenLockWatcher
from ui.tray import TrayController


def make_tray(
    qtbot: QtBot, session: FakeSession, phone: Phone
) -> tuple[TrayController, StatusStore, QWidget]:
    status = StatusStore()
    status.set(StatusSnapshot(current="online", definitions=definitions()))
    window = QWidget()
    qtbot.addWidget(window)
    tray = TrayController(
        status=status, missed=phone.desk.missed, calls=phone.calls, session=session, window=window
    )
    return tray, status, window


def test_without_a_desktop_tray_the_menu_is_still_built_from_the_stores(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, phone: Phone
) -> None:
    use_language("ru")
    tray, status, _window = make_tray(qtbot, fake_session, phone)
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen
    assert tray.icon is None
    assert not tray.available
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["На линии", "Перерыв"]
    assert texts[-6:] == [
        "Показать Pult",
        "Видимость разделов",
        "Отправить отчет об ошибке",
        "Написать в поддержку",
        "О программе",
        "Выход",
    ]
    assert tray.status_actions["online"].isChecked()
    tray.status_actions["break"].trigger()
    assert fake_session.status_changes == ["break"]
    status.set_current("break")
    assert tray.status_actions["break"].isChecked()


def test_the_icon_shows_status_colour_and_missed_count(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    tray, status, _window = make_tray(qtbot, fake_session, phone)
    plain = tray.icon_image().pixmap(32, 32).toImage()
    phone.desk.missed.set(MissedSnapshot(total=4, last_7_days=4))
    badged = tray.icon_image().pixmap(32, 32).toImage()
    assert plain != badged
    assert "4" in tray.tooltip()
    status.set_current("dnd")
    assert tray.icon_image().pixmap(32, 32).toImage() != badged


def test_show_hide_and_quit(qtbot: QtBot, fake_session: FakeSession, phone: Phone) -> None:
    tray, _status, window = make_tray(qtbot, fake_session, phone)
    with qtbot.waitSignal(tray.show_requested):
        tray.toggle_window_action.trigger()
    window.show()
    tray.rebuild()
    assert tray.toggle_window_action.text() == "Hide Pult"
    with qtbot.waitSignal(tray.hide_requested):
        tray.toggle_window_action.trigger()
    with qtbot.waitSignal(tray.quit_requested):
        tray.quit_action.trigger()


def test_an_offer_while_the_window_is_hidden_raises_a_notice(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    tray, _status, window = make_tray(qtbot, fake_session, phone)
    window.show()
    phone.engine.simulate_incoming("sip:74950000001@pbx.test").result(2)
    qtbot.waitUntil(lambda: bool(phone.calls.snapshot.offered))
    assert tray.notifications == []  # the window is up: the call widget is enough
    phone.bridge.reject("sip:1")
    qtbot.waitUntil(lambda: not phone.calls.snapshot.offered)
    window.hide()
    phone.engine.simulate_incoming("sip:74950000002@pbx.test").result(2)
    qtbot.waitUntil(lambda: bool(tray.notifications))
    assert tray.notifications == [("Incoming call", "74950000002")]


class Session:
    def __init__(self, status: StatusStore) -> None:
        self.status = status
        self.changes: list[str] = []

    def start_status_change(self, key: str) -> None:
        self.changes.append(key)
        self.status.set_current(key)


def _mouse_move() -> QMouseEvent:
    return QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(1, 1),
        QPointF(1, 1),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_idleness_sets_break_and_input_brings_the_status_back(qtbot: QtBot) -> None:
    """Input reaches the watcher through the top-level windows, as the windowing system delivers it:
    a window open when it starts, and one opened and focused later."""
    status = StatusStore()
    status.set(StatusSnapshot(current="online"))
    session = Session(status)
    first = QWidget()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    watcher = IdleWatcher(service=AutoBreakService(status=status, session=session), minutes=0)
    watcher.set_minutes(1, interval_ms=50)
    qtbot.waitUntil(lambda: session.changes == ["break"])
    assert watcher.idle
    QApplication.sendEvent(first.windowHandle(), _mouse_move())
    assert session.changes == ["break", "online"]

    later = QWidget()
    qtbot.addWidget(later)
    later.show()
    later.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is later.windowHandle())
    qtbot.waitUntil(lambda: session.changes == ["break", "online", "break"])
    QApplication.sendEvent(later.windowHandle(), _mouse_move())
    assert session.changes == ["break", "online", "break", "online"]
    watcher.set_minutes(0)


def test_a_screen_lock_report_reaches_the_service(qtbot: QtBot) -> None:
    status = StatusStore()
    status.set(StatusSnapshot(current="outbound"))
    session = Session(status)
    watcher = ScreenLockWatcher(service=AutoBreakService(status=status, session=session))
    watcher.report(True)
    watcher.report(False)
    assert session.changes == ["break", "outbound"]


def test_with_a_tray_the_close_button_hides_the_window_instead_of_quitting(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    from tests.gui.test_panels import make_window

    window = make_window(qtbot, fake_session, phone)
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    window.hide_on_close = True
    with qtbot.waitSignal(window.hidden_to_tray):
        window.close()
    assert not window.isVisible()
    assert closed == []
    window.show()
    window.hide_on_close = False
    window.close()
    assert closed == [True]
