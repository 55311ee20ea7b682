"""The realtime channel ``/api/v1/events``: one websocket per session that never gives up.

The client sends ``Authorization: Bearer <token>`` and ``?after=<last seq seen>``; the server replays what
was missed, or answers ``resync`` when it no longer holds that far back and the client refetches its
snapshots. A connection that drops, or that stays silent for longer than a few heartbeats, is closed and
reopened with exponential backoff and jitter; the UI sees the state through :class:`ConnectionSnapshot`.
Events are delivered to the handler strictly in sequence order and never twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import urlencode

from pydantic import ValidationError

from app.protocol.events import HEARTBEAT_SECONDS, Event, Heartbeat, Hello, Resync, server_frame_adapter
from app.services.logs import event as log_event
from app.state.connection import ConnectionSnapshot, ConnectionState

log = logging.getLogger(__name__)


class Backoff:
    """Delays before reconnect attempts: ``initial * factor**n`` capped at ``maximum``, ± ``jitter``.

    Jitter spreads the reconnects of a whole call center after a server restart over time instead of
    hitting the server in one burst.
    """

    def __init__(
        self,
        *,
        initial: float = 0.5,
        factor: float = 2.0,
        maximum: float = 10.0,
        jitter: float = 0.2,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._initial = initial
        self._factor = factor
        self._maximum = maximum
        self._jitter = jitter
        self._rng = rng
        self.attempts = 0

    def next_delay(self) -> float:
        base = min(self._maximum, self._initial * self._factor**self.attempts)
        self.attempts += 1
        spread = base * self._jitter
        return max(0.0, base - spread + 2 * spread * self._rng())

    def reset(self) -> None:
        self.attempts = 0


class RealtimeHandler(Protocol):
    """What the realtime client reports to (the session service)."""

    def on_connection(self, snapshot: ConnectionSnapshot) -> None: ...

    async def on_event(self, event: Event) -> None: ...

    async def on_resync(self, last_seq: int) -> None: ...

    async def on_unauthorized(self) -> bool:
        """The server refused the token: renew it and return True to retry, False to give up."""
        ...


class HeartbeatTimeoutError(Exception):
    """Nothing arrived for longer than the heartbeat timeout: the connection is dead even if TCP says not."""


ConnectFn = Callable[..., Any]
"""``websockets.asyncio.client.connect`` or a test double with the same call shape."""


class RealtimeClient:
    """Keeps one websocket open to ``url`` while started."""

    def __init__(
        self,
        *,
        url: str,
        token: Callable[[], str],
        handler: RealtimeHandler,
        backoff: Backoff | None = None,
        heartbeat_timeout: float = HEARTBEAT_SECONDS * 2.5,
        open_timeout: float = 5.0,
        connect: ConnectFn | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._url = url
        self._token = token
        self._handler = handler
        self._backoff = backoff or Backoff()
        self._heartbeat_timeout = heartbeat_timeout
        self._open_timeout = open_timeout
        self._connect = connect
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self._ever_connected = False
        self.last_seq = 0
        self.connections = 0
        """How many times a connection was established (tests and diagnostics)."""

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, *, after: int = 0) -> None:
        if self.running:
            return
        self.last_seq = after
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._report(ConnectionSnapshot(ConnectionState.OFFLINE))

    def _report(self, snapshot: ConnectionSnapshot) -> None:
        self._handler.on_connection(snapshot)

    def _connect_fn(self) -> ConnectFn:
        if self._connect is None:
            from websockets.asyncio.client import connect

            self._connect = connect
        return self._connect

    async def _run(self) -> None:
        from websockets.exceptions import InvalidStatus, WebSocketException

        while True:
            state = ConnectionState.RECONNECTING if self._ever_connected else ConnectionState.CONNECTING
            self._report(ConnectionSnapshot(state, attempt=self._backoff.attempts))
            reason = ""
            try:
                await self._connect_once()
                reason = "closed"
            except InvalidStatus as exc:
                code = exc.response.status_code
                reason = f"http {code}"
                if code in (401, 403):
                    log_event(log, "connection.unauthorized", status=code)
                    if not await self._handler.on_unauthorized():
                        self._report(ConnectionSnapshot(ConnectionState.OFFLINE))
                        return
            except HeartbeatTimeoutError:
                reason = "heartbeat timeout"
            except (OSError, TimeoutError, WebSocketException, ValidationError, ValueError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            delay = self._backoff.next_delay()
            log_event(
                log,
                "connection.lost" if self._ever_connected else "connection.failed",
                reason=reason,
                retry_in=round(delay, 3),
                last_seq=self.last_seq,
            )
            state = ConnectionState.RECONNECTING if self._ever_connected else ConnectionState.CONNECTING
            self._report(ConnectionSnapshot(state, attempt=self._backoff.attempts, retry_in=delay))
            await self._sleep(delay)

    async def _connect_once(self) -> None:
        url = f"{self._url}?{urlencode({'after': self.last_seq})}"
        headers = {"Authorization": f"Bearer {self._token()}"}
        async with self._connect_fn()(
            url, additional_headers=headers, open_timeout=self._open_timeout, max_size=2**22
        ) as ws:
            while True:
                try:
                    # asyncio.timeout, not wait_for: wait_for runs recv() in a task of its own, and
                    # cancelling that on Python 3.11 can leave stop() waiting on it forever.
                    async with asyncio.timeout(self._heartbeat_timeout):
                        raw = await ws.recv()
                except TimeoutError as exc:
                    raise HeartbeatTimeoutError from exc
                await self._dispatch(server_frame_adapter.validate_json(raw))

    async def _dispatch(self, frame: Event | Hello | Resync | Heartbeat) -> None:
        if isinstance(frame, Hello):
            self.connections += 1
            self._ever_connected = True
            self._backoff.reset()
            log_event(log, "connection.hello", after=self.last_seq, server_seq=frame.last_seq)
            self._report(ConnectionSnapshot(ConnectionState.CONNECTED))
        elif isinstance(frame, Event):
            if frame.seq <= self.last_seq:
                return  # already delivered before a reconnect
            log_event(log, "event.received", seq=frame.seq, type=frame.type)
            self.last_seq = frame.seq
            await self._handler.on_event(frame)
        elif isinstance(frame, Resync):
            log_event(log, "connection.resync", after=self.last_seq, server_seq=frame.last_seq)
            self.last_seq = frame.last_seq
            await self._handler.on_resync(frame.last_seq)
