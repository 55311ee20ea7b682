"""Distribution (ACD): algorithms, eligibility by status, ring timeout, vanishing operators, post-call work,
offer tokens, intercept. The switch's entry points are driven directly, the operators' side via the api."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import CallbackOrder, Employee, PostCallWork
from tests.server.cc import CC, SALES_NUMBER, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _online(cc: CC, *logins: str) -> None:
    for login in logins:
        cc.session(login)
        cc.clock.advance(seconds=1)


def test_longest_idle_offers_the_operator_free_longest(cc: CC) -> None:
    _online(cc, "op2", "op1")
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op2"]


def test_round_robin_moves_on_even_when_the_last_operator_is_free_again(cc: CC) -> None:
    cc.distribution("Продажи", algorithm="round_robin")
    _online(cc, "op1", "op2", "op3")
    first = cc.arrive()
    assert cc.ringing(first) == ["op1"]
    assert cc.answer(first, "op1")
    cc.engine.customer_hung_up(first)
    assert cc.ringing(cc.arrive(caller="+79990000002")) == ["op2"]


def test_ring_all_offers_everyone_free_and_the_first_answer_withdraws_the_rest(cc: CC) -> None:
    cc.distribution("Продажи", algorithm="ring_all")
    _online(cc, "op1", "op2", "op3")
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op1", "op2", "op3"]
    assert cc.answer(ref, "op2")
    assert sorted(cc.offer_results(ref)) == [("op1", "withdrawn"), ("op2", "answered"), ("op3", "withdrawn")]


def test_priority_offers_the_highest_priority_operator_in_the_group(cc: CC) -> None:
    cc.distribution("Продажи", algorithm="priority", priorities={cc.ids["op1"]: 1, cc.ids["op3"]: 5})
    _online(cc, "op1", "op2", "op3")
    assert cc.ringing(cc.arrive()) == ["op3"]


@pytest.mark.parametrize("status", ["break", "outbound", "dnd"])
def test_statuses_without_group_calls_are_not_offered(cc: CC, status: str) -> None:
    _online(cc, "op1", "op2")
    cc.api.put("/me/status", cc.tokens["op1"], {"status": status})
    assert cc.ringing(cc.arrive()) == ["op2"]


def test_an_operator_returning_on_line_gets_the_waiting_call_at_once(cc: CC) -> None:
    cc.session("op1", status="break")
    ref = cc.arrive()
    assert cc.ringing(ref) == []
    cc.api.put("/me/status", cc.tokens["op1"], {"status": "all_calls"})
    assert cc.ringing(ref) == ["op1"]


def test_custom_status_follows_its_group_calls_flag(cc: CC) -> None:
    admin = cc.session("admin")
    key = cc.api.post("/statuses", admin, {"name": "Обучение", "color": "purple"}).json()["key"]
    cc.session("op1")
    with cc.engine._db.transaction() as session:  # supervisors may set it; here the fact is what matters
        employee = session.execute(select(Employee).where(Employee.id == cc.ids["op1"])).scalar_one()
        employee.status = key
    cc.engine.operators_changed([cc.ids["op1"]])
    ref = cc.arrive()
    assert cc.ringing(ref) == []
    cc.api.patch(f"/statuses/{key}", admin, {"receives_group_calls": True})
    assert cc.ringing(ref) == ["op1"]


def test_with_status_not_considered_a_break_still_gets_group_calls(cc: CC) -> None:
    with cc.engine._db.transaction() as session:
        session.execute(
            select(Employee).where(Employee.id == cc.ids["op1"])
        ).scalar_one().consider_status = False
    cc.engine.operators_changed([cc.ids["op1"]])  # what an employee-card change marks (acd_signals)
    cc.session("op1", status="break")
    assert cc.ringing(cc.arrive()) == ["op1"]


def test_ring_timeout_moves_the_call_to_the_next_operator(cc: CC) -> None:
    cc.distribution("Продажи", ring_timeout_seconds=15)
    _online(cc, "op1", "op2")
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op1"]
    cc.tick(seconds=14)
    assert cc.ringing(ref) == ["op1"]
    cc.tick(seconds=1)
    assert cc.ringing(ref) == ["op2"]
    assert cc.offer_results(ref)[0] == ("op1", "timeout")


def test_rejecting_moves_the_call_on_and_the_rejecter_is_asked_last(cc: CC) -> None:
    _online(cc, "op1", "op2")
    ref = cc.arrive()
    offer_id = next(o.id for o in cc.engine.state.offers.values() if o.employee_id == cc.ids["op1"])
    assert cc.api.post(f"/offers/{offer_id}/reject", cc.tokens["op1"]).status_code == 204
    assert cc.ringing(ref) == ["op2"]


def test_operator_vanishing_while_ringing_passes_the_call_on(cc: CC) -> None:
    _online(cc, "op1", "op2")
    ref = cc.arrive()
    cc.api.post("/auth/logout", cc.tokens["op1"])
    assert cc.ringing(ref) == ["op2"]
    assert cc.offer_results(ref)[0] == ("op1", "operator_vanished")


def test_talking_operator_is_not_offered_another_call(cc: CC) -> None:
    _online(cc, "op1", "op2")
    first = cc.arrive()
    assert cc.answer(first, "op1")
    assert cc.ringing(cc.arrive(caller="+79990000002")) == ["op2"]
    third = cc.arrive(caller="+79990000003")
    assert cc.ringing(third) == []


def test_post_call_work_blocks_offers_until_its_timer_ends(cc: CC) -> None:
    cc.distribution("Продажи", wrapup_seconds=30, wrapup_status="break")
    cc.session("op1")
    first = cc.arrive()
    assert cc.answer(first, "op1")
    cc.engine.customer_hung_up(first)
    assert cc.api.get("/me", cc.tokens["op1"]).json()["status"] == "break"
    second = cc.arrive(caller="+79990000002")
    cc.tick(seconds=29)
    assert cc.ringing(second) == []
    cc.tick(seconds=1)
    assert cc.api.get("/me", cc.tokens["op1"]).json()["status"] == "online"
    assert cc.ringing(second) == ["op1"]


def test_ready_for_work_ends_post_call_work_early(cc: CC) -> None:
    cc.distribution("Продажи", wrapup_seconds=300)
    cc.session("op1")
    first = cc.arrive()
    assert cc.answer(first, "op1")
    cc.engine.customer_hung_up(first)
    second = cc.arrive(caller="+79990000002")
    assert cc.ringing(second) == []
    assert cc.api.post("/me/ready", cc.tokens["op1"]).status_code == 204
    assert cc.ringing(second) == ["op1"]
    with cc.engine._db.reading() as session:
        assert session.execute(select(PostCallWork.end_reason)).scalars().all() == ["ready"]


def test_longest_post_call_time_of_the_operators_groups_wins(cc: CC) -> None:
    cc.distribution("Продажи", wrapup_seconds=10)
    cc.distribution("Поддержка", wrapup_seconds=60, wrapup_status="dnd")
    cc.session("op3")
    ref = cc.arrive()
    assert cc.answer(ref, "op3")
    cc.engine.customer_hung_up(ref)
    with cc.engine._db.reading() as session:
        work = session.execute(select(PostCallWork)).scalar_one()
    assert (work.due_at - work.started_at).total_seconds() == 60
    assert work.status == "dnd"


def test_deleted_custom_wrapup_status_falls_back_to_do_not_disturb(cc: CC) -> None:
    admin = cc.session("admin")
    key = cc.api.post("/statuses", admin, {"name": "Обработка", "color": "purple"}).json()["key"]
    cc.distribution("Продажи", wrapup_seconds=30, wrapup_status=key)
    cc.api.delete(f"/statuses/{key}", admin)
    cc.session("op1")
    ref = cc.arrive()
    assert cc.answer(ref, "op1")
    cc.engine.customer_hung_up(ref)
    assert cc.api.get("/me", cc.tokens["op1"]).json()["status"] == "dnd"


def test_forged_replayed_and_expired_tokens_are_refused_and_logged(
    cc: CC, capsys: pytest.CaptureFixture[str]
) -> None:
    _online(cc, "op1")
    ref = cc.arrive()
    capsys.readouterr()
    assert cc.engine.operator_leg_answered("forged-" + "x" * 40) is False
    token = cc.token(ref, "op1")
    assert cc.engine.operator_leg_answered(token) is True
    assert cc.engine.operator_leg_answered(token) is False
    cc.engine.customer_hung_up(ref)
    late = cc.arrive(caller="+79990000002")
    late_token = cc.token(late, "op1")
    cc.clock.advance(seconds=21)
    assert cc.engine.operator_leg_answered(late_token) is False
    log = capsys.readouterr().err
    reasons = [line for line in log.splitlines() if "acd.offer_token_refused" in line]
    assert ['"forged"' in reasons[0], '"replayed"' in reasons[1], '"expired"' in reasons[2]] == [True] * 3
    assert [c.args for c in cc.switch.named("bridge")] == [(cc.ids["op1"],)]


def test_intercept_offers_the_call_out_of_turn_and_returns_it_unanswered(cc: CC) -> None:
    cc.session("op1", status="break")
    op2 = cc.session("op2", status="break")
    ref = cc.arrive()
    call_id = cc.call_id(ref)
    assert cc.api.post(f"/calls/{call_id}/intercept", op2).status_code == 204
    assert cc.ringing(ref) == ["op2"]
    cc.tick(seconds=20)
    assert cc.ringing(ref) == []
    assert [c["call_id"] for c in cc.api.get("/queue", op2).json()["calls"]] == [call_id]


@pytest.mark.parametrize(
    ("login", "allowed"), [("op2", True), ("op4", False), ("supervisor", True), ("admin", True)]
)
def test_intercept_needs_the_queue_right_for_the_calls_group(cc: CC, login: str, allowed: bool) -> None:
    token = cc.session(login, status="break")
    call_id = cc.call_id(cc.arrive())
    answer = cc.api.post(f"/calls/{call_id}/intercept", token)
    assert answer.status_code == (204 if allowed else 403)


def test_max_wait_with_callback_fallback_leaves_a_callback_order(cc: CC) -> None:
    cc.distribution("Продажи", max_wait_seconds=60, fallback="callback")
    ref = cc.arrive(caller="+79990000042")
    cc.tick(seconds=60)
    with cc.engine._db.reading() as session:
        assert session.execute(select(CallbackOrder.phone)).scalars().all() == ["+79990000042"]
    assert [c.args for c in cc.switch.named("hangup") if c.call_ref == ref] == [("max_wait",)]


def test_engine_rebuilt_from_the_database_keeps_waiting_and_ringing_calls(cc: CC) -> None:
    _online(cc, "op1")
    ringing = cc.arrive()
    waiting = cc.arrive(SALES_NUMBER, caller="+79990000002")
    cc.engine.load()
    assert cc.answer(ringing, "op1")
    cc.engine.customer_hung_up(ringing)
    assert cc.ringing(waiting) == ["op1"]


def test_logout_during_post_call_work_stops_it_for_good(cc: CC) -> None:
    cc.distribution("Продажи", wrapup_seconds=300, wrapup_status="break")
    cc.session("op1")
    first = cc.arrive()
    assert cc.answer(first, "op1")
    cc.engine.customer_hung_up(first)
    cc.api.post("/auth/logout", cc.tokens["op1"])
    with cc.engine._db.reading() as session:
        assert session.execute(select(PostCallWork.end_reason)).scalars().all() == ["logout"]
    assert cc.api.login("op1", status="keep")["me"]["status"] == "online"
    assert cc.ringing(cc.arrive(caller="+79990000002")) == ["op1"]


def test_a_failed_operator_leg_puts_the_customer_back_at_the_front_of_the_queue(cc: CC) -> None:
    cc.session("op1")
    first = cc.arrive()
    second = cc.arrive(caller="+79990000002")
    assert cc.answer(first, "op1")
    cc.engine.leg_failed(first, cc.ids["op1"], "network")
    assert cc.ringing(first) == ["op1"]
    assert cc.ringing(second) == []
