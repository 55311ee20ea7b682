"""The event outbox: facts numbered per tenant, written in the transaction of the change they describe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class OutboxEvent(Base):
    __tablename__ = "events"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    subject_employee_id: Mapped[int | None] = mapped_column(Integer)
    """The employee the fact is about; visibility is decided from it by the policy."""
    permission: Mapped[str] = mapped_column(String(80))
    """The permission key whose scope decides who may receive this event."""
