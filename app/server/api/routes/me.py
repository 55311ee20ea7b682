"""``/api/v1/me``: the signed-in user, their status; ``/api/v1/colleagues``: presence of their groups."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from app.protocol.auth import Me
from app.protocol.presence import Colleague, ColleagueList, PresenceGroup
from app.protocol.status import StatusChangeRequest
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.events import outbox
from app.server.models import Employee, Group, GroupMember
from app.server.services import presence, principals, statuses
from app.server.services.policy import visible_employees

router = APIRouter(tags=["me"])


@router.get("/me")
def me(principal: CurrentPrincipal, ctx: Ctx) -> Me:
    with ctx.db.reading() as session:
        return principals.build_me(session, principal)


@router.put("/me/status")
def change_my_status(body: StatusChangeRequest, principal: CurrentPrincipal, ctx: Ctx) -> Me:
    with ctx.db.transaction() as session:
        presence.change_status(
            session, principal, principal.employee_id, body.status, ctx.clock(), ctx.retention
        )
    with ctx.db.reading() as session:
        return principals.build_me(session, principal)


@router.get("/colleagues")
def colleagues(principal: CurrentPrincipal, ctx: Ctx) -> ColleagueList:
    """Employees whose status the user may see (permission ``employees.view_status``), except the user."""
    with ctx.db.reading() as session:
        last = outbox.last_seq(session, principal.tenant_id)
        visible = visible_employees(session, principal, statuses.VIEW_STATUS_PERMISSION)
        query = select(Employee).where(
            Employee.tenant_id == principal.tenant_id, Employee.id != principal.employee_id
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
        groups = [
            PresenceGroup(id=g.id, name=g.name)
            for g in session.execute(group_query.order_by(Group.name)).scalars()
        ]
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
            groups=groups,
            last_seq=last,
        )
