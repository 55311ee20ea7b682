"""The permission matrix as data, and the gate on every route (part 7 Appendix 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.server.models import RolePermission, Tenant
from app.server.services.permission_matrix import PERMISSIONS, ROLES, Scope
from tests.server.conftest import Api

PUBLIC = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/two-factor"),
}


def test_every_role_of_the_tenant_holds_the_whole_matrix_as_rows(api: Api) -> None:
    with api.app.state.ctx.db.reading() as session:
        rows = session.execute(select(func.count()).select_from(RolePermission)).scalar_one()
        tenants = session.execute(select(func.count()).select_from(Tenant)).scalar_one()
    assert rows == tenants * len(ROLES) * len(PERMISSIONS)


def test_matrix_gives_monitoring_to_supervising_roles_only() -> None:
    monitor = next(p for p in PERMISSIONS if p.key == "calls.monitor")
    assert dict(zip([r.code for r in ROLES], monitor.values, strict=True)) == {
        "employee": Scope.N,
        "senior_employee": Scope.OWN_CTRL,
        "group_head": Scope.OWN_CTRL,
        "company_head": Scope.ALL,
        "accountant": Scope.N,
        "marketer": Scope.N,
        "administrator": Scope.ALL,
    }


def test_every_route_but_the_public_ones_refuses_an_anonymous_caller(api: Api) -> None:
    checked = 0
    for path, operations in api.app.openapi()["paths"].items():
        for method in operations:
            if (method.upper(), path) in PUBLIC:
                continue
            concrete = (
                path.replace("{employee_id}", "1")
                .replace("{group_id}", "1")
                .replace("{key}", "x")
                .replace("{code}", "x")
            )
            response = api.client.request(method.upper(), concrete)
            assert response.status_code == 401, (method, path)
            checked += 1
    assert checked >= 12


@pytest.mark.parametrize(("who", "expected"), [("op1", 403), ("supervisor", 201), ("admin", 201)])
def test_creating_custom_statuses_needs_a_controlled_group_or_admin(
    api: Api, who: str, expected: int
) -> None:
    response = api.post("/statuses", api.token(who), {"name": "Обед", "color": "green"})
    assert response.status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("op1", 403), ("supervisor", 403), ("admin", 201)])
def test_creating_employees_is_for_administrators(api: Api, who: str, expected: int) -> None:
    body = {"login": "newbie", "full_name": "Новиков Пётр Ильич", "password": "Secret123"}
    assert api.post("/employees", api.token(who), body).status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("op1", 403), ("admin", 201)])
def test_creating_groups_is_for_administrators(api: Api, who: str, expected: int) -> None:
    assert api.post("/groups", api.token(who), {"name": "VIP"}).status_code == expected


def _colleagues(api: Api, who: str) -> set[str]:
    return {c["login"] for c in api.get("/colleagues", api.token(who)).json()["items"]}


def test_operator_sees_the_members_of_their_own_groups_only(api: Api) -> None:
    assert _colleagues(api, "op1") == {"op2", "op3", "supervisor"}


def test_operator_in_two_groups_sees_both(api: Api) -> None:
    assert _colleagues(api, "op3") == {"op1", "op2", "op4", "op5", "supervisor"}


def test_supervisor_sees_their_groups(api: Api) -> None:
    assert _colleagues(api, "supervisor") == {"op1", "op2", "op3", "op4", "op5"}


def test_administrator_sees_everyone(api: Api) -> None:
    assert _colleagues(api, "admin") == {"op1", "op2", "op3", "op4", "op5", "supervisor"}


def test_operator_cannot_read_an_employee_outside_their_groups(api: Api) -> None:
    op4 = api.employee_id("op4")
    assert api.get(f"/employees/{op4}", api.token("op1")).status_code == 403


def test_adding_to_a_group_grants_the_operator_right_there(api: Api) -> None:
    admin = api.token("admin")
    group = api.post("/groups", admin, {"name": "VIP"}).json()
    admin_id, op1 = api.employee_id("admin"), api.employee_id("op1")
    members = [{"employee_id": admin_id, "supervisor": False}, {"employee_id": op1}]
    api.put(f"/groups/{group['id']}/members", admin, {"members": members})
    me = api.get("/me", api.token("op1")).json()
    vip = next(g for g in me["groups"] if g["name"] == "VIP")
    assert vip == {"id": group["id"], "name": "VIP", "operator": True, "supervisor": False}
    assert "admin" in _colleagues(api, "op1")


def test_group_listing_follows_the_viewers_scope(api: Api) -> None:
    names = {g["name"] for g in api.get("/groups", api.token("op1")).json()["items"]}
    assert names == {"Продажи"}


def test_roles_listing_shows_the_matrix_to_administrators_only(api: Api) -> None:
    assert api.get("/roles", api.token("op1")).status_code == 403
    listing = api.get("/roles", api.token("admin")).json()
    assert [r["name"] for r in listing["items"]] == [r.name for r in ROLES]
    assert listing["labels"]["calls.monitor"] == "Подключаться, суфлировать, прослушивать сотрудников"


def test_edited_permission_value_takes_effect_on_the_next_request(api: Api) -> None:
    admin, op1 = api.token("admin"), api.token("op1")
    response = api.put("/roles/employee/permissions/status.set_dnd", admin, {"value": "N"})
    assert response.json()["permissions"]["status.set_dnd"] == "N"
    assert api.put("/me/status", op1, {"status": "dnd"}).status_code == 403


@pytest.mark.parametrize(
    ("key", "value"), [("calls.ivr", "ALL"), ("calls.monitor", "Y"), ("calls.monitor", "MAYBE")]
)
def test_permission_values_outside_the_keys_set_are_refused(api: Api, key: str, value: str) -> None:
    response = api.put(f"/roles/employee/permissions/{key}", api.token("admin"), {"value": value})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "value"]
