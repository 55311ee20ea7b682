"""Calls through the real widgets and the fake softphone: the call widget, the telephony panel, the badge."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.protocol.calls import (
    OFFER_TOKEN_HEADER,
    MissedList,
    OfferAnswered,
    QueueCallInfo,
    TopicInfo,
    TopicList,
)
from app.protocol.calls import CallState as WireState
from app.protocol.calls import QueueSnapshot as WireQueue
from app.protocol.events import Event
from app.services.call_center import CallCenterActions, CallCenterSync
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, MissedSnapshot
from tests.gui.phone import Phone
from ui.call_widget import FloatingCallWindow
from ui.telephony_panel import TelephonyPanel


def widget(qtbot: QtBot, phone: Phone) -> FloatingCallWindow:
    window = FloatingCallWindow(
        calls=phone.calls, bridge=phone.bridge, shortcuts=lambda: {"answer": "Ctrl+Shift+A"}
    )
    qtbot.addWidget(window)
    return window


def phase_of(phone: Phone, key: str) -> CallPhase | None:
    call = phone.calls.snapshot.get(key)
    return None if call is None else call.phase


def test_an_incoming_call_is_answered_held_resumed_and_hung_up_from_the_widget(
    qtbot: QtBot,
    phone: Phone,
) -> None:
    window = widget(qtbot, phone)
    phone.engine.simulate_incoming("sip:74951234567@pbx.test").result(2)
    qtbot.waitUntil(lambda: window.isVisible() and window.call_key == "sip:1")
    card = window.card
    assert card.title_label.text() == "74951234567"
    assert set(card.buttons) == {"answer", "reject"}
    assert "Ctrl+Shift+A" in card.buttons["answer"].toolTip()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    card.buttons["answer"].click()
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.TALKING)
    assert card.view is not None
    assert card.view.tone == "talking"
    assert {"mute", "hold", "transfer", "hangup"} <= set(card.buttons)
    card.buttons["hold"].click()
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.HELD)
    assert card.view is not None
    assert card.view.tone == "held"
    card.buttons["hold"].click()
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.TALKING)
    card.buttons["mute"].click()
    assert phone.calls.snapshot.muted
    assert phone.engine.muted
    card.buttons["hangup"].click()
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.ENDED)
    assert card.view is not None
    assert card.view.details == ("The call is over",)
    card.buttons["dismiss"].click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_an_unanswered_call_counts_as_missed(qtbot: QtBot, phone: Phone) -> None:
    phone.engine.simulate_incoming("sip:101@pbx.test").result(2)
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.OFFERED)
    phone.engine.simulate_remote_hangup(1).result(2)
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.ENDED)
    assert phone.desk.missed.snapshot.total == 1


def test_the_number_field_dials_with_the_dialling_rules_and_redials(qtbot: QtBot, phone: Phone) -> None:
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.number_edit, "8 (495) 555-55-55,253")
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: phone.engine.calls.get(1) is not None and phase_of(phone, "sip:1") is CallPhase.TALKING
    )
    assert phone.engine.calls[1].remote_uri == "sip:74955555555@pbx.test"
    qtbot.waitUntil(lambda: phone.engine.calls[1].dtmf_sent == ["253"])  # the extension, after the pause
    assert panel.number_edit.text() == ""
    assert not panel.headset_box.isHidden()
    panel.dial_pad.press("5")  # during a call the keypad sends tones
    qtbot.waitUntil(lambda: phone.engine.calls[1].dtmf_sent == ["253", "5"])
    panel.speaker_slider.setValue(150)
    assert phone.calls.snapshot.speaker_volume == 1.5
    phone.bridge.hangup("sip:1")
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.ENDED)
    panel.call_button.click()  # the handset with an empty field brings back the last number (TP-49)
    assert panel.number_edit.text() == "8 (495) 555-55-55,253"


def test_a_bad_number_is_refused_with_the_rule(qtbot: QtBot, phone: Phone) -> None:
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.number_edit, "ivan ov")
    panel.call_button.click()
    assert not panel.error_label.isHidden()
    assert "74952000000" in panel.error_label.text()
    assert panel.number_edit.property("invalid") is True
    assert phone.engine.calls == {}


def test_a_consultation_is_merged_into_an_attended_transfer(qtbot: QtBot, phone: Phone) -> None:
    window = widget(qtbot, phone)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    window.transfer_requested.connect(panel.begin_transfer)
    phone.engine.simulate_incoming("sip:79161234567@pbx.test").result(2)
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.OFFERED)
    phone.bridge.answer("sip:1")
    qtbot.waitUntil(lambda: phase_of(phone, "sip:1") is CallPhase.TALKING)
    window.card.buttons["transfer"].click()
    assert not panel.transfer_box.isHidden()
    panel.number_edit.setText("102@pbx.test")
    panel.consult_button.click()
    qtbot.waitUntil(lambda: phase_of(phone, "sip:2") is CallPhase.CONSULTING)
    assert phase_of(phone, "sip:1") is CallPhase.HELD
    assert window.call_key == "sip:2"
    assert "merge" in window.card.buttons  # «Объединить вызовы»
    assert len(panel._rows) == 2
    window.card.buttons["merge"].click()
    qtbot.waitUntil(
        lambda: phase_of(phone, "sip:1") is CallPhase.ENDED and phase_of(phone, "sip:2") is CallPhase.ENDED
    )


def test_a_contact_center_offer_is_answered_by_calling_the_worker_with_the_token(
    qtbot: QtBot,
    phone: Phone,
) -> None:
    window = widget(qtbot, phone)
    phone.calls.upsert(
        CallSnapshot(
            key="cc:42",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.OFFERED,
            incoming=True,
            remote="79161234567",
            queue="Продажи",
            started_at=datetime.now(UTC) - timedelta(seconds=3),
            waited_seconds=40,
            cc_call_id=42,
            offer_token="x" * 32,
            worker_uri="sip:worker@127.0.0.1:5070",
        )
    )
    qtbot.waitUntil(window.isVisible)
    assert window.card.view is not None
    assert window.card.view.details[0] == "Queue: Продажи"
    assert window.card.view.details[1].startswith("Waiting: 00:4")
    window.card.buttons["answer"].click()
    qtbot.waitUntil(lambda: phase_of(phone, "cc:42") is CallPhase.TALKING)
    sip = phone.engine.calls[1]
    assert sip.remote_uri == "sip:worker@127.0.0.1:5070"
    assert sip.headers == {OFFER_TOKEN_HEADER: "x" * 32}


def test_post_call_work_offers_topics_and_reports_the_choice(qtbot: QtBot, phone: Phone) -> None:
    window = widget(qtbot, phone)
    finished: list[tuple[str, int, str]] = []
    window.wrapup_finished.connect(lambda k, t, c: finished.append((k, t, c)))
    phone.calls.upsert(
        CallSnapshot(
            key="cc:9",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.WRAPUP,
            incoming=True,
            remote="79161234567",
            wrapup_due=datetime.now(UTC) + timedelta(seconds=59),
            cc_call_id=9,
        )
    )
    qtbot.waitUntil(window.isVisible)
    card = window.card
    assert card.view is not None
    assert card.view.timer_text in ("00:58", "00:59")
    assert not card.topic_combo.isHidden()
    assert not card.comment_edit.isHidden()
    card.comment_edit.setText("Перезвонить завтра")
    card.buttons["ready"].click()
    assert finished == [("cc:9", 0, "Перезвонить завтра")]
    assert phone.calls.snapshot.calls == ()


def test_the_widget_remembers_where_it_was_dragged(qtbot: QtBot, phone: Phone) -> None:
    window = widget(qtbot, phone)
    moved: list[QPoint] = []
    window.position_changed.connect(moved.append)
    window.place_at(QPoint(300, 200))
    phone.engine.simulate_incoming("sip:5@pbx.test").result(2)
    qtbot.waitUntil(window.isVisible)
    assert window.pos() == QPoint(300, 200)
    qtbot.mousePress(window.card, Qt.MouseButton.LeftButton, pos=QPoint(20, 10))
    qtbot.mouseMove(window.card, QPoint(60, 40))
    qtbot.mouseRelease(window.card, Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    assert moved
    assert moved[-1] != QPoint(300, 200)


class FakeCallApi:
    """Records the contact-center REST calls the client makes."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, object]] = []

    async def answer_offer(self, offer_id: int) -> OfferAnswered:
        self.requests.append(("answer", offer_id))
        return OfferAnswered(offer_id=offer_id, call_id=42, worker_uri="sip:w2@127.0.0.1:5072")

    async def reject_offer(self, offer_id: int) -> None:
        self.requests.append(("reject", offer_id))

    async def call_action(self, call_id: int, action: str) -> None:
        self.requests.append((action, call_id))

    async def transfer_call(
        self, call_id: int, *, employee_id: int | None, group_id: int | None, number: str | None = None
    ) -> None:
        self.requests.append(("transfer", (call_id, employee_id, group_id, number)))

    async def wrapup(self, call_id: int, topic_ids: list[int], comment: str) -> None:
        self.requests.append(("wrapup", (call_id, topic_ids, comment)))

    async def ready(self) -> None:
        self.requests.append(("ready", None))

    async def missed(self) -> MissedList:
        return MissedList(personal=[], groups=[], total=5, last_7_days=2)

    async def topics(self) -> TopicList:
        return TopicList(
            items=[
                TopicInfo(id=1, name="Продажи", parent_id=None, folder=True),
                TopicInfo(id=2, name="Оформление заказа", parent_id=1, folder=False),
                TopicInfo(id=3, name="Жалоба", parent_id=None, folder=False),
            ]
        )

    async def queue(self) -> WireQueue:
        since = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        calls = [
            QueueCallInfo(
                call_id=1,
                caller="79160000001",
                queue="Продажи",
                group_id=1,
                state=WireState.QUEUED,
                waiting_since=since,
            ),
            QueueCallInfo(
                call_id=2,
                caller="Номер скрыт",
                queue="Продажи",
                group_id=1,
                state=WireState.OFFERING,
                waiting_since=since,
                offered_to=[6],
            ),
            QueueCallInfo(
                call_id=3,
                caller="79160000003",
                queue="Продажи",
                group_id=1,
                state=WireState.TALKING,
                waiting_since=since,
            ),
        ]
        return WireQueue(calls=calls, callbacks=[], last_seq=10)


