"""KPI panel (MW-36..MW-42): current values with colours, the user's selection, shared thresholds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from starlette.requests import HTTPConnection

from app.protocol.errors import ErrorBody
from app.protocol.kpi import KpiSelection, KpiSnapshot, ObjectKind, ThresholdList
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import kpi_panel
from app.server.services.kpi_panel import KpiPusher

router = APIRouter(tags=["kpi"])
_ERRORS: dict[int | str, dict[str, object]] = {403: {"model": ErrorBody}, 422: {"model": ErrorBody}}


def get_pusher(connection: HTTPConnection) -> KpiPusher:
    pusher: KpiPusher = connection.app.state.kpi
    return pusher


Pusher = Annotated[KpiPusher, Depends(get_pusher)]


@router.get("/kpi")
def get_kpi(principal: CurrentPrincipal, ctx: Ctx) -> KpiSnapshot:
    """Every indicator of every object the user may see, coloured by the thresholds."""
    with ctx.db.reading() as session:
        return kpi_panel.snapshot(session, principal, ctx.clock())


@router.get("/me/kpi-selection")
def get_selection(principal: CurrentPrincipal, ctx: Ctx) -> KpiSelection:
    with ctx.db.reading() as session:
        return kpi_panel.selection(session, principal)


@router.put("/me/kpi-selection", responses=_ERRORS)
def put_selection(body: KpiSelection, principal: CurrentPrincipal, ctx: Ctx) -> KpiSelection:
    """MW-37: the indicator × object cells shown, stored per user (any computer)."""
    with ctx.db.transaction() as session:
        return kpi_panel.set_selection(session, principal, body)


@router.get("/kpi/thresholds")
def get_thresholds(principal: CurrentPrincipal, ctx: Ctx) -> ThresholdList:
    """Thresholds are shared by all users (MW-40); the ones on objects the user sees."""
    with ctx.db.reading() as session:
        return kpi_panel.visible_thresholds(session, principal)


@router.put("/kpi/thresholds", responses=_ERRORS)
def put_thresholds(
    body: ThresholdList, principal: CurrentPrincipal, ctx: Ctx, pusher: Pusher
) -> ThresholdList:
    with ctx.db.transaction() as session:
        kpi_panel.set_thresholds(session, principal, body)
    pusher.mark({principal.tenant_id})
    return get_thresholds(principal, ctx)


@router.delete("/kpi/thresholds/{kind}/{object_id}/{code}", status_code=204, responses=_ERRORS)
def delete_threshold(
    kind: ObjectKind, object_id: int, code: int, principal: CurrentPrincipal, ctx: Ctx, pusher: Pusher
) -> Response:
    """MW-41 «Удалить»: both levels of one indicator of one object."""
    with ctx.db.transaction() as session:
        kpi_panel.delete_threshold(session, principal, kind, object_id, code)
    pusher.mark({principal.tenant_id})
    return Response(status_code=204)
