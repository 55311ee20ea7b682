"""Everything a request handler may need, built once per app by the factory (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.server.core.clock import Clock
from app.server.core.config import ServerSettings
from app.server.core.db import Database
from app.server.core.security import PasswordHashing
from app.server.events.notifier import EventNotifier
from app.server.events.outbox import Retention
from app.server.services.acd import AcdEngine
from app.server.services.auth import AuthConfig, AuthService
from app.server.services.switch_port import CommandLogSwitch, SwitchPort


@dataclass(frozen=True, slots=True)
class AppContext:
    settings: ServerSettings
    db: Database
    clock: Clock
    hashing: PasswordHashing
    notifier: EventNotifier
    retention: Retention
    auth: AuthService
    acd: AcdEngine

    @classmethod
    def build(
        cls, settings: ServerSettings, db: Database, clock: Clock, switch: SwitchPort | None = None
    ) -> AppContext:
        hashing = PasswordHashing(fast_insecure=settings.fast_password_hashing)
        retention = Retention(count=settings.event_retention_count, hours=settings.event_retention_hours)
        auth = AuthService(
            db=db,
            hashing=hashing,
            config=AuthConfig(
                session_ttl=timedelta(seconds=settings.session_ttl_seconds),
                refresh_ttl=timedelta(seconds=settings.refresh_ttl_seconds),
                lockout_threshold=settings.lockout_threshold,
                lockout_duration=timedelta(seconds=settings.lockout_seconds),
                retention=retention,
            ),
        )
        acd = AcdEngine(
            db=db,
            clock=clock,
            retention=retention,
            switch=switch if switch is not None else CommandLogSwitch(),
        )
        return cls(settings, db, clock, hashing, EventNotifier(), retention, auth, acd)