def cc_offer(offer_id: int = 5) -> CallSnapshot:
    return CallSnapshot(
        key="cc:42",
        origin=CallOrigin.CONTACT_CENTER,
        phase=CallPhase.OFFERED,
        incoming=True,
        remote="79161234567",
        cc_call_id=42,
        offer_id=offer_id,
        offer_token="y" * 32,
        worker_uri="sip:stale@127.0.0.1:5070",
    )


def with_api(phone: Phone) -> FakeCallApi:
    api = FakeCallApi()
    actions = CallCenterActions(
        missed=phone.desk.missed, queue=phone.desk.queue, me=lambda: 6, topics=phone.desk.topics
    )
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    phone.bridge.call_center = actions
    return api


def test_answering_an_offer_claims_it_on_the_server_then_calls_the_worker_it_names(
    qtbot: QtBot, phone: Phone
) -> None:
    api = with_api(phone)
    phone.calls.upsert(cc_offer())
    phone.bridge.answer("cc:42")
    assert api.requests == [("answer", 5)]
    qtbot.waitUntil(lambda: phase_of(phone, "cc:42") is CallPhase.TALKING)
    assert phone.engine.calls[1].remote_uri == "sip:w2@127.0.0.1:5072"
    # The server transfers it: never a REFER on the media leg to the worker.
    assert phone.bridge.transfer_blind("cc:42", "employee:7")
    phone.bridge.toggle_hold("cc:42")  # the switch holds the customer leg, not our softphone
    phone.bridge.hangup("cc:42")
    assert api.requests[1:] == [("transfer", (42, 7, None, None)), ("hold", 42), ("hangup", 42)]


