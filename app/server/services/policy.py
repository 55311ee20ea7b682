"""The one place where permissions are decided, for routes and for every event delivered.

A :class:`Principal` carries the signed-in employee's permission values (from the tenant's role rows)
and group relations. ``allows`` answers "may they do this at all", ``allows_subject`` "may they do it to
this employee", ``visible_employees`` "which employees may they see for this key".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.core.errors import ForbiddenError
from app.server.models import Employee, GroupMember
from app.server.services.permission_matrix import Scope

PERSONAL = "personal"
"""Event permission for facts meant for their subject alone (a call offered to one operator, with its
one-time token): delivered to that employee and nobody else, whatever their role."""


@dataclass(frozen=True, slots=True)
class Principal:
    employee_id: int
    tenant_id: int
    session_id: int
    role_code: str
    permissions: dict[str, Scope]
    member_groups: frozenset[int]
    """Groups where the employee is an operator (every member is, part 7 §1.1)."""
    supervised_groups: frozenset[int]
    """Controlled («подконтрольные») groups."""

    def scope(self, key: str) -> Scope:
        return self.permissions.get(key, Scope.N)

    def allows(self, key: str) -> bool:
        """Whether the permission is granted in any scope (CTRL needs at least one controlled group)."""
        scope = self.scope(key)
        if scope is Scope.N:
            return False
        if scope is Scope.CTRL:
            return bool(self.supervised_groups)
        return True

    def groups_in_scope(self, key: str) -> frozenset[int] | None:
        """Groups whose members are in scope; None means everyone in the tenant."""
        scope = self.scope(key)
        if scope in (Scope.ALL, Scope.Y):
            return None
        if scope in (Scope.OWN_GRP, Scope.MY_GROUP):
            return self.member_groups
        if scope is Scope.OWN_CTRL:
            return self.member_groups | self.supervised_groups
        if scope is Scope.CTRL:
            return self.supervised_groups
        return frozenset()

    def allows_subject(self, key: str, subject_id: int, subject_groups: Iterable[int]) -> bool:
        """Whether the permission covers an action on or a fact about employee ``subject_id``."""
        scope = self.scope(key)
        if scope is Scope.N:
            return False
        if subject_id == self.employee_id:
            return True  # every scope other than N includes oneself
        groups = self.groups_in_scope(key)
        return groups is None or not groups.isdisjoint(subject_groups)

    def require(self, key: str) -> None:
        if not self.allows(key):
            raise ForbiddenError(f"your role does not allow this ({key})", detail={"permission": key})


def groups_of(session: Session, employee_id: int) -> frozenset[int]:
    return frozenset(
        session.execute(select(GroupMember.group_id).where(GroupMember.employee_id == employee_id)).scalars()
    )


def require_subject(session: Session, principal: Principal, key: str, subject_id: int) -> None:
    """Refuse unless ``key`` covers employee ``subject_id`` (who must be in the principal's tenant)."""
    tenant_id = session.execute(
        select(Employee.tenant_id).where(Employee.id == subject_id)
    ).scalar_one_or_none()
    if tenant_id != principal.tenant_id:
        raise ForbiddenError("this employee is outside your scope", detail={"permission": key})
    if not principal.allows_subject(key, subject_id, groups_of(session, subject_id)):
        raise ForbiddenError(
            f"your role does not allow this for that employee ({key})", detail={"permission": key}
        )


def visible_employees(session: Session, principal: Principal, key: str) -> frozenset[int] | None:
    """Employees of the tenant ``key`` lets the principal see; None means all of them."""
    if principal.scope(key) is Scope.N:
        return frozenset()
    groups = principal.groups_in_scope(key)
    if groups is None:
        return None
    members = session.execute(
        select(GroupMember.employee_id).where(GroupMember.group_id.in_(groups))
    ).scalars()
    return frozenset(members) | {principal.employee_id}


def event_visible(
    principal: Principal, permission: str, subject_id: int | None, visible: frozenset[int] | None
) -> bool:
    """Whether an outbox event may be delivered to the principal.

    ``visible`` is :func:`visible_employees` for the event's permission, computed once per delivery batch.
    Events with no subject are tenant-wide facts: any granted scope sees them.
    """
    if permission == PERSONAL:
        return subject_id == principal.employee_id
    if subject_id is None:
        return principal.allows(permission)
    if principal.scope(permission) is Scope.N:
        return False
    return visible is None or subject_id in visible
