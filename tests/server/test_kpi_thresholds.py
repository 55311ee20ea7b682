"""Thresholds of an employee in several groups (MW-40, spec §3.4): their value is checked against their
own thresholds and those of every group they are in; the worst level wins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _colour(cc: CC, kind: str, object_id: int, code: int) -> Any:
    body = cc.api.get("/kpi", cc.tokens.get("admin") or cc.session("admin")).json()
    return next(
        v["colour"]
        for v in body["values"]
        if (v["kind"], v["object_id"], v["code"]) == (kind, object_id, code)
    )


def _rule(kind: str, object_id: int, level: str, comparator: str, low: float) -> dict[str, Any]:
    return {
        "kind": kind,
        "object_id": object_id,
        "code": 10,
        "level": level,
        "comparator": comparator,
        "low": low,
    }


def test_an_employee_in_two_groups_is_checked_against_both_groups_thresholds(cc: CC) -> None:
    admin = cc.session("admin")
    sales, support = cc.groups["Продажи"], cc.groups["Поддержка"]
    op3, op1 = cc.ids["op3"], cc.ids["op1"]  # op3 is in both groups, op1 only in «Продажи»
    # Accepted calls ≤ 0: yellow for «Продажи», red for «Поддержка».
    rules = [_rule("group", sales, "yellow", "le", 0), _rule("group", support, "red", "le", 0)]
    assert cc.api.put("/kpi/thresholds", admin, {"items": rules}).status_code == 200
    assert _colour(cc, "operator", op3, 10) == "red"
    assert _colour(cc, "operator", op1, 10) == "yellow"
    assert cc.api.delete(f"/kpi/thresholds/group/{support}/10", admin).status_code == 204
    assert _colour(cc, "operator", op3, 10) == "yellow"
    # The employee's own threshold joins in, and red still wins over yellow.
    own = [_rule("operator", op3, "red", "ge", 0)]
    assert cc.api.put("/kpi/thresholds", admin, {"items": own}).status_code == 200
    assert _colour(cc, "operator", op3, 10) == "red"
    assert cc.api.delete(f"/kpi/thresholds/group/{sales}/10", admin).status_code == 204
    assert cc.api.delete(f"/kpi/thresholds/operator/{op3}/10", admin).status_code == 204
    assert _colour(cc, "operator", op3, 10) == "none"
