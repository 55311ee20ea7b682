"""Creating a tenant: its roles, loaded with the permission matrix of spec part 7 Appendix 2."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.core.errors import ConflictError
from app.server.models import Role, RolePermission, Tenant
from app.server.services.permission_matrix import ROLES, default_values


def create_tenant(session: Session, *, product_number: str, name: str, now: datetime) -> Tenant:
    if session.execute(select(Tenant.id).where(Tenant.product_number == product_number)).first():
        raise ConflictError("a company with this product number already exists")
    tenant = Tenant(product_number=product_number, name=name, last_event_seq=0, created_at=now)
    session.add(tenant)
    session.flush()
    for spec in ROLES:
        role = Role(tenant_id=tenant.id, code=spec.code, name=spec.name)
        session.add(role)
        session.flush()
        session.add_all(
            RolePermission(role_id=role.id, key=key, value=value.value)
            for key, value in default_values(spec.code).items()
        )
    session.flush()
    return tenant


def role_id(session: Session, tenant_id: int, code: str) -> int | None:
    return session.execute(
        select(Role.id).where(Role.tenant_id == tenant_id, Role.code == code)
    ).scalar_one_or_none()
