"""The third party of a conversation in the domain: consultation («С консультацией» → «Объединить вызовы»
or cancel), conference, blind transfer to a number, DTMF relay. The switch's side is driven directly (the
recording switch shows what was ordered); the operators' side goes through the api."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import Call, CallLeg, Hold, Offer, OutboxEvent, Transfer
from tests.server.cc import CC, SALES_NUMBER, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _talking(cc: CC) -> tuple[str, int]:
    """op1 talks to a customer of «Продажи»; op2 and op3 are free. Returns (switch ref, call id)."""
    for login in ("op1", "op2", "op3"):
        cc.session(login)
        cc.clock.advance(seconds=1)
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op1"]
    assert cc.answer(ref, "op1")
    return ref, cc.call_id(ref)


def _party_token(cc: CC, ref: str, login: str) -> str:
    found = [
        c.args[1]
        for c in cc.switch.named("party_offer_ready")
        if c.call_ref == ref and c.args[0] == cc.ids[login]
    ]
    assert found, f"no consultation offer of {ref} to {login}"
    return str(found[-1])


def _events(cc: CC, type_: str) -> list[dict[str, Any]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(
            select(OutboxEvent.data).where(OutboxEvent.type == type_).order_by(OutboxEvent.seq)
        ).scalars()
        return list(rows)


def _transfers(cc: CC, call_id: int) -> list[tuple[str, str | None, int | None, str | None, bool]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(select(Transfer).where(Transfer.call_id == call_id).order_by(Transfer.id))
        return [
            (t.mode, t.result, t.to_employee_id, t.to_number, t.ended_at is not None) for t in rows.scalars()
        ]


def _history_transfers(cc: CC, call_id: int) -> int:
    rows = cc.api.get("/history", cc.tokens["op1"]).json()["items"]
    return int(next(r["transfers"] for r in rows if r["call_id"] == call_id))


def _call(cc: CC, call_id: int) -> Call:
    with cc.engine._db.reading() as session:
        row = session.get(Call, call_id)
        assert row is not None
        session.expunge(row)
        return row


def test_consultation_holds_the_customer_and_merge_hands_the_call_to_the_target(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    r = cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"]})
    assert r.status_code == 200, r.text
    assert _call(cc, call_id).state == "held"
    assert [c.args for c in cc.switch.named("third_party")] == [("consult",)]
    offered = [e for e in _events(cc, "call.offered") if e["kind"] == "consult"]
    assert [e["call_id"] for e in offered] == [call_id]
    # Hold and a blind transfer wait until the consultation is over.
    assert cc.api.post(f"/calls/{call_id}/resume", op1).status_code == 409
    assert cc.api.post(f"/calls/{call_id}/merge", op1).status_code == 409  # nobody to merge with yet

    op2 = cc.tokens["op2"]
    assert cc.api.post(f"/offers/{offered[0]['offer_id']}/answer", op2).status_code == 200
    assert cc.engine.operator_leg_answered(_party_token(cc, ref, "op2"))
    states = [e["state"] for e in _events(cc, "call.third_party")]
    assert states[-1] == "talking"

    assert cc.api.post(f"/calls/{call_id}/merge", op1).status_code == 204
    assert cc.switch.named("merge")[-1].args == (cc.ids["op2"],)
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", cc.ids["op2"])
    assert _transfers(cc, call_id) == [("consult", "merged", cc.ids["op2"], None, True)]
    with cc.engine._db.reading() as session:
        legs = session.execute(
            select(CallLeg.employee_id, CallLeg.ended_at).where(CallLeg.call_id == call_id)
        )
        assert sorted((e, end is not None) for e, end in legs) == [
            (cc.ids["op1"], True),
            (cc.ids["op2"], False),
        ]
        holds = session.execute(select(Hold.ended_at).where(Hold.call_id == call_id)).scalars().all()
        assert holds
        assert all(h is not None for h in holds)
    assert _history_transfers(cc, call_id) == 1
    # The target now owns the call: hold works for op2, op1 has no say any more.
    assert cc.api.post(f"/calls/{call_id}/hold", op2).status_code == 204
    assert cc.api.post(f"/calls/{call_id}/resume", op1).status_code == 403


def test_cancelling_a_consultation_returns_to_the_customer(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"]}).status_code == 200
    assert cc.engine.operator_leg_answered(_party_token(cc, ref, "op2"))
    assert cc.api.post(f"/calls/{call_id}/third-party/cancel", op1).status_code == 204
    assert cc.switch.named("third_party")[-1].args == ("none",)
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", cc.ids["op1"])
    assert _transfers(cc, call_id) == [("consult", "cancelled", cc.ids["op2"], None, True)]
    assert _history_transfers(cc, call_id) == 0  # a cancelled consultation moved nobody
    # op2 is free again: a new customer can be offered to them.
    cc.clock.advance(seconds=1)
    assert cc.ringing(cc.arrive(caller="+79990000002")) in (["op2"], ["op3"])


def test_a_consultation_nobody_answers_fails_and_the_customer_is_back(cc: CC) -> None:
    _ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"]}).status_code == 200
    cc.tick(seconds=120)
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", cc.ids["op1"])
    assert _transfers(cc, call_id)[0][:2] == ("consult", "failed")
    failed = _events(cc, "call.third_party")[-1]
    assert (failed["state"], failed["reason"]) == ("failed", "timeout")


def test_a_group_consultation_rings_a_free_operator_and_rejecting_it_fails(cc: CC) -> None:
    _ref, call_id = _talking(cc)
    r = cc.api.post(f"/calls/{call_id}/consult", cc.tokens["op1"], {"group_id": cc.groups["Продажи"]})
    assert r.status_code == 200, r.text
    offered = [e for e in _events(cc, "call.offered") if e["kind"] == "consult"]
    assert len(offered) == 1
    rejecter = (
        cc.tokens["op2"] if _offer_to(cc, offered[0]["offer_id"]) == cc.ids["op2"] else cc.tokens["op3"]
    )
    assert cc.api.post(f"/offers/{offered[0]['offer_id']}/reject", rejecter).status_code == 204
    assert _transfers(cc, call_id)[0][:2] == ("consult", "failed")
    assert _call(cc, call_id).state == "talking"


def _offer_to(cc: CC, offer_id: int) -> int:
    with cc.engine._db.reading() as session:
        row = session.get(Offer, offer_id)
        assert row is not None
        return row.employee_id


def test_conference_keeps_the_customer_talking_and_the_target_may_hang_up(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    r = cc.api.post(f"/calls/{call_id}/conference", op1, {"employee_id": cc.ids["op3"]})
    assert r.status_code == 200, r.text
    assert _call(cc, call_id).state == "talking"
    assert cc.switch.named("third_party")[-1].args == ("conference",)
    assert cc.engine.operator_leg_answered(_party_token(cc, ref, "op3"))
    cc.engine.party_ended(ref, "200 Normal call clearing")
    assert _transfers(cc, call_id) == [("conference", "ended", cc.ids["op3"], None, True)]
    assert _call(cc, call_id).state == "talking"


def test_a_consultation_becomes_a_conference(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"]}).status_code == 200
    assert cc.engine.operator_leg_answered(_party_token(cc, ref, "op2"))
    assert cc.api.post(f"/calls/{call_id}/third-party/conference", op1).status_code == 204
    assert _call(cc, call_id).state == "talking"
    assert cc.switch.named("third_party")[-1].args == ("conference",)
    assert _transfers(cc, call_id)[0][:2] == ("conference", "talking")
    # Hanging up the conversation ends the conference too.
    assert cc.api.post(f"/calls/{call_id}/hangup", op1).status_code == 204
    assert _transfers(cc, call_id)[0][:2] == ("conference", "ended")


def test_consult_and_transfer_to_a_sip_address_are_dialled_by_the_switch(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    uri = "sip:expert@127.0.0.1:5099"
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"number": uri}).status_code == 200
    assert cc.switch.named("dial_party")[-1].args == (uri,)
    cc.engine.party_answered(ref)
    assert cc.api.post(f"/calls/{call_id}/merge", op1).status_code == 204
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", None)
    assert _transfers(cc, call_id) == [("consult", "merged", None, uri, True)]
    cc.engine.customer_hung_up(ref)
    assert _call(cc, call_id).state == "ended"


def test_blind_transfer_to_a_number_that_fails_goes_back_to_the_queue(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    uri = "sip:nobody@127.0.0.1:5099"
    assert cc.api.post(f"/calls/{call_id}/transfer", op1, {"number": uri}).status_code == 204
    assert cc.switch.named("transfer")[-1].call_ref == ref
    assert cc.switch.named("dial_party")[-1].args == (uri,)
    assert _call(cc, call_id).state == "transferring"
    cc.engine.party_ended(ref, "486 Busy Here")
    assert _transfers(cc, call_id) == [("blind", "failed", None, uri, True)]
    assert _call(cc, call_id).state in ("queued", "offering")  # back first in line for the group


def test_blind_transfer_to_a_number_that_answers_connects_the_customer(cc: CC) -> None:
    ref, call_id = _talking(cc)
    uri = "sip:expert@127.0.0.1:5099"
    assert cc.api.post(f"/calls/{call_id}/transfer", cc.tokens["op1"], {"number": uri}).status_code == 204
    cc.engine.party_answered(ref)
    assert cc.switch.named("merge")[-1].args == (None,)
    assert _call(cc, call_id).state == "talking"
    assert _transfers(cc, call_id) == [("blind", "merged", None, uri, True)]


def test_bad_targets_are_refused_with_reasons(cc: CC) -> None:
    _ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    both = cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"], "number": "sip:a@b"})
    assert both.status_code == 422
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"number": "call me"}).status_code == 422
    phone = cc.api.post(f"/calls/{call_id}/consult", op1, {"number": "74955555555"})
    assert phone.status_code == 409
    assert "trunk" in phone.text
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op1"]}).status_code == 409
    assert _transfers(cc, call_id) == []


def _trunk(cc: CC, name: str, caller_ids: list[str], host: str = "sip.carrier.example:5070") -> int:
    body = {
        "name": name,
        "host": host,
        "username": "trunk-user",
        "password": "s3cret",
        "caller_ids": caller_ids,
    }
    created = cc.api.post("/trunks", cc.session("admin"), body)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_a_phone_number_goes_out_through_the_line_the_customer_called_as_that_number(cc: CC) -> None:
    _trunk(cc, "Другая", ["74990000000"], host="other.example")
    line = _trunk(cc, "Город", ["74957654321", SALES_NUMBER])
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"number": "79161234567"}).status_code == 200
    # The third party sees the company number the customer dialled (a caller ID of that line).
    assert cc.switch.named("dial_party")[-1].args == (
        "sip:79161234567@sip.carrier.example:5070",
        line,
        SALES_NUMBER,
        "",
    )
    cc.engine.party_answered(ref)
    assert cc.api.post(f"/calls/{call_id}/merge", op1).status_code == 204
    assert _transfers(cc, call_id) == [("consult", "merged", None, "79161234567", True)]


def test_a_phone_number_without_a_matching_line_uses_the_first_lines_first_number(cc: CC) -> None:
    first = _trunk(cc, "Город", ["74957654321", "74957650000"])
    _trunk(cc, "Другая", ["74990000000"], host="other.example")
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    # A blind transfer with an extension: the main number through the trunk, the extension as DTMF.
    assert cc.api.post(f"/calls/{call_id}/transfer", op1, {"number": "74955555555,253"}).status_code == 204
    assert cc.switch.named("dial_party")[-1].args == (
        "sip:74955555555@sip.carrier.example:5070",
        first,
        "74957654321",
        "253",
    )
    cc.engine.party_answered(ref)
    assert _transfers(cc, call_id) == [("blind", "merged", None, "74955555555,253", True)]


def test_a_disabled_line_is_not_used_for_a_phone_number(cc: CC) -> None:
    line = _trunk(cc, "Город", ["74957654321"])
    patched = cc.api.patch(f"/trunks/{line}", cc.session("admin"), {"enabled": False})
    assert patched.status_code == 200, patched.text
    _ref, call_id = _talking(cc)
    refused = cc.api.post(f"/calls/{call_id}/conference", cc.tokens["op1"], {"number": "79161234567"})
    assert refused.status_code == 409
    assert "adds a trunk with outgoing numbers" in refused.text
    assert refused.json()["detail"]["reason"] == "no_line"  # the client says it in the user's language
    assert cc.switch.named("dial_party") == []
    assert _transfers(cc, call_id) == []


def test_dtmf_goes_to_the_customer_and_the_customers_keys_come_back_as_events(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/dtmf", op1, {"digits": "12#"}).status_code == 204
    assert cc.switch.named("send_dtmf")[-1].args == ("12#",)
    assert cc.api.post(f"/calls/{call_id}/dtmf", op1, {"digits": "12x"}).status_code == 422
    assert cc.api.post(f"/calls/{call_id}/dtmf", cc.tokens["op2"], {"digits": "1"}).status_code == 403
    cc.engine.customer_dtmf(ref, "5")
    assert _events(cc, "call.dtmf") == [{"call_id": call_id, "digit": "5"}]


def test_a_consultation_survives_an_api_restart_and_can_still_be_merged(cc: CC) -> None:
    ref, call_id = _talking(cc)
    op1 = cc.tokens["op1"]
    assert cc.api.post(f"/calls/{call_id}/consult", op1, {"employee_id": cc.ids["op2"]}).status_code == 200
    assert cc.engine.operator_leg_answered(_party_token(cc, ref, "op2"))
    cc.engine.load()  # what a restarted api rebuilds from the rows
    assert cc.api.post(f"/calls/{call_id}/merge", op1).status_code == 204
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", cc.ids["op2"])
    assert _transfers(cc, call_id) == [("consult", "merged", cc.ids["op2"], None, True)]
