"""Status changes asked for over the api, with the A2.5 rights checked through the policy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.protocol.status import BuiltinStatus
from app.server.core.errors import ValidationFailedError
from app.server.events.outbox import Retention
from app.server.services import employees, statuses
from app.server.services.policy import Principal, require_subject

CONTROL_PERMISSION = "employees.control_tab"


def change_status(
    session: Session, principal: Principal, employee_id: int, key: str, now: datetime, retention: Retention
) -> bool:
    """Set ``employee_id``'s status to ``key`` on behalf of ``principal``; False if it already was."""
    definition = statuses.resolve(session, principal.tenant_id, key)
    if definition is None:
        raise ValidationFailedError("no such status", field="status")
    if key == BuiltinStatus.OFFLINE.value or not definition.selectable:
        raise ValidationFailedError(
            "«Не в сети» is not a status one can choose: log out instead", field="status"
        )
    if employee_id != principal.employee_id:
        require_subject(session, principal, CONTROL_PERMISSION, employee_id)
    needed = statuses.permission_for(definition)
    if needed is not None:
        require_subject(session, principal, needed, employee_id)
    employee = employees.get(session, principal.tenant_id, employee_id)
    if employee.status == BuiltinStatus.OFFLINE.value:
        raise ValidationFailedError("the employee is not signed in", field="status")
    return statuses.set_status(session, employee, key, now=now, retention=retention)


def check_sign_out(session: Session, principal: Principal, employee_id: int) -> None:
    """«Менять статус на "Не в сети"» (A2.5) for someone else means ending their sessions."""
    if employee_id != principal.employee_id:
        require_subject(session, principal, CONTROL_PERMISSION, employee_id)
    require_subject(session, principal, statuses.STATUS_PERMISSIONS[BuiltinStatus.OFFLINE.value], employee_id)
    employees.get(session, principal.tenant_id, employee_id)
