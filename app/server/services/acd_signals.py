"""How changes made outside the ACD reach it: a transaction marks the employees (or the whole tenant) whose
distribution facts it changed; after the commit the app hands them to the engine, which reloads them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

DIRTY_EMPLOYEES_KEY = "pult.acd_employees"
DIRTY_TENANTS_KEY = "pult.acd_tenants"


def mark_employees(session: Session, employee_ids: Iterable[int]) -> None:
    dirty: set[int] = session.info.setdefault(DIRTY_EMPLOYEES_KEY, set())
    dirty.update(employee_ids)


def mark_tenant(session: Session, tenant_id: int) -> None:
    """Status flags or group settings of the tenant changed: reload all its operators."""
    dirty: set[int] = session.info.setdefault(DIRTY_TENANTS_KEY, set())
    dirty.add(tenant_id)


def take(session: Session) -> tuple[set[int], set[int]]:
    """Pop the marks (employees, tenants) of a finished transaction."""
    return session.info.pop(DIRTY_EMPLOYEES_KEY, set()), session.info.pop(DIRTY_TENANTS_KEY, set())
