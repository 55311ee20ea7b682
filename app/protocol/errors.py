"""Error bodies returned by the API.

The server answers every refused request with :class:`ErrorBody`; ``code`` is stable and the client
turns it into a message in the user's language, ``message`` is an English fallback for logs and scripts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class ErrorCode(StrEnum):
    """Stable machine-readable reasons for a refused request."""

    INVALID_CREDENTIALS = "invalid_credentials"
    LOCKED = "locked"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    VALIDATION = "validation"
    LIMIT_REACHED = "limit_reached"


class FieldError(BaseModel):
    """One invalid field: where it is and why it was refused."""

    loc: list[str | int]
    message: str
    type: str


class ErrorBody(BaseModel):
    """The JSON body of every 4xx answer."""

    code: ErrorCode
    message: str
    locked_until: str | None = None
    """ISO 8601 UTC moment a locked identity can try again (``code == locked`` only)."""
    fields: list[FieldError] = []
    detail: dict[str, Any] = {}
