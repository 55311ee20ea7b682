"""The demo tenant created by ``--demo`` (once; later starts find it and only remind the logins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.admin import EmployeeCreate, GroupMemberSpec
from app.server.core.security import PasswordHashing
from app.server.models import Tenant
from app.server.services import employees, groups, tenants

DEMO_PRODUCT = "300000001"
DEMO_COMPANY = "Демо-компания"
SALES, SUPPORT = "Продажи", "Поддержка"


@dataclass(frozen=True, slots=True)
class DemoUser:
    login: str
    full_name: str
    role: str
    extension: str
    email: str
    mobile: str
    position: str
    department: str
    groups: tuple[str, ...]
    supervises: tuple[str, ...] = ()


DEMO_USERS = (
    DemoUser("op1", "Иванова Анна Сергеевна", "employee", "101", "op1@demo.example", "+79160000101",
             "Оператор", SALES, (SALES,)),
    DemoUser("op2", "Петров Дмитрий Алексеевич", "employee", "102", "op2@demo.example", "+79160000102",
             "Оператор", SALES, (SALES,)),
    DemoUser("op3", "Смирнова Екатерина Игоревна", "employee", "103", "op3@demo.example", "+79160000103",
             "Старший оператор", SALES, (SALES, SUPPORT)),
    DemoUser("op4", "Кузнецов Михаил Владимирович", "employee", "104", "op4@demo.example", "+79160000104",
             "Оператор", SUPPORT, (SUPPORT,)),
    DemoUser("op5", "Волкова Ольга Николаевна", "employee", "105", "op5@demo.example", "+79160000105",
             "Оператор", SUPPORT, (SUPPORT,)),
    DemoUser("supervisor", "Соколов Андрей Павлович", "group_head", "110", "supervisor@demo.example",
             "+79160000110", "Руководитель группы", "Контакт-центр", (SALES, SUPPORT), (SALES, SUPPORT)),
    DemoUser("admin", "Морозова Наталья Викторовна", "administrator", "111", "admin@demo.example",
             "+79160000111", "Администратор", "ИТ", ()),
)  # fmt: skip


def seed_demo(session: Session, *, password: str, hashing: PasswordHashing, now: datetime) -> bool:
    """Create the demo tenant unless it exists; True when it was created now."""
    if session.execute(select(Tenant.id).where(Tenant.product_number == DEMO_PRODUCT)).first():
        return False
    tenant = tenants.create_tenant(session, product_number=DEMO_PRODUCT, name=DEMO_COMPANY, now=now)
    retention = None  # the demo company exists before anyone can listen: no events to announce it
    group_rows = {
        name: groups.create_group(session, tenant.id, name, now=now, retention=retention)
        for name in (SALES, SUPPORT)
    }
    members: dict[str, list[GroupMemberSpec]] = {SALES: [], SUPPORT: []}
    for user in DEMO_USERS:
        employee = employees.create_employee(
            session,
            tenant,
            EmployeeCreate(
                login=user.login,
                full_name=user.full_name,
                extension=user.extension,
                role=user.role,
                email=user.email,
                mobile=user.mobile,
                position=user.position,
                department=user.department,
                password=password,
                sip_login=f"{DEMO_PRODUCT}-{user.login}",
                sip_password=password,
            ),
            hashing=hashing,
            now=now,
        )
        for name in user.groups:
            members[name].append(GroupMemberSpec(employee_id=employee.id, supervisor=name in user.supervises))
    for name, specs in members.items():
        groups.set_members(session, group_rows[name], specs, now=now, retention=retention)
    return True


def demo_table(password: str) -> str:
    """The printed table of demo logins."""
    lines = [
        f"Demo company «{DEMO_COMPANY}» (product {DEMO_PRODUCT}); password for everyone: {password}",
        f"  {'login':<22} {'ext':<5} {'role':<22} full name",
    ]
    for user in DEMO_USERS:
        role = {
            "employee": "Сотрудник",
            "group_head": "Руководитель группы",
            "administrator": "Администратор",
        }[user.role]
        lines.append(
            f"  {DEMO_PRODUCT + '/' + user.login:<22} {user.extension:<5} {role:<22} {user.full_name}"
        )
    return "\n".join(lines)
