"""Statuses (spec MW-23..25, part 2 TP-32): definitions, custom statuses, changes and their intervals."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.protocol.events import STATUS_CHANGED, STATUSES_CHANGED, StatusChangedData
from app.protocol.status import (
    MAX_CUSTOM_STATUSES,
    BuiltinStatus,
    CustomStatusCreate,
    CustomStatusUpdate,
    StatusColor,
    StatusDefinition,
    StatusIntervalInfo,
)
from app.server.core.errors import ConflictError, LimitReachedError, NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.models import CustomStatus, Employee, StatusInterval
from app.server.services import acd_signals

CUSTOM_PREFIX = "custom-"
VIEW_STATUS_PERMISSION = "employees.view_status"


def _builtin(
    key: BuiltinStatus, name: str, color: StatusColor, group: bool, direct: bool, campaign: bool
) -> StatusDefinition:
    return StatusDefinition(
        key=key.value,
        name=name,
        builtin=True,
        color=color,
        receives_group_calls=group,
        receives_direct_calls=direct,
        receives_campaign_calls=campaign,
        selectable=key is not BuiltinStatus.OFFLINE,
    )


# Part 1 §3.1: group/ACD incoming only «На линии» and «Все звонки»; campaign calls «Обзвон» and
# «Все звонки»; direct incoming all but «Не беспокоить» (and offline, where the auto-secretary answers).
BUILTINS: Final = (
    _builtin(BuiltinStatus.ONLINE, "На линии", StatusColor.GREEN, True, True, False),
    _builtin(BuiltinStatus.BREAK, "Перерыв", StatusColor.YELLOW, False, True, False),
    _builtin(BuiltinStatus.OUTBOUND, "Обзвон", StatusColor.BLUE, False, True, True),
    _builtin(BuiltinStatus.ALL_CALLS, "Все звонки", StatusColor.CYAN, True, True, True),
    _builtin(BuiltinStatus.DND, "Не беспокоить", StatusColor.RED, False, False, False),
    _builtin(BuiltinStatus.OFFLINE, "Не в сети", StatusColor.GREY, False, False, False),
)
BUILTIN_BY_KEY: Final = {d.key: d for d in BUILTINS}

# A2.5: changing to these statuses needs its own right (the others need none for oneself).
STATUS_PERMISSIONS: Final = {
    BuiltinStatus.DND.value: "status.set_dnd",
    BuiltinStatus.OUTBOUND.value: "status.set_outbound",
    BuiltinStatus.BREAK.value: "status.set_break",
    BuiltinStatus.OFFLINE.value: "status.set_offline",
}


def custom_key(status_id: int) -> str:
    return f"{CUSTOM_PREFIX}{status_id}"


def _custom_definition(row: CustomStatus) -> StatusDefinition:
    return StatusDefinition(
        key=custom_key(row.id),
        name=row.name,
        builtin=False,
        color=StatusColor(row.color),
        synonym=row.synonym,
        base=row.base,
        receives_group_calls=row.receives_group_calls,
        receives_direct_calls=row.receives_direct_calls,
        receives_campaign_calls=row.receives_campaign_calls,
    )


def definitions(session: Session, tenant_id: int) -> list[StatusDefinition]:
    """Built-ins (offline last, not selectable) then the tenant's custom statuses."""
    rows = session.execute(
        select(CustomStatus).where(CustomStatus.tenant_id == tenant_id).order_by(CustomStatus.id)
    ).scalars()
    return [*BUILTINS, *(_custom_definition(r) for r in rows)]


def _custom_row(session: Session, tenant_id: int, key: str) -> CustomStatus | None:
    if not key.startswith(CUSTOM_PREFIX) or not key[len(CUSTOM_PREFIX) :].isdigit():
        return None
    row = session.get(CustomStatus, int(key[len(CUSTOM_PREFIX) :]))
    return row if row is not None and row.tenant_id == tenant_id else None


def resolve(session: Session, tenant_id: int, key: str) -> StatusDefinition | None:
    if key in BUILTIN_BY_KEY:
        return BUILTIN_BY_KEY[key]
    row = _custom_row(session, tenant_id, key)
    return _custom_definition(row) if row is not None else None


