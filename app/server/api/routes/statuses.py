"""``/api/v1/statuses``: the tenant's status list (anyone signed in) and custom statuses (TP-32)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.admin import StatusList
from app.protocol.errors import ErrorBody
from app.protocol.status import CustomStatusCreate, CustomStatusUpdate, StatusDefinition
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.services import statuses
from app.server.services.policy import Principal

router = APIRouter(prefix="/statuses", tags=["statuses"])
Manager = Annotated[Principal, Depends(requires("settings.employee_statuses"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody, "description": "name or synonym taken (conflict), 30 reached (limit_reached)"},
}


@router.get("")
def list_statuses(principal: CurrentPrincipal, ctx: Ctx) -> StatusList:
    with ctx.db.reading() as session:
        return StatusList(items=statuses.definitions(session, principal.tenant_id))


@router.post("", status_code=201, responses=_ERRORS)
def create_status(body: CustomStatusCreate, principal: Manager, ctx: Ctx) -> StatusDefinition:
    with ctx.db.transaction() as session:
        return statuses.create_custom(
            session, principal.tenant_id, body, now=ctx.clock(), retention=ctx.retention
        )


@router.patch("/{key}", responses=_ERRORS)
def update_status(key: str, body: CustomStatusUpdate, principal: Manager, ctx: Ctx) -> StatusDefinition:
    with ctx.db.transaction() as session:
        return statuses.update_custom(
            session, principal.tenant_id, key, body, now=ctx.clock(), retention=ctx.retention
        )


@router.delete("/{key}", status_code=204, responses=_ERRORS)
def delete_status(key: str, principal: Manager, ctx: Ctx) -> Response:
    with ctx.db.transaction() as session:
        statuses.delete_custom(session, principal.tenant_id, key, now=ctx.clock(), retention=ctx.retention)
    return Response(status_code=204)
