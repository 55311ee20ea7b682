"""Contact-center call facts: calls, legs, offers, holds, transfers, recordings, post-call work, missed
calls and callback orders. History, missed-call lists and KPIs are derived from these rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class Call(Base):
    """One customer call, from arrival to the end of its post-call work."""

    __tablename__ = "calls"
    __table_args__ = (Index("ix_calls_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    switch_ref: Mapped[str] = mapped_column(String(64), unique=True)
    """The switch's id of the customer leg."""
    queue_number_id: Mapped[int | None] = mapped_column(ForeignKey("queue_numbers.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    caller_number: Mapped[str] = mapped_column(String(32), default="")
    number_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20))
    end_reason: Mapped[str | None] = mapped_column(String(30))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    """The operator handling the call now (or last)."""
    personal_target_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    """Set while the call is addressed to one employee (a transfer to them): unanswered, it is their
    personal missed call."""
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Waiting since (kept across returns to the queue, so a call keeps its place)."""
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wrapup_comment: Mapped[str] = mapped_column(String(2000), default="")


class CallGroup(Base):
    """Every group a call was queued for (its own, then transfers): the groups that miss it if unanswered."""

    __tablename__ = "call_groups"

    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)


class CallLeg(Base):
    """An operator's part of a call: from answer to leaving it (hang-up, transfer, failure)."""

    __tablename__ = "call_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))


class Offer(Base):
    """A call offered to one operator; only the sha256 of its one-time token is kept."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="group")
    """``group`` (the algorithm), ``intercept`` or ``transfer``."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    result: Mapped[str | None] = mapped_column(String(20), index=True)
    """None while ringing; answered, rejected, timeout, operator_vanished, withdrawn, caller_gone."""
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Hold(Base):
    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Transfer(Base):
    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    by_employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    to_employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    to_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    result: Mapped[str | None] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20), default="blind", server_default="blind")
    """blind, consult («С консультацией») or conference (a third party joined the conversation)."""
    to_number: Mapped[str | None] = mapped_column(String(200))
    """A number or SIP address target («На номер»)."""
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When a consultation or conference party left (merged, cancelled, failed, hung up)."""


class Recording(Base):
    """A recording of a call; the switch fills ``path`` when the file is closed."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    outbound_call_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_calls.id", ondelete="CASCADE"), index=True
    )
    """An operator's call out through a trunk instead of a queue call (one of the two is set)."""
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    path: Mapped[str | None] = mapped_column(String(500))
    seconds: Mapped[float | None] = mapped_column(Float)
    """Length of the closed WAV (both sides mixed)."""
    voicemail: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class PostCallWork(Base):
    """«Поствызывная обработка» (TP-34): one span after a conversation, before the next offer."""

    __tablename__ = "post_call_work"
    __table_args__ = (Index("ix_post_call_work_open", "employee_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    outbound_call_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_calls.id", ondelete="CASCADE"))
    """After an operator's connected outbound call (TP-34) instead of a queue call."""
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    """timer, ready, logout."""
    status: Mapped[str | None] = mapped_column(String(40))
    previous_status: Mapped[str | None] = mapped_column(String(40))


class CallTopic(Base):
    __tablename__ = "call_topics"

    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))


class MissedCall(Base):
    """One missed call as one party missed it: an employee (personal), a group, or the IVR (MW-27..30)."""

    __tablename__ = "missed_calls"
    __table_args__ = (Index("ix_missed_calls_open", "tenant_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    """personal, group, ivr."""
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    caller_number: Mapped[str] = mapped_column(String(32))
    number_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    external: Mapped[bool] = mapped_column(Boolean, default=True)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_reason: Mapped[str | None] = mapped_column(String(20))
    """answered, called_back, cancelled."""
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))


class CallbackOrder(Base):
    """«Заказ обратного звонка» (MW-35, part 1 §3.7)."""

    __tablename__ = "callback_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    widget: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[str] = mapped_column(String(10), default="manual")
    phone: Mapped[str] = mapped_column(String(32))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    """The queue call it was made from (fallback «заказ обратного звонка»), if any."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    """waiting, locked, done, expired."""
    locked_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
