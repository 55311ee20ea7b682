"""The calls store, contact-center call events, local indicators and the automatic break."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.protocol.events import Event
from app.services.auto_break import AutoBreakService
from app.services.call_center import CallCenterSync
from app.services.softphone_bridge import display_remote
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
from app.state.status import StatusSnapshot, StatusStore

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def call(key: str, phase: CallPhase, **kw: Any) -> CallSnapshot:
    return CallSnapshot(
        key=key, origin=CallOrigin.SIP, phase=phase, incoming=True, remote="74951234567", **kw
    )


def event(kind: str, data: dict[str, Any], seq: int = 1) -> Event:
    return Event(seq=seq, type=kind, at=NOW, data=data)


def test_store_signals_only_real_changes() -> None:
    store = CallsStore()
    seen: list[object] = []
    store.calls_changed.connect(seen.append)
    assert store.upsert(call("sip:1", CallPhase.OFFERED))
    assert not store.upsert(call("sip:1", CallPhase.OFFERED))
    assert store.upsert(call("sip:1", CallPhase.TALKING))
    assert len(store.snapshot.calls) == 1
    assert store.remove("sip:1")
    assert not store.remove("sip:1")
    assert len(seen) == 3


def test_focus_prefers_a_ringing_offer_then_the_conversation_then_held_calls() -> None:
    store = CallsStore()
    store.upsert(call("sip:1", CallPhase.HELD))
    assert store.snapshot.focus is not None
    assert store.snapshot.focus.key == "sip:1"
    store.upsert(call("sip:2", CallPhase.TALKING))
    assert store.snapshot.active is not None
    assert store.snapshot.active.key == "sip:2"
    store.upsert(call("sip:3", CallPhase.OFFERED))
    assert store.snapshot.focus is not None
    assert store.snapshot.focus.key == "sip:3"
    assert [c.key for c in store.snapshot.held] == ["sip:1"]
    assert store.snapshot.busy


def test_offer_state_and_wrapup_events_follow_one_contact_center_call() -> None:
    store = CallsStore()
    sync = CallCenterSync(calls=store)
    offered = {
        "offer_id": 5,
        "call_id": 42,
        "caller": "79161234567",
        "queue": "Продажи",
        "group_id": 1,
        "waiting_seconds": 12.5,
        "worker_uri": "sip:w1@127.0.0.1:5070",
        "token": "t" * 32,
        "expires_at": NOW.isoformat(),
        "kind": "group",
    }
    assert sync.apply(event("call.offered", offered))
    snap = store.snapshot.find_cc(42)
    assert snap is not None
    assert snap.phase is CallPhase.OFFERED
    assert snap.queue == "Продажи"
    assert snap.offer_token == "t" * 32
    assert snap.waited_seconds == 12.5
    sync.apply(event("call.state", {"call_id": 42, "state": "talking", "operator_id": 6, "group_id": 1}))
    talking = store.snapshot.find_cc(42)
    assert talking is not None
    assert talking.phase is CallPhase.TALKING
    assert talking.connected_at is not None
    due = NOW + timedelta(seconds=30)
    wrapup = {"employee_id": 6, "call_id": 42, "due_at": due.isoformat(), "status": None}
    sync.apply(event("wrapup.started", wrapup))
    in_wrapup = store.snapshot.find_cc(42)
    assert in_wrapup is not None
    assert in_wrapup.phase is CallPhase.WRAPUP
    assert in_wrapup.wrapup_due == due
    sync.apply(event("wrapup.ended", wrapup))
    assert store.snapshot.find_cc(42) is None
    assert not sync.apply(event("status.changed", {}))


def test_a_withdrawn_offer_stops_ringing() -> None:
    store = CallsStore()
    sync = CallCenterSync(calls=store)
    store.upsert(
        CallSnapshot(
            key="cc:7",
            origin=CallOrigin.CONTACT_CENTER,
            phase=CallPhase.OFFERED,
            incoming=True,
            remote="1",
            cc_call_id=7,
        )
    )
    sync.apply(event("call.offer_withdrawn", {"offer_id": 1, "call_id": 7, "reason": "timeout"}))
    assert store.snapshot.calls == ()


class Session:
    def __init__(self, status: StatusStore) -> None:
        self.status = status
        self.changes: list[str] = []

    def start_status_change(self, key: str) -> None:
        self.changes.append(key)
        self.status.set_current(key)


def test_screen_lock_sets_break_and_unlock_restores_the_status() -> None:
    status = StatusStore()
    status.set(StatusSnapshot(current="outbound"))
    session = Session(status)
    service = AutoBreakService(status=status, session=session)
    service.set_away("lock", True)
    service.set_away("idle", True)
    service.set_away("lock", False)
    assert session.changes == ["break"]
    service.set_away("idle", False)
    assert session.changes == ["break", "outbound"]


def test_a_status_chosen_during_the_break_is_kept_and_dnd_is_never_replaced() -> None:
    status = StatusStore()
    status.set(StatusSnapshot(current="online"))
    session = Session(status)
    service = AutoBreakService(status=status, session=session)
    service.set_away("idle", True)
    status.set_current("dnd")  # the operator chose «Не беспокоить» from the tray meanwhile
    service.set_away("idle", False)
    assert session.changes == ["break"]
    service.set_away("lock", True)
    assert session.changes == ["break"]


def test_remote_addresses_are_shown_as_numbers_or_sip_ids() -> None:
    assert display_remote('"Ivan" <sip:74951234567@pbx.test;transport=udp>') == "74951234567"
    assert display_remote("sip:ivanov@mangosip.ru") == "ivanov@mangosip.ru"
