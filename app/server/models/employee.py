"""Employees (spec MW-02, part 1 §2.1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class Employee(Base):
    """An employee. E-mail, mobile and SIP login are unique across tenants: they identify a login alone."""

    __tablename__ = "employees"
    __table_args__ = (UniqueConstraint("tenant_id", "login"), UniqueConstraint("tenant_id", "extension"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
    login: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    extension: Mapped[str] = mapped_column(String(5))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    mobile: Mapped[str | None] = mapped_column(String(11), unique=True)
    """Normalised to 11 digits starting with 7."""
    position: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    photo_type: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    sip_login: Mapped[str | None] = mapped_column(String(64), unique=True)
    sip_password_hash: Mapped[str | None] = mapped_column(String(200))
    sip_login_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    consider_status: Mapped[bool] = mapped_column(Boolean, default=True)
    """«Учитывать статус сотрудника при распределении вызовов на него» (MW-06)."""
    status: Mapped[str] = mapped_column(String(40), default="offline")
    status_since: Mapped[datetime] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(String(40))
    """The status held at the last logout, for «Не изменять»; None before the first login."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """MW-03: a deleted employee stays as a row without login, identifiers or groups, so their calls and
    status history (KPIs, reports) stay whole; lists skip it."""
