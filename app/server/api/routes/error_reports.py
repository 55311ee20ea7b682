"""Error reports (spec part 7, Appendix 3): sent by any signed-in user, read by administrators.

The body is read with a size cap before it is parsed, so an oversized upload is refused with 413 after
``MAX_BODY_BYTES`` instead of being held in memory whole.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from app.protocol.error_reports import (
    MAX_BODY_BYTES,
    ErrorReportCreate,
    ErrorReportCreated,
    ErrorReportDetail,
    ErrorReportList,
)
from app.protocol.errors import ErrorBody
from app.server.api.context import AppContext
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import error_reports
from app.server.services.error_reports import ReportTooLargeError
from app.server.services.policy import Principal

router = APIRouter(tags=["error-reports"])
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    413: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": ErrorReportCreate.model_json_schema()}},
    }
}


async def _read_body(request: Request) -> ErrorReportCreate:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ReportTooLargeError(f"the report is larger than {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ReportTooLargeError(f"the report is larger than {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    try:
        return ErrorReportCreate.model_validate_json(b"".join(chunks))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_url=False)]
        ) from exc


def _store(ctx: AppContext, principal: Principal, body: ErrorReportCreate) -> ErrorReportCreated:
    try:
        with ctx.db.transaction() as session:
            return error_reports.create(session, principal, body, ctx.clock())
    except IntegrityError as exc:
        # The same report sent twice at once: the other request stored it; answer what it stored.
        if not error_reports.is_duplicate(exc):
            raise
        with ctx.db.reading() as session:
            sent = error_reports.find_sent(session, principal, body.client_report_id)
        if sent is None:
            raise
        return sent


@router.post("/error-reports", status_code=201, responses=_ERRORS, openapi_extra=_BODY_SCHEMA)
async def create_error_report(request: Request, principal: CurrentPrincipal, ctx: Ctx) -> ErrorReportCreated:
    """«Сообщить о проблеме»: store the report and answer its problem ID."""
    body = await _read_body(request)
    return await run_in_threadpool(_store, ctx, principal, body)


@router.get("/error-reports", responses=_ERRORS)
def list_error_reports(principal: CurrentPrincipal, ctx: Ctx) -> ErrorReportList:
    """Newest first; administrators only (``error_reports.view``)."""
    with ctx.db.reading() as session:
        return error_reports.list_reports(session, principal)


@router.get("/error-reports/{report_id}", responses=_ERRORS)
def get_error_report(report_id: int, principal: CurrentPrincipal, ctx: Ctx) -> ErrorReportDetail:
    with ctx.db.reading() as session:
        return error_reports.get_report(session, principal, report_id)


@router.get(
    "/error-reports/{report_id}/download",
    responses={**_ERRORS, 200: {"content": {"text/plain": {}}}},
    response_class=Response,
)
def download_error_report(report_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """The whole report as a text file named after its problem ID."""
    with ctx.db.reading() as session:
        report = error_reports.get_report(session, principal, report_id)
    return Response(
        content=error_reports.as_text(report),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{report.problem_id}.txt"'},
    )
