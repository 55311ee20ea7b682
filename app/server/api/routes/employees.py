"""``/api/v1/employees``: list (by visibility), create (admins), photo, status set by a supervisor."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import AwareDatetime
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.protocol.admin import EmployeeCreate, EmployeeInfo, EmployeeList, EmployeeUpdate
from app.protocol.errors import ErrorBody
from app.protocol.status import StatusChangeRequest, StatusIntervalList
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.core.errors import NotFoundError
from app.server.models import Employee, Tenant
from app.server.services import employee_admin, employees, presence, statuses
from app.server.services.policy import Principal, require_subject, visible_employees

router = APIRouter(prefix="/employees", tags=["employees"])
WORKING_TIME_PERMISSION = "reports.working_time"
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


def _product(ctx: Ctx, tenant_id: int) -> str:
    with ctx.db.reading() as session:
        tenant = session.get(Tenant, tenant_id)
        assert tenant is not None
        return tenant.product_number


@router.get("")
def list_employees(principal: CurrentPrincipal, ctx: Ctx) -> EmployeeList:
    """Employees whose status the caller may see (``employees.view_status``)."""
    product = _product(ctx, principal.tenant_id)
    with ctx.db.reading() as session:
        visible = visible_employees(session, principal, statuses.VIEW_STATUS_PERMISSION)
        query = select(Employee).where(
            Employee.tenant_id == principal.tenant_id, Employee.deleted_at.is_(None)
        )
        if visible is not None:
            query = query.where(Employee.id.in_(visible))
        rows = session.execute(query.order_by(Employee.extension)).scalars()
        return EmployeeList(items=[employees.info(session, e, product) for e in rows])


@router.post("", status_code=201, responses=_ERRORS)
def create_employee(body: EmployeeCreate, principal: Admin, ctx: Ctx) -> EmployeeInfo:
    with ctx.db.transaction() as session:
        tenant = session.get(Tenant, principal.tenant_id)
        assert tenant is not None
        employee = employees.create_employee(session, tenant, body, hashing=ctx.hashing, now=ctx.clock())
        return employees.info(session, employee, tenant.product_number)


@router.patch("/{employee_id}", responses=_ERRORS)
def update_employee(employee_id: int, body: EmployeeUpdate, principal: Admin, ctx: Ctx) -> EmployeeInfo:
    """Edit the card (MW-02 checks: unique extension, e-mail, mobile and name)."""
    with ctx.db.transaction() as session:
        employee = _live(session, principal.tenant_id, employee_id)
        employee_admin.update_employee(session, employee, body, hashing=ctx.hashing)
        tenant = session.get(Tenant, principal.tenant_id)
        assert tenant is not None
        return employees.info(session, employee, tenant.product_number)


@router.delete("/{employee_id}", status_code=204, responses=_ERRORS)
def delete_employee(employee_id: int, principal: Admin, ctx: Ctx) -> Response:
    """«Удалить сотрудника» (MW-03): history stays, sign-in and lists end; refused during a conversation."""
    with ctx.db.transaction() as session:
        employee = _live(session, principal.tenant_id, employee_id)
        employee_admin.delete_employee(
            session, employee, by=principal.employee_id, now=ctx.clock(), retention=ctx.retention
        )
    ctx.auth.revoke_employee(employee_id, now=ctx.clock())
    ctx.acd.operators_changed([employee_id])
    return Response(status_code=204)


def _live(session: Session, tenant_id: int, employee_id: int) -> Employee:
    employee = employees.get(session, tenant_id, employee_id)
    if employee.deleted_at is not None:
        raise NotFoundError("no such employee")
    return employee


@router.get("/{employee_id}", responses=_ERRORS)
def get_employee(employee_id: int, principal: CurrentPrincipal, ctx: Ctx) -> EmployeeInfo:
    product = _product(ctx, principal.tenant_id)
    with ctx.db.reading() as session:
        employee = employees.get(session, principal.tenant_id, employee_id)
        require_subject(session, principal, statuses.VIEW_STATUS_PERMISSION, employee_id)
        return employees.info(session, employee, product)


@router.put("/{employee_id}/status", responses=_ERRORS)
def set_employee_status(
    employee_id: int, body: StatusChangeRequest, principal: CurrentPrincipal, ctx: Ctx
) -> EmployeeInfo:
    """A supervisor changes an operator's status (A2.5 «Менять статус на ...» with its scope)."""
    with ctx.db.transaction() as session:
        presence.change_status(session, principal, employee_id, body.status, ctx.clock(), ctx.retention)
        tenant = session.get(Tenant, principal.tenant_id)
        assert tenant is not None
        return employees.info(
            session, employees.get(session, principal.tenant_id, employee_id), tenant.product_number
        )


@router.delete("/{employee_id}/sessions", status_code=204, responses=_ERRORS)
def sign_out_employee(employee_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """End every session of the employee, who goes «Не в сети» (a supervisor's A2.5 right, or oneself)."""
    with ctx.db.reading() as session:
        presence.check_sign_out(session, principal, employee_id)
    ctx.auth.revoke_employee(employee_id, now=ctx.clock())
    return Response(status_code=204)


@router.get("/{employee_id}/status-intervals", responses=_ERRORS)
def status_intervals(
    employee_id: int,
    principal: CurrentPrincipal,
    ctx: Ctx,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
) -> StatusIntervalList:
    """Status spans for working-time reports (A2.8 «Просматривать рабочее время сотрудников»);
    the window defaults to the last 24 hours."""
    end = until or ctx.clock()
    start = since or end - timedelta(days=1)
    with ctx.db.reading() as session:
        require_subject(session, principal, WORKING_TIME_PERMISSION, employee_id)
        return StatusIntervalList(
            employee_id=employee_id, items=statuses.intervals(session, employee_id, start, end)
        )


@router.put(
    "/{employee_id}/photo",
    status_code=204,
    responses=_ERRORS,
    openapi_extra={"requestBody": {"content": {"image/png": {}, "image/jpeg": {}, "image/bmp": {}}}},
)
async def put_photo(employee_id: int, request: Request, principal: Admin, ctx: Ctx) -> Response:
    """The raw image is the body; its type is judged by its first bytes, not by the header."""
    data = await request.body()

    def store() -> None:
        with ctx.db.transaction() as session:
            employees.set_photo(session, employees.get(session, principal.tenant_id, employee_id), data)

    await run_in_threadpool(store)
    return Response(status_code=204)


@router.get("/{employee_id}/photo", responses=_ERRORS)
def get_photo(employee_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    with ctx.db.reading() as session:
        require_subject(session, principal, statuses.VIEW_STATUS_PERMISSION, employee_id)
        employee = employees.get(session, principal.tenant_id, employee_id)
        if employee.photo is None or employee.photo_type is None:
            raise NotFoundError("no photo")
        return Response(content=employee.photo, media_type=employee.photo_type)
