"""Employees: creation with the MW-02 validations, listing, photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.admin import EmployeeCreate, EmployeeInfo
from app.protocol.status import BuiltinStatus
from app.server.core.errors import ConflictError, NotFoundError, ValidationFailedError
from app.server.core.security import PasswordHashing, password_rule_violation
from app.server.models import Employee, GroupMember, Role, Tenant
from app.server.services import statuses, tenants
from app.server.services.identifiers import normalise_mobile

MAX_EXTENSION = 99_999
PHOTO_MAX_BYTES = 5 * 1024 * 1024
_PHOTO_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"BM", "image/bmp"))


def photo_type(data: bytes) -> str | None:
    """The MIME type of a png, jpeg or bmp image judged by its first bytes (MW-02 step 11), else None."""
    for magic, mime in _PHOTO_MAGIC:
        if data.startswith(magic):
            return mime
    return None


def _next_extension(session: Session, tenant_id: int) -> str:
    taken = {
        int(e)
        for e in session.execute(select(Employee.extension).where(Employee.tenant_id == tenant_id)).scalars()
        if e.isdigit()
    }
    candidate = 100 if not taken else max(taken) + 1
    if candidate > MAX_EXTENSION:
        candidate = next((n for n in range(10, MAX_EXTENSION + 1) if n not in taken), 0)
    if candidate == 0:
        raise ConflictError("no free extension left")
    return str(candidate)


def create_employee(
    session: Session, tenant: Tenant, body: EmployeeCreate, *, hashing: PasswordHashing, now: datetime
) -> Employee:
    role_id = tenants.role_id(session, tenant.id, body.role)
    if role_id is None:
        raise ValidationFailedError("unknown role", field="role")
    for field, secret in (("password", body.password), ("sip_password", body.sip_password)):
        if secret is not None and (problem := password_rule_violation(secret)):
            raise ValidationFailedError(problem, field=field)
    if body.sip_login and not body.sip_password:
        raise ValidationFailedError("a SIP account needs a SIP password", field="sip_password")
    mobile = None
    if body.mobile:
        mobile = normalise_mobile(body.mobile)
        if mobile is None:
            raise ValidationFailedError(
                "a mobile number starts with +79, 79 or 89 and has 11 digits", field="mobile"
            )
    email = body.email.lower() if body.email else None
    extension = body.extension or _next_extension(session, tenant.id)
    full_name = " ".join(body.full_name.split())
    checks = (
        ("login", Employee.login == body.login, "this login is taken"),
        ("extension", Employee.extension == extension, "this extension is taken"),
    )
    for field, clause, message in checks:
        if session.execute(select(Employee.id).where(Employee.tenant_id == tenant.id, clause)).first():
            raise ConflictError(message, detail={"field": field})
    global_checks = (
        ("email", email, Employee.email == email, "this e-mail belongs to another employee"),
        ("mobile", mobile, Employee.mobile == mobile, "this mobile number belongs to another employee"),
        (
            "sip_login",
            body.sip_login,
            Employee.sip_login == (body.sip_login or "").lower(),
            "this SIP account is taken",
        ),
    )
    for field, value, clause, message in global_checks:
        if value and session.execute(select(Employee.id).where(clause)).first():
            raise ConflictError(message, detail={"field": field})
    # Compared in Python: SQLite's lower() folds ASCII only, and names here are Cyrillic.
    wanted = full_name.casefold()
    same_name = next(
        (
            other_id
            for other_id, other_name in session.execute(
                select(Employee.id, Employee.full_name).where(Employee.tenant_id == tenant.id)
            )
            if other_name.casefold() == wanted
        ),
        None,
    )
    if same_name is not None:
        raise ConflictError(
            "an employee with this name already exists",
            detail={"field": "full_name", "employee_id": same_name},
        )
    employee = Employee(
        tenant_id=tenant.id,
        role_id=role_id,
        login=body.login,
        full_name=full_name,
        extension=extension,
        email=email,
        mobile=mobile,
        position=body.position,
        department=body.department,
        password_hash=hashing.hash(body.password) if body.password else None,
        sip_login=body.sip_login.lower() if body.sip_login else None,
        sip_password_hash=hashing.hash(body.sip_password) if body.sip_password else None,
        status=BuiltinStatus.OFFLINE.value,
        status_since=now,
        created_at=now,
    )
    session.add(employee)
    session.flush()
    statuses.open_first_interval(session, employee, now)
    return employee


def info(session: Session, employee: Employee, product_number: str) -> EmployeeInfo:
    role = session.get(Role, employee.role_id)
    assert role is not None
    rows = list(
        session.execute(
            select(GroupMember.group_id, GroupMember.supervisor).where(GroupMember.employee_id == employee.id)
        )
    )
    return EmployeeInfo(
        id=employee.id,
        login=f"{product_number}/{employee.login}",
        full_name=employee.full_name,
        extension=employee.extension,
        email=employee.email,
        mobile=employee.mobile,
        position=employee.position,
        department=employee.department,
        role_code=role.code,
        role=role.name,
        has_photo=employee.photo_type is not None,
        sip_login=employee.sip_login,
        status=employee.status,
        status_since=employee.status_since,
        group_ids=sorted(g for g, _ in rows),
        supervised_group_ids=sorted(g for g, sup in rows if sup),
    )


def get(session: Session, tenant_id: int, employee_id: int) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None or employee.tenant_id != tenant_id:
        raise NotFoundError("no such employee")
    return employee


def set_photo(session: Session, employee: Employee, data: bytes) -> None:
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationFailedError("the photo is larger than 5 MB", field="photo")
    mime = photo_type(data)
    if mime is None:
        raise ValidationFailedError("the photo must be a png, jpeg or bmp image", field="photo")
    employee.photo = data
    employee.photo_type = mime
