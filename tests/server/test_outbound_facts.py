"""Operators' outbound calls through trunks as facts (MW-19): recorded when ordered, answered when the
switch bridges the callee, ended with the switch's reason; the operator is told, and the call history
lists it as outgoing for the operator (not for a colleague without the scope)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import OutboundCall, OutboxEvent
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


def _events(cc: CC) -> list[tuple[dict[str, object], int | None, str]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(
            select(OutboxEvent).where(OutboxEvent.type == "call.outbound").order_by(OutboxEvent.seq)
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
