"""Typed dependencies: the app context, the bearer principal, and ``Requires(key)``, the route gate.

Every route that is not public declares its permission with :func:`requires` (or takes the principal and
asks :mod:`app.server.services.policy` for subject-level checks); the check itself lives in the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from app.server.api.context import AppContext
from app.server.core.errors import UnauthenticatedError
from app.server.services import principals
from app.server.services.policy import Principal


def get_ctx(connection: HTTPConnection) -> AppContext:
    ctx: AppContext = connection.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def bearer_token(connection: HTTPConnection) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthenticatedError("sign in first (Authorization: Bearer <token>)")
    return token.strip()


def current_principal(request: Request, ctx: Ctx) -> Principal:
    token = bearer_token(request)
    with ctx.db.reading() as session:
        return principals.authenticate(session, token, ctx.clock())


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def requires(key: str) -> Callable[[Principal], Principal]:
    """A dependency that lets the request through only when the principal's role grants ``key``."""

    def gate(principal: CurrentPrincipal) -> Principal:
        principal.require(key)
        return principal

    gate.__name__ = f"requires_{key.replace('.', '_')}"
    return gate
