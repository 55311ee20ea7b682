"""The realtime client: bearer auth, resume after the last seq, no duplicates, resync, heartbeat, backoff.

A real websocket server (``websockets``) on localhost plays the server's part.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import pytest_asyncio
from websockets.asyncio.server import Request, Response, ServerConnection, serve

from app.protocol.events import Event
from app.services.realtime import Backoff, RealtimeClient
from app.state.connection import ConnectionSnapshot, ConnectionState

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC).isoformat()


class FakeEventServer:
    """Holds numbered events; replays those after ``?after=``; can resync, go silent, refuse tokens."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.requests: list[tuple[int, str]] = []
        self.first_retained = 1
        self.silent = False
        self.refuse = False
        self.connections: set[ServerConnection] = set()
        self.port = 0

    def add(self, n: int) -> None:
        for _ in range(n):
            seq = len(self.events) + 1
            self.events.append(
                {"kind": "event", "seq": seq, "type": "status.changed", "at": NOW, "data": {"n": seq}}
            )

    async def push(self, n: int) -> None:
        start = len(self.events)
        self.add(n)
        for ws in list(self.connections):
            for frame in self.events[start:]:
                await ws.send(json.dumps(frame))

    async def drop(self) -> None:
        for ws in list(self.connections):
            await ws.close()

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.refuse:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "bad token\n")
        return None

    async def _handler(self, ws: ServerConnection) -> None:
        assert ws.request is not None
        after = int(parse_qs(urlsplit(ws.request.path).query)["after"][0])
        self.requests.append((after, ws.request.headers.get("Authorization", "")))
        last = len(self.events)
        await ws.send(json.dumps({"kind": "hello", "last_seq": last, "server_time": NOW}))
        if after + 1 < self.first_retained:
            await ws.send(json.dumps({"kind": "resync", "last_seq": last}))
        else:
            for frame in self.events[after:]:
                await ws.send(json.dumps(frame))
        self.connections.add(ws)
        try:
            if self.silent:
                await ws.wait_closed()
                return
            while True:
                await ws.send(json.dumps({"kind": "heartbeat", "last_seq": len(self.events)}))
                await asyncio.sleep(0.05)
        except Exception:  # the client went away
            return
        finally:
            self.connections.discard(ws)

    def server(self, port: int = 0) -> Any:
        return serve(self._handler, "127.0.0.1", port, process_request=self._process_request)


class Recorder:
    """The handler side: records what the client reports, lets a test await a condition."""

    def __init__(self) -> None:
        self.states: list[ConnectionSnapshot] = []
        self.events: list[Event] = []
        self.resyncs: list[int] = []
        self.unauthorized = 0
        self.renew_token = False
        self._changed = asyncio.Condition()
        self._pending: set[asyncio.Future[None]] = set()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def on_connection(self, snapshot: ConnectionSnapshot) -> None:
        self.states.append(snapshot)
        future = asyncio.ensure_future(self._notify())
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    async def on_event(self, event: Event) -> None:
        self.events.append(event)
        await self._notify()

    async def on_resync(self, last_seq: int) -> None:
        self.resyncs.append(last_seq)
        await self._notify()

    async def on_unauthorized(self) -> bool:
        self.unauthorized += 1
        await self._notify()
        return self.renew_token

    async def until(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]

    def connected_count(self) -> int:
        return sum(1 for s in self.states if s.state is ConnectionState.CONNECTED)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeEventServer]:
    server = FakeEventServer()
    async with server.server() as ws_server:
        server.port = ws_server.sockets[0].getsockname()[1]
        yield server


def make_client(port: int, recorder: Recorder, **kw: Any) -> RealtimeClient:
    kw.setdefault("backoff", Backoff(initial=0.02, maximum=0.1, jitter=0))
    return RealtimeClient(
        url=f"ws://127.0.0.1:{port}/api/v1/events", token=lambda: "tok", handler=recorder, **kw
    )


@pytest.mark.asyncio
async def test_connects_with_bearer_token_and_delivers_events_in_order(fake: FakeEventServer) -> None:
    fake.add(3)
    recorder = Recorder()
    client = make_client(fake.port, recorder)
    client.start(after=1)
    await recorder.until(lambda: len(recorder.events) == 2)
    await fake.push(2)
    await recorder.until(lambda: len(recorder.events) == 4)
    await client.stop()
    assert fake.requests == [(1, "Bearer tok")]
    assert recorder.seqs == [2, 3, 4, 5]
    assert [s.state for s in recorder.states][:2] == [ConnectionState.CONNECTING, ConnectionState.CONNECTED]
    assert recorder.states[-1].state is ConnectionState.OFFLINE


