"""``/api/v1/events``: the realtime websocket (``Authorization: Bearer``, ``?after=<seq>``)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from app.server.api.deps import get_ctx
from app.server.events.stream import CLOSE_BAD_REQUEST, serve

router = APIRouter(tags=["events"])


@router.websocket("/events")
async def events(websocket: WebSocket) -> None:
    raw = websocket.query_params.get("after", "0")
    if not raw.isdigit():
        await websocket.accept()
        await websocket.close(CLOSE_BAD_REQUEST, "after must be a non-negative integer")
        return
    await serve(websocket, get_ctx(websocket), int(raw))
