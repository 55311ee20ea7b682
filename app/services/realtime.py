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
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlencode

from pydantic import ValidationError

from app.protocol.events import HEARTBEAT_SECONDS, Event, Heartbeat, Hello, Resync, server_frame_adapter
from app.services.logs import event as log_event
from app.state.connection import ConnectionSnapshot, ConnectionState

if TYPE_CHECKING:
    from app.settings.models import ConnectionSettings

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


def backoff_for(connection: ConnectionSettings, *, first_delay: float | None = None) -> Backoff:
    """Reconnect delays from «Подключение» (TP-27): «Задержка начала запуска процедуры восстановления
    соединения» is the first delay; later ones double up to the larger of 30 s and that delay, so
    a long outage is probed about twice a minute rather than hammered."""
    initial = first_delay if first_delay is not None else float(connection.reconnect_delay_seconds)
    return Backoff(initial=initial, maximum=max(30.0, initial))


def realtime_options(connection: ConnectionSettings, *, first_delay: float | None = None) -> dict[str, Any]:
    """:class:`RealtimeClient` keyword arguments from «Подключение» (TP-27): ping period, reconnect delay,
    the longest outage still shown as «reconnecting», and the proxy."""
    from app.services.api import api_options

    return {
        "backoff": backoff_for(connection, first_delay=first_delay),
        "ping_interval": float(connection.ping_seconds),
        "max_outage": float(connection.reconnect_timeout_seconds),
        "proxy": api_options(connection)["proxy"],
    }


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
        ping_interval: float | None = None,
        max_outage: float | None = None,
        proxy: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``ping_interval``: seconds between the client's pings while the line is quiet (a missing pong
        within as long again closes it); ``max_outage``: after this long without a connection the state
        says «offline» instead of «reconnecting» (the attempts go on); ``proxy``: an HTTP proxy URL."""
        self._url = url
        self._token = token
        self._handler = handler
        self._backoff = backoff or Backoff()
        self._heartbeat_timeout = heartbeat_timeout
        self._open_timeout = open_timeout
        self._connect = connect
        self._sleep = sleep
        self._ping_interval = ping_interval
        self._max_outage = max_outage
        self._proxy = proxy
        self._clock = clock
        self._outage_since: float | None = None
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

        self._outage_since = self._clock()
        while True:
            self._report(ConnectionSnapshot(self._trying_state(), attempt=self._backoff.attempts))
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
            self._outage_began()
            delay = self._backoff.next_delay()
            log_event(
                log,
                "connection.lost" if self._ever_connected else "connection.failed",
                reason=reason,
                retry_in=round(delay, 3),
                last_seq=self.last_seq,
            )
            self._report(
                ConnectionSnapshot(self._trying_state(), attempt=self._backoff.attempts, retry_in=delay)
            )
            await self._sleep(delay)

    def _outage_began(self) -> None:
        if self._outage_since is None:  # it was up until now (a hello cleared it)
            self._outage_since = self._clock()

    def _trying_state(self) -> ConnectionState:
        """«Reconnecting» while the outage is within the wait the user allowed, «offline» past it."""
        since = self._outage_since
        if self._max_outage is not None and since is not None and self._clock() - since > self._max_outage:
            return ConnectionState.OFFLINE
        return ConnectionState.RECONNECTING if self._ever_connected else ConnectionState.CONNECTING

    async def _connect_once(self) -> None:
        url = f"{self._url}?{urlencode({'after': self.last_seq})}"
        headers = {"Authorization": f"Bearer {self._token()}"}
        options: dict[str, Any] = {}
        if self._ping_interval is not None:
            options.update(ping_interval=self._ping_interval, ping_timeout=self._ping_interval)
        if self._proxy:
            options["proxy"] = self._proxy
        async with self._connect_fn()(
            url, additional_headers=headers, open_timeout=self._open_timeout, max_size=2**22, **options
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
            self._outage_since = None
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
