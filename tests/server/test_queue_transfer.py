"""«Перевести» on a call waiting in the queue (MW-33): who may, to whom, and that the call really moves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import Call, Transfer
from tests.server.cc import CC, SALES_NUMBER, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _events(cc: CC, login: str, types: set[str]) -> list[dict[str, Any]]:
    """Every event of ``types`` the user's stream delivers, read up to the first heartbeat."""
    found: list[dict[str, Any]] = []
    headers = cc.api.auth(cc.tokens[login])
    with cc.api.client.websocket_connect("/api/v1/events?after=0", headers=headers) as ws:
        while (frame := ws.receive_json())["kind"] != "heartbeat":
            if frame["kind"] == "event" and frame["type"] in types:
                found.append(frame)
    return found


def _waiting(cc: CC) -> tuple[str, int]:
    """A call to «Продажи» waiting while everyone is on a break."""
    for login in ("op1", "op2", "op3", "op4", "op5"):
        cc.session(login, status="break")
    ref = cc.arrive()
    return ref, cc.call_id(ref)


def _call(cc: CC, call_id: int) -> Call:
    with cc.engine._db.reading() as session:
        row = session.get(Call, call_id)
        assert row is not None
        return row


def _transfers(cc: CC, call_id: int) -> list[tuple[int | None, int | None, str | None, str | None]]:
    with cc.engine._db.reading() as session:
        rows = session.execute(
            select(Transfer.to_employee_id, Transfer.to_group_id, Transfer.to_number, Transfer.result)
            .where(Transfer.call_id == call_id)
            .order_by(Transfer.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _transfer(cc: CC, call_id: int, login: str, body: dict[str, Any]) -> Any:
    token = cc.tokens.get(login) or cc.session(login, status="break")
    return cc.api.post(f"/queue/{call_id}/transfer", token, body)


def _online(cc: CC, login: str) -> None:
    response = cc.api.put("/me/status", cc.tokens[login], {"status": "online"})
    assert response.status_code in (200, 204), response.text


@pytest.mark.parametrize(("login", "status"), [("op1", 403), ("supervisor", 204), ("admin", 204)])
def test_only_supervisors_and_administrators_transfer_a_waiting_call(cc: CC, login: str, status: int) -> None:
    _ref, call_id = _waiting(cc)
    answer = _transfer(cc, call_id, login, {"group_id": cc.groups["Поддержка"]})
    assert answer.status_code == status, answer.text
    if status == 403:
        assert answer.json()["detail"]["reason"] == "call_out_of_scope"
        assert _call(cc, call_id).group_id == cc.groups["Продажи"]


def test_a_supervisor_cannot_transfer_to_someone_outside_their_groups(cc: CC) -> None:
    _ref, call_id = _waiting(cc)
    cc.session("admin")
    answer = _transfer(cc, call_id, "supervisor", {"employee_id": cc.ids["admin"]})
    assert answer.status_code == 403
    assert answer.json()["detail"]["reason"] == "target_out_of_scope"
    assert _transfers(cc, call_id) == []


def test_transfer_to_an_operator_offers_them_the_call_and_unanswered_it_returns_to_the_queue(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    _online(cc, "op4")  # «Поддержка» only: the call would never reach them from «Продажи»
    assert cc.ringing(ref) == []
    assert _transfer(cc, call_id, "supervisor", {"employee_id": cc.ids["op4"]}).status_code == 204
    assert cc.ringing(ref) == ["op4"]
    offered = _events(cc, "op4", {"call.offered"})
    assert [(e["data"]["call_id"], e["data"]["kind"]) for e in offered] == [(call_id, "transfer")]
    assert offered[0]["data"]["token"] == cc.token(ref, "op4")
    assert _call(cc, call_id).state == "transferring"
    cc.tick(seconds=25)
    assert cc.ringing(ref) == []
    assert _call(cc, call_id).state == "queued"
    queue = cc.api.get("/queue", cc.tokens["op1"]).json()["calls"]
    assert [c["call_id"] for c in queue] == [call_id]
    assert _transfers(cc, call_id) == [(cc.ids["op4"], None, None, "no_answer")]


def test_transfer_to_an_operator_who_answers_bridges_them(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    _online(cc, "op4")
    assert _transfer(cc, call_id, "admin", {"employee_id": cc.ids["op4"]}).status_code == 204
    assert cc.answer(ref, "op4")
    row = _call(cc, call_id)
    assert (row.state, row.operator_id) == ("talking", cc.ids["op4"])


def test_transfer_to_a_group_moves_the_call_to_its_queue_and_a_free_operator_there_is_offered_it(
    cc: CC,
) -> None:
    ref, call_id = _waiting(cc)
    arrived = _call(cc, call_id).queued_at
    _online(cc, "op5")
    assert _transfer(cc, call_id, "supervisor", {"group_id": cc.groups["Поддержка"]}).status_code == 204
    assert cc.ringing(ref) == ["op5"]
    assert [e["data"]["call_id"] for e in _events(cc, "op5", {"call.offered"})] == [call_id]
    row = _call(cc, call_id)
    assert (row.group_id, row.queued_at) == (cc.groups["Поддержка"], arrived)
    assert _transfers(cc, call_id) == [(None, cc.groups["Поддержка"], None, "queued")]
    # An operator of «Продажи» only no longer sees it; one of «Поддержка» does.
    assert cc.api.get("/queue", cc.tokens["op1"]).json()["calls"] == []
    assert [c["call_id"] for c in cc.api.get("/queue", cc.tokens["op4"]).json()["calls"]] == [call_id]


def test_a_call_ringing_at_an_operator_stops_ringing_there_when_moved(cc: CC) -> None:
    cc.session("op1")
    cc.session("op5", status="break")
    ref = cc.arrive()
    call_id = cc.call_id(ref)
    assert cc.ringing(ref) == ["op1"]
    assert _transfer(cc, call_id, "admin", {"group_id": cc.groups["Поддержка"]}).status_code == 204
    assert cc.ringing(ref) == []
    assert ("op1", "withdrawn") in cc.offer_results(ref)
    assert _call(cc, call_id).state == "queued"


def test_bad_input_is_refused_with_a_reason_and_changes_nothing(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    both = _transfer(cc, call_id, "admin", {"employee_id": cc.ids["op4"], "group_id": cc.groups["Поддержка"]})
    assert both.status_code == 422
    assert _transfer(cc, call_id, "admin", {}).status_code == 422
    assert _transfer(cc, call_id, "admin", {"number": "call me"}).status_code == 422
    assert _transfer(cc, call_id, "admin", {"employee_id": 999_999}).status_code == 404
    assert _transfer(cc, call_id, "admin", {"group_id": 999_999}).status_code == 404
    assert _transfer(cc, 999_999, "admin", {"group_id": cc.groups["Поддержка"]}).status_code == 404
    same = _transfer(cc, call_id, "admin", {"group_id": cc.groups["Продажи"]})
    assert (same.status_code, same.json()["detail"]["reason"]) == (409, "same_group")
    assert _transfers(cc, call_id) == []
    assert cc.ringing(ref) == []


def test_a_busy_or_signed_out_operator_is_refused_as_target(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    _online(cc, "op4")
    other = cc.arrive(caller="+79990000077")
    assert _transfer(cc, cc.call_id(other), "admin", {"employee_id": cc.ids["op4"]}).status_code == 204
    busy = _transfer(cc, call_id, "admin", {"employee_id": cc.ids["op4"]})  # the other call rings there
    assert (busy.status_code, busy.json()["detail"]["reason"]) == (409, "target_busy")
    cc.api.post("/auth/logout", cc.tokens["op5"])
    gone = _transfer(cc, call_id, "admin", {"employee_id": cc.ids["op5"]})
    assert (gone.status_code, gone.json()["detail"]["reason"]) == (409, "target_busy")
    assert cc.ringing(ref) == []


def test_a_call_in_conversation_is_not_a_queue_call(cc: CC) -> None:
    cc.session("op1")
    ref = cc.arrive()
    assert cc.answer(ref, "op1")
    answer = _transfer(cc, cc.call_id(ref), "admin", {"group_id": cc.groups["Поддержка"]})
    assert (answer.status_code, answer.json()["detail"]["reason"]) == (409, "not_waiting")


def test_a_phone_number_without_a_line_is_refused_clearly(cc: CC) -> None:
    _ref, call_id = _waiting(cc)
    answer = _transfer(cc, call_id, "admin", {"number": "74955555555"})
    assert answer.status_code == 409
    assert answer.json()["detail"]["reason"] == "no_line"
    assert _transfers(cc, call_id) == []


def test_a_sip_address_is_dialled_and_answered_connects_the_caller(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    uri = "sip:expert@127.0.0.1:5099"
    assert _transfer(cc, call_id, "admin", {"number": uri}).status_code == 204
    assert cc.switch.named("dial_party")[-1].args == (uri,)
    assert [c["state"] for c in cc.api.get("/queue", cc.tokens["op1"]).json()["calls"]] == ["transferring"]
    cc.engine.party_answered(ref)
    assert cc.switch.named("merge")[-1].args == (None,)
    assert _call(cc, call_id).state == "talking"
    assert _transfers(cc, call_id) == [(None, None, uri, "merged")]


def test_a_sip_address_that_fails_returns_the_call_to_its_queue(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    uri = "sip:nobody@127.0.0.1:5099"
    assert _transfer(cc, call_id, "admin", {"number": uri}).status_code == 204
    cc.engine.party_ended(ref, "486 Busy Here")
    assert _call(cc, call_id).state == "queued"
    assert [c["call_id"] for c in cc.api.get("/queue", cc.tokens["op1"]).json()["calls"]] == [call_id]
    assert _transfers(cc, call_id) == [(None, None, uri, "failed")]


def test_a_phone_number_goes_out_through_the_line_of_the_number_the_caller_dialled(cc: CC) -> None:
    ref, call_id = _waiting(cc)
    body = {"name": "Город", "host": "sip.carrier.example:5070", "username": "trunk-user",
            "password": "s3cret", "caller_ids": ["74957654321", SALES_NUMBER]}  # fmt: skip
    created = cc.api.post("/trunks", cc.session("admin"), body)
    assert created.status_code == 201, created.text
    assert _transfer(cc, call_id, "admin", {"number": "79161234567"}).status_code == 204
    assert cc.switch.named("dial_party")[-1].args == (
        "sip:79161234567@sip.carrier.example:5070",
        created.json()["id"],
        SALES_NUMBER,
        "",
    )
    cc.engine.party_answered(ref)
    assert _call(cc, call_id).state == "talking"
    assert _transfers(cc, call_id) == [(None, None, "79161234567", "merged")]
