"""«ВАТС» administration: editing an employee with the MW-02 checks, deleting (MW-03) and deleting groups,
each refused to the roles without ``employees.manage``."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.server.models import StatusInterval
from tests.server.conftest import Api


def _employee(api: Api, login: str) -> dict[str, Any]:
    items = api.get("/employees", api.token("admin")).json()["items"]
    return next(e for e in items if e["login"] == f"300000001/{login}")


def test_an_employee_card_is_edited_field_by_field(api: Api) -> None:
    admin = api.token("admin")
    op1 = _employee(api, "op1")
    response = api.patch(
        f"/employees/{op1['id']}",
        admin,
        {
            "full_name": "  Петрова  Анна ",
            "extension": "77",
            "position": "Старший оператор",
            "mobile": "+7 916 000-11-22",
        },
    )
    assert response.status_code == 200, response.text
    info = response.json()
    assert (info["full_name"], info["extension"], info["position"], info["mobile"]) == (
        "Петрова Анна",
        "77",
        "Старший оператор",
        "79160001122",
    )
    assert info["email"] == op1["email"]  # not sent, not changed
    cleared = api.patch(f"/employees/{op1['id']}", admin, {"mobile": None}).json()
    assert cleared["mobile"] is None


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("extension", "101", 409),
        ("extension", "123456", 422),
        ("mobile", "12345", 422),
        ("role", "nobody", 422),
        ("password", "short", 422),
    ],
)
def test_an_edit_breaking_a_rule_is_refused_on_its_field(
    api: Api, field: str, value: str, status: int
) -> None:
    admin = api.token("admin")
    op2 = _employee(api, "op2")
    taken = _employee(api, "op1")
    if field == "extension" and status == 409:
        value = taken["extension"]
    response = api.patch(f"/employees/{op2['id']}", admin, {field: value})
    assert response.status_code == status, response.text
    body = response.json()
    named = body["detail"].get("field") or body["fields"][0]["loc"][-1]
    assert named == field
    assert _employee(api, "op2") == op2


def test_the_name_of_another_employee_is_refused(api: Api) -> None:
    admin = api.token("admin")
    op1, op2 = _employee(api, "op1"), _employee(api, "op2")
    response = api.patch(f"/employees/{op2['id']}", admin, {"full_name": op1["full_name"].upper()})
    assert response.status_code == 409
    assert response.json()["detail"] == {"field": "full_name", "employee_id": op1["id"]}


def test_a_deleted_employee_cannot_sign_in_and_leaves_the_lists_but_not_the_history(api: Api) -> None:
    admin = api.token("admin")
    token = api.token("op5")
    op5 = _employee(api, "op5")
    assert api.delete(f"/employees/{op5['id']}", admin).status_code == 204
    assert api.get("/me", token).status_code == 401
    refused = api.client.post("/api/v1/auth/login", json={"login": "300000001/op5", "password": "PultDemo1"})
    assert refused.status_code == 401
    assert all(e["id"] != op5["id"] for e in api.get("/employees", admin).json()["items"])
    assert all(c["employee_id"] != op5["id"] for c in api.get("/colleagues", admin).json()["items"])
    groups = api.get("/groups", admin).json()["items"]
    assert all(m["employee_id"] != op5["id"] for g in groups for m in g["members"])
    with api.app.state.ctx.db.reading() as session:
        kept = session.execute(
            select(func.count()).select_from(StatusInterval).where(StatusInterval.employee_id == op5["id"])
        ).scalar_one()
    assert kept > 0
    # The extension and identifiers are free again.
    again = api.post(
        "/employees",
        admin,
        {
            "login": "op5",
            "full_name": "Новый Оператор",
            "extension": op5["extension"],
            "password": "Secret123",
        },
    )
    assert again.status_code == 201, again.text
    assert api.delete(f"/employees/{op5['id']}", admin).status_code == 404


def test_an_administrator_cannot_delete_themselves(api: Api) -> None:
    admin = api.token("admin")
    me = api.get("/me", admin).json()
    response = api.delete(f"/employees/{me['employee_id']}", admin)
    assert response.status_code == 409
    assert response.json()["detail"]["field"] == "self"


@pytest.mark.parametrize("who", ["op1", "supervisor"])
def test_only_administrators_edit_and_delete_employees_and_groups(api: Api, who: str) -> None:
    token = api.token(who)
    op2 = _employee(api, "op2")
    assert api.patch(f"/employees/{op2['id']}", token, {"position": "x"}).status_code == 403
    assert api.delete(f"/employees/{op2['id']}", token).status_code == 403
    group = api.get("/groups", api.token("admin")).json()["items"][0]["id"]
    assert api.delete(f"/groups/{group}", token).status_code == 403
    assert api.put("/roles/employee/permissions/calls.ivr", token, {"value": "N"}).status_code == 403


def test_a_deleted_group_is_gone_and_its_members_stay(api: Api) -> None:
    admin = api.token("admin")
    group = api.post("/groups", admin, {"name": "Временная"}).json()["id"]
    op1 = _employee(api, "op1")
    api.put(f"/groups/{group}/members", admin, {"members": [{"employee_id": op1["id"]}]})
    assert api.delete(f"/groups/{group}", admin).status_code == 204
    assert group not in [g["id"] for g in api.get("/groups", admin).json()["items"]]
    assert _employee(api, "op1")["id"] == op1["id"]
    assert api.delete(f"/groups/{group}", admin).status_code == 404
