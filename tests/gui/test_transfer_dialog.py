"""The contact-center transfer picker and the consultation / conference / DTMF controls, through the real
widgets, the fake softphone and a recording API: what the operator clicks is what the server is asked."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.protocol.calls import CALL_THIRD_PARTY, ThirdPartyData, ThirdPartyMode, ThirdPartyState
from app.protocol.events import Event
from app.protocol.presence import Colleague, ColleagueList, PresenceGroup
from app.services.call_center import CallCenterActions, CallCenterSync
from app.state.calls import CallOrigin, CallPhase, CallSnapshot
from tests.gui.phone import Phone
from tests.gui.test_calls import FakeCallApi
from ui.call_widget import FloatingCallWindow
from ui.telephony_panel import TelephonyPanel
from ui.texts import status_name
from ui.transfer_dialog import TransferDialog

ME = 6


class FakeTransferApi(FakeCallApi):
    async def colleagues(self) -> ColleagueList:
        return ColleagueList(
            items=[
                Colleague(employee_id=8, full_name="Сидорова Мария", status="break", group_ids=[3]),
                Colleague(employee_id=7, full_name="Петров Дмитрий", status="online", group_ids=[3]),
                Colleague(employee_id=9, full_name="Андреев Олег", status="offline", group_ids=[3]),
            ],
            groups=[PresenceGroup(id=3, name="Продажи"), PresenceGroup(id=4, name="Поддержка")],
        )

    async def third_party(
        self, call_id: int, mode: str, *, employee_id: int | None, group_id: int | None, number: str | None
    ) -> None:
        self.requests.append((mode, (call_id, employee_id, group_id, number)))

    async def call_dtmf(self, call_id: int, digits: str) -> None:
        self.requests.append(("dtmf", (call_id, digits)))


def talking(phone: Phone) -> tuple[FakeTransferApi, CallCenterSync]:
    api = FakeTransferApi()
    actions = CallCenterActions(missed=phone.desk.missed, me=lambda: ME)
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    phone.bridge.call_center = actions
    phone.calls.upsert(
        CallSnapshot(
            key="cc:42",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.TALKING,
            incoming=True,
            remote="79161234567",
            connected_at=datetime.now(UTC),
            cc_call_id=42,
        )
    )
    return api, CallCenterSync(calls=phone.calls, actions=actions)


def third_party(sync: CallCenterSync, state: ThirdPartyState, mode: ThirdPartyMode, seq: int) -> None:
    data = ThirdPartyData(
        call_id=42, transfer_id=1, mode=mode, state=state, by_employee_id=ME, employee_id=7
    ).model_dump(mode="json")
    assert sync.apply(Event(seq=seq, type=CALL_THIRD_PARTY, at=datetime.now(UTC), data=data))


def picker_of(qtbot: QtBot, holder: TelephonyPanel | FloatingCallWindow) -> TransferDialog:
    qtbot.waitUntil(lambda: isinstance(holder.picker, TransferDialog) and holder.picker.isVisible())
    dialog = holder.picker
    assert isinstance(dialog, TransferDialog)
    return dialog


def texts(dialog: TransferDialog, listing: str) -> list[str]:
    widget = dialog.colleague_list if listing == "colleagues" else dialog.group_list
    return [widget.item(i).text() for i in range(widget.count())]


def test_the_picker_lists_colleagues_by_name_with_status_and_groups_with_free_of_total(
    qtbot: QtBot, phone: Phone
) -> None:
    talking(phone)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    panel.begin_transfer("cc:42")
    dialog = picker_of(qtbot, panel)
    qtbot.waitUntil(lambda: dialog.colleague_list.count() == 3)
    names = texts(dialog, "colleagues")
    assert [n.split(" — ")[0] for n in names] == ["Андреев Олег", "Петров Дмитрий", "Сидорова Мария"]
    assert names[1].endswith(status_name("online"))
    offline = dialog.colleague_list.item(0)
    assert not offline.flags() & Qt.ItemFlag.ItemIsEnabled  # an employee who is not signed in
    assert dialog.colleague_list.item(2).foreground().color().name() == "#d92d20"  # busy: red (TP-51)
    assert texts(dialog, "groups") == ["Поддержка  0/0", "Продажи  1/3"]
    assert not dialog.consult_button.isEnabled()  # nothing picked yet
    dialog.search_edit.setText("петр")
    assert texts(dialog, "colleagues") == [names[1]]


def test_consultation_from_the_picker_then_merge_from_the_widget(qtbot: QtBot, phone: Phone) -> None:
    api, sync = talking(phone)
    window = FloatingCallWindow(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(window)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    assert "transfer" in window.card.buttons
    panel.begin_transfer("cc:42")  # what the card's «Перевести» leads to (through the main window)
    dialog = picker_of(qtbot, panel)
    qtbot.waitUntil(lambda: dialog.colleague_list.count() == 3)
    dialog.colleague_list.setCurrentRow(1)
    assert dialog.consult_button.isEnabled()
    dialog.consult_button.click()
    assert api.requests == [("consult", (42, 7, None, None))]
    assert not dialog.isVisible()
    party = phone.calls.snapshot.get("cc:42:party")
    assert party is not None
    assert (party.phase, party.remote, party.consult_of) == (CallPhase.CONSULTING, "Петров Дмитрий", "cc:42")
    qtbot.waitUntil(lambda: window.call_key == "cc:42:party")
    assert {"merge", "join", "hangup"} <= set(window.card.buttons)
    assert "hold" not in window.card.buttons

    third_party(sync, ThirdPartyState.TALKING, ThirdPartyMode.CONSULT, 10)
    party = phone.calls.snapshot.get("cc:42:party")
    assert party is not None
    assert party.connected_at is not None
    row = panel._rows["cc:42:party"]
    assert row.merge_button.isVisibleTo(panel)  # «Объединить вызовы» on the telephony panel too (TP-51)
    assert not panel._rows["cc:42"].merge_button.isVisibleTo(panel)
    window.card.buttons["merge"].click()  # «Объединить вызовы»
    assert api.requests[-1] == ("merge", 42)
    row.merge_button.click()
    assert api.requests[-1] == ("merge", 42)
    third_party(sync, ThirdPartyState.MERGED, ThirdPartyMode.CONSULT, 11)
    assert phone.calls.snapshot.get("cc:42:party") is None


def test_a_consultation_is_cancelled_from_its_card_and_failures_remove_it(qtbot: QtBot, phone: Phone) -> None:
    api, sync = talking(phone)
    assert phone.bridge.start_consultation("cc:42", "sip:expert@example.org", label="sip:expert@example.org")
    assert api.requests == [("consult", (42, None, None, "sip:expert@example.org"))]
    phone.bridge.hangup("cc:42:party")  # the card's hang-up: back to the customer
    assert api.requests[-1] == ("third-party/cancel", 42)
    third_party(sync, ThirdPartyState.CANCELLED, ThirdPartyMode.CONSULT, 10)
    assert phone.calls.snapshot.get("cc:42:party") is None
    assert phone.bridge.start_consultation("cc:42", "group:3", label="Продажи")
    third_party(sync, ThirdPartyState.FAILED, ThirdPartyMode.CONSULT, 11)
    assert phone.calls.snapshot.get("cc:42:party") is None


def test_conference_button_picks_a_number_and_the_third_party_is_removed_from_the_panel(
    qtbot: QtBot, phone: Phone
) -> None:
    api, sync = talking(phone)
    window = FloatingCallWindow(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(window)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    window.card.buttons["conference"].click()  # «Конф.»
    dialog = picker_of(qtbot, window)
    assert dialog.conference_button.isVisible()
    assert not dialog.consult_button.isVisible()
    dialog.tabs.setCurrentIndex(2)
    dialog.number_edit.setText("sip:expert@example.org")
    dialog.conference_button.click()
    assert api.requests == [("conference", (42, None, None, "sip:expert@example.org"))]
    third_party(sync, ThirdPartyState.TALKING, ThirdPartyMode.CONFERENCE, 10)
    party = phone.calls.snapshot.get("cc:42:party")
    assert party is not None
    assert party.phase is CallPhase.CONFERENCE
    assert "conference" not in window.card.buttons  # one third party at a time
    row = panel._rows["cc:42:party"]
    row.hangup_button.click()  # «Х»
    assert api.requests[-1] == ("third-party/cancel", 42)


def test_blind_transfer_to_a_group_and_dtmf_from_the_keypad_go_to_the_server(
    qtbot: QtBot, phone: Phone
) -> None:
    api, _sync = talking(phone)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    panel.dial_pad.key_pressed.emit("5")
    assert api.requests == [("dtmf", (42, "5"))]
    panel.begin_transfer("cc:42")
    dialog = picker_of(qtbot, panel)
    qtbot.waitUntil(lambda: dialog.group_list.count() == 2)
    dialog.tabs.setCurrentIndex(1)
    dialog.group_list.setCurrentRow(1)
    dialog.blind_button.click()  # «Без консультации»
    assert api.requests[-1] == ("transfer", (42, None, 3, None))
    assert phone.engine.calls == {} or all(c.remote_uri != "sip:3" for c in phone.engine.calls.values())


def test_the_widgets_keys_button_opens_a_keypad_that_sends_dtmf_to_the_customer(
    qtbot: QtBot, phone: Phone
) -> None:
    api, _sync = talking(phone)
    window = FloatingCallWindow(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.call_key == "cc:42")
    assert not window.keypad.isVisible()
    window.card.buttons["keys"].click()  # «Клавиши»
    assert window.keypad.isVisible()
    window.keypad.press("9")
    window.keypad.press("#")
    assert api.requests == [("dtmf", (42, "9")), ("dtmf", (42, "#"))]
    window.card.buttons["keys"].click()
    assert not window.keypad.isVisible()