def test_rejecting_an_offer_tells_the_server_and_post_call_work_reports_topic_and_comment(
    qtbot: QtBot, phone: Phone
) -> None:
    api = with_api(phone)
    phone.calls.upsert(cc_offer())
    phone.bridge.reject("cc:42")
    assert api.requests == [("reject", 5)]
    assert phone.calls.snapshot.calls == ()
    phone.calls.upsert(replace(cc_offer(), phase=CallPhase.WRAPUP))
    phone.bridge.finish_wrapup("cc:42", 3, " Перезвонить ")
    assert api.requests[1:] == [("wrapup", (42, [3], "Перезвонить")), ("ready", None)]
    assert phone.calls.snapshot.calls == ()


def test_missed_calls_changes_refetch_the_badge_numbers(phone: Phone) -> None:
    with_api(phone)
    sync = CallCenterSync(calls=phone.calls, actions=phone.bridge.call_center)
    at = datetime.now(UTC)
    assert sync.apply(
        Event(seq=1, type="missed.changed", at=at, data={"change": "added", "caller_hidden": False})
    )
    assert phone.desk.missed.snapshot == MissedSnapshot(total=5, last_7_days=2)


def test_queue_changes_refetch_the_waiting_calls_and_mark_those_ringing_here(phone: Phone) -> None:
    with_api(phone)
    sync = CallCenterSync(calls=phone.calls, actions=phone.bridge.call_center)
    at = datetime.now(UTC)
    assert sync.apply(
        Event(seq=2, type="queue.changed", at=at, data={"call_id": 1, "group_id": 1, "state": "queued"})
    )
    entries = phone.desk.queue.snapshot.calls
    assert [(e.call_id, e.offered_to_me) for e in entries] == [
        (1, False),
        (2, True),
    ]  # talking calls left the queue


