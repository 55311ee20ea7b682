"""The main window: top bar, the colleagues section with live statuses, the logout action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from app.protocol.auth import Me
from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusSnapshot, StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.test_status_control import definitions
from ui.colleagues_panel import STATUS
from ui.main_window import MainWindow

ME = Me(
    employee_id=6,
    tenant_id=1,
    product_number="300000001",
    company_name="Демо-компания",
    login="300000001/supervisor",
    full_name="Соколов Андрей Павлович",
    extension="110",
    email=None,
    mobile=None,
    position="",
    department="",
    role="Руководитель группы",
    permissions=[],
    groups=[],
    status="online",
    statuses=list(definitions()),
)


def make_window(qtbot: QtBot, session: FakeSession) -> tuple[MainWindow, PresenceStore, ConnectionStore]:
    session_store = SessionStore()
    session_store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    status_store = StatusStore()
    status_store.set(StatusSnapshot(current="online", definitions=definitions()))
    presence = PresenceStore()
    presence.set(
        PresenceSnapshot(
            colleagues=(
                ColleagueSnapshot(
                    1, "Иванова Анна Сергеевна", "online", extension="101", groups=("Продажи",)
                ),
                ColleagueSnapshot(
                    3,
                    "Смирнова Екатерина Игоревна",
                    "offline",
                    extension="103",
                    groups=("Продажи", "Поддержка"),
                ),
            ),
            loaded=True,
        )
    )
    connection = ConnectionStore()
    window = MainWindow(
        session=session,  # type: ignore[arg-type]
        session_store=session_store,
        status_store=status_store,
        presence_store=presence,
        connection_store=connection,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, presence, connection


def test_top_bar_shows_company_status_and_connection(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    window, _presence, connection = make_window(qtbot, fake_session)
    assert window.company_name.text() == "Демо-компания"
    assert window.status_control.text() == "На линии"
    assert window.colleagues_button.text() == "Сотрудники онлайн"
    assert window.colleagues_button.isChecked()
    connection.set(ConnectionSnapshot(ConnectionState.RECONNECTING))
    assert window.connection_indicator.label.text() == "Переподключение…"


def test_colleagues_are_grouped_and_a_pushed_break_shows_at_once(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    window, presence, _connection = make_window(qtbot, fake_session)
    panel = window.colleagues_panel
    groups = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert groups == ["Поддержка", "Продажи"]
    assert len(panel.items_for(3)) == 2  # in both groups
    assert panel.summary.text() == "в сети 1 из 2"
    with qtbot.waitSignal(presence.colleague_changed, timeout=1000):
        presence.set_status(1, "break", datetime.now(UTC))
    [row] = panel.items_for(1)
    assert row.text(STATUS) == "Перерыв"


def test_logout_from_the_avatar_menu(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    window, _presence, _connection = make_window(qtbot, fake_session)
    assert window.logout_action.text() == "Выйти"
    assert window.profile_action.text() == "Соколов Андрей Павлович · 300000001/supervisor"
    window.logout_action.trigger()
    assert fake_session.logouts == 1
