"""Editing and deleting employees (MW-02 validations on edit, MW-03 deletion), and deleting groups.

Deletion keeps the person's facts: the row stays without login, password, identifiers or groups and is
marked ``deleted_at``, so call legs, status intervals and KPIs of past days stay whole while lists, the
ACD and sign-in no longer see the employee. Outbound campaigns do not exist in this build, so the
campaign checks of MW-03 have nothing to refuse; a callback order the employee had taken goes back to
its queue (the «scheduled call» of MW-03), a live conversation refuses the deletion.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.protocol.admin import EmployeeUpdate
from app.protocol.status import BuiltinStatus
from app.server.core.errors import ConflictError, ValidationFailedError
from app.server.core.security import PasswordHashing, password_rule_violation
from app.server.events.outbox import Retention
from app.server.models import (
    Call,
    CallbackOrder,
    Employee,
    Group,
    GroupMember,
    RefreshToken,
    ScreenPopSetting,
)
from app.server.services import acd_signals, statuses, tenants
from app.server.services.identifiers import normalise_mobile


def _taken(session: Session, employee: Employee, field: str, clause: object, message: str) -> None:
    found = session.execute(
        select(Employee.id).where(clause, Employee.id != employee.id)  # type: ignore[arg-type]
    ).first()
    if found:
        raise ConflictError(message, detail={"field": field})


def update_employee(
    session: Session, employee: Employee, body: EmployeeUpdate, *, hashing: PasswordHashing
) -> None:
    """Change the fields sent, with the checks of creation (unique extension, e-mail, mobile, name)."""
    sent = body.model_fields_set
    if "role" in sent and body.role is not None:
        role_id = tenants.role_id(session, employee.tenant_id, body.role)
        if role_id is None:
            raise ValidationFailedError("unknown role", field="role")
        employee.role_id = role_id
    if body.full_name is not None:
        full_name = " ".join(body.full_name.split())
        if not full_name:
            raise ValidationFailedError("the name is empty", field="full_name")
        wanted = full_name.casefold()
        for other_id, other_name in session.execute(
            select(Employee.id, Employee.full_name).where(
                Employee.tenant_id == employee.tenant_id,
                Employee.id != employee.id,
                Employee.deleted_at.is_(None),
            )
        ):
            if other_name.casefold() == wanted:
                raise ConflictError(
                    "an employee with this name already exists",
                    detail={"field": "full_name", "employee_id": other_id},
                )
        employee.full_name = full_name
    if body.extension is not None:
        _taken(
            session,
            employee,
            "extension",
            (Employee.tenant_id == employee.tenant_id) & (Employee.extension == body.extension),
            "this extension is taken",
        )
        employee.extension = body.extension
    if "email" in sent:
        email = body.email.lower() if body.email else None
        if email:
            _taken(
                session, employee, "email", Employee.email == email, "this e-mail belongs to another employee"
            )
        employee.email = email
    if "mobile" in sent:
        mobile = None
        if body.mobile:
            mobile = normalise_mobile(body.mobile)
            if mobile is None:
                raise ValidationFailedError(
                    "a mobile number starts with +79, 79 or 89 and has 11 digits", field="mobile"
                )
            _taken(
                session,
                employee,
                "mobile",
                Employee.mobile == mobile,
                "this mobile number belongs to another employee",
            )
        employee.mobile = mobile
    if body.position is not None:
        employee.position = body.position
    if body.department is not None:
        employee.department = body.department
    if body.password:
        if problem := password_rule_violation(body.password):
            raise ValidationFailedError(problem, field="password")
        employee.password_hash = hashing.hash(body.password)
    session.flush()


def delete_employee(
    session: Session, employee: Employee, *, by: int, now: datetime, retention: Retention
) -> None:
    """MW-03 on this build; the caller revokes the sessions afterwards."""
    if employee.id == by:
        raise ConflictError("you cannot delete yourself", detail={"field": "self"})
    live = session.execute(
        select(Call.id).where(Call.operator_id == employee.id, Call.ended_at.is_(None))
    ).first()
    if live:
        raise ConflictError(
            "the employee is in a conversation; delete after it ends", detail={"field": "busy"}
        )
    session.execute(
        update(CallbackOrder)
        .where(CallbackOrder.locked_by == employee.id, CallbackOrder.state == "locked")
        .values(state="waiting", locked_by=None, locked_at=None)
    )
    acd_signals.mark_employees(session, [employee.id])
    session.execute(delete(GroupMember).where(GroupMember.employee_id == employee.id))
    session.execute(delete(RefreshToken).where(RefreshToken.employee_id == employee.id))
    session.execute(delete(ScreenPopSetting).where(ScreenPopSetting.employee_id == employee.id))
    if employee.status != BuiltinStatus.OFFLINE.value:
        statuses.set_status(session, employee, BuiltinStatus.OFFLINE.value, now=now, retention=retention)
    employee.login = f"deleted-{employee.id}"
    employee.extension = _tombstone_extension(employee.id)
    employee.email = None
    employee.mobile = None
    employee.sip_login = None
    employee.password_hash = None
    employee.sip_password_hash = None
    employee.photo = None
    employee.photo_type = None
    employee.deleted_at = now
    session.flush()


def _tombstone_extension(employee_id: int) -> str:
    """A free-up of the extension: 5 characters that are never digits-only, unique per employee."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    value, out = employee_id, ""
    while value:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
    return ("x" + out.rjust(4, "0"))[-5:]


def delete_group(session: Session, group: Group) -> None:
    """MW-03 for groups: refused while calls wait or talk in the group's queue."""
    live = session.execute(select(Call.id).where(Call.group_id == group.id, Call.ended_at.is_(None))).first()
    if live:
        raise ConflictError("calls of this group are in progress", detail={"field": "busy"})
    members = list(
        session.execute(select(GroupMember.employee_id).where(GroupMember.group_id == group.id)).scalars()
    )
    acd_signals.mark_employees(session, members)
    session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
    session.delete(group)
    session.flush()
