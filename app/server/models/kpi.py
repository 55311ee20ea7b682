"""KPI panel facts kept by the server: each user's indicator selection (§2.11) and the shared thresholds
(§2.12). Values themselves are never stored; they are computed from the call facts."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.server.models.base import Base


class KpiSelectionRow(Base):
    """One indicator × object cell a user chose to show (MW-37)."""

    __tablename__ = "kpi_selections"
    __table_args__ = (UniqueConstraint("employee_id", "object_kind", "object_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    object_kind: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[int] = mapped_column(Integer)


class KpiThresholdRow(Base):
    """A yellow or red level for one indicator of one object (MW-40)."""

    __tablename__ = "kpi_thresholds"
    __table_args__ = (UniqueConstraint("tenant_id", "object_kind", "object_id", "code", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    object_kind: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(10))
    comparator: Mapped[str] = mapped_column(String(10))
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