def test_post_call_work_offers_the_tenants_topics_with_their_folders(qtbot: QtBot, phone: Phone) -> None:
    with_api(phone)
    actions = phone.bridge.call_center
    assert actions is not None
    actions.refresh()
    assert phone.desk.topics.snapshot == ((3, "Жалоба"), (2, "Продажи / Оформление заказа"))
    window = FloatingCallWindow(
        calls=phone.calls, bridge=phone.bridge, topics=lambda: phone.desk.topics.snapshot
    )
    qtbot.addWidget(window)
    phone.calls.upsert(replace(cc_offer(), phase=CallPhase.WRAPUP, wrapup_due=datetime.now(UTC)))
    qtbot.waitUntil(window.isVisible)
    combo = window.card.topic_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["—", "Жалоба", "Продажи / Оформление заказа"]
    combo.setCurrentIndex(2)
    assert window.card.chosen_topic() == 2


def test_post_call_work_stays_when_the_transferred_call_goes_on_elsewhere(phone: Phone) -> None:
    # The server starts this operator's wrap-up before it reports the call «transferring» to the target.
    sync = CallCenterSync(calls=phone.calls)
    at = datetime.now(UTC)
    phone.calls.upsert(replace(cc_offer(), phase=CallPhase.TALKING))
    due = (at + timedelta(seconds=30)).isoformat()
    assert sync.apply(
        Event(
            seq=1,
            type="wrapup.started",
            at=at,
            data={"employee_id": 6, "call_id": 42, "due_at": due, "status": None},
        )
    )
    for state in ("transferring", "talking", "ended"):
        data = {"call_id": 42, "state": state, "operator_id": 7, "group_id": 1}
        assert sync.apply(Event(seq=2, type="call.state", at=at, data=data))
        assert phase_of(phone, "cc:42") is CallPhase.WRAPUP
