"""Error reports (part 7 App. 3): sent by anyone signed in, stored once, read and downloaded by admins."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from app.protocol.error_reports import MAX_BODY_BYTES, MAX_DESCRIPTION
from app.server.core.db import MIGRATIONS_DIR
from tests.server.conftest import Api


def report(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_report_id": str(uuid.uuid4()),
        "name": "Иван Петров",
        "email": "ivan@example.com",
        "phone": "+7 (495) 123-45-67",
        "description": "Не слышно клиента после перевода звонка",
        "logs": "12:00:01 I pult: app.start\n12:00:02 W softphone: device lost\n",
        "client_version": "0.1.0",
        "system": "Linux · Qt 6.12",
    }
    body.update(overrides)
    return body


def test_an_operator_sends_a_report_and_gets_a_problem_id(api: Api) -> None:
    response = api.post("/error-reports", api.token("op1"), report())
    assert response.status_code == 201, response.text
    problem_id = response.json()["problem_id"]
    assert problem_id.startswith("PR-")
    assert len(problem_id) == 11


def test_the_administrator_lists_reads_and_downloads_a_report(api: Api) -> None:
    sent = api.post("/error-reports", api.token("op2"), report(crash=True)).json()
    admin = api.token("admin")
    items = api.get("/error-reports", admin).json()["items"]
    row = next(i for i in items if i["id"] == sent["id"])
    assert row["problem_id"] == sent["problem_id"]
    assert row["login"] == "300000001/op2"
    assert row["crash"] is True
    assert row["logs_size"] == len(report()["logs"])
    detail = api.get(f"/error-reports/{sent['id']}", admin).json()
    assert detail["logs"].endswith("device lost\n")
    assert detail["phone"] == "+7 (495) 123-45-67"
    download = api.client.get(f"/api/v1/error-reports/{sent['id']}/download", headers=api.auth(admin))
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/plain")
    assert f'filename="{sent["problem_id"]}.txt"' in download.headers["content-disposition"]
    assert "Не слышно клиента после перевода звонка" in download.text
    assert f"Problem ID: {sent['problem_id']}" in download.text


@pytest.mark.parametrize("who", ["op1", "supervisor"])
def test_other_roles_cannot_read_reports(api: Api, who: str) -> None:
    sent = api.post("/error-reports", api.token("op1"), report()).json()
    token = api.token(who)
    assert api.get("/error-reports", token).status_code == 403
    assert api.get(f"/error-reports/{sent['id']}", token).status_code == 403
    download = api.client.get(f"/api/v1/error-reports/{sent['id']}/download", headers=api.auth(token))
    assert download.status_code == 403
    assert api.get("/error-reports", token).json()["code"] == "forbidden"


def test_sending_needs_a_session(api: Api) -> None:
    response = api.client.post("/api/v1/error-reports", json=report())
    assert response.status_code == 401


def test_a_resent_report_is_stored_once(api: Api) -> None:
    body = report()
    token = api.token("op1")
    first = api.post("/error-reports", token, body).json()
    second = api.post("/error-reports", token, body)
    assert second.status_code == 201
    assert second.json()["problem_id"] == first["problem_id"]
    items = api.get("/error-reports", api.token("admin")).json()["items"]
    assert [i["problem_id"] for i in items].count(first["problem_id"]) == 1


def test_an_unknown_report_is_not_found(api: Api) -> None:
    assert api.get("/error-reports/999999", api.token("admin")).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "   "}, "name"),
        ({"description": ""}, "description"),
        ({"description": "x" * (MAX_DESCRIPTION + 1)}, "description"),
        ({"email": "not-an-address"}, "email"),
        ({"email": None, "phone": ""}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"client_report_id": "../../etc"}, "client_report_id"),
    ],
)
def test_invalid_reports_are_refused_with_the_reason(api: Api, overrides: dict[str, Any], field: str) -> None:
    response = api.post("/error-reports", api.token("op1"), report(**overrides))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation"
    assert field in body["message"]


def test_an_oversized_report_is_refused_before_it_is_read(api: Api) -> None:
    response = api.post("/error-reports", api.token("op1"), report(logs="x" * (MAX_BODY_BYTES + 10)))
    assert response.status_code == 413
    assert response.json()["code"] == "validation"
    assert api.get("/error-reports", api.token("admin")).json()["items"] == []


def test_reports_stay_within_their_tenant(api: Api) -> None:
    api.post("/error-reports", api.token("op1"), report())
    admin = api.token("admin")
    assert all(i["login"].startswith("300000001/") for i in api.get("/error-reports", admin).json()["items"])


def test_migration_grants_reading_to_administrators_of_existing_tenants(tmp_path: Path) -> None:
    """A company created before 0006 has role rows without the new key; the migration adds them."""
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.execute(
                text(
                    "INSERT INTO tenants (id, product_number, name, last_event_seq, created_at) "
                    "VALUES (1, '300000009', 'Old', 0, '2026-01-01 00:00:00')"
                )
            )
            for role_id, code in ((1, "administrator"), (2, "employee")):
                connection.execute(
                    text("INSERT INTO roles (id, tenant_id, code, name) VALUES (:id, 1, :code, :code)"),
                    {"id": role_id, "code": code},
                )
            connection.execute(
                text("INSERT INTO role_permissions (role_id, key, value) VALUES (1, :key, 'ALL')"),
                {"key": "error_reports.view"},
            )  # already granted by hand: kept, not duplicated
            connection.execute(
                text("INSERT INTO role_permissions (role_id, key, value) VALUES (2, 'kpi.configure', 'SELF')")
            )
            command.upgrade(config, "0006")
            rows = connection.execute(
                text(
                    "SELECT role_id, value FROM role_permissions WHERE key = 'error_reports.view' ORDER BY 1"
                )
            ).all()
            assert [tuple(r) for r in rows] == [(1, "ALL"), (2, "N")]
            command.downgrade(config, "0005")
            gone = connection.execute(
                text("SELECT count(*) FROM role_permissions WHERE key = 'error_reports.view'")
            ).scalar()
            assert gone == 0
    finally:
        engine.dispose()
