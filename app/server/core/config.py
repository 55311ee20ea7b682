"""Server settings (pydantic-settings): environment ``PULT_SERVER_*`` overridden by the command line.

Settings are built by :func:`app.server.__main__.main` or by tests, never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.protocol.events import HEARTBEAT_SECONDS
from app.server.core.security import password_rule_violation

DEFAULT_DEMO_PASSWORD = "PultDemo1"  # noqa: S105 - documented demo password, refused in production
APP_DIR_NAME = "pult-server"


def demo_traffic_rate(value: str) -> float:
    """``off`` → 0, else new demo calls per minute (0 < rate ≤ 30); ValueError saying what is wrong."""
    text = value.strip().lower()
    if text in ("off", "0", "no", "false"):
        return 0.0
    try:
        rate = float(text)
    except ValueError:
        raise ValueError(
            f"--demo-traffic: expected off or calls per minute (e.g. 2), got {value!r}"
        ) from None
    if not 0 < rate <= 30:
        raise ValueError(f"--demo-traffic: calls per minute must be in (0, 30], got {value!r}")
    return rate


class UnsafeConfigError(ValueError):
    """The configuration would be unsafe outside development."""


class ServerSettings(BaseSettings):
    """Everything the api process can be told."""

    model_config = SettingsConfigDict(env_prefix="PULT_SERVER_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    data_dir: Path | None = None
    database_url: str | None = None
    """SQLAlchemy URL (postgresql+psycopg://user:pw@host/db for PostgreSQL); default: SQLite in data_dir."""

    demo: bool = False
    demo_password: str = DEFAULT_DEMO_PASSWORD

    session_ttl_seconds: int = Field(default=12 * 3600, ge=60)
    refresh_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=60)
    lockout_threshold: int = Field(default=5, ge=1)
    """A sixth failure (more than this many) locks the identity."""
    lockout_seconds: int = Field(default=300, ge=1)

    password_hashing: Literal["argon2", "argon2-fast-insecure"] = "argon2"  # noqa: S105 - a mode name
    """``argon2-fast-insecure`` uses tiny argon2 costs so test suites run quickly; refused in production."""

    heartbeat_seconds: float = Field(default=HEARTBEAT_SECONDS, gt=0)
    event_poll_seconds: float = Field(default=HEARTBEAT_SECONDS, gt=0)
    """How often a websocket looks at the outbox without a wake-up. Events committed by this process wake
    their streams at once, and on PostgreSQL LISTEN/NOTIFY wakes them for every instance, so this is only
    the safety net (a lost notification, instances sharing one SQLite file); at the heartbeat's period it
    costs one outbox read per stream per beat instead of one a second (most of an idle api's CPU with
    a hundred operators signed in)."""
    event_retention_count: int = Field(default=10_000, ge=1)
    event_retention_hours: float = Field(default=24.0, gt=0)
    acd_tick_seconds: float = Field(default=0.25, gt=0)
    """How often ring timeouts, post-call work ends and queue-wait limits are checked."""
    sweep_seconds: float = Field(default=30.0, gt=0)
    """How often expired sessions are closed (the employee goes offline) and old events pruned."""

    switch: Literal["auto", "embedded", "none"] = "auto"
    """The media switch: ``embedded`` runs pjsua2 worker processes; ``auto`` does so when pjsua2 imports;
    ``none`` disables calls (the api still serves everything else)."""
    switch_workers: int = Field(default=2, ge=1, le=64)
    """Media worker processes; each carries up to 2 conversations (the wheel's 4-leg limit)."""
    sip_front: Literal["auto", "kamailio", "none"] = "auto"
    """What takes the public SIP port: ``kamailio`` (its dispatcher spreads calls over the workers with
    failover), ``none`` (worker 0 takes it), ``auto`` (kamailio when installed)."""
    sip_port: int = Field(default=5080, ge=0, le=65535)
    """Public SIP port (UDP): Kamailio's with the front (worker i then uses +1+i), else worker 0's (+i)."""
    rtp_port: int = Field(default=40000, ge=1024, le=65000)
    """First RTP port; each worker gets its own range of 40 ports above it."""
    demo_traffic: str = "2"
    """With ``demo`` and the embedded switch: simulated customers call the demo queues, this many new calls
    per minute (at most 30), or ``off``."""
    demo_line: bool = True
    """With ``demo`` and the embedded switch: «Демо-линия», a trunk to a simulated carrier the server starts,
    so operators can call out (``--demo-line off``: the line is switched off)."""

    @field_validator("demo_traffic")
    @classmethod
    def _check_demo_traffic(cls, value: str) -> str:
        demo_traffic_rate(value)
        return value.strip().lower()

    @property
    def demo_calls_per_minute(self) -> float:
        return demo_traffic_rate(self.demo_traffic)

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> ServerSettings:
        if self.demo and (problem := password_rule_violation(self.demo_password)):
            raise UnsafeConfigError(f"--demo-password: {problem}")
        if self.environment != "production":
            return self
        if self.fast_password_hashing:
            raise UnsafeConfigError("fast insecure password hashing is for tests only, not for production")
        if self.demo and self.demo_password == DEFAULT_DEMO_PASSWORD:
            raise UnsafeConfigError("the demo tenant needs --demo-password in production (not the default)")
        return self

    @property
    def fast_password_hashing(self) -> bool:
        return self.password_hashing == "argon2-fast-insecure"  # noqa: S105 - a mode name, not a secret

    def resolved_data_dir(self) -> Path:
        return self.data_dir if self.data_dir is not None else Path(platformdirs.user_data_dir(APP_DIR_NAME))

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir() / 'pult.sqlite3'}"
