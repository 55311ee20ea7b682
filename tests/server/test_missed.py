"""Missed calls: who misses a call, who sees it (MW-27..29, TP-35), and removal for everyone (MW-30)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, SALES_NUMBER, open_cc
from tests.server.conftest import FakeClock

CALLER = "+79991112233"


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _missed(cc: CC, login: str) -> dict[str, Any]:
    token = cc.tokens.get(login) or cc.session(login, status="break")
    body: dict[str, Any] = cc.api.get("/missed", token).json()
    return body


def _group_view(cc: CC, login: str) -> dict[str, list[tuple[str, str]]]:
    """Group name → (caller, arrival HH:MM) of the group missed calls the user sees."""
    names = {v: k for k, v in cc.groups.items()}
    return {
        names.get(g["group_id"], "IVR"): [(i["caller"], i["arrived_at"][11:16]) for i in g["items"]]
        for g in _missed(cc, login)["groups"]
    }


def _abandon_via_two_groups(cc: CC, caller: str) -> None:
    """A call answered in «Продажи», passed to the «Поддержка» queue, where the caller gives up."""
    ref = cc.arrive(caller=caller)
    assert cc.answer(ref, "op1")
    assert (
        cc.api.post(
            f"/calls/{cc.call_id(ref)}/transfer", cc.tokens["op1"], {"group_id": cc.groups["Поддержка"]}
        ).status_code
        == 204
    )
    cc.engine.customer_hung_up(ref)


def test_mw29_worked_example_last_call_wins(cc: CC) -> None:
    cc.clock.now = cc.clock.now.replace(hour=12, minute=0)
    cc.session("op1")
    for login in ("op2", "op4", "supervisor", "admin"):
        cc.session(login, status="break")
    _abandon_via_two_groups(cc, CALLER)
    # 12:00 — groups A («Продажи») and B («Поддержка») missed the call.
    assert _group_view(cc, "op2") == {"Продажи": [(CALLER, "12:00")]}
    assert _group_view(cc, "op4") == {"Поддержка": [(CALLER, "12:00")]}
    assert _group_view(cc, "admin") == {"Продажи": [(CALLER, "12:00")], "Поддержка": [(CALLER, "12:00")]}
    # 12:10 — group A alone misses another call from the same caller.
    cc.clock.now = cc.clock.now.replace(minute=10)
    cc.api.put("/me/status", cc.tokens["op1"], {"status": "break"})
    cc.engine.customer_hung_up(cc.arrive(caller=CALLER))
    assert _group_view(cc, "op4") == {}
    assert _group_view(cc, "op2") == {"Продажи": [(CALLER, "12:10")]}
    assert _group_view(cc, "supervisor") == {"Продажи": [(CALLER, "12:10")]}
    assert _group_view(cc, "admin") == {"Продажи": [(CALLER, "12:10")]}


def test_group_missed_calls_follow_membership_at_the_moment_of_viewing(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller=CALLER))
    assert _missed(cc, "op4")["total"] == 0
    admin = cc.session("admin")
    members = [{"employee_id": cc.ids["op4"], "supervisor": False}]
    cc.api.put(f"/groups/{cc.groups['Продажи']}/members", admin, {"members": members})
    assert _missed(cc, "op4")["total"] == 1


def test_answering_the_caller_removes_their_missed_calls_from_every_list(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller=CALLER))
    cc.engine.customer_hung_up(cc.arrive("74950000002", caller=CALLER))
    assert _missed(cc, "admin")["total"] == 1  # last call wins: only «Поддержка» now
    cc.session("op1")
    assert cc.answer(cc.arrive(caller=CALLER), "op1")
    assert _missed(cc, "admin")["total"] == 0
    assert _missed(cc, "op4")["total"] == 0


def test_an_outgoing_call_to_the_caller_removes_their_missed_calls(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller=CALLER))
    cc.engine.outbound_call_started(tenant_id=cc.tenant_id, employee_id=cc.ids["op2"], number=CALLER)
    assert _missed(cc, "op2")["total"] == 0


def test_personal_missed_call_is_seen_by_the_employee_their_supervisor_and_admin(cc: CC) -> None:
    cc.session("op1")
    cc.session("op2", status="break")
    ref = cc.arrive(caller=CALLER)
    assert cc.answer(ref, "op1")
    cc.api.post(f"/calls/{cc.call_id(ref)}/transfer", cc.tokens["op1"], {"employee_id": cc.ids["op2"]})
    cc.engine.customer_hung_up(ref)
    seen = {login: [i["employee_id"] for i in _missed(cc, login)["personal"]] for login in
            ("op2", "op1", "op4", "supervisor", "admin")}  # fmt: skip
    op2 = cc.ids["op2"]
    assert seen == {"op2": [op2], "op1": [], "op4": [], "supervisor": [op2], "admin": [op2]}
    assert _missed(cc, "op2")["groups"] == []


def test_ivr_missed_calls_are_shown_to_everyone_on_top(cc: CC) -> None:
    admin = cc.session("admin")
    cc.api.post("/queue-numbers", admin, {"number": "74950000099", "comment": "Меню"})
    cc.engine.customer_hung_up(cc.arrive(caller="+79990000001"))
    cc.engine.customer_hung_up(cc.arrive("74950000099", caller=CALLER))
    assert list(_group_view(cc, "op2")) == ["IVR", "Продажи"]
    assert _group_view(cc, "op4") == {"IVR": [(CALLER, "09:00")]}


def test_hidden_numbers_are_listed_as_hidden_and_never_merged(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(hidden=True))
    cc.engine.customer_hung_up(cc.arrive(hidden=True))
    view = _missed(cc, "op1")
    assert [i["caller"] for i in view["groups"][0]["items"]] == ["Номер скрыт", "Номер скрыт"]


def test_tp35_days_per_group_hide_older_missed_calls(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller="+79990000001"))
    cc.engine.customer_hung_up(cc.arrive("74950000002", caller="+79990000002"))
    cc.clock.advance(days=2)
    admin = cc.session("admin")
    rule = {"items": [{"target": f"group:{cc.groups['Продажи']}", "days": 1}]}
    assert cc.api.put("/settings/missed-rules", admin, rule).status_code == 200
    assert list(_group_view(cc, "admin")) == ["Поддержка"]
    assert cc.api.put("/settings/missed-rules", cc.session("op1"), rule).status_code == 403


def test_missed_calls_older_than_seven_days_are_not_listed(cc: CC) -> None:
    cc.engine.customer_hung_up(cc.arrive(SALES_NUMBER))
    cc.clock.advance(days=7, seconds=1)
    view = _missed(cc, "op1")
    assert (view["total"], view["last_7_days"]) == (0, 0)


@pytest.mark.parametrize(("login", "allowed"), [("op1", False), ("supervisor", True), ("admin", True)])
def test_cancel_needs_the_cancel_callback_right(cc: CC, login: str, allowed: bool) -> None:
    cc.engine.customer_hung_up(cc.arrive(caller=CALLER))
    missed_id = _missed(cc, "admin")["groups"][0]["items"][0]["id"]
    answer = cc.api.post(f"/missed/{missed_id}/cancel", cc.tokens.get(login) or cc.session(login))
    assert answer.status_code == (204 if allowed else 403)
    assert _missed(cc, "admin")["total"] == (0 if allowed else 1)
