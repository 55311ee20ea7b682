"""The session service: login and «Запомнить», restoring a session, status changes, applying events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyring.backends import fail
from PySide6.QtCore import SignalInstance

from app.protocol.events import Event
from app.services import errors
from app.services.api import ApiClient
from app.services.session import SessionService
from app.settings.paths import SettingsPaths
from app.settings.secrets import SecretStore
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionStore
from app.state.status import StatusStore
from tests.e2e.keyring_backend import MemoryKeyring
from tests.unit.test_api_client import ME

SERVER = "http://pult.test"
LOGIN = "300000001/op1"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STATUSES = [
    {
        "key": key,
        "name": name,
        "builtin": not key.startswith("custom-"),
        "color": color,
        "receives_group_calls": True,
        "receives_direct_calls": True,
        "receives_campaign_calls": False,
    }
    for key, name, color in (
        ("online", "На линии", "green"),
        ("break", "Перерыв", "yellow"),
        ("dnd", "Не беспокоить", "red"),
        ("custom-7", "Обучение", "purple"),
    )
]
COLLEAGUES = {
    "items": [
        {"employee_id": 2, "full_name": "Петров", "status": "online", "group_ids": [1]},
        {"employee_id": 3, "full_name": "Смирнова", "status": "offline", "group_ids": [1]},
    ],
    "groups": [{"id": 1, "name": "Продажи"}],
    "last_seq": 41,
}


class FakeServer:
    """Answers the REST calls the service makes; records them."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.refuse_login: str | None = None
        self.refuse_status = False
        self.expired_status_calls = 0
        """How many status changes to answer with 401 unauthenticated (an expired session token)."""
        self.statuses: list[dict[str, Any]] = list(STATUSES)

    def session(self, status: str = "online") -> dict[str, Any]:
        return {
            "token": "access",
            "expires_at": NOW.isoformat(),
            "refresh_token": "refresh-1",
            "me": {**ME, "status": status, "statuses": STATUSES},
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, request.url.path, body))
        path = request.url.path
        if path in ("/api/v1/auth/login", "/api/v1/auth/refresh"):
            if self.refuse_login:
                return httpx.Response(401, json={"code": self.refuse_login, "message": "no"})
            return httpx.Response(200, json=self.session((body or {}).get("status") or "online"))
        if path == "/api/v1/colleagues":
            return httpx.Response(200, json=COLLEAGUES)
        if path == "/api/v1/me/status":
            if self.expired_status_calls:
                self.expired_status_calls -= 1
                return httpx.Response(401, json={"code": "unauthenticated", "message": "expired"})
            if self.refuse_status:
                return httpx.Response(403, json={"code": "forbidden", "message": "no"})
            return httpx.Response(200, json={**ME, "status": body["status"], "statuses": STATUSES})
        if path == "/api/v1/auth/logout":
            return httpx.Response(204)
        if path == "/api/v1/statuses":
            return httpx.Response(200, json={"items": self.statuses})
        return httpx.Response(404, json={"code": "not_found", "message": path})


class FakeRealtime:
    def __init__(self) -> None:
        self.started_after: int | None = None
        self.stopped = False

    def start(self, *, after: int = 0) -> None:
        self.started_after = after

    async def stop(self) -> None:
        self.stopped = True


class Harness:
    def __init__(self, tmp_path: Path, backend: Any) -> None:
        self.server = FakeServer()
        self.realtime = FakeRealtime()
        self.keyring = backend
        self.paths = SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state")
        self.session_store = SessionStore()
        self.status_store = StatusStore()
        self.presence_store = PresenceStore()
        self.connection_store = ConnectionStore()
        self.service = SessionService(
            paths=self.paths,
            secrets=SecretStore(backend=backend),
            session_store=self.session_store,
            status_store=self.status_store,
            presence_store=self.presence_store,
            connection_store=self.connection_store,
            api_factory=lambda server: ApiClient(server=server, transport=httpx.MockTransport(self.server)),
            realtime_factory=lambda _url, _token, _handler: self.realtime,  # type: ignore[arg-type, return-value]
        )


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path, MemoryKeyring())


