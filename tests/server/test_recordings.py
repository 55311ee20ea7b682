"""Recordings as facts: every bridged call gets a recording row when the switch bridges it, the row gets the
file and its length when the switch closes it (also after the call ended), ``recording.saved`` goes out for
each, and the call's end says who hung up. The switch's entry points are driven directly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.protocol.calls import RECORDING_SAVED
from app.server.core.db import Database
from app.server.models import OutboxEvent, Recording
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _talking(cc: CC, caller: str = "+79990000001") -> str:
    cc.session("op1")
    ref = cc.arrive(caller=caller)
    assert cc.answer(ref, "op1")
    assert cc.engine.recording_started(ref) is not None
    return ref


def _history(cc: CC, ref: str) -> dict[str, Any]:
    rows = cc.api.get("/history", cc.tokens["op1"]).json()["items"]
    found: dict[str, Any] = next(r for r in rows if r["call_id"] == cc.call_id(ref))
    return found


def _saved_events(cc: CC) -> list[dict[str, Any]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(
            select(OutboxEvent).where(OutboxEvent.type == RECORDING_SAVED).order_by(OutboxEvent.seq)
        ).scalars()
        return [dict(r.data, subject=r.subject_employee_id) for r in rows]


def test_a_bridged_call_is_recorded_and_the_closed_file_lands_in_history_with_its_length(cc: CC) -> None:
    ref = _talking(cc)
    cc.clock.advance(seconds=42)
    cc.engine.customer_hung_up(ref, "operator_hung_up")
    cc.engine.recording_closed(ref, "/rec/a.wav", 42.04)

    row = _history(cc, ref)
    assert row["end_reason"] == "operator_hung_up"
    assert row["recordings"] == ["/rec/a.wav"]
    assert row["recording_seconds"] == [42.04]
    [event] = _saved_events(cc)
    assert event["path"] == "/rec/a.wav"
    assert event["seconds"] == 42.04
    assert event["call_id"] == cc.call_id(ref)
    assert event["subject"] == cc.ids["op1"]  # delivered to whoever may see the operator's calls


def test_the_customer_hanging_up_is_told_apart_from_the_operator(cc: CC) -> None:
    ref = _talking(cc)
    cc.engine.customer_hung_up(ref)
    assert _history(cc, ref)["end_reason"] == "caller_hung_up"


def test_a_re_bridge_after_a_transfer_keeps_one_recording_row(cc: CC) -> None:
    ref = _talking(cc)
    assert cc.engine.recording_started(ref) == cc.engine.recording_started(ref)
    with cc.engine._db.reading() as session:
        rows = session.execute(select(Recording).where(Recording.call_id == cc.call_id(ref))).scalars()
        assert len(list(rows)) == 1


def test_a_voicemail_after_the_conversation_is_a_second_recording(cc: CC) -> None:
    ref = _talking(cc)
    cc.engine.recording_closed(ref, "/rec/conversation.wav", 10.0)
    cc.engine.recording_closed(ref, "/rec/voicemail.wav", 5.5, voicemail=True)
    with cc.engine._db.reading() as session:
        rows = list(
            session.execute(
                select(Recording).where(Recording.call_id == cc.call_id(ref)).order_by(Recording.id)
            ).scalars()
        )
    assert [(r.path, r.seconds, r.voicemail) for r in rows] == [
        ("/rec/conversation.wav", 10.0, False),
        ("/rec/voicemail.wav", 5.5, True),
    ]
    assert [e["voicemail"] for e in _saved_events(cc)] == [False, True]


def test_a_recording_of_an_unknown_call_is_ignored(cc: CC) -> None:
    cc.engine.recording_closed("no-such-ref", "/rec/x.wav", 1.0)
    assert _saved_events(cc) == []
