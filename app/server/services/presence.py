"""Status changes asked for over the api, with the A2.5 rights checked through the policy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.presence import Colleague, ColleagueList, PresenceGroup
from app.protocol.status import BuiltinStatus
from app.server.core.errors import ValidationFailedError
from app.server.events import outbox
from app.server.events.outbox import Retention
from app.server.models import Employee, Group, GroupMember
from app.server.services import employees, statuses
from app.server.services.policy import Principal, require_subject, visible_employees

CONTROL_PERMISSION = "employees.control_tab"


def change_status(
    session: Session, principal: Principal, employee_id: int, key: str, now: datetime, retention: Retention
) -> bool:
    """Set ``employee_id``'s status to ``key`` on behalf of ``principal``; False if it already was."""
    definition = statuses.resolve(session, principal.tenant_id, key)
    if definition is None:
        raise ValidationFailedError("no such status", field="status")
    if key == BuiltinStatus.OFFLINE.value or not definition.selectable:
        raise ValidationFailedError(
            "«Не в сети» is not a status one can choose: log out instead", field="status"
        )
    if employee_id != principal.employee_id:
        require_subject(session, principal, CONTROL_PERMISSION, employee_id)
    needed = statuses.permission_for(definition)
    if needed is not None:
        require_subject(session, principal, needed, employee_id)
    employee = employees.get(session, principal.tenant_id, employee_id)
    if employee.status == BuiltinStatus.OFFLINE.value:
        raise ValidationFailedError("the employee is not signed in", field="status")
    return statuses.set_status(session, employee, key, now=now, retention=retention)


def check_sign_out(session: Session, principal: Principal, employee_id: int) -> None:
    """«Менять статус на "Не в сети"» (A2.5) for someone else means ending their sessions."""
    if employee_id != principal.employee_id:
        require_subject(session, principal, CONTROL_PERMISSION, employee_id)
    require_subject(session, principal, statuses.STATUS_PERMISSIONS[BuiltinStatus.OFFLINE.value], employee_id)
    employees.get(session, principal.tenant_id, employee_id)


def colleagues(session: Session, principal: Principal) -> ColleagueList:
    """Employees whose status ``principal`` may see, with their groups, at the tenant's current sequence."""
    last = outbox.last_seq(session, principal.tenant_id)
    visible = visible_employees(session, principal, statuses.VIEW_STATUS_PERMISSION)
    query = select(Employee).where(
        Employee.tenant_id == principal.tenant_id,
        Employee.id != principal.employee_id,
        Employee.deleted_at.is_(None),  # MW-03 tombstones keep history, not a place in the list
    )
    if visible is not None:
        query = query.where(Employee.id.in_(visible))
    people = list(session.execute(query.order_by(Employee.full_name)).scalars())
    links: dict[int, list[int]] = {}
    for group_id, employee_id in session.execute(
        select(GroupMember.group_id, GroupMember.employee_id).where(
            GroupMember.employee_id.in_([p.id for p in people])
        )
    ):
        links.setdefault(employee_id, []).append(group_id)
    scope_groups = principal.groups_in_scope(statuses.VIEW_STATUS_PERMISSION)
    group_query = select(Group).where(Group.tenant_id == principal.tenant_id)
    if scope_groups is not None:
        group_query = group_query.where(Group.id.in_(scope_groups))
    groups = session.execute(group_query.order_by(Group.name)).scalars()
    return ColleagueList(
        items=[
            Colleague(
                employee_id=p.id,
                full_name=p.full_name,
                login=p.login,
                extension=p.extension,
                status=p.status,
                since=p.status_since,
                group_ids=sorted(links.get(p.id, [])),
            )
            for p in people
        ],
        groups=[PresenceGroup(id=g.id, name=g.name) for g in groups],
        last_seq=last,
    )
