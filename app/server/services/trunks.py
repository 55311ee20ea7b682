"""SIP trunk accounts: administration rules (names unique per tenant, caller IDs well formed, at most
:data:`~app.protocol.trunks.MAX_TRUNKS` registered per server) and what the switch needs to register."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.protocol.trunks import (
    LINES_CHANGED,
    MAX_TRUNKS,
    NUMBER_PATTERN,
    CallerIdInfo,
    LineInfo,
    TrunkCreate,
    TrunkInfo,
    TrunkRegistration,
    TrunkUpdate,
)
from app.server.core.errors import ConflictError, LimitReachedError, NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.events.outbox import Retention
from app.server.models import OutboundCall, QueueNumber, Trunk
from app.server.services.statuses import VIEW_STATUS_PERMISSION
from app.server.services.switch_port import OutboundLine

_NUMBER = re.compile(NUMBER_PATTERN)


@dataclass(frozen=True, slots=True)
class TrunkAccount:
    """What a switch worker needs to register one trunk (and to dial out through it)."""

    trunk_id: int
    registrar: str
    """``sip:host[:port]``"""
    username: str
    password: str
    domain: str
    register: bool


@runtime_checkable
class TrunkRegistrar(Protocol):
    """The part of a media switch that registers trunks (the embedded one does; a disabled one not)."""

    def trunks_changed(self) -> None:
        """Re-read the trunks from the database and (un)register what changed."""

    def trunk_state(self, trunk_id: int) -> tuple[TrunkRegistration, int | None]:
        """The registration state and the last SIP status of one trunk."""


@runtime_checkable
class TrunkDialer(Protocol):
    """The part of a media switch that places operators' outbound calls through trunks."""

    def outbound_call(self, *, trunk: TrunkAccount, number: str, caller_id: str) -> tuple[str, str, str]:
        """Order the call; (call reference, worker URI, one-time token) for the operator's media leg."""
        ...


def info(trunk: Trunk) -> TrunkInfo:
    return TrunkInfo(
        id=trunk.id,
        name=trunk.name,
        host=trunk.host,
        username=trunk.username,
        domain=trunk.domain,
        registers=trunk.register,
        enabled=trunk.enabled,
        caller_ids=list(trunk.caller_ids),
        has_password=bool(trunk.password),
    )


def list_trunks(session: Session, tenant_id: int) -> list[Trunk]:
    return list(
        session.execute(select(Trunk).where(Trunk.tenant_id == tenant_id).order_by(Trunk.id)).scalars()
    )


def lines(session: Session, tenant_id: int) -> list[LineInfo]:
    """The enabled trunks with caller IDs, for operators' «Линия» selectors (MW-19); a number's comment is
    that of the queue number with the same digits, where there is one."""
    rows = session.execute(
        select(QueueNumber.number, QueueNumber.comment).where(QueueNumber.tenant_id == tenant_id)
    )
    comments: dict[str, str] = dict(rows.all())
    return [
        LineInfo(
            id=t.id,
            name=t.name,
            caller_ids=[CallerIdInfo(number=n, comment=comments.get(n, "")) for n in t.caller_ids],
        )
        for t in list_trunks(session, tenant_id)
        if t.enabled and t.caller_ids
    ]


def announce(session: Session, tenant_id: int, trunk_id: int, *, now: datetime, retention: Retention) -> None:
    """``lines.changed`` to everyone of the tenant: the «Линия» selectors refetch their lists."""
    outbox.append(
        session,
        tenant_id=tenant_id,
        type=LINES_CHANGED,
        data={"trunk_id": trunk_id},
        at=now,
        permission=VIEW_STATUS_PERMISSION,
        subject_employee_id=None,
        retention=retention,
    )


def get(session: Session, tenant_id: int, trunk_id: int) -> Trunk:
    trunk = session.get(Trunk, trunk_id)
    if trunk is None or trunk.tenant_id != tenant_id:
        raise NotFoundError("no such trunk")
    return trunk


def _check_caller_ids(numbers: list[str]) -> list[str]:
    cleaned = [n.strip() for n in numbers]
    for number in cleaned:
        if not _NUMBER.match(number):
            raise ValidationFailedError(
                f"not a phone number (digits, optionally after +): {number!r}", field="caller_ids"
            )
    return list(dict.fromkeys(cleaned))


def _check_name(session: Session, tenant_id: int, name: str, trunk_id: int | None = None) -> None:
    taken = session.execute(
        select(Trunk.id).where(Trunk.tenant_id == tenant_id, Trunk.name == name, Trunk.id != (trunk_id or 0))
    ).first()
    if taken is not None:
        raise ConflictError("a trunk with this name already exists", detail={"field": "name"})


def _check_capacity(session: Session, *, exclude: int | None = None) -> None:
    registered = session.execute(
        select(func.count())
        .select_from(Trunk)
        .where(Trunk.enabled.is_(True), Trunk.register.is_(True), Trunk.id != (exclude or 0))
    ).scalar_one()
    if registered >= MAX_TRUNKS:
        raise LimitReachedError(f"at most {MAX_TRUNKS} trunks can register on one switch")


