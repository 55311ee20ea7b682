"""The settings service: requests on the session's API client, answers as tagged signals."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from app.protocol.status import CustomStatusCreate, StatusColor
from app.services import settings_api
from app.services.api import ApiClient
from app.services.autostart import Autostart
from app.services.errors import ConflictError, ServerUnreachableError, UnauthenticatedError
from app.services.settings_api import SettingsService
from app.state.status import StatusStore

STATUS = {
    "key": "custom-1",
    "name": "Обед",
    "builtin": False,
    "color": "pink",
    "receives_group_calls": False,
    "receives_direct_calls": True,
    "receives_campaign_calls": False,
    "base": "break",
}


def service_on(
    handler: Callable[[httpx.Request], httpx.Response], store: StatusStore | None = None
) -> tuple[SettingsService, list[tuple[str, str, object]], list[asyncio.Task[None]]]:
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(handler))
    api.token = "t"
    tasks: list[asyncio.Task[None]] = []
    seen: list[tuple[str, str, object]] = []

    def spawn(coro: Coroutine[Any, Any, None]) -> object:
        tasks.append(asyncio.ensure_future(coro))
        return tasks[-1]

    service = SettingsService(
        api=lambda: api,
        spawn=spawn,
        api_factory=lambda server: ApiClient(server=server, transport=httpx.MockTransport(handler)),
        status_store=store,
    )
    service.finished.connect(lambda tag, result: seen.append(("ok", tag, result)))
    service.failed.connect(lambda tag, error: seen.append(("failed", tag, error)))
    return service, seen, tasks


@pytest.mark.asyncio
async def test_creating_a_status_posts_it_and_refreshes_the_status_store() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.method == "POST":
            return httpx.Response(201, json=STATUS)
        return httpx.Response(200, json={"items": [STATUS]})

    store = StatusStore()
    service, seen, tasks = service_on(handler, store)
    service.create_status(CustomStatusCreate(name="Обед", color=StatusColor.PINK, base="break"))
    await asyncio.gather(*tasks)
    assert [(r.method, r.url.path) for r in requests] == [
        ("POST", "/api/v1/statuses"),
        ("GET", "/api/v1/statuses"),
    ]
    assert json.loads(requests[0].content)["name"] == "Обед"
    assert [tag for _, tag, _ in seen] == [settings_api.STATUSES, settings_api.STATUS_SAVED]
    assert [d.key for d in store.snapshot.definitions] == ["custom-1"]


@pytest.mark.asyncio
async def test_a_refusal_arrives_as_the_typed_error_with_the_field() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"code": "conflict", "message": "m", "detail": {"field": "synonym"}})

    service, seen, tasks = service_on(handler)
    service.update_status("custom-1", CustomStatusCreate(name="x", color=StatusColor.RED))
    await asyncio.gather(*tasks)
    ((kind, tag, error),) = seen
    assert (kind, tag) == ("failed", settings_api.STATUS_SAVED)
    assert isinstance(error, ConflictError)
    assert error.body is not None
    assert error.body.detail == {"field": "synonym"}


@pytest.mark.asyncio
async def test_without_a_session_a_request_fails_at_once() -> None:
    service = SettingsService(api=lambda: None, spawn=lambda c: c, api_factory=lambda s: None)  # type: ignore[arg-type,return-value]
    seen: list[object] = []
    service.failed.connect(lambda tag, error: seen.append((tag, error)))
    service.load_groups()
    assert seen
    assert isinstance(seen[0][1], UnauthenticatedError)  # type: ignore[index]


@pytest.mark.asyncio
async def test_health_check_asks_the_given_server_without_a_token() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            200, json={"version": "0.1", "database": "sqlite", "server_time": "2026-11-23T10:00:00Z"}
        )

    service, seen, tasks = service_on(handler)
    service.check_health("http://other.test")
    await asyncio.gather(*tasks)
    assert str(requests[0].url) == "http://other.test/api/v1/health"
    assert "authorization" not in requests[0].headers
    assert seen[0][:2] == ("ok", settings_api.HEALTH)


@pytest.mark.asyncio
async def test_an_unreachable_server_fails_the_health_check() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    service, seen, tasks = service_on(handler)
    service.check_health("http://other.test")
    await asyncio.gather(*tasks)
    assert seen[0][0] == "failed"
    assert isinstance(seen[0][2], ServerUnreachableError)


def test_autostart_entry_round_trip(tmp_path: Any) -> None:
    autostart = Autostart(directory=tmp_path, platform="linux")
    assert not autostart.enabled
    autostart.set_enabled(True, command=["/opt/pult/pult", "--minimized"])
    assert "Exec=/opt/pult/pult --minimized" in (tmp_path / "pult.desktop").read_text()
    assert autostart.enabled
    autostart.set_enabled(False)
    assert not autostart.enabled


def test_autostart_refuses_where_unsupported(tmp_path: Any) -> None:
    autostart = Autostart(directory=tmp_path, platform="darwin")
    with pytest.raises(OSError, match="not supported"):
        autostart.set_enabled(True)
