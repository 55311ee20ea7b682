"""CH-08: the call history of one employee or of one group, the choices offered by role, and a filter
outside the user's scope refused with the permission named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from app.server.core.db import Database
from app.server.models import GroupMember, OutboundCall
from tests.server.cc import CC, SALES_NUMBER, SUPPORT_NUMBER, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _talk(cc: CC, number: str, caller: str, login: str) -> int:
    ref = cc.arrive(number, caller)
    cc.clock.advance(seconds=2)
    assert cc.answer(ref, login)
    cc.clock.advance(seconds=5)
    cc.engine.customer_hung_up(ref)
    cc.clock.advance(seconds=1)
    return cc.call_id(ref)


def _call_out(cc: CC, login: str, number: str) -> int:
    with cc.engine._db.transaction() as session:
        out = OutboundCall(
            tenant_id=cc.tenant_id,
            employee_id=cc.ids[login],
            trunk_id=None,
            switch_ref=f"out-{login}-{number}",
            number=number,
            caller_id="74957654321",
            started_at=cc.clock(),
            answered_at=None,
            ended_at=cc.clock(),
            end_reason="no_answer",
        )
        session.add(out)
        session.flush()
        out_id = out.id
    cc.clock.advance(seconds=1)
    return -out_id


def _ids(cc: CC, token: str, query: str = "") -> list[int]:
    response = cc.api.get(f"/history{query}", token)
    assert response.status_code == 200, response.text
    return [row["call_id"] for row in response.json()["items"]]


@pytest.fixture
def calls(cc: CC) -> dict[str, int]:
    for login in ("op1", "op2", "op3", "op4", "op5", "supervisor", "admin"):
        cc.session(login, status="online" if login in ("op1", "op4") else "break")
    return {
        "sales_op1": _talk(cc, SALES_NUMBER, "+79990000001", "op1"),
        "support_op4": _talk(cc, SUPPORT_NUMBER, "+79990000002", "op4"),
        "out_op1": _call_out(cc, "op1", "79161110001"),
        "out_op2": _call_out(cc, "op2", "79161110002"),
        "out_op4": _call_out(cc, "op4", "79161110004"),
    }


def test_an_employee_sees_their_own_calls_and_may_choose_only_themselves(
    cc: CC, calls: dict[str, int]
) -> None:
    op1 = cc.tokens["op1"]
    page = cc.api.get("/history", op1).json()
    assert [c["id"] for c in page["employees"]] == [cc.ids["op1"]]
    assert page["groups"] == []  # «По группе» is not for role «Сотрудник»
    assert _ids(cc, op1, f"?employee_id={cc.ids['op1']}") == [calls["out_op1"], calls["sales_op1"]]
    refused = cc.api.get(f"/history?employee_id={cc.ids['op2']}", op1)
    assert refused.status_code == 403
    assert refused.json()["detail"]["permission"] == "reports.incoming_service"
    refused = cc.api.get(f"/history?group_id={cc.groups['Продажи']}", op1)
    assert refused.status_code == 403
    assert refused.json()["detail"]["permission"] == "reports.incoming_service"


def test_a_supervisor_filters_by_employee_and_by_group(cc: CC, calls: dict[str, int]) -> None:
    boss = cc.tokens["supervisor"]
    page = cc.api.get("/history", boss).json()
    assert {c["name"] for c in page["groups"]} == {"Продажи", "Поддержка"}
    assert {cc.ids[x] for x in ("op1", "op2", "op3", "op4", "op5", "supervisor")} <= {
        c["id"] for c in page["employees"]
    }
    assert "admin" not in {c["id"] for c in page["employees"]}
    assert _ids(cc, boss, f"?employee_id={cc.ids['op4']}") == [calls["out_op4"], calls["support_op4"]]
    # The group's queue calls, and the calls out of its members (op1, op2, op3 in «Продажи»).
    assert _ids(cc, boss, f"?group_id={cc.groups['Продажи']}") == [
        calls["out_op2"],
        calls["out_op1"],
        calls["sales_op1"],
    ]
    assert _ids(cc, boss, f"?group_id={cc.groups['Поддержка']}") == [calls["out_op4"], calls["support_op4"]]
    assert cc.api.get(f"/history?employee_id={cc.ids['admin']}", boss).status_code == 403
    assert cc.api.get("/history?group_id=999999", boss).status_code == 403


def test_the_group_filter_takes_the_members_as_of_the_request(cc: CC, calls: dict[str, int]) -> None:
    admin = cc.tokens["admin"]
    sales = cc.groups["Продажи"]
    assert calls["out_op2"] in _ids(cc, admin, f"?group_id={sales}")
    with cc.engine._db.transaction() as session:  # op2 leaves «Продажи»
        session.execute(
            delete(GroupMember).where(GroupMember.group_id == sales, GroupMember.employee_id == cc.ids["op2"])
        )
    ids = _ids(cc, admin, f"?group_id={sales}")
    assert calls["out_op2"] not in ids
    assert calls["out_op1"] in ids


def test_the_filter_keeps_the_period_and_the_limit(cc: CC, calls: dict[str, int]) -> None:
    admin = cc.tokens["admin"]
    op1 = cc.ids["op1"]
    assert _ids(cc, admin, f"?employee_id={op1}&limit=1") == [calls["out_op1"]]
    assert _ids(cc, admin, f"?employee_id={op1}&since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z") == []


def test_the_client_service_filters_and_edits_through_the_real_api(cc: CC, calls: dict[str, int]) -> None:
    """``CallHistoryService`` against this app: the server's choices, a group chosen, an edit saved."""
    import asyncio

    import httpx

    from app.services.api import ApiClient
    from app.services.call_history import BY_GROUP, CallHistoryService

    def forward(request: httpx.Request) -> httpx.Response:
        answer = cc.api.client.request(
            request.method, request.url.raw_path.decode(), headers=request.headers, content=request.content
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    api = ApiClient(server="http://testserver", transport=httpx.MockTransport(forward))
    api.token = cc.tokens["supervisor"]
    service = CallHistoryService(
        api=lambda: api,
        spawn=asyncio.run,
        limit=lambda: 100,
        me=lambda: cc.ids["supervisor"],
        now=cc.clock,
    )
    service.refresh()
    assert {c.name for c in service.groups} == {"Продажи", "Поддержка"}
    assert service.rows == ()  # the supervisor's own calls: none
    service.choose(BY_GROUP, cc.groups["Поддержка"])
    assert [r.call_id for r in service.rows] == [calls["out_op4"], calls["support_op4"]]
    failures: list[object] = []
    service.save_failed.connect(failures.append)
    service.save_wrapup(service.rows[1], topic_ids=[], comment="чужой")
    assert len(failures) == 1  # only an operator of the call

    api.token = cc.tokens["op4"]
    service.save_wrapup(service.rows[1], topic_ids=[], comment="перезвонить")
    assert service.rows[1].comment == "перезвонить"
    [row] = [
        r
        for r in cc.api.get("/history", cc.tokens["op4"]).json()["items"]
        if r["call_id"] == calls["support_op4"]
    ]
    assert row["comment"] == "перезвонить"
