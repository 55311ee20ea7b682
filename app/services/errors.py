"""The client's one hierarchy of expected errors.

Every failure the user may meet is one of these; the UI turns each into a message in the user's
language. Anything else is a bug and goes to the crash path.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are only needed once a server answered; keep startup free of them
    from app.protocol.errors import ErrorBody, FieldError


class ClientError(Exception):
    """An expected failure of a request; ``body`` is the server's answer when there was one."""

    def __init__(self, message: str, *, body: ErrorBody | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.body = body
        self.status = status


class ServerUnreachableError(ClientError):
    """No answer: DNS, no route, connection refused, TLS, or a timeout."""


class ProtocolError(ClientError):
    """The server answered something this client does not understand (wrong URL, other software, 5xx)."""


class InvalidCredentialsError(ClientError):
    """Wrong login or password."""


class LockedError(ClientError):
    """Too many failed attempts; ``until`` is when the identity may try again."""

    @property
    def until(self) -> datetime | None:
        if self.body is None or not self.body.locked_until:
            return None
        try:
            return datetime.fromisoformat(self.body.locked_until.replace("Z", "+00:00"))
        except ValueError:
            return None


class UnauthenticatedError(ClientError):
    """The session or refresh token is no longer valid."""


class ForbiddenError(ClientError):
    """The user's role does not allow this."""


class NotFoundError(ClientError):
    pass


class ConflictError(ClientError):
    pass


class ValidationFailedError(ClientError):
    """The server refused the input; ``fields`` says which and why."""

    @property
    def fields(self) -> list[FieldError]:
        return [] if self.body is None else self.body.fields


class LimitReachedError(ClientError):
    """A licence or tenant limit (e.g. concurrent users, spec MW-15.4)."""


ERROR_CLASSES: dict[str, type[ClientError]] = {
    "invalid_credentials": InvalidCredentialsError,
    "locked": LockedError,
    "unauthenticated": UnauthenticatedError,
    "forbidden": ForbiddenError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "validation": ValidationFailedError,
    "limit_reached": LimitReachedError,
}
"""By :class:`app.protocol.errors.ErrorCode` value (a test checks every code has a class)."""
