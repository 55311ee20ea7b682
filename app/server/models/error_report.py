"""Error reports sent from the client's «Сообщить о проблеме» (spec part 7, Appendix 3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class ErrorReport(Base):
    """One report as it arrived; administrators read it, nobody edits it."""

    __tablename__ = "error_reports"
    __table_args__ = (UniqueConstraint("tenant_id", "client_report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    problem_id: Mapped[str] = mapped_column(String(20), unique=True)
    client_report_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    logs: Mapped[str] = mapped_column(Text)
    crash: Mapped[bool] = mapped_column(Boolean, default=False)
    client_version: Mapped[str] = mapped_column(String(200))
    system: Mapped[str] = mapped_column(String(500))
