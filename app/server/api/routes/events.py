"""``/api/v1/events``: the realtime websocket (``Authorization: Bearer``, ``?after=<seq>``)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from app.protocol.errors import ErrorCode
from app.server.api.deps import get_ctx
from app.server.events.stream import refuse, serve

router = APIRouter(tags=["events"])


@router.websocket("/events")
async def events(websocket: WebSocket) -> None:
    raw = websocket.query_params.get("after", "0")
    if not raw.isdigit():
        await refuse(websocket, 422, ErrorCode.VALIDATION, "after must be a non-negative integer")
        return
    await serve(websocket, get_ctx(websocket), int(raw))
