"""Server KPIs (MW-36..MW-42, spec §3.3/§3.4): formulas over call facts made through the ACD entry
points, thresholds and colours, the per-user selection, who sees what, and the ``kpi.changed`` push."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.protocol.kpi import KPI_CHANGED
from app.server.core.db import Database
from app.server.models import OutboxEvent
from app.server.services.kpi_panel import KpiPusher
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock
from tests.server.test_events import stream, until_heartbeat


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _values(cc: CC, login: str) -> dict[tuple[str, int, int], Any]:
    body = cc.api.get("/kpi", cc.tokens.get(login) or cc.session(login)).json()
    return {(v["kind"], v["object_id"], v["code"]): v for v in body["values"]}


def _value(cc: CC, kind: str, object_id: int, code: int, login: str = "admin") -> Any:
    return _values(cc, login)[kind, object_id, code]["value"]


def _day_of_calls(cc: CC) -> tuple[str, str, str]:
    """A answered at once after 5 s of ringing (talk 10 s); B queued behind it, answered after 12 s
    (talk 40 s); C rang op1 and hung up after 3 s (lost)."""
    cc.session("op1")
    cc.clock.advance(seconds=1)
    a = cc.arrive(caller="+79990000001")
    cc.clock.advance(seconds=5)
    assert cc.answer(a, "op1")
    b = cc.arrive(caller="+79990000002")
    cc.clock.advance(seconds=10)
    cc.engine.customer_hung_up(a)
    cc.clock.advance(seconds=2)
    assert cc.answer(b, "op1")
    cc.clock.advance(seconds=40)
    cc.engine.customer_hung_up(b)
    c = cc.arrive(caller="+79990000003")
    assert cc.ringing(c) == ["op1"]
    cc.clock.advance(seconds=3)
    cc.engine.customer_hung_up(c)
    return a, b, c


def test_call_indicators_follow_the_formulas_for_group_and_cc(cc: CC) -> None:
    _day_of_calls(cc)
    sales = cc.groups["Продажи"]
    for kind, oid in (("cc", 0), ("group", sales)):
        got = {code: _value(cc, kind, oid, code) for code in (1, 2, 6, 7, 8, 9, 10, 11, 16)}
        assert got == {1: 0, 2: 12, 6: 33.3, 7: 12, 8: 66.7, 9: 1, 10: 2, 11: 33.3, 16: 25}, kind
    support = cc.groups["Поддержка"]
    assert _value(cc, "group", support, 10) == 0
    assert _value(cc, "group", support, 11) is None


def test_operator_indicators_count_their_offers_answers_and_talk(cc: CC) -> None:
    _day_of_calls(cc)
    op1 = cc.ids["op1"]
    got = {code: _value(cc, "operator", op1, code) for code in (9, 10, 11, 16, 18)}
    assert got == {9: 1, 10: 2, 11: 33.3, 16: 25, 18: 50.0}
    since_midnight = 9 * 3600 + 61
    assert _value(cc, "operator", op1, 12) == round(100 * 50 / since_midnight, 1)
    assert ("operator", op1, 1) not in _values(cc, "admin")  # indicator 1 is for CC and groups only


def test_queue_and_operator_counts_are_instant(cc: CC) -> None:
    sales = cc.groups["Продажи"]
    cc.session("op1")
    assert _value(cc, "group", sales, 3) == 1
    a = cc.arrive()
    assert cc.answer(a, "op1")
    cc.arrive(caller="+79990000009")
    cc.clock.advance(seconds=7)
    got = {code: _value(cc, "group", sales, code) for code in (1, 2, 3, 4, 5)}
    assert got == {1: 1, 2: 7, 3: 0, 4: 1, 5: 0}
    assert _value(cc, "group", cc.groups["Поддержка"], 1) == 0


def test_thresholds_colour_values_and_red_wins(cc: CC) -> None:
    sales = cc.groups["Продажи"]
    boss = cc.session("supervisor")
    rules = [
        {
            "kind": "group",
            "object_id": sales,
            "code": 1,
            "level": "yellow",
            "comparator": "between",
            "low": 1,
        },
        {"kind": "group", "object_id": sales, "code": 1, "level": "red", "comparator": "ge", "low": 2},
        {
            "kind": "operator",
            "object_id": cc.ids["op1"],
            "code": 10,
            "level": "red",
            "comparator": "le",
            "low": 0,
        },
    ]
    assert cc.api.put("/kpi/thresholds", boss, {"items": rules}).status_code == 200
    colours = lambda: {k: v["colour"] for k, v in _values(cc, "supervisor").items()}  # noqa: E731
    assert colours()["group", sales, 1] == "none"
    assert colours()["operator", cc.ids["op1"], 10] == "red"
    cc.arrive()
    assert colours()["group", sales, 1] == "yellow"
    cc.arrive(caller="+79990000002")
    assert colours()["group", sales, 1] == "red"
    assert cc.api.delete(f"/kpi/thresholds/group/{sales}/1", boss).status_code == 204
    assert colours()["group", sales, 1] == "none"


def test_selection_is_stored_per_user(cc: CC) -> None:
    op1 = cc.session("op1")
    item = {"kind": "operator", "object_id": cc.ids["op1"], "code": 10}
    assert cc.api.put("/me/kpi-selection", op1, {"items": [item, item]}).status_code == 200
    assert cc.api.get("/me/kpi-selection", op1).json() == {"items": [item]}
    assert cc.api.get("/me/kpi-selection", cc.session("op2")).json() == {"items": []}


def test_operator_sees_only_themself_and_cannot_set_thresholds(cc: CC) -> None:
    op1 = cc.session("op1")
    objects = cc.api.get("/kpi", op1).json()["objects"]
    assert [(o["kind"], o["id"]) for o in objects] == [("operator", cc.ids["op1"])]
    group = {"kind": "group", "object_id": cc.groups["Продажи"], "code": 1}
    assert cc.api.put("/me/kpi-selection", op1, {"items": [group]}).status_code == 403
    rule = {**group, "level": "red", "comparator": "ge", "low": 1}
    assert cc.api.put("/kpi/thresholds", op1, {"items": [rule]}).status_code == 403


def test_supervisor_sees_their_groups_and_people_but_not_the_whole_cc(cc: CC) -> None:
    kinds = {(o["kind"], o["id"]) for o in cc.api.get("/kpi", cc.session("supervisor")).json()["objects"]}
    assert ("group", cc.groups["Продажи"]) in kinds
    assert ("operator", cc.ids["op5"]) in kinds
    assert ("cc", 0) not in kinds
    assert ("operator", cc.ids["admin"]) not in kinds
    admin_kinds = {(o["kind"], o["id"]) for o in cc.api.get("/kpi", cc.session("admin")).json()["objects"]}
    assert ("cc", 0) in admin_kinds
    assert ("operator", cc.ids["admin"]) in admin_kinds
    no_group = [
        o for o in cc.api.get("/kpi", cc.session("admin")).json()["objects"] if o["kind"] == "operator"
    ]
    assert next(o for o in no_group if o["id"] == cc.ids["admin"])["group_ids"] == []


def _kpi_events(cc: CC) -> list[OutboxEvent]:
    with cc.engine._db.reading() as session:
        return list(session.execute(select(OutboxEvent).where(OutboxEvent.type == KPI_CHANGED)).scalars())


def _pusher(cc: CC) -> KpiPusher:
    pusher: KpiPusher = cc.api.app.state.kpi
    return pusher


def test_kpi_changed_fires_on_a_change_and_not_without_one(cc: CC) -> None:
    pusher = _pusher(cc)
    assert not pusher.refresh(cc.tenant_id)  # baseline
    assert not pusher.refresh(cc.tenant_id)
    assert _kpi_events(cc) == []
    cc.arrive()
    assert pusher.refresh(cc.tenant_id)
    events = _kpi_events(cc)
    assert len(events) == 1
    assert ["group", cc.groups["Продажи"]] in events[0].data["objects"]
    assert not pusher.refresh(cc.tenant_id)


def test_the_pusher_recomputes_marked_tenants_at_most_every_half_second(cc: CC) -> None:
    pusher = _pusher(cc)
    pusher.tick()  # baseline of every tenant
    cc.arrive()  # its commit marks the tenant
    cc.clock.advance(seconds=0.2)
    pusher.tick()
    assert _kpi_events(cc) == []
    cc.clock.advance(seconds=0.3)
    pusher.tick()
    assert len(_kpi_events(cc)) == 1


def test_supervisor_receives_kpi_changed_on_the_event_stream(cc: CC) -> None:
    boss = cc.session("supervisor")
    pusher = _pusher(cc)
    pusher.refresh(cc.tenant_id)
    cc.arrive()
    pusher.refresh(cc.tenant_id)
    with stream(cc.api, boss) as ws:
        frames = until_heartbeat(ws)
    assert KPI_CHANGED in [f["type"] for f in frames if f["kind"] == "event"]
