"""The API client turns every failure into a typed error the UI can explain."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from app.protocol.auth import LoginRequest
from app.services import errors
from app.services.api import ApiClient

ME = {
    "employee_id": 1,
    "tenant_id": 1,
    "product_number": "300000001",
    "company_name": "Демо",
    "login": "300000001/op1",
    "full_name": "Иванова Анна",
    "extension": "101",
    "email": None,
    "mobile": None,
    "position": "",
    "department": "",
    "role": "employee",
    "permissions": [],
    "groups": [],
    "status": "online",
    "statuses": [],
}


def client(handler: Callable[[httpx.Request], httpx.Response]) -> ApiClient:
    return ApiClient(server="http://pult.test", transport=httpx.MockTransport(handler))


def error_response(status: int, code: str, **extra: object) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(status, json={"code": code, "message": "m", **extra})


@pytest.mark.asyncio
async def test_login_posts_the_request_and_parses_the_session() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"token": "t", "expires_at": "2026-11-23T10:00:00Z", "me": ME})

    api = client(handler)
    answer = await api.login(LoginRequest(login="300000001/op1", password="pw", status="break"))
    await api.aclose()
    assert answer.me.full_name == "Иванова Анна"
    assert seen[0].url.path == "/api/v1/auth/login"
    assert json.loads(seen[0].content)["status"] == "break"
    assert "authorization" not in seen[0].headers


@pytest.mark.asyncio
async def test_authenticated_calls_send_the_bearer_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ME)

    api = client(handler)
    api.token = "secret"
    await api.me()
    await api.set_status("dnd")
    await api.aclose()
    assert [r.headers["authorization"] for r in seen] == ["Bearer secret", "Bearer secret"]
    assert seen[1].method == "PUT"
    assert json.loads(seen[1].content) == {"status": "dnd"}


@pytest.mark.asyncio
async def test_calls_without_a_session_are_refused_locally() -> None:
    api = client(lambda _r: httpx.Response(200, json=ME))
    with pytest.raises(errors.UnauthenticatedError):
        await api.me()
    await api.aclose()


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (401, "invalid_credentials", errors.InvalidCredentialsError),
        (423, "locked", errors.LockedError),
        (401, "unauthenticated", errors.UnauthenticatedError),
        (403, "forbidden", errors.ForbiddenError),
        (404, "not_found", errors.NotFoundError),
        (409, "conflict", errors.ConflictError),
        (422, "validation", errors.ValidationFailedError),
        (403, "limit_reached", errors.LimitReachedError),
    ],
)
@pytest.mark.asyncio
async def test_error_codes_map_to_typed_errors(status: int, code: str, expected: type[Exception]) -> None:
    api = client(error_response(status, code))
    with pytest.raises(expected) as caught:
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()
    assert isinstance(caught.value, errors.ClientError)
    assert caught.value.status == status


@pytest.mark.asyncio
async def test_locked_error_says_until_when() -> None:
    api = client(error_response(423, "locked", locked_until="2026-11-23T10:05:00Z"))
    with pytest.raises(errors.LockedError) as caught:
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()
    assert caught.value.until == datetime(2026, 11, 23, 10, 5, tzinfo=UTC)


@pytest.mark.asyncio
async def test_validation_error_carries_the_fields() -> None:
    fields = [{"loc": ["body", "login"], "message": "too long", "type": "string_too_long"}]
    api = client(error_response(422, "validation", fields=fields))
    with pytest.raises(errors.ValidationFailedError) as caught:
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()
    assert [f.message for f in caught.value.fields] == ["too long"]


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(404, html="<html>nginx</html>"),
        httpx.Response(400, json={"code": "some_future_code", "message": "?"}),
        httpx.Response(200, json={"unexpected": True}),
    ],
)
@pytest.mark.asyncio
async def test_answers_we_do_not_understand_are_protocol_errors(response: httpx.Response) -> None:
    api = client(lambda _r: response)
    with pytest.raises(errors.ProtocolError):
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()


@pytest.mark.asyncio
async def test_unanswered_401_is_unauthenticated() -> None:
    api = client(lambda _r: httpx.Response(401, text="no"))
    api.token = "t"
    with pytest.raises(errors.UnauthenticatedError):
        await api.me()
    await api.aclose()


@pytest.mark.parametrize(
    "exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("eof")]
)
@pytest.mark.asyncio
async def test_transport_failures_are_unreachable(exc: Exception) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise exc

    api = client(handler)
    with pytest.raises(errors.ServerUnreachableError):
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()


@pytest.mark.asyncio
async def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = ApiClient(server=f"http://127.0.0.1:{port}", timeout=2.0)
    with pytest.raises(errors.ServerUnreachableError):
        await api.login(LoginRequest(login="a", password="b"))
    await api.aclose()


def test_every_error_code_has_a_typed_error() -> None:
    from app.protocol.errors import ErrorCode

    assert set(errors.ERROR_CLASSES) == {code.value for code in ErrorCode}
