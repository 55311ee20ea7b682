"""Custom statuses and the persisted status intervals KPIs are computed from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class CustomStatus(Base):
    __tablename__ = "custom_statuses"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    color: Mapped[str] = mapped_column(String(20))
    synonym: Mapped[str] = mapped_column(String(20), default="")
    base: Mapped[str | None] = mapped_column(String(20))
    receives_group_calls: Mapped[bool] = mapped_column(Boolean)
    receives_direct_calls: Mapped[bool] = mapped_column(Boolean)
    receives_campaign_calls: Mapped[bool] = mapped_column(Boolean)


class StatusInterval(Base):
    """One span of one status of one employee; ``ended_at`` is None while it lasts."""

    __tablename__ = "status_intervals"
    __table_args__ = (Index("ix_status_intervals_open", "employee_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
