"""The missed-calls popup (MW-26..30): sections with counts, call back and cancel from a row."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from app.protocol.calls import MissedCallInfo, MissedGroup, MissedList
from app.services.call_center import CallCenterActions
from app.state.calls import MissedEntry, MissedSection, MissedSnapshot
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_panels import make_window

NOW = datetime.now(UTC)


def entry(missed_id: int, caller: str, kind: str = "group", group_id: int | None = 1) -> MissedEntry:
    return MissedEntry(
        id=missed_id,
        call_id=100 + missed_id,
        kind=kind,
        caller=caller,
        arrived_at=NOW - timedelta(minutes=missed_id),
        group_id=group_id,
    )


SNAPSHOT = MissedSnapshot(
    total=4,
    last_7_days=4,
    personal=(entry(1, "79160000001", "personal", None),),
    sections=(
        MissedSection(group_id=None, name="", count=1, entries=(entry(2, "Номер скрыт", "ivr", None),)),
        MissedSection(
            group_id=1,
            name="Продажи",
            count=2,
            entries=(entry(3, "79160000003"), entry(4, "79160000004")),
        ),
    ),
)


def test_the_popup_lists_personal_then_ivr_then_groups_with_their_counts(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    window = make_window(qtbot, fake_session, phone)
    phone.desk.missed.set(SNAPSHOT)
    window.missed_button.click()
    popup = window.missed_popup
    qtbot.waitUntil(popup.isVisible)
    assert list(popup.sections) == ["personal", "ivr", "group:1"]
    assert popup.section_title("group:1") == "Продажи · 2"
    assert popup.section_title("ivr") == "Голосовое меню · 1"
    assert popup.week_label.text() == "За 7 дней: 4"
    assert popup.rows[3].text(0) == "79160000003"
    call_back, cancel = popup.buttons(2)
    assert not call_back.isEnabled()  # a hidden number cannot be called back
    assert cancel.isEnabled()
    assert popup.buttons(3)[0].text() == "Позвонить"


def test_call_back_dials_the_caller_from_the_telephony_panel(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    window = make_window(qtbot, fake_session, phone)
    phone.desk.missed.set(SNAPSHOT)
    window.show_missed_calls()
    popup = window.missed_popup
    popup.buttons(4)[0].click()
    assert not popup.isVisible()
    qtbot.waitUntil(lambda: 1 in phone.engine.calls)
    assert phone.engine.calls[1].remote_uri == "sip:79160000004@pbx.test"
    qtbot.waitUntil(lambda: phone.calls.snapshot.get("sip:1") is not None)


def test_cancel_asks_the_server_and_a_resolved_call_leaves_the_list(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    cancelled: list[int] = []

    class Api:
        async def cancel_missed(self, missed_id: int) -> None:
            cancelled.append(missed_id)

    actions = CallCenterActions(missed=phone.desk.missed)
    actions.bind(api=lambda: Api(), spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    window = make_window(qtbot, fake_session, phone)
    phone.desk.missed.set(SNAPSHOT)
    window.show_missed_calls()
    popup = window.missed_popup
    popup.buttons(3)[1].click()
    assert cancelled == [3]
    # The server resolved it (missed.changed → refetch): the row and its count go at once.
    sales = SNAPSHOT.sections[1]
    phone.desk.missed.set(
        MissedSnapshot(
            total=3,
            last_7_days=3,
            personal=SNAPSHOT.personal,
            sections=(SNAPSHOT.sections[0], MissedSection(1, "Продажи", 1, sales.entries[1:])),
        )
    )
    assert 3 not in popup.rows
    assert popup.section_title("group:1") == "Продажи · 1"
    phone.desk.missed.set(MissedSnapshot())
    assert popup.sections == {}
    assert not popup.empty_label.isHidden()


def test_the_missed_list_from_the_server_is_named_by_group(phone: Phone) -> None:
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    class Api:
        async def missed(self) -> MissedList:
            item = MissedCallInfo(
                id=7, call_id=70, kind="group", caller="79160000007", arrived_at=at, group_id=3
            )
            return MissedList(
                personal=[], groups=[MissedGroup(group_id=3, count=1, items=[item])], total=1, last_7_days=1
            )

        async def groups(self) -> object:
            from app.protocol.admin import GroupInfo, GroupList

            return GroupList(items=[GroupInfo(id=3, name="Поддержка")])

    actions = CallCenterActions(missed=phone.desk.missed)
    actions.bind(api=lambda: Api(), spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    actions.refresh_missed()
    snapshot = phone.desk.missed.snapshot
    assert snapshot.total == 1
    assert snapshot.sections == (
        MissedSection(
            group_id=3,
            name="Поддержка",
            count=1,
            entries=(MissedEntry(7, 70, "group", "79160000007", at, None, 3),),
        ),
    )
