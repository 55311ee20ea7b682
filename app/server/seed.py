"""The demo tenant created by ``--demo`` (once; later starts find it and only remind the logins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.admin import EmployeeCreate, GroupMemberSpec
from app.server.core.security import PasswordHashing
from app.server.models import DistributionSettings, Group, QueueNumber, Tenant, Topic, Trunk
from app.server.services import employees, groups, tenants

DEMO_PRODUCT = "300000001"
DEMO_COMPANY = "Демо-компания"
SALES, SUPPORT = "Продажи", "Поддержка"
DEMO_QUEUE_NUMBERS = {SALES: ("74950000001", "Продажи"), SUPPORT: ("74950000002", "Поддержка")}
DEMO_TOPICS = ("Консультация", "Покупка", "Жалоба", "Техническая проблема")
DEMO_LINE = "Демо-линия"
"""The demo company's line (MW-19): a SIP trunk to the simulated carrier the demo server starts."""
DEMO_LINE_USER = "pult-demo"


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
    """Create the demo tenant unless it exists; True when it was created now. The contact-center part
    (queue numbers, distribution, topics) is added to an older demo tenant that lacks it."""
    existing = session.execute(
        select(Tenant).where(Tenant.product_number == DEMO_PRODUCT)
    ).scalar_one_or_none()
    if existing is not None:
        seed_contact_center(session, existing)
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
    seed_contact_center(session, tenant)
    return True


def seed_contact_center(session: Session, tenant: Tenant) -> None:
    """Queue numbers for «Продажи» and «Поддержка», their distribution settings and a few topics; only
    what is missing is added, so this is safe on every start."""
    by_name = {
        g.name: g for g in session.execute(select(Group).where(Group.tenant_id == tenant.id)).scalars()
    }
    for name, (number, comment) in DEMO_QUEUE_NUMBERS.items():
        group = by_name.get(name)
        if group is None:
            continue
        if not session.execute(select(QueueNumber.id).where(QueueNumber.number == number)).first():
            session.add(QueueNumber(tenant_id=tenant.id, number=number, group_id=group.id, comment=comment))
        if session.get(DistributionSettings, group.id) is None:
            session.add(
                DistributionSettings(
                    group_id=group.id,
                    tenant_id=tenant.id,
                    algorithm="longest_idle" if name == SALES else "round_robin",
                    ring_timeout_seconds=20,
                    max_wait_seconds=600,
                    fallback="missed" if name == SALES else "callback",
                    wrapup_seconds=30,
                    wrapup_status=None,
                )
            )
    known = set(session.execute(select(Topic.name).where(Topic.tenant_id == tenant.id)).scalars())
    session.add_all(Topic(tenant_id=tenant.id, name=t, folder=False) for t in DEMO_TOPICS if t not in known)
    session.flush()


def seed_demo_line(session: Session, *, host: str | None, now: datetime) -> int | None:
    """Point the demo company's «Демо-линия» at the carrier on ``host`` (``127.0.0.1:PORT``, new each
    start), creating it the first time: a trunk that does not register and calls out with the demo queue
    numbers, whose comments («Продажи», «Поддержка») the outgoing-number selector shows. ``host=None``
    (no carrier: ``--demo-line off`` or no media switch) disables it, so no selector offers a line that
    nobody answers. Returns the trunk's id while it is enabled."""
    tenant = session.execute(select(Tenant).where(Tenant.product_number == DEMO_PRODUCT)).scalar_one_or_none()
    if tenant is None:
        return None
    trunk = session.execute(
        select(Trunk).where(Trunk.tenant_id == tenant.id, Trunk.name == DEMO_LINE)
    ).scalar_one_or_none()
    if host is None:
        if trunk is not None:
            trunk.enabled = False
        return None
    if trunk is None:
        trunk = Trunk(
            tenant_id=tenant.id,
            name=DEMO_LINE,
            host=host,
            username=DEMO_LINE_USER,
            password="",
            domain="",
            register=False,
            enabled=True,
            caller_ids=[number for number, _comment in DEMO_QUEUE_NUMBERS.values()],
            created_at=now,
        )
        session.add(trunk)
    else:
        trunk.host, trunk.enabled = host, True
    session.flush()
    return trunk.id


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
