"""The queue panel, call control over the api, history and topics, and who receives the call events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, SUPPORT_NUMBER, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _events(cc: CC, login: str, types: set[str]) -> list[dict[str, Any]]:
    """Every event of ``types`` the user's stream delivers, read up to the first heartbeat."""
    token = cc.tokens[login]
    found: list[dict[str, Any]] = []
    with cc.api.client.websocket_connect("/api/v1/events?after=0", headers=cc.api.auth(token)) as ws:
        while (frame := ws.receive_json())["kind"] != "heartbeat":
            if frame["kind"] == "event" and frame["type"] in types:
                found.append(frame)
    return found


def test_queue_lists_waiting_calls_of_the_users_groups_with_hidden_numbers_masked(cc: CC) -> None:
    op1, op4 = cc.session("op1", status="break"), cc.session("op4", status="break")
    cc.clock.advance(seconds=5)
    cc.arrive(caller="+79990000001")
    cc.arrive(caller="+79990000002", hidden=True)
    cc.arrive(SUPPORT_NUMBER, caller="+79990000003")
    mine = cc.api.get("/queue", op1).json()["calls"]
    assert [(c["caller"], c["queue"], c["state"]) for c in mine] == [
        ("+79990000001", "Продажи", "queued"),
        ("Номер скрыт", "Продажи", "queued"),
    ]
    assert mine[0]["waiting_since"].startswith("2026-03-02T09:00:05")
    assert [c["caller"] for c in cc.api.get("/queue", op4).json()["calls"]] == ["+79990000003"]
    assert len(cc.api.get("/queue", cc.session("admin")).json()["calls"]) == 3


def test_queue_shows_whom_a_call_is_ringing_at(cc: CC) -> None:
    op1 = cc.session("op1")
    cc.arrive()
    assert cc.api.get("/queue", op1).json()["calls"][0]["offered_to"] == [cc.ids["op1"]]


def test_offer_reaches_only_the_offered_operator_with_its_token(cc: CC) -> None:
    cc.session("op1")
    cc.session("op2", status="break")
    cc.session("supervisor", status="break")
    ref = cc.arrive()
    offered = _events(cc, "op1", {"call.offered"})
    assert [e["data"]["token"] for e in offered] == [cc.token(ref, "op1")]
    assert offered[0]["data"]["worker_uri"] == cc.switch.worker_uri(ref)
    assert _events(cc, "op2", {"call.offered"}) == []
    assert _events(cc, "supervisor", {"call.offered"}) == []
    assert len(_events(cc, "op2", {"queue.changed"})) >= 1


def test_answer_over_the_api_gives_the_worker_and_the_leg_bridges(cc: CC) -> None:
    op1 = cc.session("op1")
    ref = cc.arrive()
    offer_id = next(iter(cc.engine.state.offers))
    answer = cc.api.post(f"/offers/{offer_id}/answer", op1)
    assert answer.json()["worker_uri"] == cc.switch.worker_uri(ref)
    assert cc.api.post(f"/offers/{offer_id}/answer", cc.session("op2")).status_code == 404
    assert cc.answer(ref, "op1")
    assert [c.args for c in cc.switch.named("bridge")] == [(cc.ids["op1"],)]


@pytest.mark.parametrize(
    ("login", "status"), [("op1", 204), ("op2", 403), ("supervisor", 204), ("admin", 204)]
)
def test_hang_up_own_call_or_as_supervisor_of_the_operator(cc: CC, login: str, status: int) -> None:
    cc.session("op1")
    ref = cc.arrive()
    assert cc.answer(ref, "op1")
    token = cc.tokens.get(login) or cc.session(login, status="break")
    assert cc.api.post(f"/calls/{cc.call_id(ref)}/hangup", token).status_code == status


def test_supervisor_transfers_only_to_operators_of_groups_in_scope(cc: CC) -> None:
    admin = cc.session("admin")
    outsider = cc.api.post(
        "/employees",
        admin,
        {"login": "outsider", "full_name": "Вне групп", "role": "employee", "password": "PultDemo1"},
    )
    assert outsider.status_code == 201, outsider.text
    cc.session("op1")
    cc.session("op2", status="break")
    supervisor = cc.session("supervisor", status="break")
    ref = cc.arrive()
    assert cc.answer(ref, "op1")
    call = cc.call_id(ref)
    assert (
        cc.api.post(f"/calls/{call}/transfer", supervisor, {"employee_id": outsider.json()["id"]}).status_code
        == 403
    )
    assert (
        cc.api.post(f"/calls/{call}/transfer", supervisor, {"employee_id": cc.ids["op2"]}).status_code == 204
    )
    assert cc.ringing(ref) == ["op2"]


def test_hold_resume_and_the_history_row(cc: CC) -> None:
    op1 = cc.session("op1")
    admin = cc.session("admin")
    topic = cc.api.post("/topics", admin, {"name": "Возврат"}).json()["id"]
    cc.clock.advance(seconds=4)
    ref = cc.arrive(caller="+79990000077")
    cc.clock.advance(seconds=6)
    assert cc.answer(ref, "op1")
    call = cc.call_id(ref)
    cc.clock.advance(seconds=10)
    assert cc.api.post(f"/calls/{call}/hold", op1).status_code == 204
    assert cc.api.post(f"/calls/{call}/hold", op1).status_code == 409
    cc.clock.advance(seconds=5)
    assert cc.api.post(f"/calls/{call}/resume", op1).status_code == 204
    cc.clock.advance(seconds=15)
    cc.engine.customer_hung_up(ref)
    assert (
        cc.api.post(f"/calls/{call}/wrapup", op1, {"topic_ids": [topic], "comment": "вернули"}).status_code
        == 204
    )
    assert cc.api.post(f"/calls/{call}/wrapup", cc.session("op2"), {"topic_ids": []}).status_code == 403
    [row] = cc.api.get("/history", op1).json()["items"]
    assert {k: row[k] for k in ("caller", "queue", "state", "operators", "wait_seconds", "talk_seconds")} == {
        "caller": "+79990000077",
        "queue": "Продажи",
        "state": "ended",
        "operators": [cc.ids["op1"]],
        "wait_seconds": 6.0,
        "talk_seconds": 30.0,
    }
    assert (row["hold_seconds"], row["topic_ids"], row["comment"]) == (5.0, [topic], "вернули")
    assert [c.name for c in cc.switch.commands if c.name in ("hold", "resume")] == ["hold", "resume"]
    assert cc.api.get("/history", cc.session("op4")).json()["items"] == []
    assert len(cc.api.get("/history", admin).json()["items"]) == 1


def test_topics_are_edited_by_those_with_the_right(cc: CC) -> None:
    assert cc.api.post("/topics", cc.session("op1"), {"name": "Новая"}).status_code == 403
    names = [t["name"] for t in cc.api.get("/topics", cc.tokens["op1"]).json()["items"]]
    assert "Консультация" in names


def test_distribution_settings_are_for_administrators(cc: CC) -> None:
    group = cc.groups["Продажи"]
    assert cc.api.get(f"/groups/{group}/distribution", cc.session("op1")).status_code == 403
    admin = cc.session("admin")
    bad = cc.api.put(f"/groups/{group}/distribution", admin, {"wrapup_seconds": 10, "wrapup_status": "nope"})
    assert bad.status_code == 422
    assert cc.api.get(f"/groups/{group}/distribution", admin).json()["algorithm"] == "longest_idle"
