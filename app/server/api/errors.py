"""Every refused request answers an :class:`~app.protocol.errors.ErrorBody`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.protocol.errors import ErrorBody, ErrorCode, FieldError
from app.server.core.errors import DomainError, LockedError, ValidationFailedError

_HTTP_CODES = {
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.NOT_FOUND,
    409: ErrorCode.CONFLICT,
    422: ErrorCode.VALIDATION,
    429: ErrorCode.LOCKED,
}


def _respond(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    body = ErrorBody(code=exc.code, message=exc.message, detail=exc.detail)
    headers: dict[str, str] = {}
    if isinstance(exc, LockedError):
        body.locked_until = exc.locked_until.isoformat()
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, ValidationFailedError):
        body.fields = [FieldError(loc=["body", exc.field], message=exc.message, type="value_error")]
    if exc.http_status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return _respond(exc.http_status, body, headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        FieldError(
            loc=[p if isinstance(p, int) else str(p) for p in err.get("loc", ())],
            message=str(err.get("msg", "")),
            type=str(err.get("type", "")),
        )
        for err in exc.errors()
    ]
    first = fields[0] if fields else None
    message = f"{'.'.join(map(str, first.loc))}: {first.message}" if first else "invalid request"
    return _respond(422, ErrorBody(code=ErrorCode.VALIDATION, message=message, fields=fields))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(
        exc.status_code, ErrorCode.VALIDATION if exc.status_code < 500 else ErrorCode.CONFLICT
    )
    return _respond(exc.status_code, ErrorBody(code=code, message=str(exc.detail)), dict(exc.headers or {}))


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
