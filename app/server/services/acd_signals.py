"""How changes made outside the ACD reach it: a transaction marks the employees (or the whole tenant) whose
distribution facts it changed; after the commit the app hands the marks to the engine.

A plain status change carries the new status, so the engine applies it without reading the database (the
hot path of an operator coming on line); other changes (membership, status flags) make it reload."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

_KEY = "pult.acd_marks"


@dataclass(slots=True)
class Marks:
    employees: set[int] = field(default_factory=set)
    """Reload these operators from the database."""
    tenants: set[int] = field(default_factory=set)
    """Reload every operator of these tenants and their custom status flags."""
    statuses: dict[int, str] = field(default_factory=dict)
    """Employee → the status they now hold."""

    def __bool__(self) -> bool:
        return bool(self.employees or self.tenants or self.statuses)


def _marks(session: Session) -> Marks:
    marks: Marks = session.info.setdefault(_KEY, Marks())
    return marks


def mark_employees(session: Session, employee_ids: Iterable[int]) -> None:
    _marks(session).employees.update(employee_ids)


def mark_status(session: Session, employee_id: int, status: str) -> None:
    _marks(session).statuses[employee_id] = status


def mark_tenant(session: Session, tenant_id: int) -> None:
    """Status flags of the tenant changed: reload all its operators."""
    _marks(session).tenants.add(tenant_id)


def take(session: Session) -> Marks:
    """Pop the marks of a finished transaction."""
    marks: Marks = session.info.pop(_KEY, Marks())
    return marks
