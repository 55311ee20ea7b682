"""``/api/v1/me``: the signed-in user, their status and two-factor authentication (MW-13);
``/api/v1/colleagues``: presence of their groups."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.auth import Me, TwoFactorCode, TwoFactorEnrolment, TwoFactorState
from app.protocol.errors import ErrorBody
from app.protocol.presence import ColleagueList
from app.protocol.status import StatusChangeRequest
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.core.errors import NotFoundError
from app.server.models import Tenant
from app.server.services import employees, presence, principals
from app.server.services.policy import Principal

router = APIRouter(tags=["me"])
EMPLOYEE_EDIT_PERMISSION = "employees.manage"
_CODE_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "wrong verification code (code invalid_credentials)"},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody, "description": "the code is not 6 digits"},
    429: {"model": ErrorBody, "description": "too many wrong codes: code entry locked, see locked_until"},
}


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


# -- two-factor authentication (MW-13) -------------------------------------------------------------------


@router.get("/me/two-factor")
def my_two_factor(principal: CurrentPrincipal, ctx: Ctx) -> TwoFactorState:
    enabled, pending = ctx.auth.two_factor.state(principal.employee_id)
    return TwoFactorState(enabled=enabled, pending=pending)


@router.post("/me/two-factor", responses={409: {"model": ErrorBody}})
def start_two_factor(principal: CurrentPrincipal, ctx: Ctx) -> TwoFactorEnrolment:
    """A new secret for an authenticator; two-factor authentication is on once a code confirms it."""
    with ctx.db.reading() as session:
        employee = employees.get(session, principal.tenant_id, principal.employee_id)
        tenant = session.get(Tenant, principal.tenant_id)
        account = f"{tenant.product_number}/{employee.login}" if tenant is not None else employee.login
    secret, uri = ctx.auth.two_factor.begin(principal.employee_id, account=account, now=ctx.clock())
    return TwoFactorEnrolment(secret=secret, uri=uri)


@router.post("/me/two-factor/confirm", responses=_CODE_ERRORS)
def confirm_two_factor(body: TwoFactorCode, principal: CurrentPrincipal, ctx: Ctx) -> TwoFactorState:
    ctx.auth.two_factor.confirm(principal.employee_id, body.code, now=ctx.clock())
    return TwoFactorState(enabled=True)


@router.post("/me/two-factor/disable", responses=_CODE_ERRORS)
def disable_two_factor(body: TwoFactorCode, principal: CurrentPrincipal, ctx: Ctx) -> TwoFactorState:
    """The user switches it off with a current code (a stolen session alone cannot)."""
    ctx.auth.two_factor.disable_with_code(principal.employee_id, body.code, now=ctx.clock())
    return TwoFactorState(enabled=False)


@router.delete(
    "/employees/{employee_id}/two-factor",
    status_code=204,
    tags=["employees"],
    responses={403: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def reset_two_factor(
    employee_id: int,
    principal: Annotated[Principal, Depends(requires(EMPLOYEE_EDIT_PERMISSION))],
    ctx: Ctx,
) -> Response:
    """An administrator switches an employee's 2FA off (a lost phone); they sign in with the password."""
    with ctx.db.reading() as session:
        employees.get(session, principal.tenant_id, employee_id)
    if not ctx.auth.two_factor.remove(employee_id, by=f"employee:{principal.employee_id}"):
        raise NotFoundError("two-factor authentication is not set up for this employee")
    return Response(status_code=204)
