"""``/api/v1/groups``: groups with operators and supervisors (MW-07)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.admin import GroupCreate, GroupInfo, GroupList, GroupMembersUpdate
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.services import employee_admin, groups
from app.server.services.policy import Principal

router = APIRouter(prefix="/groups", tags=["groups"])
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("")
def list_groups(principal: CurrentPrincipal, ctx: Ctx) -> GroupList:
    """Groups in the caller's ``employees.view_status`` scope (all of them for company-wide roles)."""
    in_scope = principal.groups_in_scope("employees.view_status")
    with ctx.db.reading() as session:
        items = groups.list_groups(session, principal.tenant_id)
    return GroupList(items=[g for g in items if in_scope is None or g.id in in_scope])


@router.post("", status_code=201, responses=_ERRORS)
def create_group(body: GroupCreate, principal: Admin, ctx: Ctx) -> GroupInfo:
    with ctx.db.transaction() as session:
        group = groups.create_group(
            session, principal.tenant_id, body.name, now=ctx.clock(), retention=ctx.retention
        )
        return groups.info(session, group)


@router.put("/{group_id}/members", responses=_ERRORS)
def set_members(group_id: int, body: GroupMembersUpdate, principal: Admin, ctx: Ctx) -> GroupInfo:
    with ctx.db.transaction() as session:
        group = groups.get(session, principal.tenant_id, group_id)
        groups.set_members(session, group, body.members, now=ctx.clock(), retention=ctx.retention)
        return groups.info(session, group)


@router.delete("/{group_id}", status_code=204, responses=_ERRORS)
def delete_group(group_id: int, principal: Admin, ctx: Ctx) -> Response:
    """Delete a group (refused while its calls are in progress); its members stay employees."""
    with ctx.db.transaction() as session:
        group = groups.get(session, principal.tenant_id, group_id)
        members = [m.employee_id for m in groups.info(session, group).members]
        employee_admin.delete_group(session, group)
    ctx.acd.operators_changed(members)
    return Response(status_code=204)
