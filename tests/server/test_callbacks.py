"""Callback orders (MW-35): «Позвонить» locks an order for one employee; release and done."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _order(cc: CC, group: str = "Продажи") -> int:
    answer = cc.api.post(
        "/callbacks", cc.session("admin"), {"phone": "+79990001122", "group_id": cc.groups[group]}
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_claim_locks_the_order_for_everyone_else(cc: CC) -> None:
    order = _order(cc)
    op1, op2 = cc.session("op1"), cc.session("op2")
    assert cc.api.post(f"/callbacks/{order}/claim", op1).json()["locked_by"] == cc.ids["op1"]
    refused = cc.api.post(f"/callbacks/{order}/claim", op2)
    assert refused.status_code == 409
    assert refused.json()["detail"] == {"locked_by": cc.ids["op1"]}
    assert cc.api.post(f"/callbacks/{order}/release", op2).status_code == 409


def test_release_after_no_answer_frees_the_order_and_counts_the_attempt(cc: CC) -> None:
    order = _order(cc)
    op1, op2 = cc.session("op1"), cc.session("op2")
    cc.api.post(f"/callbacks/{order}/claim", op1)
    assert cc.api.post(f"/callbacks/{order}/release", op1).json()["attempts"] == 1
    assert cc.api.post(f"/callbacks/{order}/claim", op2).status_code == 200


def test_done_removes_the_order_from_the_queue(cc: CC) -> None:
    order = _order(cc)
    op1 = cc.session("op1")
    cc.api.post(f"/callbacks/{order}/claim", op1)
    assert cc.api.get("/queue", op1).json()["callbacks"][0]["state"] == "locked"
    cc.api.post(f"/callbacks/{order}/done", op1)
    assert cc.api.get("/queue", op1).json()["callbacks"] == []


def test_orders_are_shown_only_for_queues_in_scope_and_expire_after_14_days(cc: CC) -> None:
    order = _order(cc)
    assert cc.api.get("/queue", cc.session("op4")).json()["callbacks"] == []
    assert cc.api.post(f"/callbacks/{order}/claim", cc.tokens["op4"]).status_code == 404
    op1 = cc.session("op1")
    assert len(cc.api.get("/queue", op1).json()["callbacks"]) == 1
    cc.clock.advance(days=14)
    op1 = cc.session("op1")
    assert cc.api.get("/queue", op1).json()["callbacks"] == []
    assert cc.api.post(f"/callbacks/{order}/claim", op1).status_code == 409


def test_calling_back_removes_the_numbers_missed_calls(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller="+79990001122"))
    op1 = cc.session("op1")
    assert cc.api.get("/missed", op1).json()["total"] == 1
    cc.api.post(f"/callbacks/{_order(cc)}/claim", op1)
    assert cc.api.get("/missed", op1).json()["total"] == 0
