"""Settings kept on the server for the settings tabs: quick answers (TP-29) and each user's screen-pop
request (TP-41). Post-call conditions (TP-34) stay on ``distribution_settings``, which the ACD reads."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.server.models.base import Base


class QuickAnswer(Base):
    """A quick answer or a category of them; ``group_id`` None is «Без группы» (shown to everyone)."""

    __tablename__ = "quick_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("quick_answers.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(1000))
    category: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    """Order among the siblings (the spec's up/down buttons)."""


class ScreenPopSetting(Base):
    """«HTTP-запросы» of one employee: the URL opened on an external inbound call."""

    __tablename__ = "screen_pop_settings"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str] = mapped_column(String(2000), default="")