def permission_for(definition: StatusDefinition) -> str | None:
    """The A2.5 right a change to this status needs; a custom status inherits its base status's right."""
    lookup = definition.key if definition.builtin else definition.base
    return STATUS_PERMISSIONS.get(lookup) if lookup else None


# --- changes -------------------------------------------------------------------------------------------


def set_status(
    session: Session,
    employee: Employee,
    key: str,
    *,
    now: datetime,
    retention: outbox.Retention,
) -> bool:
    """Move ``employee`` to status ``key``: close the open interval, open a new one, emit the event.

    Returns False (and writes nothing) when the employee already has that status.
    """
    if employee.status == key:
        return False
    previous = employee.status
    session.execute(
        update(StatusInterval)
        .where(StatusInterval.employee_id == employee.id, StatusInterval.ended_at.is_(None))
        .values(ended_at=now)
    )
    session.add(
        StatusInterval(tenant_id=employee.tenant_id, employee_id=employee.id, status=key, started_at=now)
    )
    if key == BuiltinStatus.OFFLINE.value:
        employee.last_status = previous
    employee.status = key
    employee.status_since = now
    acd_signals.mark_status(session, employee.id, key)
    data = StatusChangedData(employee_id=employee.id, status=key, previous=previous, since=now)
    outbox.append(
        session,
        tenant_id=employee.tenant_id,
        type=STATUS_CHANGED,
        data=data.model_dump(mode="json"),
        at=now,
        permission=VIEW_STATUS_PERMISSION,
        subject_employee_id=employee.id,
        retention=retention,
    )
    return True


def open_first_interval(session: Session, employee: Employee, now: datetime) -> None:
    """A new employee starts offline; that span is an interval too."""
    session.add(
        StatusInterval(
            tenant_id=employee.tenant_id,
            employee_id=employee.id,
            status=BuiltinStatus.OFFLINE.value,
            started_at=now,
        )
    )


# --- custom statuses (TP-32) ---------------------------------------------------------------------------


def _announce(
    session: Session, tenant_id: int, key: str, change: str, now: datetime, retention: outbox.Retention
) -> None:
    """A tenant-wide fact: everyone who may see statuses at all receives it."""
    acd_signals.mark_tenant(session, tenant_id)  # a status's «receives group calls» may have changed
    outbox.append(
        session,
        tenant_id=tenant_id,
        type=STATUSES_CHANGED,
        data={"key": key, "change": change},
        at=now,
        permission=VIEW_STATUS_PERMISSION,
        subject_employee_id=None,
        retention=retention,
    )


def _check_synonym_free(session: Session, tenant_id: int, synonym: str, own_id: int | None) -> None:
    if not synonym:
        return
    clash = session.execute(
        select(CustomStatus.id).where(
            CustomStatus.tenant_id == tenant_id,
            CustomStatus.synonym == synonym,
            CustomStatus.id != (own_id or 0),
        )
    ).first()
    if clash is not None:
        raise ConflictError("another status already has this synonym", detail={"field": "synonym"})


def _check_name_free(session: Session, tenant_id: int, name: str, own_id: int | None) -> None:
    builtin_names = {d.name.casefold() for d in BUILTINS}
    clash = session.execute(
        select(CustomStatus.id).where(
            CustomStatus.tenant_id == tenant_id, CustomStatus.name == name, CustomStatus.id != (own_id or 0)
        )
    ).first()
    if clash is not None or name.casefold() in builtin_names:
        raise ConflictError("a status with this name already exists", detail={"field": "name"})


def _base_flags(base: str | None) -> tuple[bool, bool, bool] | None:
    if base is None:
        return None
    definition = BUILTIN_BY_KEY.get(base)
    if definition is None or not definition.selectable:
        raise ValidationFailedError(
            "the base status must be one of the selectable built-in statuses", field="base"
        )
    return (
        definition.receives_group_calls,
        definition.receives_direct_calls,
        definition.receives_campaign_calls,
    )


