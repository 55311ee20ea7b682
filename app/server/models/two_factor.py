"""Two-factor authentication (spec MW-13): TOTP secrets and the login challenges waiting for a code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.server.core.db import UTCDateTime
from app.server.models.base import Base


class TwoFactorSecret(Base):
    """An employee's TOTP secret (RFC 6238). Without ``enabled_at`` it is an enrolment not yet confirmed.

    The secret must be readable to compute codes, so it is stored as issued (base32), like the key of
    any TOTP server; ``last_step`` is the time step of the last code accepted, so a code is used once.
    """

    __tablename__ = "two_factor_secrets"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int | None] = mapped_column(Integer)


class TwoFactorChallenge(Base):
    """A password accepted for an account with 2FA: the code it waits for, and what the login asked for."""

    __tablename__ = "two_factor_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str | None] = mapped_column(String(40))
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    client: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
