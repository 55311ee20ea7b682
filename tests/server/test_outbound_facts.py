"""Operators' outbound calls through trunks as facts (MW-19): recorded when ordered, answered when the
switch bridges the callee, ended with the switch's reason; the operator is told, and the call history
lists it as outgoing for the operator (not for a colleague without the scope)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import OutboundCall, OutboxEvent, PostCallWork
from app.server.services.switch_port import CommandLogSwitch
from app.server.services.trunks import TrunkAccount
from tests.server.cc import CC, build_cc
from tests.server.conftest import FakeClock


@dataclass
class DialingSwitch(CommandLogSwitch):
    """The recording switch that also takes outbound orders (``TrunkDialer``)."""

    def outbound_call(self, *, trunk: TrunkAccount, number: str, caller_id: str) -> tuple[str, str, str]:
        ref = f"out-{len(self.named('outbound_call')) + 1}"
        self._add("outbound_call", ref, trunk.trunk_id, number, caller_id)
        return ref, self.worker_uri(ref), "k" * 43


@pytest.fixture
def cc(db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[CC]:
    monkeypatch.setattr("tests.server.cc.CommandLogSwitch", DialingSwitch)
    built, client = build_cc(db, clock)
    try:
        yield built
    finally:
        client.close()


def _line(cc: CC) -> int:
    admin = cc.session("admin")
    body = {"name": "Город", "host": "sip.example.net", "username": "u1", "caller_ids": ["74957654321"]}
    created = cc.api.post("/trunks", admin, body)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _events(cc: CC, kind: str = "call.outbound") -> list[tuple[dict[str, object], int | None, str]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(
            select(OutboxEvent).where(OutboxEvent.type == kind).order_by(OutboxEvent.seq)
        ).scalars()
        return [(r.data, r.subject_employee_id, r.permission) for r in rows]


def test_an_outbound_call_is_recorded_answered_ended_and_listed_as_outgoing(cc: CC) -> None:
    line = _line(cc)
    op1 = cc.session("op1", status="break")
    ordered = cc.api.post(f"/trunks/{line}/calls", op1, {"number": "79161234567", "caller_id": "74957654321"})
    assert ordered.status_code == 201, ordered.text
    ref = ordered.json()["call_ref"]
    assert [c.args for c in cc.switch.named("outbound_call")] == [(line, "79161234567", "74957654321")]

    cc.clock.advance(seconds=4)
    cc.engine.recording_started(ref)  # the switch bridged the callee
    cc.clock.advance(seconds=30)
    cc.engine.customer_hung_up(ref, "caller_hung_up")
    cc.engine.customer_hung_up(ref, "caller_hung_up")  # told twice: one end
    me = cc.ids["op1"]
    assert _events(cc) == [
        ({"call_ref": ref, "state": "talking", "reason": ""}, me, "personal"),
        ({"call_ref": ref, "state": "ended", "reason": "caller_hung_up"}, me, "personal"),
    ]
    with cc.engine._db.reading() as session:
        fact = session.execute(select(OutboundCall)).scalar_one()
        assert (fact.employee_id, fact.trunk_id, fact.number, fact.caller_id) == (
            me,
            line,
            "79161234567",
            "74957654321",
        )
        assert fact.answered_at is not None
        assert fact.ended_at is not None
        assert (fact.ended_at - fact.answered_at).total_seconds() == 30

    rows = cc.api.get("/history", op1).json()["items"]
    outgoing = [r for r in rows if r["direction"] == "outgoing"]
    assert len(outgoing) == 1
    row = outgoing[0]
    assert (row["caller"], row["queue"], row["operators"], row["talk_seconds"]) == (
        "79161234567",
        "74957654321",
        [me],
        30.0,
    )
    assert row["state"] == "ended"
    assert row["end_reason"] == "caller_hung_up"
    other = cc.api.get("/history", cc.session("op2", status="break")).json()["items"]
    assert all(r["direction"] == "incoming" for r in other)


def test_an_unanswered_outbound_call_ends_without_talk_time(cc: CC) -> None:
    line = _line(cc)
    op1 = cc.session("op1", status="break")
    ref = cc.api.post(
        f"/trunks/{line}/calls", op1, {"number": "79161234567", "caller_id": "74957654321"}
    ).json()["call_ref"]
    cc.engine.customer_hung_up(ref, "busy")
    rows = [r for r in cc.api.get("/history", op1).json()["items"] if r["direction"] == "outgoing"]
    assert [(r["answered_at"], r["talk_seconds"], r["end_reason"]) for r in rows] == [(None, None, "busy")]
    assert [e[0]["state"] for e in _events(cc)] == ["ended"]


def _order(cc: CC, line: int, login: str) -> str:
    ordered = cc.api.post(
        f"/trunks/{line}/calls", cc.tokens[login], {"number": "79161234567", "caller_id": "74957654321"}
    )
    assert ordered.status_code == 201, ordered.text
    return str(ordered.json()["call_ref"])


def _fact(cc: CC, ref: str) -> OutboundCall:
    with cc.engine._db.reading() as session:
        return session.execute(select(OutboundCall).where(OutboundCall.switch_ref == ref)).scalar_one()


def test_an_outbound_call_whose_operator_leg_never_comes_ends_after_the_offers_grace(cc: CC) -> None:
    line = _line(cc)
    cc.session("op1", status="break")
    ref = _order(cc, line, "op1")
    cc.tick(seconds=10)  # the client is still opening its leg
    assert _fact(cc, ref).ended_at is None
    assert cc.switch.named("hangup") == []

    cc.tick(seconds=10)  # past the 15 s an answered offer waits for its media leg: the client is gone
    fact = _fact(cc, ref)
    assert (fact.end_reason, fact.answered_at) == ("operator_leg_missing", None)
    assert fact.ended_at is not None
    assert [(c.call_ref, c.args) for c in cc.switch.named("hangup")] == [(ref, ("operator_leg_missing",))]
    assert [e[0] for e in _events(cc)] == [
        {"call_ref": ref, "state": "ended", "reason": "operator_leg_missing"}
    ]
    rows = [
        r for r in cc.api.get("/history", cc.tokens["op1"]).json()["items"] if r["direction"] == "outgoing"
    ]
    assert [(r["state"], r["end_reason"]) for r in rows] == [("ended", "operator_leg_missing")]
    cc.engine.customer_hung_up(ref, "operator_leg_missing")  # the worker says so too: still one end
    assert len(_events(cc)) == 1


def test_an_outbound_call_whose_leg_came_rings_as_long_as_the_carrier_lets_it(cc: CC) -> None:
    line = _line(cc)
    cc.session("op1", status="break")
    ref = _order(cc, line, "op1")
    cc.engine.outbound_leg_arrived(ref)  # the worker took the operator's leg and dials
    cc.tick(seconds=90)
    assert _fact(cc, ref).ended_at is None
    cc.engine.customer_hung_up(ref, "no_answer")
    assert _fact(cc, ref).end_reason == "no_answer"


def test_an_operator_in_an_outbound_call_gets_no_offers_until_it_and_its_post_call_work_end(cc: CC) -> None:
    line = _line(cc)
    cc.distribution("Продажи", wrapup_seconds=30)
    cc.session("op1")
    cc.clock.advance(seconds=1)
    cc.session("op2", status="break")
    ref = _order(cc, line, "op1")
    cc.engine.outbound_leg_arrived(ref)
    waiting = cc.arrive()
    assert cc.ringing(waiting) == []  # op1 is busy on the phone, nobody else is on line
    # Not to them directly either: a personal transfer or consultation would ring at a busy operator.
    cc.engine.recording_started(ref)  # the callee answered
    cc.tick(seconds=20)
    assert cc.ringing(waiting) == []

    cc.engine.customer_hung_up(ref, "operator_hung_up")
    assert cc.ringing(waiting) == []  # TP-34: post-call work after a connected outbound call too
    with cc.engine._db.reading() as session:
        work = session.execute(select(PostCallWork)).scalar_one()
        assert (work.call_id, work.outbound_call_id) == (None, _fact(cc, ref).id)
    cc.tick(seconds=31)
    assert cc.ringing(waiting) == ["op1"]


def test_an_unanswered_outbound_call_frees_the_operator_at_once(cc: CC) -> None:
    line = _line(cc)
    cc.distribution("Продажи", wrapup_seconds=30)
    cc.session("op1")
    ref = _order(cc, line, "op1")
    cc.engine.outbound_leg_arrived(ref)
    waiting = cc.arrive()
    assert cc.ringing(waiting) == []
    cc.engine.customer_hung_up(ref, "busy")  # never connected: no post-call work (TP-34)
    assert cc.ringing(waiting) == ["op1"]


def test_an_outbound_call_keeps_its_operator_busy_across_an_api_restart(cc: CC) -> None:
    line = _line(cc)
    for group in cc.groups:
        cc.distribution(group, wrapup_seconds=0)
    cc.session("op1")
    ref = _order(cc, line, "op1")
    cc.engine.outbound_leg_arrived(ref)
    cc.engine.recording_started(ref)
    cc.engine.load()  # what a restarted api rebuilds from the rows
    waiting = cc.arrive()
    assert cc.ringing(waiting) == []
    cc.engine.customer_hung_up(ref, "caller_hung_up")
    assert cc.ringing(waiting) == ["op1"]


def test_a_call_out_is_recorded_and_classified_like_a_queue_call(cc: CC) -> None:
    """TP-34's card after a call out takes topics and a comment (the server names it by the negated id, as the
    history does); its recording is a row of its own, told to the operator alone."""
    line = _line(cc)
    admin = cc.session("admin")
    folder = cc.api.post("/topics", admin, {"name": "Продажи", "folder": True}).json()["id"]
    topic = cc.api.post("/topics", admin, {"name": "Счёт выставлен", "parent_id": folder}).json()["id"]
    op1 = cc.session("op1", status="break")
    ref = _order(cc, line, "op1")
    cc.engine.outbound_leg_arrived(ref)
    cc.engine.recording_started(ref)
    cc.clock.advance(seconds=12)
    cc.engine.customer_hung_up(ref, "operator_hung_up")
    cc.engine.recording_closed(ref, "/var/lib/pult/recordings/out.wav", 12.0)
    out = -_fact(cc, ref).id
    me = cc.ids["op1"]
    [(data, subject, permission)] = _events(cc, "recording.saved")
    assert (data["call_id"], data["path"], data["seconds"], subject, permission) == (
        out,
        "/var/lib/pult/recordings/out.wav",
        12.0,
        me,
        "personal",
    )

    body = {"topic_ids": [topic, topic], "comment": "выставили счёт"}
    assert cc.api.post(f"/calls/{out}/wrapup", op1, body).status_code == 204
    op2 = cc.session("op2", status="break")
    refused = cc.api.post(f"/calls/{out}/wrapup", op2, {"topic_ids": [topic]})
    assert refused.status_code == 403
    a_folder = cc.api.post(f"/calls/{out}/wrapup", op1, {"topic_ids": [folder]})
    assert a_folder.status_code == 422
    assert "topic_ids" in a_folder.text
    assert cc.api.post(f"/calls/{out - 1000}/wrapup", op1, {"topic_ids": []}).status_code == 404
    [row] = [r for r in cc.api.get("/history", op1).json()["items"] if r["direction"] == "outgoing"]
    assert (row["topic_ids"], row["comment"]) == ([topic], "выставили счёт")  # nothing lost by the refusals
    assert (row["recordings"], row["recording_seconds"]) == (["/var/lib/pult/recordings/out.wav"], [12.0])

    in_use = cc.api.delete(f"/topics/{topic}", admin)
    assert in_use.status_code == 409
    assert in_use.json()["detail"]["calls"] == 1
    assert cc.api.delete(f"/topics/{topic}?force=true", admin).status_code == 204
    [row] = [r for r in cc.api.get("/history", op1).json()["items"] if r["direction"] == "outgoing"]
    assert (row["topic_ids"], row["comment"]) == ([], "выставили счёт")
