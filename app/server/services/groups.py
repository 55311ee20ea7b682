"""Groups with operators and supervisors (MW-07)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.protocol.admin import GroupInfo, GroupMemberSpec
from app.protocol.events import GROUPS_CHANGED
from app.server.core.errors import ConflictError, NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.events.outbox import Retention
from app.server.models import Employee, Group, GroupMember
from app.server.services import acd_signals
from app.server.services.statuses import VIEW_STATUS_PERMISSION


def _announce(
    session: Session, tenant_id: int, group_id: int, change: str, now: datetime, retention: Retention
) -> None:
    outbox.append(
        session,
        tenant_id=tenant_id,
        type=GROUPS_CHANGED,
        data={"group_id": group_id, "change": change},
        at=now,
        permission=VIEW_STATUS_PERMISSION,
        subject_employee_id=None,
        retention=retention,
    )


def create_group(
    session: Session, tenant_id: int, name: str, *, now: datetime, retention: Retention | None
) -> Group:
    """A new group; ``retention`` None writes no event (seeding, before anyone can listen)."""
    name = " ".join(name.split())
    if session.execute(select(Group.id).where(Group.tenant_id == tenant_id, Group.name == name)).first():
        raise ConflictError("a group with this name already exists", detail={"field": "name"})
    group = Group(tenant_id=tenant_id, name=name)
    session.add(group)
    session.flush()
    if retention is not None:
        _announce(session, tenant_id, group.id, "created", now, retention)
    return group


def get(session: Session, tenant_id: int, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.tenant_id != tenant_id:
        raise NotFoundError("no such group")
    return group


def set_members(
    session: Session,
    group: Group,
    members: list[GroupMemberSpec],
    *,
    now: datetime,
    retention: Retention | None,
) -> None:
    """Replace the member list. Membership itself is the operator right (part 7 §1.1)."""
    ids = [m.employee_id for m in members]
    if len(set(ids)) != len(ids):
        raise ValidationFailedError("an employee is listed twice", field="members")
    found = set(
        session.execute(
            select(Employee.id).where(Employee.id.in_(ids), Employee.tenant_id == group.tenant_id)
        ).scalars()
    )
    if missing := sorted(set(ids) - found):
        raise ValidationFailedError(f"no such employees: {missing}", field="members")
    before = session.execute(select(GroupMember).where(GroupMember.group_id == group.id)).scalars()
    priorities = {m.employee_id: m.priority for m in before}
    acd_signals.mark_employees(session, [*priorities, *ids])
    session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
    session.add_all(
        GroupMember(
            group_id=group.id,
            employee_id=m.employee_id,
            supervisor=m.supervisor,
            priority=priorities.get(m.employee_id, 0),
        )
        for m in members
    )
    session.flush()
    if retention is not None:
        _announce(session, group.tenant_id, group.id, "members", now, retention)


def info(session: Session, group: Group) -> GroupInfo:
    rows = session.execute(
        select(GroupMember.employee_id, GroupMember.supervisor)
        .where(GroupMember.group_id == group.id)
        .order_by(GroupMember.employee_id)
    )
    return GroupInfo(
        id=group.id, name=group.name, members=[GroupMemberSpec(employee_id=e, supervisor=s) for e, s in rows]
    )


def list_groups(session: Session, tenant_id: int) -> list[GroupInfo]:
    groups = session.execute(select(Group).where(Group.tenant_id == tenant_id).order_by(Group.name)).scalars()
    return [info(session, g) for g in groups]
