"""Who is calling: a bearer token → :class:`~app.server.services.policy.Principal`, and the ``Me`` view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.auth import GroupMembership, Me
from app.server.core.errors import UnauthenticatedError
from app.server.core.security import token_digest
from app.server.models import AuthSession, Employee, Group, GroupMember, Role, RolePermission, Tenant
from app.server.services import statuses
from app.server.services.permission_matrix import Scope
from app.server.services.policy import Principal


def load_for_employee(session: Session, employee: Employee, *, session_id: int) -> Principal:
    permissions = {
        key: Scope(value)
        for key, value in session.execute(
            select(RolePermission.key, RolePermission.value).where(RolePermission.role_id == employee.role_id)
        )
    }
    role_code = session.execute(select(Role.code).where(Role.id == employee.role_id)).scalar_one()
    memberships = list(
        session.execute(
            select(GroupMember.group_id, GroupMember.supervisor).where(GroupMember.employee_id == employee.id)
        )
    )
    return Principal(
        employee_id=employee.id,
        tenant_id=employee.tenant_id,
        session_id=session_id,
        role_code=role_code,
        permissions=permissions,
        member_groups=frozenset(g for g, _ in memberships),
        supervised_groups=frozenset(g for g, sup in memberships if sup),
    )


def authenticate(session: Session, token: str, now: datetime) -> Principal:
    """The principal of a live session, or :class:`UnauthenticatedError`."""
    auth = session.execute(
        select(AuthSession).where(AuthSession.token_hash == token_digest(token))
    ).scalar_one_or_none()
    if auth is None or auth.ended_at is not None or auth.expires_at <= now:
        raise UnauthenticatedError("the session has ended: please log in again")
    employee = session.get(Employee, auth.employee_id)
    if employee is None:
        raise UnauthenticatedError("the session has ended: please log in again")
    return load_for_employee(session, employee, session_id=auth.id)


def reload(session: Session, session_id: int, now: datetime) -> Principal | None:
    """The principal of a session that still lives, with its current role values and groups."""
    auth = session.get(AuthSession, session_id)
    if auth is None or auth.ended_at is not None or auth.expires_at <= now:
        return None
    employee = session.get(Employee, auth.employee_id)
    return None if employee is None else load_for_employee(session, employee, session_id=auth.id)


def build_me(session: Session, principal: Principal) -> Me:
    employee = session.get(Employee, principal.employee_id)
    tenant = session.get(Tenant, principal.tenant_id)
    role = session.execute(
        select(Role).where(Role.code == principal.role_code, Role.tenant_id == principal.tenant_id)
    ).scalar_one()
    assert employee is not None
    assert tenant is not None
    groups = session.execute(
        select(Group.id, Group.name, GroupMember.supervisor)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .where(GroupMember.employee_id == employee.id)
        .order_by(Group.name)
    )
    return Me(
        employee_id=employee.id,
        tenant_id=tenant.id,
        product_number=tenant.product_number,
        company_name=tenant.name,
        login=f"{tenant.product_number}/{employee.login}",
        full_name=employee.full_name,
        extension=employee.extension,
        email=employee.email,
        mobile=employee.mobile,
        position=employee.position,
        department=employee.department,
        role=role.name,
        role_code=role.code,
        permissions=sorted(key for key in principal.permissions if principal.allows(key)),
        permission_scopes={key: value.value for key, value in sorted(principal.permissions.items())},
        groups=[
            GroupMembership(id=gid, name=name, operator=True, supervisor=sup) for gid, name, sup in groups
        ],
        status=employee.status,
        status_since=employee.status_since,
        statuses=statuses.definitions(session, tenant.id),
    )
