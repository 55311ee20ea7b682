"""Status at login (MW-12, A2.5 footnotes), changes, persisted intervals (MW-23..25)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import select, update

from app.server.events import outbox
from app.server.models import Employee, RolePermission, StatusInterval
from app.server.services import statuses
from tests.server.conftest import START, Api, FakeClock


def _intervals(api: Api, login: str) -> list[tuple[str, Any, Any]]:
    with api.app.state.ctx.db.reading() as session:
        employee_id = session.execute(select(Employee.id).where(Employee.login == login)).scalar_one()
        rows = session.execute(
            select(StatusInterval.status, StatusInterval.started_at, StatusInterval.ended_at)
            .where(StatusInterval.employee_id == employee_id)
            .order_by(StatusInterval.id)
        )
        return [(r[0], r[1], r[2]) for r in rows]


def test_first_login_ever_without_a_choice_is_online(api: Api) -> None:
    assert api.login("op1")["me"]["status"] == "online"


def test_login_with_a_chosen_status_starts_in_it(api: Api) -> None:
    assert api.login("op1", status="break")["me"]["status"] == "break"


def test_keep_restores_the_status_held_at_logout(api: Api) -> None:
    token = api.token("op1", status="outbound")
    api.post("/auth/logout", token)
    assert api.login("op1", status="keep")["me"]["status"] == "outbound"
    api.post("/auth/logout", api.token("op1", status="dnd"))
    assert api.login("op1", status=None)["me"]["status"] == "dnd"


def test_second_login_with_keep_leaves_the_live_status_alone(api: Api) -> None:
    api.login("op1", status="all_calls")
    assert api.login("op1", status="keep")["me"]["status"] == "all_calls"


def test_custom_status_cannot_be_chosen_at_login(api: Api) -> None:
    admin = api.token("admin")
    key = api.post("/statuses", admin, {"name": "Обучение", "color": "purple"}).json()["key"]
    assert api.login("op1", status=key)["me"]["status"] == "online"


def test_login_status_without_the_right_falls_back_to_online(api: Api) -> None:
    with api.app.state.ctx.db.transaction() as session:
        role_id = session.execute(select(Employee.role_id).where(Employee.login == "op1")).scalar_one()
        session.execute(
            update(RolePermission)
            .where(RolePermission.role_id == role_id, RolePermission.key == "status.set_dnd")
            .values(value="N")
        )
    assert api.login("op1", status="dnd")["me"]["status"] == "online"


def test_status_change_is_refused_without_the_right(api: Api) -> None:
    token = api.token("op1")
    with api.app.state.ctx.db.transaction() as session:
        role_id = session.execute(select(Employee.role_id).where(Employee.login == "op1")).scalar_one()
        session.execute(
            update(RolePermission)
            .where(RolePermission.role_id == role_id, RolePermission.key == "status.set_break")
            .values(value="N")
        )
    response = api.put("/me/status", token, {"status": "break"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_unknown_login_status_is_ignored_for_online(api: Api) -> None:
    assert api.login("op1", status="sleeping")["me"]["status"] == "online"


def test_put_my_status_changes_it(api: Api) -> None:
    token = api.token("op1")
    assert api.put("/me/status", token, {"status": "break"}).json()["status"] == "break"
    assert api.get("/me", token).json()["status"] == "break"


def test_offline_is_not_selectable(api: Api) -> None:
    token = api.token("op1")
    response = api.put("/me/status", token, {"status": "offline"})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "status"]


def test_unknown_status_is_refused_with_the_field(api: Api) -> None:
    response = api.put("/me/status", api.token("op1"), {"status": "custom-999"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation"


def test_every_status_span_is_persisted_as_a_contiguous_interval(api: Api, clock: FakeClock) -> None:
    token = api.token("op1")
    clock.advance(minutes=10)
    api.put("/me/status", token, {"status": "break"})
    clock.advance(minutes=15)
    api.put("/me/status", token, {"status": "dnd"})
    clock.advance(minutes=5)
    api.post("/auth/logout", token)
    spans = _intervals(api, "op1")
    assert [s for s, _, _ in spans] == ["offline", "online", "break", "dnd", "offline"]
    for (_, _, ended), (_, started, _) in itertools.pairwise(spans):
        assert ended == started
    assert spans[1][1] == START
    assert spans[2][1] == START.replace(minute=10)
    assert spans[-1][2] is None


def test_setting_the_same_status_again_writes_nothing(api: Api) -> None:
    token = api.token("op1")
    before = len(_intervals(api, "op1"))
    api.put("/me/status", token, {"status": "online"})
    assert len(_intervals(api, "op1")) == before


def test_status_change_and_its_event_are_one_transaction(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    api.login("op1")
    ctx = api.app.state.ctx

    def broken_append(*_args: Any, **_kwargs: Any) -> int:
        raise RuntimeError("outbox write failed")

    monkeypatch.setattr(outbox, "append", broken_append)

    def change() -> None:
        with ctx.db.transaction() as session:
            employee = session.execute(select(Employee).where(Employee.login == "op1")).scalar_one()
            statuses.set_status(session, employee, "break", now=ctx.clock(), retention=ctx.retention)

    with pytest.raises(RuntimeError):
        change()
    with ctx.db.reading() as session:
        assert (
            session.execute(select(Employee.status).where(Employee.login == "op1")).scalar_one() == "online"
        )
    assert [s for s, _, _ in _intervals(api, "op1")] == ["offline", "online"]


def test_supervisor_changes_the_status_of_an_operator_of_their_groups(api: Api) -> None:
    api.login("op4")
    supervisor = api.token("supervisor")
    response = api.put(f"/employees/{api.employee_id('op4')}/status", supervisor, {"status": "break"})
    assert response.status_code == 200
    assert response.json()["status"] == "break"


def test_operator_cannot_change_a_colleagues_status(api: Api) -> None:
    api.login("op2")
    op1 = api.token("op1")
    response = api.put(f"/employees/{api.employee_id('op2')}/status", op1, {"status": "break"})
    assert response.status_code == 403


def test_supervisor_cannot_change_the_status_of_someone_outside_their_groups(api: Api) -> None:
    api.login("admin")
    supervisor = api.token("supervisor")
    response = api.put(f"/employees/{api.employee_id('admin')}/status", supervisor, {"status": "break"})
    assert response.status_code == 403


def test_statuses_list_holds_the_builtins_with_their_acd_eligibility(api: Api) -> None:
    items = {s["key"]: s for s in api.get("/statuses", api.token("op1")).json()["items"]}
    eligible = {k for k, s in items.items() if s["receives_group_calls"]}
    assert eligible == {"online", "all_calls"}
    assert items["dnd"]["receives_direct_calls"] is False
    assert items["offline"]["selectable"] is False
    assert items["online"]["name"] == "На линии"


def test_status_intervals_api_returns_the_spans_of_the_window(api: Api, clock: FakeClock) -> None:
    token = api.token("op1")
    clock.advance(minutes=30)
    api.put("/me/status", token, {"status": "break"})
    clock.advance(minutes=10)
    op1 = api.employee_id("op1")
    since = START.isoformat()
    spans = api.client.get(
        f"/api/v1/employees/{op1}/status-intervals", params={"since": since}, headers=api.auth(token)
    ).json()["items"]
    # the offline span before the login ended exactly at ``since``: it does not overlap the window
    assert [(s["status"], s["ended_at"] is None) for s in spans] == [("online", False), ("break", True)]


def test_status_intervals_follow_the_working_time_scope(api: Api) -> None:
    op2 = api.employee_id("op2")
    assert api.get(f"/employees/{op2}/status-intervals", api.token("op1")).status_code == 403
    assert api.get(f"/employees/{op2}/status-intervals", api.token("supervisor")).status_code == 200


def test_status_intervals_refuse_a_naive_timestamp(api: Api) -> None:
    op1 = api.employee_id("op1")
    response = api.client.get(
        f"/api/v1/employees/{op1}/status-intervals",
        params={"since": "2026-03-02T09:00:00"},
        headers=api.auth(api.token("op1")),
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["query", "since"]
