"""The demo tenant (``--demo``) and the schema migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from app.server.core.db import Database
from app.server.core.security import PasswordHashing
from app.server.models import Base, Employee, Group, GroupMember, Tenant
from app.server.seed import DEMO_PRODUCT, demo_table, seed_demo
from tests.server.conftest import START


def _seed(db: Database) -> bool:
    with db.transaction() as session:
        return seed_demo(session, password="Other123", hashing=PasswordHashing(fast_insecure=True), now=START)


def _counts(db: Database) -> tuple[int, ...]:
    with db.reading() as session:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Tenant, Employee, Group, GroupMember)
        )


def test_demo_seed_creates_the_company_once(empty_db: Database) -> None:
    assert _seed(empty_db) is True
    first = _counts(empty_db)
    assert _seed(empty_db) is False
    assert _counts(empty_db) == first == (1, 7, 2, 8)


def test_demo_groups_hold_the_documented_members(empty_db: Database) -> None:
    _seed(empty_db)
    with empty_db.reading() as session:
        rows = session.execute(
            select(Group.name, Employee.login, GroupMember.supervisor)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .join(Employee, Employee.id == GroupMember.employee_id)
        ).all()
    members: dict[str, set[str]] = {}
    for group, login, supervisor in rows:
        members.setdefault(group, set()).add(login + ("*" if supervisor else ""))
    assert members == {
        "Продажи": {"op1", "op2", "op3", "supervisor*"},
        "Поддержка": {"op3", "op4", "op5", "supervisor*"},
    }


def test_demo_table_lists_every_login_and_the_password() -> None:
    table = demo_table("Secret123")
    for login in ("op1", "op2", "op3", "op4", "op5", "supervisor", "admin"):
        assert f"{DEMO_PRODUCT}/{login} " in table
    assert "Secret123" in table


def test_migrations_produce_exactly_the_models_schema(empty_db: Database) -> None:
    with empty_db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