def create(session: Session, tenant_id: int, body: TrunkCreate, *, now: datetime) -> Trunk:
    name = body.name.strip()
    _check_name(session, tenant_id, name)
    if body.enabled and body.registers:
        _check_capacity(session)
    trunk = Trunk(
        tenant_id=tenant_id,
        name=name,
        host=body.host,
        username=body.username,
        password=body.password,
        domain=body.domain,
        register=body.registers,
        enabled=body.enabled,
        caller_ids=_check_caller_ids(body.caller_ids),
        created_at=now,
    )
    session.add(trunk)
    session.flush()
    return trunk


def update(session: Session, tenant_id: int, trunk_id: int, body: TrunkUpdate) -> Trunk:
    trunk = get(session, tenant_id, trunk_id)
    changes = body.model_dump(exclude_unset=True)
    if "registers" in changes:
        changes["register"] = changes.pop("registers")
    if "name" in changes and changes["name"] is not None:
        changes["name"] = changes["name"].strip()
        _check_name(session, tenant_id, changes["name"], trunk.id)
    if changes.get("caller_ids") is not None:
        changes["caller_ids"] = _check_caller_ids(changes["caller_ids"])
    enabled = changes.get("enabled", trunk.enabled)
    register = changes.get("register", trunk.register)
    if enabled and register and not (trunk.enabled and trunk.register):
        _check_capacity(session, exclude=trunk.id)
    for key, value in changes.items():
        if value is not None:
            setattr(trunk, key, value)
    return trunk


def delete(session: Session, tenant_id: int, trunk_id: int) -> None:
    session.delete(get(session, tenant_id, trunk_id))


def accounts(session: Session) -> list[TrunkAccount]:
    """Every enabled trunk of every tenant, as the switch registers them."""
    rows = session.execute(select(Trunk).where(Trunk.enabled.is_(True)).order_by(Trunk.id)).scalars()
    return [
        TrunkAccount(
            trunk_id=t.id,
            registrar=f"sip:{t.host}",
            username=t.username,
            password=t.password,
            domain=t.domain or t.host.split(":", 1)[0],
            register=t.register,
        )
        for t in rows
    ]


def outbound_account(session: Session, tenant_id: int, trunk_id: int, caller_id: str) -> TrunkAccount:
    """The trunk to call out through, when ``caller_id`` is one of its numbers."""
    trunk = get(session, tenant_id, trunk_id)
    if not trunk.enabled:
        raise ConflictError("the trunk is disabled", detail={"field": "trunk_id"})
    if caller_id not in trunk.caller_ids:
        raise ValidationFailedError("this number is not a caller ID of the trunk", field="caller_id")
    return TrunkAccount(
        trunk_id=trunk.id,
        registrar=f"sip:{trunk.host}",
        username=trunk.username,
        password=trunk.password,
        domain=trunk.domain or trunk.host.split(":", 1)[0],
        register=trunk.register,
    )


def transfer_line(session: Session, tenant_id: int, dialled: str | None) -> OutboundLine:
    """The line a third party dialled by number is called through, and the caller ID it sees. TP-09 makes
    the company's number the one a called party sees: the number the customer dialled when it is a line's
    outgoing number (the third party sees which line the call is about), else the first outgoing number of
    the tenant's first enabled line. No line: refused with the way out."""
    candidates = [t for t in list_trunks(session, tenant_id) if t.enabled and t.caller_ids]
    if not candidates:
        raise ConflictError(
            "no line to call a number through: an administrator adds a trunk with outgoing numbers, or give "
            "a SIP address (sip:user@host)",
            detail={"field": "number", "reason": "no_line"},
        )
    trunk, caller_id = candidates[0], candidates[0].caller_ids[0]
    for candidate in candidates:
        if dialled and dialled in candidate.caller_ids:
            trunk, caller_id = candidate, dialled
            break
    return OutboundLine(
        trunk_id=trunk.id,
        registrar=f"sip:{trunk.host}",
        username=trunk.username,
        password=trunk.password,
        domain=trunk.domain or trunk.host.split(":", 1)[0],
        caller_id=caller_id,
    )


# --- outbound call facts (MW-19): the switch's events move them on --------------------------------------


def record_outbound(
    session: Session,
    *,
    tenant_id: int,
    employee_id: int,
    trunk_id: int,
    ref: str,
    number: str,
    caller_id: str,
    now: datetime,
) -> OutboundCall:
    row = OutboundCall(
        tenant_id=tenant_id,
        employee_id=employee_id,
        trunk_id=trunk_id,
        switch_ref=ref,
        number=number,
        caller_id=caller_id,
        started_at=now,
    )
    session.add(row)
    session.flush()
    return row


def outbound_by_ref(session: Session, ref: str) -> OutboundCall | None:
    return session.execute(select(OutboundCall).where(OutboundCall.switch_ref == ref)).scalar_one_or_none()


def outbound_answered(session: Session, ref: str, now: datetime) -> OutboundCall | None:
    """The switch bridged the operator with the callee: the call was answered (the first time counts)."""
    call = outbound_by_ref(session, ref)
    if call is None or call.ended_at is not None or call.answered_at is not None:
        return None
    call.answered_at = now
    return call


def outbound_ended(session: Session, ref: str, reason: str, now: datetime) -> OutboundCall | None:
    call = outbound_by_ref(session, ref)
    if call is None or call.ended_at is not None:
        return None
    call.ended_at = now
    call.end_reason = reason[:30]
    return call
