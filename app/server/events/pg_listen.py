"""PostgreSQL LISTEN/NOTIFY: wake streams of this process for events written by any api instance.

Writers call ``pg_notify`` in the event's transaction (delivered at commit, dropped on rollback). One
listener connection per process turns notifications into :class:`EventNotifier` wake-ups. Polling the
outbox stays as the safety net, so a lost notification only delays an event, never loses it.
"""

from __future__ import annotations

import asyncio
import contextlib

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.server.core.logging import log_event
from app.server.events.notifier import EventNotifier

CHANNEL = "pult_events"


def notify_in_transaction(session: Session, tenant_id: int) -> None:
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(tenant_id)}
    )


def libpq_conninfo(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


async def listen_forever(sqlalchemy_url: str, notifier: EventNotifier, *, retry_seconds: float = 2.0) -> None:
    """Run until cancelled; reconnects after a lost connection."""
    conninfo = libpq_conninfo(sqlalchemy_url)
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                log_event("events.listening", channel=CHANNEL)
                notifier.notify_all()  # events committed while we were not listening: look now
                async for note in conn.notifies():
                    with contextlib.suppress(ValueError):
                        notifier.notify([int(note.payload)])
        except (psycopg.OperationalError, OSError) as exc:
            log_event("events.listen_failed", error=str(exc))
            await asyncio.sleep(retry_seconds)
