"""Every refused request answers an ErrorBody; configuration refuses unsafe production settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.protocol.errors import ErrorBody
from app.server.__main__ import main
from app.server.core.config import ServerSettings
from tests.server.conftest import Api


def test_wrong_types_answer_422_with_every_bad_field(api: Api) -> None:
    response = api.client.post("/api/v1/auth/login", json={"login": 5, "remember": "maybe"})
    assert response.status_code == 422
    body = ErrorBody.model_validate(response.json())
    assert body.code == "validation"
    assert {tuple(f.loc) for f in body.fields} == {
        ("body", "login"),
        ("body", "password"),
        ("body", "remember"),
    }


def test_malformed_json_answers_422_in_the_same_shape(api: Api) -> None:
    response = api.client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert ErrorBody.model_validate(response.json()).code == "validation"


def test_unknown_path_answers_404_as_an_error_body(api: Api) -> None:
    response = api.client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert ErrorBody.model_validate(response.json()).code == "not_found"


def test_wrong_method_answers_an_error_body(api: Api) -> None:
    response = api.client.delete("/api/v1/health")
    assert response.status_code == 405
    ErrorBody.model_validate(response.json())


def test_production_refuses_fast_password_hashing() -> None:
    with pytest.raises(ValidationError, match="tests only"):
        ServerSettings(environment="production", password_hashing="argon2-fast-insecure")


def test_production_refuses_the_default_demo_password() -> None:
    with pytest.raises(ValidationError, match="demo-password"):
        ServerSettings(environment="production", demo=True)


def test_cli_refuses_to_start_with_unsafe_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULT_SERVER_ENVIRONMENT", "production")
    assert main(["--demo"]) == 2
    assert "refusing to start" in capsys.readouterr().err


def test_cli_refuses_a_demo_password_that_breaks_the_password_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--demo", "--demo-password", "weak"]) == 2
    assert "--demo-password" in capsys.readouterr().err


def test_default_database_is_sqlite_in_the_user_data_dir() -> None:
    url = ServerSettings().resolved_database_url()
    assert url.startswith("sqlite:///")
    assert url.endswith("pult-server/pult.sqlite3")
