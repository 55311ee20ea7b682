"""Domain errors of the server. Services raise them; the api edge maps each to an HTTP answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.protocol.errors import ErrorCode


class DomainError(Exception):
    """Base of every expected refusal; ``code`` is the stable wire code."""

    code: ErrorCode = ErrorCode.CONFLICT
    http_status: int = 409

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class InvalidCredentialsError(DomainError):
    code = ErrorCode.INVALID_CREDENTIALS
    http_status = 401


class LockedError(DomainError):
    """Too many failed logins for one identity (HTTP 429 with Retry-After)."""

    code = ErrorCode.LOCKED
    http_status = 429

    def __init__(self, message: str, *, locked_until: datetime, retry_after: int) -> None:
        super().__init__(message)
        self.locked_until = locked_until
        self.retry_after = retry_after


class UnauthenticatedError(DomainError):
    code = ErrorCode.UNAUTHENTICATED
    http_status = 401


class ForbiddenError(DomainError):
    code = ErrorCode.FORBIDDEN
    http_status = 403


class NotFoundError(DomainError):
    code = ErrorCode.NOT_FOUND
    http_status = 404


class ConflictError(DomainError):
    code = ErrorCode.CONFLICT
    http_status = 409


class LimitReachedError(DomainError):
    code = ErrorCode.LIMIT_REACHED
    http_status = 409


class ValidationFailedError(DomainError):
    """A value passed type checks but breaks a domain rule; ``field`` names it for ``ErrorBody.fields``."""

    code = ErrorCode.VALIDATION
    http_status = 422

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
