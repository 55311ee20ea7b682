"""Keeping the colleagues' presence current: the list from ``GET /api/v1/colleagues``, then events.

The list is fetched when a session starts and after a ``resync``; ``status.changed`` events update one
colleague each. An event about someone not on the list (a colleague added to a group) triggers one
refetch, coalesced over a short burst.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.services.errors import ClientError, NotFoundError
from app.services.logs import event as log_event
from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore

if TYPE_CHECKING:
    import asyncio

    from app.protocol.presence import ColleagueList
    from app.services.api import ApiClient

log = logging.getLogger(__name__)

REFETCH_COALESCE_SECONDS = 0.3


def colleagues_snapshot(answer: ColleagueList) -> PresenceSnapshot:
    names = {g.id: g.name for g in answer.groups}
    return PresenceSnapshot(
        colleagues=tuple(
            ColleagueSnapshot(
                employee_id=c.employee_id,
                full_name=c.full_name,
                status=c.status,
                since=c.since,
                extension=c.extension,
                login=c.login,
                groups=tuple(names[g] for g in c.group_ids if g in names),
            )
            for c in answer.items
        ),
        loaded=True,
    )


class PresenceSync:
    """Feeds the :class:`PresenceStore` of one session."""

    def __init__(
        self,
        *,
        store: PresenceStore,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]],
    ) -> None:
        self._store = store
        self._api = api
        self._spawn = spawn
        self._refetch: asyncio.Task[None] | None = None

    async def load(self) -> int:
        """Fetch the list; returns the event sequence it is current at (0 when unknown)."""
        api = self._api()
        if api is None:
            return 0
        try:
            answer = await api.colleagues()
        except NotFoundError:
            log_event(log, "presence.unsupported")
            return 0
        except ClientError as exc:
            log_event(log, "presence.failed", error=type(exc).__name__)
            return 0
        snapshot = colleagues_snapshot(answer)
        self._store.set(snapshot)
        log_event(log, "presence.loaded", count=len(snapshot.colleagues), last_seq=answer.last_seq)
        return answer.last_seq or 0

    def apply_status(self, employee_id: int, status: str, since: datetime | None, *, is_me: bool) -> None:
        known = self._store.snapshot.get(employee_id) is not None
        self._store.set_status(employee_id, status, since)
        if not known and not is_me and self._store.snapshot.loaded:
            self._schedule_refetch()

    def clear(self) -> None:
        if self._refetch is not None:
            self._refetch.cancel()
            self._refetch = None
        self._store.set(PresenceSnapshot())

    def _schedule_refetch(self) -> None:
        if self._refetch is not None and not self._refetch.done():
            return

        import asyncio

        async def refetch() -> None:
            await asyncio.sleep(REFETCH_COALESCE_SECONDS)  # a burst of events from new colleagues: one fetch
            await self.load()

        self._refetch = self._spawn(refetch())
