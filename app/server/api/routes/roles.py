"""``/api/v1/roles``: the tenant's roles and permission values; administrators may edit them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.protocol.admin import RoleInfo, RoleList, RolePermissionUpdate
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, requires
from app.server.services import roles
from app.server.services.policy import Principal

router = APIRouter(prefix="/roles", tags=["roles"])
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
_ERRORS: dict[int | str, dict[str, object]] = {403: {"model": ErrorBody}, 404: {"model": ErrorBody}}


@router.get("", responses=_ERRORS)
def list_roles(principal: Admin, ctx: Ctx) -> RoleList:
    with ctx.db.reading() as session:
        return roles.list_roles(session, principal.tenant_id)


@router.put("/{code}/permissions/{key}", responses=_ERRORS)
def set_permission(code: str, key: str, body: RolePermissionUpdate, principal: Admin, ctx: Ctx) -> RoleInfo:
    with ctx.db.transaction() as session:
        return roles.set_value(
            session, principal.tenant_id, code, key, body.value, now=ctx.clock(), retention=ctx.retention
        )
