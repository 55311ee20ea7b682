"""SIP trunk accounts administered over the REST api (the app with the recording switch)."""

from __future__ import annotations

from typing import Any

import pytest

from app.protocol.trunks import MAX_TRUNKS
from tests.server.conftest import Api


def _trunk(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Провайдер",
        "host": "sip.example.net:5060",
        "username": "74950000001",
        "password": "s3cret",
        "caller_ids": ["+74950000001", "74950000002"],
    }
    return body | extra


def test_an_administrator_adds_a_trunk_and_its_password_is_never_sent_back(api: Api) -> None:
    admin = api.token("admin")
    created = api.post("/trunks", admin, _trunk())
    assert created.status_code == 201, created.text
    body = created.json()
    assert "password" not in body
    assert body["has_password"] is True
    assert body["domain"] == ""
    assert body["caller_ids"] == ["+74950000001", "74950000002"]
    listed = api.get("/trunks", admin).json()
    assert [t["name"] for t in listed] == ["Провайдер"]
    assert "s3cret" not in api.get(f"/trunks/{body['id']}", admin).text


def test_a_trunk_is_changed_and_deleted(api: Api) -> None:
    admin = api.token("admin")
    trunk_id = api.post("/trunks", admin, _trunk(name="Второй")).json()["id"]
    changed = api.patch(f"/trunks/{trunk_id}", admin, {"registers": False, "caller_ids": ["74951112233"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["registers"] is False
    assert changed.json()["caller_ids"] == ["74951112233"]
    assert api.delete(f"/trunks/{trunk_id}", admin).status_code == 204
    assert api.get(f"/trunks/{trunk_id}", admin).status_code == 404


def test_an_operator_may_not_see_or_add_trunks(api: Api) -> None:
    operator = api.token("op1")
    assert api.get("/trunks", operator).status_code == 403
    assert api.post("/trunks", operator, _trunk()).status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [("host", "sip example net"), ("username", "a b"), ("caller_ids", ["74950000001", "call me"])],
)
def test_bad_input_is_refused_with_the_field_named(api: Api, field: str, value: Any) -> None:
    admin = api.token("admin")
    response = api.post("/trunks", admin, _trunk(**{field: value}))
    assert response.status_code == 422, response.text
    assert field in response.text
    assert api.get("/trunks", admin).json() == []


def test_a_taken_name_is_refused(api: Api) -> None:
    admin = api.token("admin")
    assert api.post("/trunks", admin, _trunk(name="Один")).status_code == 201
    response = api.post("/trunks", admin, _trunk(name="Один"))
    assert response.status_code == 409
    assert response.json()["detail"]["field"] == "name"


def test_no_more_trunks_register_than_a_worker_holds_accounts_for(api: Api) -> None:
    admin = api.token("admin")
    for i in range(MAX_TRUNKS):
        assert api.post("/trunks", admin, _trunk(name=f"T{i}")).status_code == 201
    refused = api.post("/trunks", admin, _trunk(name="Лишний"))
    assert refused.status_code == 409
    assert refused.json()["code"] == "limit_reached"
    # One that does not register (outbound only) is fine.
    assert api.post("/trunks", admin, _trunk(name="Исходящий", registers=False)).status_code == 201
