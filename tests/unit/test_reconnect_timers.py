"""«Подключение» (TP-27) drives the clients: reconnect delay, the longest outage, ping period, sync timeout
and the HTTP proxy, which a small local proxy in the test relays and records."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio

from app.services.api import ApiClient, api_options, proxy_url
from app.services.realtime import RealtimeClient, realtime_options
from app.settings.models import ConnectionSettings
from app.state.connection import ConnectionState
from tests.unit.test_realtime import FakeEventServer, Recorder


class RelayProxy:
    """An HTTP proxy that relays CONNECT tunnels (websockets) and absolute-form requests (httpx) and
    remembers each request line it served."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.port = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, _, rest = head.partition(b"\r\n")
        method, target, version = request_line.decode().split(" ")
        self.requests.append(f"{method} {target}")
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            authority = target.split("://", 1)[1].split("/", 1)[0]
            host, _, port = authority.rpartition(":")
            path = "/" + target.split("://", 1)[1].partition("/")[2]
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            up_writer.write(f"{method} {path} {version}\r\n".encode() + rest)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[RelayProxy]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        async with server:
            yield self
            server.close()


async def health_server() -> tuple[asyncio.Server, int]:
    """Answers any request with a ``Health`` body (the connection test's endpoint)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        body = json.dumps(
            {"version": "9.9", "database": "sqlite", "server_time": datetime.now(UTC).isoformat()}
        ).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"Connection: close\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeEventServer]:
    server = FakeEventServer()
    async with server.server() as ws_server:
        server.port = ws_server.sockets[0].getsockname()[1]
        yield server


async def dead_port() -> int:
    probe = FakeEventServer()
    async with probe.server() as first:
        port: int = first.sockets[0].getsockname()[1]
    return port


def client_for(port: int, recorder: Recorder, connection: ConnectionSettings, **kw: Any) -> RealtimeClient:
    return RealtimeClient(
        url=f"ws://127.0.0.1:{port}/api/v1/events",
        token=lambda: "tok",
        handler=recorder,
        **{**realtime_options(connection), **kw},
    )


@pytest.mark.asyncio
async def test_the_reconnect_delay_setting_is_the_wait_before_the_next_attempt() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(0)

    recorder = Recorder()
    client = client_for(
        await dead_port(), recorder, ConnectionSettings(reconnect_delay_seconds=7), sleep=sleep
    )
    client.start()
    await recorder.until(lambda: len(slept) >= 3)
    await client.stop()
    assert 7 * 0.8 <= slept[0] <= 7 * 1.2  # ± 20 % jitter
    assert 14 * 0.8 <= slept[1] <= 14 * 1.2  # then it backs off
    announced = [s.retry_in for s in recorder.states if s.retry_in is not None]
    assert announced[:3] == slept[:3]  # the UI shows the same wait


@pytest.mark.asyncio
async def test_an_outage_longer_than_the_maximum_wait_shows_offline_and_still_recovers() -> None:
    port = await dead_port()
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds  # the test's clock: each wait passes at once
        await asyncio.sleep(0.01)

    recorder = Recorder()
    settings = ConnectionSettings(reconnect_delay_seconds=2, reconnect_timeout_seconds=5)
    client = client_for(port, recorder, settings, sleep=sleep, clock=lambda: now[0])
    client.start()
    await recorder.until(lambda: any(s.state is ConnectionState.OFFLINE for s in recorder.states))
    trying = [s.state for s in recorder.states]
    assert trying[0] is ConnectionState.CONNECTING  # within the 5 s still «connecting»
    probe = FakeEventServer()
    async with probe.server(port):
        await recorder.until(lambda: recorder.connected_count() == 1)  # the attempts went on
    await client.stop()


@pytest.mark.asyncio
async def test_the_ping_period_and_proxy_reach_the_websocket() -> None:
    seen: dict[str, Any] = {}

    def connect(url: str, **kwargs: Any) -> Any:
        seen.update(kwargs)
        raise OSError("no network in this test")

    recorder = Recorder()
    settings = ConnectionSettings(ping_seconds=5, use_proxy=True, proxy_host="10.1.2.3", proxy_port=3128)
    client = client_for(1, recorder, settings, connect=connect)
    client.start()
    await recorder.until(lambda: any(s.retry_in is not None for s in recorder.states))
    await client.stop()
    assert (seen["ping_interval"], seen["ping_timeout"]) == (5.0, 5.0)
    assert seen["proxy"] == "http://10.1.2.3:3128"


@pytest.mark.asyncio
async def test_realtime_events_flow_through_the_configured_proxy(fake: FakeEventServer) -> None:
    fake.add(2)
    proxy = RelayProxy()
    async with proxy.running():
        settings = ConnectionSettings(use_proxy=True, proxy_host="127.0.0.1", proxy_port=proxy.port)
        recorder = Recorder()
        client = client_for(fake.port, recorder, settings)
        client.start()
        await recorder.until(lambda: len(recorder.events) == 2)
        await client.stop()
    assert proxy.requests == [f"CONNECT 127.0.0.1:{fake.port}"]


@pytest.mark.asyncio
async def test_api_requests_go_through_the_configured_proxy_with_the_sync_timeout() -> None:
    server, port = await health_server()
    proxy = RelayProxy()
    async with server, proxy.running():
        settings = ConnectionSettings(
            use_proxy=True, proxy_host="127.0.0.1", proxy_port=proxy.port, sync_timeout_seconds=42
        )
        api = ApiClient(server=f"http://127.0.0.1:{port}", **api_options(settings))
        try:
            health = await api.health()
            assert api._http.timeout.read == 42
        finally:
            await api.aclose()
    assert health.version == "9.9"
    assert proxy.requests == [f"GET http://127.0.0.1:{port}/api/v1/health"]


def test_an_incomplete_proxy_falls_back_to_none() -> None:
    assert api_options(ConnectionSettings(use_proxy=True, proxy_host=" "))["proxy"] is None
    assert api_options(ConnectionSettings(use_proxy=False, proxy_host="p", proxy_port=1))["proxy"] is None


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("proxy.local", 3128, "http://proxy.local:3128"),
        ("http://proxy.local/", 8080, "http://proxy.local:8080"),
        ("https://proxy.local:9443", 8080, "https://proxy.local:9443"),
        ("10.0.0.1", 0, "http://10.0.0.1"),
    ],
)
def test_proxy_host_and_port_become_one_url(host: str, port: int, url: str) -> None:
    assert proxy_url(host, port) == url
