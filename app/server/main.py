"""The app factory. Nothing is built at import time: settings, database and clock come in as arguments."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.server.api import errors
from app.server.api.context import AppContext
from app.server.api.routes import (
    auth,
    calls,
    cc_admin,
    employees,
    error_reports,
    events,
    groups,
    health,
    kpi,
    me,
    missed_callbacks,
    recordings,
    roles,
    settings_tabs,
    statuses,
    trunks,
)
from app.server.core.clock import Clock, system_clock
from app.server.core.config import ServerSettings
from app.server.core.db import Database
from app.server.core.logging import log_event
from app.server.events import pg_listen
from app.server.events.outbox import PENDING_NOTIFY_KEY, prune_older_than
from app.server.services import acd_signals
from app.server.services.kpi_panel import KpiPusher
from app.server.services.switch_port import SwitchPort
from app.server.switch.manager import SwitchManager
from app.server.version import VERSION

API_PREFIX = "/api/v1"


def _wire_notifications(ctx: AppContext, kpi_pusher: KpiPusher) -> None:
    """Wake this process's websocket streams when a transaction that wrote events commits."""

    def after_commit(session: Session) -> None:
        tenants = session.info.pop(PENDING_NOTIFY_KEY, None)
        if tenants:
            ctx.notifier.notify(tenants)
            kpi_pusher.mark(tenants)  # facts behind the indicators changed (recomputed by the ACD timer)
        marks = acd_signals.take(session)
        if marks:
            # Status, membership or status-flag changes made outside the ACD reach it after the commit.
            ctx.acd.operators_changed(marks.employees, marks.tenants, marks.statuses)

    def after_rollback(session: Session) -> None:
        session.info.pop(PENDING_NOTIFY_KEY, None)
        acd_signals.take(session)

    event.listen(ctx.db.sessions, "after_commit", after_commit)
    event.listen(ctx.db.sessions, "after_rollback", after_rollback)


def sweep_once(ctx: AppContext) -> None:
    """Close expired sessions (their employees go offline) and drop events past the retention window."""
    now = ctx.clock()
    expired = ctx.auth.expire_due(now)
    with ctx.db.transaction() as session:
        pruned = prune_older_than(session, now, ctx.retention)
    if expired or pruned:
        log_event("server.sweep", expired_sessions=expired, pruned_events=pruned)


async def _acd_timer(ctx: AppContext, kpi_pusher: KpiPusher) -> None:
    """Ring timeouts, post-call work and maximum queue waits are applied by ``AcdEngine.tick``; KPIs of
    tenants whose facts changed are recomputed after it (debounced by the pusher)."""
    while True:
        await asyncio.sleep(ctx.settings.acd_tick_seconds)
        try:
            await to_thread.run_sync(ctx.acd.tick)
        except Exception as exc:
            log_event("acd.tick_failed", error=repr(exc))
        try:
            await to_thread.run_sync(kpi_pusher.tick)
        except Exception as exc:
            log_event("kpi.tick_failed", error=repr(exc))


async def _sweeper(ctx: AppContext) -> None:
    while True:
        await asyncio.sleep(ctx.settings.sweep_seconds)
        try:
            await to_thread.run_sync(sweep_once, ctx)
        except Exception as exc:
            log_event("server.sweep_failed", error=repr(exc))


def create_app(
    settings: ServerSettings,
    *,
    db: Database | None = None,
    clock: Clock = system_clock,
    switch: SwitchPort | None = None,
) -> FastAPI:
    database = db if db is not None else Database(settings.resolved_database_url())
    ctx = AppContext.build(settings, database, clock, switch)
    kpi_pusher = KpiPusher(db=database, clock=clock, retention=ctx.retention)
    _wire_notifications(ctx, kpi_pusher)
    ctx.acd.load()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        if isinstance(switch, SwitchManager):  # the embedded media switch lives as long as the app
            await to_thread.run_sync(switch.start, ctx.acd, database)
        tasks = [asyncio.create_task(_sweeper(ctx)), asyncio.create_task(_acd_timer(ctx, kpi_pusher))]
        if database.dialect == "postgresql":
            tasks.append(asyncio.create_task(pg_listen.listen_forever(database.url, ctx.notifier)))
        try:
            yield {}
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if isinstance(switch, SwitchManager):
                await to_thread.run_sync(switch.stop)
            if db is None:
                database.dispose()

    app = FastAPI(title="Pult server", version=VERSION, lifespan=lifespan)
    app.state.ctx = ctx
    app.state.kpi = kpi_pusher
    errors.install(app)
    api = APIRouter(prefix=API_PREFIX)
    for module in (
        health,
        auth,
        me,
        statuses,
        employees,
        groups,
        roles,
        events,
        calls,
        missed_callbacks,
        cc_admin,
        kpi,
        error_reports,
        settings_tabs,
        trunks,
        recordings,
    ):
        api.include_router(module.router)
    app.include_router(api)
    return app
