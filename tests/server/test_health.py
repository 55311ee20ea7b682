"""Health and the shape of refused requests."""

from __future__ import annotations

from tests.server.conftest import Api


def test_health_answers_ok_with_the_database_kind(api: Api, backend: str) -> None:
    response = api.client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == ("sqlite" if backend == "sqlite" else "postgresql")
