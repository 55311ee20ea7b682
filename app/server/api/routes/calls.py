"""Contact-center calls: the queue, offers, call control, post-call work («Готов к работе»), history.

Thin: every rule is in :mod:`app.server.services.acd` and the read models; the engine holds its own lock
and transactions, so these handlers only translate."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.protocol.calls import (
    DtmfRequest,
    HistoryPage,
    OfferAnswered,
    QueueSnapshot,
    ThirdPartyMode,
    ThirdPartyRequest,
    TransferRequest,
    WrapupRequest,
)
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import call_views, cc_settings

router = APIRouter(tags=["calls"])
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("/queue")
def get_queue(principal: CurrentPrincipal, ctx: Ctx) -> QueueSnapshot:
    """Waiting calls and callback orders of the queues in the user's ``calls.group_queue`` scope."""
    with ctx.db.reading() as session:
        return call_views.queue(session, principal, ctx.clock())


@router.post("/queue/{call_id}/transfer", status_code=204, responses={**_ERRORS, 422: {"model": ErrorBody}})
def transfer_waiting(call_id: int, body: TransferRequest, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """«Перевести» on a waiting call (MW-33): to an employee (offered to them), a group's queue, or a
    number the switch dials; refusals name their ``detail.reason``."""
    ctx.acd.transfer_waiting(principal, call_id, body)
    return Response(status_code=204)


@router.post("/offers/{offer_id}/answer", responses=_ERRORS)
def answer_offer(offer_id: int, principal: CurrentPrincipal, ctx: Ctx) -> OfferAnswered:
    return ctx.acd.answer_offer(principal, offer_id)


@router.post("/offers/{offer_id}/reject", status_code=204, responses=_ERRORS)
def reject_offer(offer_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.reject_offer(principal, offer_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/hangup", status_code=204, responses=_ERRORS)
def hangup(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.hangup(principal, call_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/hold", status_code=204, responses=_ERRORS)
def hold(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.hold(principal, call_id, on=True)
    return Response(status_code=204)


@router.post("/calls/{call_id}/resume", status_code=204, responses=_ERRORS)
def resume(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.hold(principal, call_id, on=False)
    return Response(status_code=204)


@router.post("/calls/{call_id}/transfer", status_code=204, responses=_ERRORS)
def transfer(call_id: int, body: TransferRequest, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.transfer(principal, call_id, body)
    return Response(status_code=204)


@router.post("/calls/{call_id}/consult", responses=_ERRORS)
def consult(call_id: int, body: ThirdPartyRequest, principal: CurrentPrincipal, ctx: Ctx) -> dict[str, int]:
    """«С консультацией»: the customer goes on hold (music) and the target is offered or dialled; then
    ``merge`` («Объединить вызовы»), ``third-party/conference`` or ``third-party/cancel``."""
    return {"transfer_id": ctx.acd.start_third_party(principal, call_id, body, ThirdPartyMode.CONSULT)}


@router.post("/calls/{call_id}/conference", responses=_ERRORS)
def conference(
    call_id: int, body: ThirdPartyRequest, principal: CurrentPrincipal, ctx: Ctx
) -> dict[str, int]:
    """«Начать конференцию»: the target joins customer and operator, all three hear each other."""
    return {"transfer_id": ctx.acd.start_third_party(principal, call_id, body, ThirdPartyMode.CONFERENCE)}


@router.post("/calls/{call_id}/merge", status_code=204, responses=_ERRORS)
def merge(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """«Объединить вызовы»: the customer and the third party talk on; the operator leaves the call."""
    ctx.acd.merge(principal, call_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/third-party/cancel", status_code=204, responses=_ERRORS)
def cancel_third_party(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """End a consultation (back to the customer) or take the third party out of the conference."""
    ctx.acd.cancel_third_party(principal, call_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/third-party/conference", status_code=204, responses=_ERRORS)
def join_conference(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """Bring the customer into the consultation: a conference of three."""
    ctx.acd.join_conference(principal, call_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/dtmf", status_code=204, responses=_ERRORS)
def dtmf(call_id: int, body: DtmfRequest, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """Send tone digits to the customer (RFC 4733); keys the customer presses arrive as ``call.dtmf``."""
    ctx.acd.send_dtmf(principal, call_id, body.digits)
    return Response(status_code=204)


@router.post("/calls/{call_id}/intercept", status_code=204, responses=_ERRORS)
def intercept(call_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    ctx.acd.intercept(principal, call_id)
    return Response(status_code=204)


@router.post("/calls/{call_id}/wrapup", status_code=204, responses=_ERRORS)
def wrapup(call_id: int, body: WrapupRequest, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    with ctx.db.transaction() as session:
        cc_settings.wrapup(session, principal, call_id, body, ctx.clock())
    return Response(status_code=204)


@router.post("/me/ready", status_code=204)
def ready(principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """«Готов к работе»: end post-call work now (nothing to do outside it)."""
    ctx.acd.ready(principal)
    return Response(status_code=204)


@router.get("/history", responses={403: {"model": ErrorBody}})
def history(
    principal: CurrentPrincipal,
    ctx: Ctx,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    employee_id: int | None = None,
    group_id: int | None = None,
) -> HistoryPage:
    """The calls the user may see, newest first (CH-08: of one employee or of one group when asked),
    with the employees and groups the user may choose from."""
    now = ctx.clock()
    until = until or now + timedelta(seconds=1)
    since = since or until - timedelta(days=7)
    with ctx.db.reading() as session:
        choices = call_views.history_choices(session, principal)
        items = call_views.history(
            session,
            principal,
            since=since,
            until=until,
            limit=limit,
            employee_id=employee_id,
            group_id=group_id,
        )
        return choices.model_copy(update={"items": items})
