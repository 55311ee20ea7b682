"""Missed calls (spec MW-26..30, part 1 §3.9, TP-35): recorded from call facts, listed per viewer.

Rules kept here: personal lists (own; a supervisor also their operators', own first then by name), group
lists for groups the viewer is a member of *now* (company-wide roles: all groups), IVR misses for everyone
and on top, «last call wins» per caller across groups, the TP-35 day windows (at most 7), and removal from
every list once anyone answers that caller or calls them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.protocol.calls import (
    HIDDEN_NUMBER,
    MAX_MISSED_DAYS,
    MISSED_CHANGED,
    MissedCallInfo,
    MissedGroup,
    MissedList,
    MissedRule,
)
from app.server.core.errors import ForbiddenError, NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.models import Call, Employee, MissedCall, MissedCallRule
from app.server.services.permission_matrix import Scope
from app.server.services.policy import Principal, visible_employees

HISTORY_PERMISSION = "reports.missed_history"
CANCEL_PERMISSION = "missed.cancel_callback"


def _announce(
    session: Session,
    tenant_id: int,
    change: str,
    subject: int | None,
    now: datetime,
    retention: outbox.Retention,
) -> None:
    outbox.append(
        session,
        tenant_id=tenant_id,
        type=MISSED_CHANGED,
        data={"change": change},
        at=now,
        permission=HISTORY_PERMISSION,
        subject_employee_id=subject,
        retention=retention,
    )


def record(
    session: Session,
    call: Call,
    *,
    kind: str,
    now: datetime,
    retention: outbox.Retention,
    employee_id: int | None = None,
    group_ids: list[int] | None = None,
) -> None:
    """The call was missed by an employee (personal), by its groups, or in the IVR."""
    rows: list[MissedCall] = []
    targets: list[tuple[int | None, int | None]] = (
        [(employee_id, None)]
        if kind == "personal"
        else [(None, g) for g in (group_ids or [])] or [(None, None)]
    )
    for employee, group in targets:
        rows.append(
            MissedCall(
                tenant_id=call.tenant_id,
                call_id=call.id,
                kind=kind,
                employee_id=employee,
                group_id=group,
                caller_number=call.caller_number,
                number_hidden=call.number_hidden,
                external=True,
                arrived_at=call.arrived_at,
            )
        )
    session.add_all(rows)
    _announce(session, call.tenant_id, "added", employee_id if kind == "personal" else None, now, retention)


def resolve_number(
    session: Session,
    tenant_id: int,
    number: str,
    *,
    reason: str,
    by: int | None,
    now: datetime,
    retention: outbox.Retention,
) -> int:
    """MW-30: the caller was answered or called: their missed calls leave every list, of every group."""
    if not number:
        return 0
    result = session.execute(
        update(MissedCall)
        .where(
            MissedCall.tenant_id == tenant_id,
            MissedCall.caller_number == number,
            MissedCall.number_hidden.is_(False),
            MissedCall.resolved_at.is_(None),
        )
        .values(resolved_at=now, resolved_reason=reason, resolved_by=by)
    )
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:
        _announce(session, tenant_id, "resolved", None, now, retention)
    return count


def cancel(
    session: Session, principal: Principal, missed_id: int, *, now: datetime, retention: outbox.Retention
) -> None:
    """«Отменить»: remove one missed call (and its caller's others) from the call-back lists."""
    row = session.get(MissedCall, missed_id)
    if row is None or row.tenant_id != principal.tenant_id:
        raise NotFoundError("no such missed call")
    principal.require(CANCEL_PERMISSION)
    if row.kind == "personal" and row.employee_id is not None:
        visible = visible_employees(session, principal, CANCEL_PERMISSION)
        if visible is not None and row.employee_id not in visible:
            raise ForbiddenError(
                "this missed call is outside your scope", detail={"permission": CANCEL_PERMISSION}
            )
    elif row.kind == "group":
        groups = principal.groups_in_scope(CANCEL_PERMISSION)
        if groups is not None and row.group_id not in groups:
            raise ForbiddenError(
                "this missed call is outside your scope", detail={"permission": CANCEL_PERMISSION}
            )
    targets = [row]
    if not row.number_hidden:
        targets = list(
            session.execute(
                select(MissedCall).where(
                    MissedCall.tenant_id == row.tenant_id,
                    MissedCall.caller_number == row.caller_number,
                    MissedCall.resolved_at.is_(None),
                )
            ).scalars()
        )
    for target in targets:
        target.resolved_at, target.resolved_reason, target.resolved_by = (
            now,
            "cancelled",
            principal.employee_id,
        )
    _announce(session, row.tenant_id, "resolved", None, now, retention)


# --- TP-35 rules ---------------------------------------------------------------------------------------


def rules(session: Session, tenant_id: int) -> list[MissedRule]:
    rows = session.execute(
        select(MissedCallRule).where(MissedCallRule.tenant_id == tenant_id).order_by(MissedCallRule.id)
    ).scalars()
    return [MissedRule(target=r.target, days=r.days) for r in rows]


def set_rules(session: Session, tenant_id: int, items: list[MissedRule]) -> None:
    targets = [r.target for r in items]
    if len(set(targets)) != len(targets):
        raise ValidationFailedError("a target is listed twice", field="items")
    session.query(MissedCallRule).filter(MissedCallRule.tenant_id == tenant_id).delete()
    session.add_all(MissedCallRule(tenant_id=tenant_id, target=r.target, days=r.days) for r in items)


def _window_days(rule_days: dict[str, int], row: MissedCall) -> int:
    default = rule_days.get("all", MAX_MISSED_DAYS)
    if row.kind == "ivr":
        return rule_days.get("ivr", default)
    if row.kind == "group":
        return rule_days.get(f"group:{row.group_id}", default)
    return default


# --- lists ---------------------------------------------------------------------------------------------


def _info(row: MissedCall) -> MissedCallInfo:
    return MissedCallInfo(
        id=row.id,
        call_id=row.call_id,
        kind=row.kind,
        caller=HIDDEN_NUMBER if row.number_hidden else row.caller_number,
        arrived_at=row.arrived_at,
        employee_id=row.employee_id,
        group_id=row.group_id,
    )


def list_for(session: Session, principal: Principal, now: datetime) -> MissedList:
    rule_days = {r.target: r.days for r in rules(session, principal.tenant_id)}
    oldest = now - timedelta(days=MAX_MISSED_DAYS)
    rows = [
        r
        for r in session.execute(
            select(MissedCall)
            .where(
                MissedCall.tenant_id == principal.tenant_id,
                MissedCall.resolved_at.is_(None),
                MissedCall.arrived_at >= oldest,
            )
            .order_by(MissedCall.arrived_at.desc(), MissedCall.id)
        ).scalars()
        if r.arrived_at >= now - timedelta(days=_window_days(rule_days, r))
    ]
    # Personal: the viewer's own, and those of employees in their scope (a supervisor's operators).
    visible = visible_employees(session, principal, HISTORY_PERMISSION)
    personal = [
        r
        for r in rows
        if r.kind == "personal"
        and r.employee_id is not None
        and (visible is None or r.employee_id in visible)
    ]
    names = dict(
        session.execute(
            select(Employee.id, Employee.full_name).where(
                Employee.id.in_({r.employee_id for r in personal if r.employee_id is not None})
            )
        ).all()
    )
    personal.sort(key=lambda r: (r.employee_id != principal.employee_id, names.get(r.employee_id or 0, "")))
    # Group and IVR: «last call wins» per caller, then the viewer's groups (now) or all for company roles.
    latest: dict[str, tuple[datetime, int]] = {}
    for r in rows:
        if r.kind != "personal" and not r.number_hidden:
            key = (r.arrived_at, r.call_id)
            if r.caller_number not in latest or latest[r.caller_number] < key:
                latest[r.caller_number] = key
    everyone = principal.scope(HISTORY_PERMISSION) in (Scope.ALL, Scope.Y)
    mine = principal.member_groups | principal.supervised_groups
    sections: dict[int | None, list[MissedCallInfo]] = defaultdict(list)
    for r in rows:
        if r.kind == "personal":
            continue
        if not r.number_hidden and latest[r.caller_number][1] != r.call_id:
            continue
        if r.kind == "ivr":
            sections[None].append(_info(r))
        elif everyone or r.group_id in mine:
            sections[r.group_id].append(_info(r))
    groups = (
        [MissedGroup(group_id=None, count=len(sections[None]), items=sections[None])]
        if sections.get(None)
        else []
    )
    groups += [
        MissedGroup(group_id=g, count=len(items), items=items)
        for g, items in sorted(sections.items(), key=lambda kv: kv[0] or 0)
        if g is not None
    ]
    total = len(personal) + sum(g.count for g in groups)
    week = now - timedelta(days=7)
    recent = sum(1 for r in personal if r.arrived_at >= week) + sum(
        1 for g in groups for i in g.items if i.arrived_at >= week
    )
    return MissedList(personal=[_info(r) for r in personal], groups=groups, total=total, last_7_days=recent)
