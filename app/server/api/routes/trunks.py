"""SIP trunk accounts (administrators): list with registration state, create, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.errors import ErrorBody
from app.protocol.trunks import (
    LineInfo,
    OutboundCallInfo,
    OutboundCallRequest,
    TrunkCreate,
    TrunkInfo,
    TrunkUpdate,
)
from app.server.api.context import AppContext
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.core.errors import ConflictError
from app.server.models import Trunk
from app.server.services import trunks
from app.server.services.policy import Principal

router = APIRouter(tags=["trunks"])
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
}


def _registrar(ctx: AppContext) -> trunks.TrunkRegistrar | None:
    switch = ctx.acd.switch
    return switch if isinstance(switch, trunks.TrunkRegistrar) else None


def _info(ctx: AppContext, trunk: Trunk) -> TrunkInfo:
    found = trunks.info(trunk)
    if (registrar := _registrar(ctx)) is not None:
        found.registration, found.registration_code = registrar.trunk_state(trunk.id)
    return found


def _changed(ctx: AppContext) -> None:
    if (registrar := _registrar(ctx)) is not None:
        registrar.trunks_changed()


@router.get("/trunks", responses=_ERRORS)
def list_trunks(principal: Admin, ctx: Ctx) -> list[TrunkInfo]:
    with ctx.db.reading() as session:
        return [_info(ctx, t) for t in trunks.list_trunks(session, principal.tenant_id)]


@router.get("/lines", responses=_ERRORS)
def list_lines(principal: CurrentPrincipal, ctx: Ctx) -> list[LineInfo]:
    """The lines and outgoing numbers any signed-in employee may call out with (MW-19), without secrets."""
    with ctx.db.reading() as session:
        return trunks.lines(session, principal.tenant_id)


@router.post("/trunks", status_code=201, responses=_ERRORS)
def add_trunk(body: TrunkCreate, principal: Admin, ctx: Ctx) -> TrunkInfo:
    with ctx.db.transaction() as session:
        trunk = trunks.create(session, principal.tenant_id, body, now=ctx.clock())
        found = trunks.info(trunk)
        trunks.announce(session, principal.tenant_id, trunk.id, now=ctx.clock(), retention=ctx.retention)
    _changed(ctx)
    return found


@router.get("/trunks/{trunk_id}", responses=_ERRORS)
def get_trunk(trunk_id: int, principal: Admin, ctx: Ctx) -> TrunkInfo:
    with ctx.db.reading() as session:
        return _info(ctx, trunks.get(session, principal.tenant_id, trunk_id))


@router.patch("/trunks/{trunk_id}", responses=_ERRORS)
def update_trunk(trunk_id: int, body: TrunkUpdate, principal: Admin, ctx: Ctx) -> TrunkInfo:
    with ctx.db.transaction() as session:
        found = trunks.info(trunks.update(session, principal.tenant_id, trunk_id, body))
        trunks.announce(session, principal.tenant_id, trunk_id, now=ctx.clock(), retention=ctx.retention)
    _changed(ctx)
    return found


@router.post("/trunks/{trunk_id}/calls", status_code=201, responses=_ERRORS)
def call_out(
    trunk_id: int, body: OutboundCallRequest, principal: CurrentPrincipal, ctx: Ctx
) -> OutboundCallInfo:
    """An operator's outbound call through the trunk with one of its caller IDs; the operator's softphone
    then calls ``worker_uri`` with the token, as it answers an offer."""
    with ctx.db.reading() as session:
        account = trunks.outbound_account(session, principal.tenant_id, trunk_id, body.caller_id)
    switch = ctx.acd.switch
    if not isinstance(switch, trunks.TrunkDialer):
        raise ConflictError("calls are disabled: no media switch", detail={"field": "trunk_id"})
    ref, uri, token = switch.outbound_call(trunk=account, number=body.number, caller_id=body.caller_id)
    # The fact the switch's events move on (history: outgoing); busy for the queues until it ends; MW-30.
    ctx.acd.outbound_ordered(
        tenant_id=principal.tenant_id,
        employee_id=principal.employee_id,
        trunk_id=account.trunk_id,
        ref=ref,
        number=body.number,
        caller_id=body.caller_id,
    )
    return OutboundCallInfo(call_ref=ref, worker_uri=uri, token=token, caller_id=body.caller_id)


@router.delete("/trunks/{trunk_id}", status_code=204, responses=_ERRORS)
def delete_trunk(trunk_id: int, principal: Admin, ctx: Ctx) -> Response:
    with ctx.db.transaction() as session:
        trunks.delete(session, principal.tenant_id, trunk_id)
        trunks.announce(session, principal.tenant_id, trunk_id, now=ctx.clock(), retention=ctx.retention)
    _changed(ctx)
    return Response(status_code=204)
