"""The status control sends the user's choice and follows changes pushed by the server (MW-23)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from app.protocol.status import StatusColor, StatusDefinition
from app.state.status import StatusSnapshot, StatusStore
from tests.gui.conftest import FakeSession
from ui.status_control import StatusControl

BUILTIN = [
    ("online", "На линии", StatusColor.GREEN),
    ("break", "Перерыв", StatusColor.YELLOW),
    ("outbound", "Обзвон", StatusColor.BLUE),
    ("all_calls", "Все звонки", StatusColor.CYAN),
    ("dnd", "Не беспокоить", StatusColor.RED),
]


def definitions(*, custom: bool = False) -> tuple[StatusDefinition, ...]:
    items = [
        StatusDefinition(
            key=key,
            name=name,
            builtin=True,
            color=color,
            receives_group_calls=key in ("online", "all_calls"),
            receives_direct_calls=key != "dnd",
            receives_campaign_calls=key == "all_calls",
        )
        for key, name, color in BUILTIN
    ]
    items.append(
        StatusDefinition(
            key="offline",
            name="Не в сети",
            builtin=True,
            color=StatusColor.GREY,
            receives_group_calls=False,
            receives_direct_calls=False,
            receives_campaign_calls=False,
            selectable=False,
        )
    )
    if custom:
        items.append(
            StatusDefinition(
                key="custom-7",
                name="Обучение",
                builtin=False,
                color=StatusColor.PURPLE,
                receives_group_calls=False,
                receives_direct_calls=True,
                receives_campaign_calls=False,
            )
        )
    return tuple(items)


def make_control(qtbot: QtBot, session: FakeSession, store: StatusStore) -> StatusControl:
    control = StatusControl(store=store, session=session)  # type: ignore[arg-type]
    qtbot.addWidget(control)
    control.show()
    return control


def test_menu_lists_builtin_and_custom_statuses_in_russian(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    store = StatusStore()
    store.set(StatusSnapshot(current="online", definitions=definitions(custom=True)))
    control = make_control(qtbot, fake_session, store)
    texts = [a.text() for a in control.menu_.actions() if not a.isSeparator()]
    assert texts == ["На линии", "Перерыв", "Обзвон", "Все звонки", "Не беспокоить", "Обучение"]
    assert control.text() == "На линии"
    assert control.actions_by_key()["online"].isChecked()


def test_builtin_names_follow_the_client_language_not_the_server(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("en")
    store = StatusStore()
    store.set(StatusSnapshot(current="dnd", definitions=definitions(custom=True)))
    control = make_control(qtbot, fake_session, store)
    assert control.text() == "Do not disturb"
    assert control.actions_by_key()["custom-7"].text() == "Обучение"  # custom names are the tenant's


def test_choosing_a_status_sends_the_change(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    store = StatusStore()
    store.set(StatusSnapshot(current="online", definitions=definitions()))
    control = make_control(qtbot, fake_session, store)
    control.choose("break")
    assert fake_session.status_changes == ["break"]


def test_pending_change_shows_then_confirmation_settles(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    store = StatusStore()
    store.set(StatusSnapshot(current="online", definitions=definitions()))
    control = make_control(qtbot, fake_session, store)
    store.set_pending("break")
    assert control.text() == "Перерыв…"
    store.set_current("break", datetime.now(UTC))
    assert control.text() == "Перерыв"
    assert control.actions_by_key()["break"].isChecked()


def test_a_change_pushed_by_the_server_is_reflected(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    store = StatusStore()
    store.set(StatusSnapshot(current="online", definitions=definitions()))
    control = make_control(qtbot, fake_session, store)
    with qtbot.waitSignal(store.status_changed, timeout=1000):
        store.set_current("dnd", datetime.now(UTC))
    assert control.text() == "Не беспокоить"
    assert control.actions_by_key()["dnd"].isChecked()
    assert not control.actions_by_key()["online"].isChecked()
    assert fake_session.status_changes == []  # reflecting a push sends nothing back