def create_custom(
    session: Session, tenant_id: int, body: CustomStatusCreate, *, now: datetime, retention: outbox.Retention
) -> StatusDefinition:
    count = session.execute(
        select(func.count()).select_from(CustomStatus).where(CustomStatus.tenant_id == tenant_id)
    ).scalar_one()
    if count >= MAX_CUSTOM_STATUSES:
        raise LimitReachedError(
            f"a Contact Center has at most {MAX_CUSTOM_STATUSES} custom statuses",
            detail={"limit": MAX_CUSTOM_STATUSES},
        )
    name = body.name.strip()
    _check_name_free(session, tenant_id, name, None)
    _check_synonym_free(session, tenant_id, body.synonym, None)
    flags = _base_flags(body.base) or (
        body.receives_group_calls,
        body.receives_direct_calls,
        body.receives_campaign_calls,
    )
    row = CustomStatus(
        tenant_id=tenant_id,
        name=name,
        color=body.color.value,
        synonym=body.synonym,
        base=body.base,
        receives_group_calls=flags[0],
        receives_direct_calls=flags[1],
        receives_campaign_calls=flags[2],
    )
    session.add(row)
    session.flush()
    _announce(session, tenant_id, custom_key(row.id), "created", now, retention)
    return _custom_definition(row)


def update_custom(
    session: Session,
    tenant_id: int,
    key: str,
    body: CustomStatusUpdate,
    *,
    now: datetime,
    retention: outbox.Retention,
) -> StatusDefinition:
    row = _custom_row(session, tenant_id, key)
    if row is None:
        raise NotFoundError("no such custom status")
    changes = body.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] is not None:
        name = str(changes["name"]).strip()
        _check_name_free(session, tenant_id, name, row.id)
        row.name = name
    if "color" in changes and changes["color"] is not None:
        row.color = StatusColor(changes["color"]).value
    if "synonym" in changes and changes["synonym"] is not None:
        _check_synonym_free(session, tenant_id, changes["synonym"], row.id)
        row.synonym = changes["synonym"]
    if "base" in changes:
        flags = _base_flags(changes["base"])
        row.base = changes["base"]
        if flags is not None:
            row.receives_group_calls, row.receives_direct_calls, row.receives_campaign_calls = flags
    for flag in ("receives_group_calls", "receives_direct_calls", "receives_campaign_calls"):
        if changes.get(flag) is not None:
            setattr(row, flag, bool(changes[flag]))
    session.flush()
    _announce(session, tenant_id, key, "updated", now, retention)
    return _custom_definition(row)


def delete_custom(
    session: Session, tenant_id: int, key: str, *, now: datetime, retention: outbox.Retention
) -> None:
    """Delete a custom status; employees in it go to «Не беспокоить» (part 2 TP-34's rule for this case)."""
    row = _custom_row(session, tenant_id, key)
    if row is None:
        raise NotFoundError("no such custom status")
    holders = session.execute(
        select(Employee).where(Employee.tenant_id == tenant_id, Employee.status == key)
    ).scalars()
    for employee in holders:
        set_status(session, employee, BuiltinStatus.DND.value, now=now, retention=retention)
    session.execute(
        update(Employee)
        .where(Employee.tenant_id == tenant_id, Employee.last_status == key)
        .values(last_status=BuiltinStatus.DND.value)
    )
    session.delete(row)
    _announce(session, tenant_id, key, "deleted", now, retention)


def intervals(
    session: Session, employee_id: int, since: datetime, until: datetime
) -> list[StatusIntervalInfo]:
    """Spans of ``employee_id`` that overlap ``[since, until)``, oldest first."""
    rows = session.execute(
        select(StatusInterval)
        .where(
            StatusInterval.employee_id == employee_id,
            StatusInterval.started_at < until,
            (StatusInterval.ended_at.is_(None)) | (StatusInterval.ended_at > since),
        )
        .order_by(StatusInterval.started_at, StatusInterval.id)
    ).scalars()
    return [StatusIntervalInfo(status=r.status, started_at=r.started_at, ended_at=r.ended_at) for r in rows]
