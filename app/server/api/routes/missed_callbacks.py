"""Missed calls (MW-26..30, TP-35) and callback orders (MW-35)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.calls import (
    CallbackOrderCreate,
    CallbackOrderInfo,
    CallbackOrderList,
    MissedList,
    MissedRules,
)
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.services import callbacks, missed
from app.server.services.policy import Principal

router = APIRouter(tags=["missed"])
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("/missed")
def list_missed(principal: CurrentPrincipal, ctx: Ctx) -> MissedList:
    with ctx.db.reading() as session:
        return missed.list_for(session, principal, ctx.clock())


@router.post("/missed/{missed_id}/cancel", status_code=204, responses=_ERRORS)
def cancel_missed(missed_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """«Отменить»: remove from the call-back lists (``missed.cancel_callback``)."""
    with ctx.db.transaction() as session:
        missed.cancel(session, principal, missed_id, now=ctx.clock(), retention=ctx.retention)
    return Response(status_code=204)


@router.get("/settings/missed-rules")
def get_missed_rules(principal: Admin, ctx: Ctx) -> MissedRules:
    with ctx.db.reading() as session:
        return MissedRules(items=missed.rules(session, principal.tenant_id))


@router.put("/settings/missed-rules", responses=_ERRORS)
def put_missed_rules(body: MissedRules, principal: Admin, ctx: Ctx) -> MissedRules:
    """TP-35 «Работа с пропущенными» (administrator only)."""
    with ctx.db.transaction() as session:
        missed.set_rules(session, principal.tenant_id, body.items)
        return MissedRules(items=missed.rules(session, principal.tenant_id))


@router.get("/callbacks")
def list_callbacks(principal: CurrentPrincipal, ctx: Ctx) -> CallbackOrderList:
    """The «Заказы обратного звонка» tab: open orders of the queues in scope, who holds each."""
    with ctx.db.reading() as session:
        return CallbackOrderList(items=callbacks.visible(session, principal, ctx.clock()))


@router.post("/callbacks", status_code=201, responses=_ERRORS)
def create_callback(body: CallbackOrderCreate, principal: CurrentPrincipal, ctx: Ctx) -> CallbackOrderInfo:
    with ctx.db.transaction() as session:
        return callbacks.create(session, principal, body, ctx.clock(), ctx.retention)


@router.post("/callbacks/{order_id}/claim", responses=_ERRORS)
def claim_callback(order_id: int, principal: CurrentPrincipal, ctx: Ctx) -> CallbackOrderInfo:
    """«Позвонить»: the order is locked for the user until released or done."""
    with ctx.db.transaction() as session:
        return callbacks.claim(session, principal, order_id, ctx.clock(), ctx.retention)


@router.post("/callbacks/{order_id}/release", responses=_ERRORS)
def release_callback(order_id: int, principal: CurrentPrincipal, ctx: Ctx) -> CallbackOrderInfo:
    with ctx.db.transaction() as session:
        return callbacks.release(session, principal, order_id, ctx.clock(), ctx.retention, done=False)


@router.post("/callbacks/{order_id}/done", responses=_ERRORS)
def done_callback(order_id: int, principal: CurrentPrincipal, ctx: Ctx) -> CallbackOrderInfo:
    with ctx.db.transaction() as session:
        return callbacks.release(session, principal, order_id, ctx.clock(), ctx.retention, done=True)
