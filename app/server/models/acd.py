"""Contact-center configuration: queue numbers, per-group distribution, post-call and missed-call rules,
topics («Тематики»)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.server.models.base import Base


class QueueNumber(Base):
    """A «номер обслуживания»: an inbound number of the tenant whose calls queue for a group.

    ``group_id`` None keeps callers at the IVR stage (MW-32 lists them under the dialed number)."""

    __tablename__ = "queue_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(String(200), default="")
    """Shown instead of the number where set (MW-32)."""


class DistributionSettings(Base):
    """How one group's queue is served (part 3 §2.11 voice-to-group, TP-34 post-call work)."""

    __tablename__ = "distribution_settings"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    algorithm: Mapped[str] = mapped_column(String(20), default="longest_idle")
    ring_timeout_seconds: Mapped[int] = mapped_column(Integer, default=20)
    max_wait_seconds: Mapped[int] = mapped_column(Integer, default=600)
    fallback: Mapped[str] = mapped_column(String(20), default="missed")
    wrapup_seconds: Mapped[int] = mapped_column(Integer, default=0)
    """TP-34 condition of this group: 0 means none."""
    wrapup_status: Mapped[str | None] = mapped_column(String(40))
    """Status held during post-call work; None keeps the current status (offers still pause)."""


class MissedCallRule(Base):
    """TP-35 «Работа с пропущенными»: how many days back missed calls are listed, per group, all, or IVR."""

    __tablename__ = "missed_call_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(20))
    """``all``, ``ivr`` or ``group:<id>``."""
    days: Mapped[int] = mapped_column(Integer)


class Topic(Base):
    """An entry of the «Тематика» reference (part 2 topics tree): a folder or a topic."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("tenant_id", "parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    folder: Mapped[bool] = mapped_column(Boolean, default=False)