@pytest.mark.asyncio
async def test_resumes_after_the_last_seen_seq_and_loses_nothing(fake: FakeEventServer) -> None:
    recorder = Recorder()
    client = make_client(fake.port, recorder)
    client.start()
    await recorder.until(lambda: recorder.connected_count() == 1)
    await fake.push(2)
    await recorder.until(lambda: len(recorder.events) == 2)
    await fake.drop()
    fake.add(3)  # happened while the client was away
    await recorder.until(lambda: recorder.connected_count() == 2)
    await recorder.until(lambda: len(recorder.events) == 5)
    await client.stop()
    assert [after for after, _ in fake.requests] == [0, 2]
    assert recorder.seqs == [1, 2, 3, 4, 5]
    states = [s.state for s in recorder.states]
    assert ConnectionState.RECONNECTING in states[states.index(ConnectionState.CONNECTED) :]


@pytest.mark.asyncio
async def test_events_replayed_twice_are_delivered_once(fake: FakeEventServer) -> None:
    fake.add(3)
    recorder = Recorder()
    client = make_client(fake.port, recorder)
    client.start()
    await recorder.until(lambda: len(recorder.events) == 3)
    # A server that replays too much (e.g. from an older cursor) must not cause duplicates.
    for ws in list(fake.connections):
        for frame in fake.events:
            await ws.send(json.dumps(frame))
    await fake.push(1)
    await recorder.until(lambda: len(recorder.events) == 4)
    await client.stop()
    assert recorder.seqs == [1, 2, 3, 4]


@pytest.mark.asyncio
async def test_resync_when_the_server_no_longer_holds_the_events(fake: FakeEventServer) -> None:
    fake.add(10)
    fake.first_retained = 8
    recorder = Recorder()
    client = make_client(fake.port, recorder)
    client.start(after=2)
    await recorder.until(lambda: recorder.resyncs == [10])
    assert client.last_seq == 10
    await fake.push(1)
    await recorder.until(lambda: recorder.seqs == [11])
    await client.stop()


@pytest.mark.asyncio
async def test_silence_longer_than_the_heartbeat_timeout_reconnects(fake: FakeEventServer) -> None:
    fake.silent = True
    recorder = Recorder()
    client = make_client(fake.port, recorder, heartbeat_timeout=0.2)
    client.start()
    await recorder.until(lambda: recorder.connected_count() >= 2)
    await client.stop()
    assert len(fake.requests) >= 2
    assert ConnectionState.RECONNECTING in [s.state for s in recorder.states]


@pytest.mark.asyncio
async def test_refused_token_asks_the_handler_and_stops_when_it_gives_up(fake: FakeEventServer) -> None:
    fake.refuse = True
    recorder = Recorder()
    client = make_client(fake.port, recorder)
    client.start()
    await recorder.until(lambda: recorder.unauthorized == 1)
    await recorder.until(lambda: recorder.states[-1].state is ConnectionState.OFFLINE)
    assert not client.running
    await client.stop()


@pytest.mark.asyncio
async def test_refused_token_is_retried_when_the_handler_renewed_it(fake: FakeEventServer) -> None:
    fake.refuse = True
    recorder = Recorder()
    recorder.renew_token = True
    client = make_client(fake.port, recorder)
    client.start()
    await recorder.until(lambda: recorder.unauthorized == 1)
    fake.refuse = False
    await recorder.until(lambda: recorder.connected_count() == 1)
    await client.stop()


@pytest.mark.asyncio
async def test_keeps_retrying_until_the_server_comes_back() -> None:
    probe = FakeEventServer()
    async with probe.server() as first:
        port = first.sockets[0].getsockname()[1]
    recorder = Recorder()
    client = make_client(port, recorder)
    client.start(after=0)
    await recorder.until(lambda: sum(1 for s in recorder.states if s.retry_in is not None) >= 3)
    assert all(s.state is ConnectionState.CONNECTING for s in recorder.states)
    attempts = [s.attempt for s in recorder.states if s.retry_in is not None]
    assert attempts[:3] == [1, 2, 3]
    async with probe.server(port):
        await recorder.until(lambda: recorder.connected_count() == 1)
    await client.stop()


def test_backoff_grows_exponentially_up_to_the_cap_and_resets() -> None:
    backoff = Backoff(initial=0.5, factor=2, maximum=4, jitter=0)
    assert [backoff.next_delay() for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]
    backoff.reset()
    assert backoff.next_delay() == 0.5


@pytest.mark.parametrize(("rng", "expected"), [(0.0, 0.8), (0.5, 1.0), (1.0, 1.2)])
def test_backoff_jitter_stays_within_its_band(rng: float, expected: float) -> None:
    backoff = Backoff(initial=1, jitter=0.2, rng=lambda: rng)
    assert backoff.next_delay() == pytest.approx(expected)
