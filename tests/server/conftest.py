"""Server test fixtures: a fresh demo database per test on SQLite and on a real PostgreSQL, a movable clock.

Each backend gets one migrated and seeded template per session; a test receives a copy (a file copy for
SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL), so no test sees another's data.
"""

from __future__ import annotations

import itertools
import shutil
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from starlette.exceptions import StarletteDeprecationWarning

from app.server.core.config import ServerSettings
from app.server.core.db import Database
from app.server.core.security import PasswordHashing
from app.server.main import create_app
from app.server.seed import seed_demo
from tests.server import pg

with warnings.catch_warnings():
    # starlette 1.x deprecates driving its TestClient with httpx in favour of httpx2, which the lock does
    # not have yet; the client works the same (the warning fires once, at import).
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient, WebSocketDenialResponse

DEMO_PASSWORD = "PultDemo1"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _prepare(url: str, *, demo: bool) -> None:
    db = Database(url)
    try:
        db.migrate()
        if demo:
            with db.transaction() as session:
                seed_demo(
                    session, password=DEMO_PASSWORD, hashing=PasswordHashing(fast_insecure=True), now=START
                )
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("templates")
    paths = {"empty": base / "empty.sqlite3", "demo": base / "demo.sqlite3"}
    for kind, path in paths.items():
        _prepare(f"sqlite:///{path}", demo=kind == "demo")
    return paths


@pytest.fixture(scope="session")
def pg_url_template() -> Iterator[str]:
    reason = pg.unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    with pg.postgres_server() as template:
        admin = create_engine(template.format(db="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for kind in ("empty", "demo"):
                conn.execute(text(f"CREATE DATABASE tmpl_{kind}"))
        admin.dispose()
        for kind in ("empty", "demo"):
            _prepare(template.format(db=f"tmpl_{kind}"), demo=kind == "demo")
        yield template


__all__ = ["Api", "FakeClock", "TestClient", "WebSocketDenialResponse"]
_counter = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _database(request: pytest.FixtureRequest, backend: str, kind: str, tmp_path: Path) -> Iterator[Database]:
    if backend == "sqlite":
        templates: dict[str, Path] = request.getfixturevalue("sqlite_templates")
        path = tmp_path / f"{kind}.sqlite3"
        shutil.copyfile(templates[kind], path)
        db = Database(f"sqlite:///{path}")
        yield db
        db.dispose()
        return
    template: str = request.getfixturevalue("pg_url_template")
    name = f"t_{kind}_{next(_counter)}"
    admin = create_engine(template.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE tmpl_{kind}"))
    db = Database(template.format(db=name))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def db(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Database]:
    """A migrated database holding the demo tenant (password ``PultDemo1``)."""
    yield from _database(request, backend, "demo", tmp_path)


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Database]:
    """A migrated database with no tenant."""
    yield from _database(request, backend, "empty", tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


TEST_SETTINGS: dict[str, Any] = {"password_hashing": "argon2-fast-insecure", "event_poll_seconds": 0.5}


@dataclass
class Api:
    """A TestClient with helpers for the demo tenant."""

    client: TestClient
    app: FastAPI

    def login(self, who: str, password: str = DEMO_PASSWORD, **body: Any) -> dict[str, Any]:
        login = who if ("/" in who or "@" in who or who[:1] in "+78" or "-" in who) else f"300000001/{who}"
        response = self.client.post("/api/v1/auth/login", json={"login": login, "password": password, **body})
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def token(self, who: str, **body: Any) -> str:
        return str(self.login(who, **body)["token"])

    @staticmethod
    def auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def get(self, path: str, token: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.auth(token))

    def post(self, path: str, token: str, json: Any = None) -> Any:
        return self.client.post(f"/api/v1{path}", headers=self.auth(token), json=json)

    def put(self, path: str, token: str, json: Any = None) -> Any:
        return self.client.put(f"/api/v1{path}", headers=self.auth(token), json=json)

    def patch(self, path: str, token: str, json: Any = None) -> Any:
        return self.client.patch(f"/api/v1{path}", headers=self.auth(token), json=json)

    def delete(self, path: str, token: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self.auth(token))

    def employee_id(self, login: str) -> int:
        admin = self.token("admin")
        items = self.get("/employees", admin).json()["items"]
        return next(int(e["id"]) for e in items if e["login"] == f"300000001/{login}")


@pytest.fixture
def make_api(db: Database, clock: FakeClock) -> Iterator[Callable[..., Api]]:
    """Build an app on the test database with setting overrides (heartbeat, retention ...)."""
    clients: list[TestClient] = []

    def build(**overrides: Any) -> Api:
        settings = ServerSettings(**{**TEST_SETTINGS, **overrides})
        app = create_app(settings, db=db, clock=clock)
        client = TestClient(app)
        clients.append(client)
        return Api(client=client, app=app)

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def api(make_api: Callable[..., Api]) -> Api:
    return make_api()
