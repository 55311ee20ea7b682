"""Error reports (spec part 7, Appendix 3): store what a user sent, answer a problem ID, let support read it.

Anyone signed in may send; only a role granted ``error_reports.view`` (administrators by default) may list
and read them, within their own tenant. A resend with the same ``client_report_id`` (the client's offline
queue retrying after a lost answer) returns the report stored the first time instead of a second copy.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.protocol.error_reports import (
    ErrorReportCreate,
    ErrorReportCreated,
    ErrorReportDetail,
    ErrorReportList,
    ErrorReportSummary,
)
from app.protocol.errors import ErrorCode
from app.server.core.errors import DomainError, NotFoundError
from app.server.models import Employee, ErrorReport, Tenant
from app.server.services.policy import Principal

VIEW = "error_reports.view"
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Problem IDs are read aloud over the phone: no 0/O, 1/I."""
LIST_LIMIT = 500
_FULL_LOGIN = (Tenant.product_number + "/" + Employee.login).label("login")


class ReportTooLargeError(DomainError):
    """The request body is larger than any valid report can be (HTTP 413, read no further)."""

    code = ErrorCode.VALIDATION
    http_status = 413


def new_problem_id() -> str:
    return "PR-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def find_sent(session: Session, principal: Principal, client_report_id: str) -> ErrorReportCreated | None:
    row = session.execute(
        select(ErrorReport).where(
            ErrorReport.tenant_id == principal.tenant_id, ErrorReport.client_report_id == client_report_id
        )
    ).scalar_one_or_none()
    return None if row is None else _created(row)


def create(
    session: Session, principal: Principal, body: ErrorReportCreate, now: datetime
) -> ErrorReportCreated:
    """Store one report; raises IntegrityError on a concurrent duplicate (the caller re-reads)."""
    existing = find_sent(session, principal, body.client_report_id)
    if existing is not None:
        return existing
    row = ErrorReport(
        tenant_id=principal.tenant_id,
        employee_id=principal.employee_id,
        problem_id=new_problem_id(),
        client_report_id=body.client_report_id,
        created_at=now,
        name=body.name,
        email=str(body.email or ""),
        phone=body.phone.strip(),
        description=body.description,
        logs=body.logs,
        crash=body.crash,
        client_version=body.client_version,
        system=body.system,
    )
    session.add(row)
    session.flush()
    return _created(row)


def is_duplicate(error: IntegrityError) -> bool:
    return "client_report_id" in str(error.orig) or "uq_error_reports_tenant_id" in str(error.orig)


def list_reports(session: Session, principal: Principal) -> ErrorReportList:
    principal.require(VIEW)
    rows = session.execute(
        select(ErrorReport, _FULL_LOGIN, func.length(ErrorReport.logs))
        .outerjoin(Employee, Employee.id == ErrorReport.employee_id)
        .outerjoin(Tenant, Tenant.id == Employee.tenant_id)
        .where(ErrorReport.tenant_id == principal.tenant_id)
        .order_by(ErrorReport.created_at.desc(), ErrorReport.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return ErrorReportList(items=[_summary(row, login or "", size or 0) for row, login, size in rows])


def get_report(session: Session, principal: Principal, report_id: int) -> ErrorReportDetail:
    principal.require(VIEW)
    found = session.execute(
        select(ErrorReport, _FULL_LOGIN)
        .outerjoin(Employee, Employee.id == ErrorReport.employee_id)
        .outerjoin(Tenant, Tenant.id == Employee.tenant_id)
        .where(ErrorReport.tenant_id == principal.tenant_id, ErrorReport.id == report_id)
    ).one_or_none()
    if found is None:
        raise NotFoundError(f"no error report {report_id}")
    row, login = found
    summary = _summary(row, login or "", len(row.logs))
    return ErrorReportDetail(**summary.model_dump(), logs=row.logs, system=row.system)


def as_text(report: ErrorReportDetail) -> str:
    """The downloadable bundle: a plain-text file support can attach to a ticket."""
    head = [
        f"Problem ID: {report.problem_id}",
        f"Received: {report.created_at.isoformat()}",
        f"Account: {report.login}",
        f"Name: {report.name}",
        f"E-mail: {report.email}",
        f"Phone: {report.phone}",
        f"Crash: {'yes' if report.crash else 'no'}",
        f"Client: {report.client_version}",
        f"System: {report.system}",
        "",
        "Description:",
        report.description,
        "",
        "Logs:",
        report.logs or "(none attached)",
    ]
    return "\n".join(head) + "\n"


def _created(row: ErrorReport) -> ErrorReportCreated:
    return ErrorReportCreated(id=row.id, problem_id=row.problem_id, created_at=row.created_at)


def _summary(row: ErrorReport, login: str, logs_size: int) -> ErrorReportSummary:
    return ErrorReportSummary(
        id=row.id,
        problem_id=row.problem_id,
        created_at=row.created_at,
        employee_id=row.employee_id,
        login=login,
        name=row.name,
        email=row.email,
        phone=row.phone,
        description=row.description,
        crash=row.crash,
        logs_size=logs_size,
        client_version=row.client_version,
    )
