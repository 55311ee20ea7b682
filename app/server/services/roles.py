"""Reading and editing a tenant's permission values (the matrix is data, part 7 §1.3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.admin import RoleInfo, RoleList
from app.protocol.events import ROLES_CHANGED
from app.server.core.errors import NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.events.outbox import Retention
from app.server.models import Role, RolePermission
from app.server.services.permission_matrix import PERMISSIONS, ROLE_CODES, Scope
from app.server.services.statuses import VIEW_STATUS_PERMISSION

_BY_KEY = {p.key: p for p in PERMISSIONS}
_YES_NO = frozenset({Scope.N, Scope.Y})


def allowed_values(key: str) -> frozenset[Scope]:
    """A permission whose manual column holds only Да/Нет stays yes/no; the others take any scope."""
    spec = _BY_KEY[key]
    return _YES_NO if set(spec.values) <= _YES_NO else frozenset(Scope) - {Scope.Y}


def list_roles(session: Session, tenant_id: int) -> RoleList:
    roles = {r.id: r for r in session.execute(select(Role).where(Role.tenant_id == tenant_id)).scalars()}
    values: dict[int, dict[str, str]] = {role_id: {} for role_id in roles}
    for row in session.execute(select(RolePermission).where(RolePermission.role_id.in_(roles))).scalars():
        values[row.role_id][row.key] = row.value
    ordered = sorted(roles.values(), key=lambda r: ROLE_CODES.index(r.code) if r.code in ROLE_CODES else 99)
    return RoleList(
        items=[
            RoleInfo(code=r.code, name=r.name, permissions=dict(sorted(values[r.id].items())))
            for r in ordered
        ],
        labels={p.key: p.label for p in PERMISSIONS},
    )


def set_value(
    session: Session, tenant_id: int, code: str, key: str, value: str, *, now: datetime, retention: Retention
) -> RoleInfo:
    role = session.execute(
        select(Role).where(Role.tenant_id == tenant_id, Role.code == code)
    ).scalar_one_or_none()
    if role is None or key not in _BY_KEY:
        raise NotFoundError("no such role or permission")
    try:
        scope = Scope(value)
    except ValueError:
        raise ValidationFailedError(f"unknown value {value!r}", field="value") from None
    if scope not in allowed_values(key):
        raise ValidationFailedError(f"{key} does not take the value {value}", field="value")
    row = session.get(RolePermission, (role.id, key))
    if row is None:
        session.add(RolePermission(role_id=role.id, key=key, value=scope.value))
    else:
        row.value = scope.value
    session.flush()
    outbox.append(
        session,
        tenant_id=tenant_id,
        type=ROLES_CHANGED,
        data={"role": code, "key": key, "value": scope.value},
        at=now,
        permission=VIEW_STATUS_PERMISSION,
        subject_employee_id=None,
        retention=retention,
    )
    return next(r for r in list_roles(session, tenant_id).items if r.code == code)
