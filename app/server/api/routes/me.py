"""``/api/v1/me``: the signed-in user, their status; ``/api/v1/colleagues``: presence of their groups."""

from __future__ import annotations

from fastapi import APIRouter

from app.protocol.auth import Me
from app.protocol.presence import ColleagueList
from app.protocol.status import StatusChangeRequest
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import presence, principals

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
        return presence.colleagues(session, principal)
