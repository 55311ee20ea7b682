"""``/api/v1/auth``: login and its second factor (MW-13), refresh («Запомнить»), logout; public but logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from app.protocol.auth import (
    LoginRequest,
    LoginResponse,
    LogoutRequest,
    RefreshRequest,
    TwoFactorChallenge,
    TwoFactorLoginRequest,
)
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import principals
from app.server.services.auth import IssuedChallenge, IssuedSession

router = APIRouter(prefix="/auth", tags=["auth"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "wrong login or password (identical for an unknown login)"},
    429: {"model": ErrorBody, "description": "too many failures: locked, see locked_until and Retry-After"},
}


def _answer(ctx: Ctx, issued: IssuedSession) -> LoginResponse:
    with ctx.db.reading() as session:
        principal = principals.authenticate(session, issued.token, ctx.clock())
        me = principals.build_me(session, principal)
    return LoginResponse(
        token=issued.token,
        expires_at=issued.expires_at,
        refresh_token=issued.refresh_token,
        refresh_expires_at=issued.refresh_expires_at,
        me=me,
    )


@router.post("/login", responses=_ERRORS)
def login(body: LoginRequest, ctx: Ctx) -> LoginResponse | TwoFactorChallenge:
    """A session; or, for an account with two-factor authentication, a challenge for the code."""
    issued = ctx.auth.login(
        body.login,
        body.password,
        status=body.status,
        remember=body.remember,
        client=body.client,
        now=ctx.clock(),
    )
    if isinstance(issued, IssuedChallenge):
        return TwoFactorChallenge(
            challenge=issued.challenge, expires_at=issued.expires_at, locked_until=issued.locked_until
        )
    return _answer(ctx, issued)


@router.post(
    "/two-factor",
    responses={
        401: {"model": ErrorBody, "description": "wrong code; or the challenge expired (unauthenticated)"},
        422: {"model": ErrorBody, "description": "the code is not 6 digits"},
        429: {"model": ErrorBody, "description": "too many wrong codes: code entry locked, see locked_until"},
    },
)
def two_factor(body: TwoFactorLoginRequest, ctx: Ctx) -> LoginResponse:
    """The second step of a login (MW-13): the challenge from ``/login`` and the authenticator's code."""
    issued = ctx.auth.complete_two_factor(body.challenge, body.code, now=ctx.clock())
    return _answer(ctx, issued)


@router.post("/refresh", responses={401: {"model": ErrorBody}})
def refresh(body: RefreshRequest, ctx: Ctx) -> LoginResponse:
    issued = ctx.auth.refresh(body.refresh_token, status=body.status, client="", now=ctx.clock())
    return _answer(ctx, issued)


@router.post("/logout", status_code=204, responses={401: {"model": ErrorBody}})
def logout(
    principal: CurrentPrincipal, ctx: Ctx, body: Annotated[LogoutRequest | None, Body()] = None
) -> Response:
    ctx.auth.logout(
        principal.session_id,
        everywhere=bool(body and body.everywhere),
        keep_remembered=bool(body and body.keep_remembered),
        now=ctx.clock(),
    )
    return Response(status_code=204)
