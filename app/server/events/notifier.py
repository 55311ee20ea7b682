"""In-process wake-ups for websocket streams when a transaction that wrote events commits.

The outbox in the database stays the source of truth: a stream also reads it every
``event_poll_seconds`` (the heartbeat's period) as a safety net. This process's commits wake its
streams at once; on PostgreSQL, LISTEN/NOTIFY (``pg_listen``) wakes them for every api instance.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable


class EventNotifier:
    """Thread-safe: commits happen in worker threads, waiters live on the event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}

    def subscribe(self, tenant_id: int) -> asyncio.Event:
        wake = asyncio.Event()
        with self._lock:
            self._waiters.setdefault(tenant_id, set()).add((asyncio.get_running_loop(), wake))
        return wake

    def unsubscribe(self, tenant_id: int, wake: asyncio.Event) -> None:
        with self._lock:
            waiters = self._waiters.get(tenant_id, set())
            for item in [w for w in waiters if w[1] is wake]:
                waiters.discard(item)

    def notify_all(self) -> None:
        """Wake every stream, e.g. after a gap in which notifications may have been missed."""
        with self._lock:
            tenants = list(self._waiters)
        self.notify(tenants)

    def notify(self, tenant_ids: Iterable[int]) -> None:
        with self._lock:
            targets = [w for t in tenant_ids for w in self._waiters.get(t, ())]
        for loop, wake in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(wake.set)
