"""Operators' outbound calls through trunks (MW-19): who called which number on which line with which
caller ID, when the callee answered and when it ended. Call history lists them as outgoing calls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class OutboundCall(Base):
    __tablename__ = "outbound_calls"
    __table_args__ = (Index("ix_outbound_calls_tenant_started", "tenant_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    trunk_id: Mapped[int | None] = mapped_column(ForeignKey("trunks.id", ondelete="SET NULL"))
    switch_ref: Mapped[str] = mapped_column(String(64), unique=True)
    """The switch's id of the conversation (its events name it)."""
    number: Mapped[str] = mapped_column(String(32))
    caller_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))
    wrapup_comment: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    """The operator's comment from the post-call card (its topics: ``OutboundCallTopic``)."""


class OutboundCallTopic(Base):
    """A topic («Тематика») the operator gave a call out, as ``CallTopic`` does for a queue call."""

    __tablename__ = "outbound_call_topics"

    outbound_call_id: Mapped[int] = mapped_column(
        ForeignKey("outbound_calls.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