async def next_emission(
    signal: SignalInstance, action: Callable[[], object], within: float = 5.0
) -> tuple[Any, ...]:
    """Run ``action`` and wait for ``signal`` to be emitted; returns its arguments."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def on_emit(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(on_emit)
    try:
        action()
        async with asyncio.timeout(within):
            return await future
    finally:
        signal.disconnect(on_emit)


async def login(h: Harness, *, remember: bool = True, status: str = "break") -> None:
    await next_emission(
        h.service.logged_in,
        lambda: h.service.start_login(
            server=SERVER, login=LOGIN, password="pw", status=status, remember=remember
        ),
    )
    await asyncio.sleep(0)  # let the task reach the realtime start after loading the colleagues


@pytest.mark.asyncio
async def test_login_with_remember_keeps_the_refresh_token_in_the_keyring(harness: Harness) -> None:
    await login(harness)
    assert harness.keyring.get_password("pult", f"refresh:{SERVER}|{LOGIN}") == "refresh-1"
    settings = harness.paths.app_file().load()
    assert (settings.last_server, settings.last_login, settings.remember) == (SERVER, LOGIN, True)
    account = harness.paths.account_file(SERVER, LOGIN).load()
    assert account.login_status == "break"
    assert [(s.key, s.name, s.color) for s in account.custom_statuses] == [("custom-7", "Обучение", "purple")]
    sent = next(body for method, path, body in harness.server.requests if path == "/api/v1/auth/login")
    assert (sent["status"], sent["remember"]) == ("break", True)
    assert "refresh-1" not in json.dumps(json.loads(settings.model_dump_json()))  # never in a file


@pytest.mark.asyncio
async def test_login_fills_the_stores_and_starts_realtime_after_the_snapshot(harness: Harness) -> None:
    await login(harness)
    assert harness.session_store.snapshot.me is not None
    assert harness.status_store.snapshot.current == "break"
    assert [d.key for d in harness.status_store.snapshot.selectable] == ["online", "break", "dnd", "custom-7"]
    colleagues = harness.presence_store.snapshot.colleagues
    assert [(c.full_name, c.groups) for c in colleagues] == [
        ("Петров", ("Продажи",)),
        ("Смирнова", ("Продажи",)),
    ]
    assert harness.realtime.started_after == 41


@pytest.mark.asyncio
async def test_keep_status_sends_no_status(harness: Harness) -> None:
    await login(harness, status="keep")
    sent = next(body for method, path, body in harness.server.requests if path == "/api/v1/auth/login")
    assert sent["status"] is None


@pytest.mark.asyncio
async def test_without_a_keyring_the_login_works_but_is_not_remembered(tmp_path: Path) -> None:
    h = Harness(tmp_path, fail.Keyring())
    assert not h.service.remember_available
    await login(h, remember=True)
    sent = next(body for method, path, body in h.server.requests if path == "/api/v1/auth/login")
    assert sent["remember"] is False
    assert h.paths.app_file().load().remember is False


@pytest.mark.asyncio
async def test_refused_login_reports_a_typed_error_and_changes_nothing(harness: Harness) -> None:
    harness.server.refuse_login = "invalid_credentials"
    (error,) = await next_emission(
        harness.service.login_failed,
        lambda: harness.service.start_login(
            server=SERVER, login=LOGIN, password="x", status="keep", remember=False
        ),
    )
    assert isinstance(error, errors.InvalidCredentialsError)
    assert harness.session_store.snapshot.me is None
    assert harness.realtime.started_after is None


@pytest.mark.asyncio
async def test_remembered_session_is_restored_with_the_refresh_token(harness: Harness) -> None:
    await login(harness)
    await harness.service.shutdown()
    second = Harness(harness.paths.config_dir.parent, harness.keyring)
    assert second.service.remembered_account() == (SERVER, LOGIN)
    started: list[bool] = []
    await next_emission(second.service.logged_in, lambda: started.append(second.service.start_auto_login()))
    assert started == [True]
    refresh = next(body for method, path, body in second.server.requests if path == "/api/v1/auth/refresh")
    assert refresh["refresh_token"] == "refresh-1"


@pytest.mark.asyncio
@pytest.mark.parametrize("remember", [True, False])
async def test_closing_signs_out_and_keeps_only_a_remembered_login(harness: Harness, remember: bool) -> None:
    await login(harness, remember=remember)
    await harness.service.shutdown()
    logouts = [body for method, path, body in harness.server.requests if path == "/api/v1/auth/logout"]
    assert logouts == [{"everywhere": False, "keep_remembered": True} if remember else None]


@pytest.mark.asyncio
async def test_a_dead_refresh_token_is_forgotten(harness: Harness) -> None:
    await login(harness)
    await harness.service.shutdown()
    second = Harness(harness.paths.config_dir.parent, harness.keyring)
    second.server.refuse_login = "unauthenticated"
    (error,) = await next_emission(second.service.login_failed, second.service.start_auto_login)
    assert isinstance(error, errors.UnauthenticatedError)
    assert harness.keyring.get_password("pult", f"refresh:{SERVER}|{LOGIN}") is None


@pytest.mark.asyncio
async def test_status_change_is_sent_and_confirmed(harness: Harness) -> None:
    await login(harness)
    await next_emission(
        harness.status_store.status_changed, lambda: harness.service.start_status_change("dnd")
    )
    assert harness.status_store.snapshot.pending == "dnd"
    await next_emission(harness.status_store.status_changed, lambda: None)
    assert (harness.status_store.snapshot.current, harness.status_store.snapshot.pending) == ("dnd", None)
    assert ("PUT", "/api/v1/me/status", {"status": "dnd"}) in harness.server.requests


@pytest.mark.asyncio
async def test_refused_status_change_is_reported_and_rolled_back(harness: Harness) -> None:
    await login(harness)
    harness.server.refuse_status = True
    (error,) = await next_emission(
        harness.service.status_change_failed, lambda: harness.service.start_status_change("dnd")
    )
    assert isinstance(error, errors.ForbiddenError)
    assert (harness.status_store.snapshot.current, harness.status_store.snapshot.pending) == ("break", None)


def status_event(seq: int, employee_id: int, status: str) -> Event:
    data = {"employee_id": employee_id, "status": status, "previous": "online", "since": NOW.isoformat()}
    return Event(seq=seq, type="status.changed", at=NOW, data=data)


@pytest.mark.asyncio
async def test_status_events_update_the_user_and_colleagues(harness: Harness) -> None:
    await login(harness)
    await harness.service.on_event(status_event(42, 2, "break"))
    await harness.service.on_event(status_event(43, ME["employee_id"], "dnd"))
    assert harness.presence_store.snapshot.get(2).status == "break"  # type: ignore[union-attr]
    assert harness.status_store.snapshot.current == "dnd"


@pytest.mark.asyncio
async def test_an_edit_of_the_custom_statuses_elsewhere_reaches_the_status_list(harness: Harness) -> None:
    await login(harness)
    added = {**STATUSES[0], "key": "custom-9", "name": "Обучение", "builtin": False, "color": "purple"}
    harness.server.statuses = [*STATUSES, added]
    await harness.service.on_event(Event(seq=44, type="statuses.changed", at=NOW, data={}))
    assert harness.status_store.snapshot.definition("custom-9") is not None
    assert harness.status_store.snapshot.definition("custom-9").name == "Обучение"  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_an_expired_session_token_is_renewed_with_the_refresh_token(harness: Harness) -> None:
    await login(harness)
    harness.server.expired_status_calls = 1
    await next_emission(
        harness.status_store.status_changed, lambda: harness.service.start_status_change("dnd")
    )
    await next_emission(harness.status_store.status_changed, lambda: None)
    assert harness.status_store.snapshot.current == "dnd"
    refresh = [body for _m, path, body in harness.server.requests if path == "/api/v1/auth/refresh"]
    assert refresh == [{"refresh_token": "refresh-1", "status": None}]


@pytest.mark.asyncio
async def test_an_expired_session_without_remember_ends_the_session(harness: Harness) -> None:
    await login(harness, remember=False)
    harness.server.expired_status_calls = 99
    (reason,) = await next_emission(
        harness.service.logged_out, lambda: harness.service.start_status_change("dnd")
    )
    assert reason == "expired"
    assert harness.realtime.stopped
    assert harness.session_store.snapshot.me is None
