"""Append facts to the outbox in the caller's transaction; read them back after a sequence number.

The sequence number comes from ``UPDATE tenants SET last_event_seq = last_event_seq + 1 ... RETURNING``,
in the same transaction as the fact. The row lock it takes (PostgreSQL) or the database write lock
(SQLite) makes events of one tenant commit in sequence order, so a reader that polls ``seq > cursor``
never skips one that commits later with a smaller number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.server.events import pg_listen
from app.server.models import OutboxEvent, Tenant

_TENANTS = cast(Table, Tenant.__table__)
_EVENTS = cast(Table, OutboxEvent.__table__)
_BUMP_SEQ = (
    update(_TENANTS)
    .where(_TENANTS.c.id == bindparam("tid"))
    .values(last_event_seq=_TENANTS.c.last_event_seq + bindparam("n"))
    .returning(_TENANTS.c.last_event_seq)
)
_PRUNE = delete(_EVENTS).where(_EVENTS.c.tenant_id == bindparam("tid"), _EVENTS.c.seq <= bindparam("upto"))

PENDING_NOTIFY_KEY = "pult.notify_tenants"


@dataclass(frozen=True, slots=True)
class Retention:
    count: int
    hours: float


def append(
    session: Session,
    *,
    tenant_id: int,
    type: str,
    data: dict[str, Any],
    at: datetime,
    permission: str,
    subject_employee_id: int | None,
    retention: Retention,
) -> int:
    """Write one event and return its sequence number; the caller's commit publishes it."""
    seq = session.execute(
        update(Tenant)
        .where(Tenant.id == tenant_id)
        .values(last_event_seq=Tenant.last_event_seq + 1)
        .returning(Tenant.last_event_seq)
    ).scalar_one()
    session.add(
        OutboxEvent(
            tenant_id=tenant_id,
            seq=seq,
            type=type,
            at=at,
            data=data,
            permission=permission,
            subject_employee_id=subject_employee_id,
        )
    )
    session.execute(
        delete(OutboxEvent).where(
            OutboxEvent.tenant_id == tenant_id, OutboxEvent.seq <= seq - retention.count
        )
    )
    pending: set[int] = session.info.setdefault(PENDING_NOTIFY_KEY, set())
    if tenant_id not in pending and session.get_bind().dialect.name == "postgresql":
        pg_listen.notify_in_transaction(session, tenant_id)  # other api instances wake at commit
    pending.add(tenant_id)
    return seq


@dataclass(frozen=True, slots=True)
class PendingEvent:
    type: str
    data: dict[str, Any]
    permission: str
    subject_employee_id: int | None


def append_many(
    session: Session,
    *,
    tenant_id: int,
    events: list[PendingEvent],
    at: datetime,
    retention: Retention,
) -> list[int]:
    """Write several events of one tenant with one sequence bump and one pruning (hot paths: the ACD)."""
    if not events:
        return []
    # Core statements on the tables: the ORM's bulk paths (session synchronisation, unit of work) cost
    # more than the SQL here; nothing reads these rows back through the session in the same transaction.
    last = session.execute(_BUMP_SEQ, {"tid": tenant_id, "n": len(events)}).scalar_one()
    first = last - len(events) + 1
    session.execute(
        insert(_EVENTS),
        [
            {
                "tenant_id": tenant_id,
                "seq": first + i,
                "type": e.type,
                "at": at,
                "data": e.data,
                "permission": e.permission,
                "subject_employee_id": e.subject_employee_id,
            }
            for i, e in enumerate(events)
        ],
    )
    session.execute(_PRUNE, {"tid": tenant_id, "upto": last - retention.count})
    pending: set[int] = session.info.setdefault(PENDING_NOTIFY_KEY, set())
    if tenant_id not in pending and session.get_bind().dialect.name == "postgresql":
        pg_listen.notify_in_transaction(session, tenant_id)
    pending.add(tenant_id)
    return list(range(first, last + 1))


def last_seq(session: Session, tenant_id: int) -> int:
    return session.execute(select(Tenant.last_event_seq).where(Tenant.id == tenant_id)).scalar_one()


def first_retained_seq(session: Session, tenant_id: int) -> int | None:
    return session.execute(
        select(func.min(OutboxEvent.seq)).where(OutboxEvent.tenant_id == tenant_id)
    ).scalar_one_or_none()


def can_replay_after(session: Session, tenant_id: int, after: int) -> bool:
    """Whether every event after ``after`` is still held."""
    last = last_seq(session, tenant_id)
    if after > last or after < 0:
        return False
    if after == last:
        return True
    first = first_retained_seq(session, tenant_id)
    return first is not None and first <= after + 1


def read_after(session: Session, tenant_id: int, after: int, limit: int = 500) -> list[OutboxEvent]:
    return list(
        session.execute(
            select(OutboxEvent)
            .where(OutboxEvent.tenant_id == tenant_id, OutboxEvent.seq > after)
            .order_by(OutboxEvent.seq)
            .limit(limit)
        ).scalars()
    )


def prune_older_than(session: Session, now: datetime, retention: Retention) -> int:
    """Drop events older than the retention window (all tenants); ``tenants.last_event_seq`` is kept."""
    cutoff = now - timedelta(hours=retention.hours)
    result = session.execute(delete(OutboxEvent).where(OutboxEvent.at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
