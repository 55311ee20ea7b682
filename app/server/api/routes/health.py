"""``GET /api/v1/health``: public liveness and version."""

from __future__ import annotations

from fastapi import APIRouter

from app.protocol.admin import Health
from app.server.api.deps import Ctx
from app.server.version import VERSION

router = APIRouter(tags=["health"])


@router.get("/health")
def health(ctx: Ctx) -> Health:
    return Health(version=VERSION, database=ctx.db.dialect, server_time=ctx.clock())
