"""One websocket client's stream: hello, replay or resync, live events, heartbeats (app/protocol/events.py).

Events are read from the outbox (the database), never from memory, so what a client receives after a
reconnect is exactly what it missed, and events written by another api instance arrive by polling.
Each event passes :func:`app.server.services.policy.event_visible` before it is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import anyio
from anyio import to_thread
from starlette.responses import JSONResponse
from starlette.websockets import WebSocket, WebSocketDisconnect

from app.protocol.errors import ErrorBody, ErrorCode
from app.protocol.events import GROUPS_CHANGED, ROLES_CHANGED, Event, Heartbeat, Hello, Resync
from app.server.api.context import AppContext
from app.server.core.errors import UnauthenticatedError
from app.server.events import outbox
from app.server.services import principals
from app.server.services.policy import Principal, event_visible, visible_employees

BATCH = 500
PRINCIPAL_CHANGES = frozenset({GROUPS_CHANGED, ROLES_CHANGED})
CLOSE_UNAUTHENTICATED = 4401
CLOSE_BAD_REQUEST = 4400


@dataclass(slots=True)
class _Start:
    last_seq: int
    replayable: bool


class EventStream:
    def __init__(self, websocket: WebSocket, ctx: AppContext, principal: Principal) -> None:
        self._ws = websocket
        self._ctx = ctx
        self._principal = principal

    def _start(self, after: int) -> _Start:
        with self._ctx.db.reading() as session:
            tenant = self._principal.tenant_id
            return _Start(outbox.last_seq(session, tenant), outbox.can_replay_after(session, tenant, after))

    def _batch(self, cursor: int) -> tuple[list[Event], int, bool]:
        """Visible events after ``cursor``, the new cursor, and whether more may follow at once."""
        with self._ctx.db.reading() as session:
            rows = outbox.read_after(session, self._principal.tenant_id, cursor, BATCH)
            scopes: dict[str, frozenset[int] | None] = {}
            events: list[Event] = []
            for row in rows:
                if row.type in PRINCIPAL_CHANGES:
                    # Later events of this batch are judged by the new groups and role values.
                    fresh = principals.reload(session, self._principal.session_id, self._ctx.clock())
                    if fresh is not None:
                        self._principal = fresh
                        scopes.clear()
                if row.permission not in scopes:
                    scopes[row.permission] = visible_employees(session, self._principal, row.permission)
                if event_visible(
                    self._principal, row.permission, row.subject_employee_id, scopes[row.permission]
                ):
                    events.append(Event(seq=row.seq, type=row.type, at=row.at, data=row.data))
            return events, (rows[-1].seq if rows else cursor), len(rows) == BATCH

    def _refresh(self) -> bool:
        """Whether the session still lives; reloads the principal so role and group changes apply."""
        with self._ctx.db.reading() as session:
            fresh = principals.reload(session, self._principal.session_id, self._ctx.clock())
        if fresh is None:
            return False
        self._principal = fresh
        return True

    async def _send(self, frame: Event | Hello | Resync | Heartbeat) -> None:
        await self._ws.send_text(frame.model_dump_json())

    async def run(self, after: int) -> None:
        wake = self._ctx.notifier.subscribe(self._principal.tenant_id)
        try:
            start = await to_thread.run_sync(self._start, after)
            await self._send(Hello(last_seq=start.last_seq, server_time=self._ctx.clock()))
            cursor = after
            if not start.replayable:
                await self._send(Resync(last_seq=start.last_seq))
                cursor = start.last_seq
            await self._pump(cursor, wake)
        finally:
            self._ctx.notifier.unsubscribe(self._principal.tenant_id, wake)

    async def _pump(self, cursor: int, wake: asyncio.Event) -> None:
        settings = self._ctx.settings
        loop = asyncio.get_running_loop()
        next_beat = loop.time() + settings.heartbeat_seconds
        while True:
            wake.clear()
            more = True
            while more:
                events, cursor, more = await to_thread.run_sync(self._batch, cursor)
                for event in events:
                    await self._send(event)
            timeout = max(0.0, min(settings.event_poll_seconds, next_beat - loop.time()))
            with anyio.move_on_after(timeout):
                await wake.wait()
            if loop.time() >= next_beat:
                if not await to_thread.run_sync(self._refresh):
                    await self._ws.close(CLOSE_UNAUTHENTICATED, "the session has ended")
                    return
                await self._send(Heartbeat(last_seq=cursor))
                next_beat = loop.time() + settings.heartbeat_seconds


async def refuse(websocket: WebSocket, status: int, code: ErrorCode, message: str) -> None:
    """Refuse the handshake with an HTTP answer (an ErrorBody) where the server supports it, else a 403."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        body = ErrorBody(code=code, message=message).model_dump(mode="json")
        await websocket.send_denial_response(JSONResponse(body, status_code=status))
    else:
        await websocket.close(CLOSE_UNAUTHENTICATED if status == 401 else CLOSE_BAD_REQUEST, message)


async def serve(websocket: WebSocket, ctx: AppContext, after: int) -> None:
    """Authenticate by the bearer header (refusing the handshake with HTTP 401), then stream until the
    client goes away. A session that ends while streaming is closed with code 4401."""
    header = websocket.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")

    def authenticate() -> Principal:
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthenticatedError("sign in first (Authorization: Bearer <token>)")
        with ctx.db.reading() as session:
            return principals.authenticate(session, token.strip(), ctx.clock())

    try:
        principal = await to_thread.run_sync(authenticate)
    except UnauthenticatedError as exc:
        await refuse(websocket, 401, ErrorCode.UNAUTHENTICATED, exc.message)
        return
    await websocket.accept()
    stream = EventStream(websocket, ctx, principal)
    # The ACD counts an operator's streams: one whose last stream is gone for a while gets no more offers.
    await to_thread.run_sync(ctx.acd.client_connected, principal.employee_id)
    try:
        # anyio (not bare asyncio tasks) so the server's cancel scopes reach both halves on shutdown.
        async with anyio.create_task_group() as group:

            async def send_side() -> None:
                with contextlib.suppress(WebSocketDisconnect):
                    await stream.run(after)
                group.cancel_scope.cancel()

            async def receive_side() -> None:
                await _drain(websocket)
                group.cancel_scope.cancel()

            group.start_soon(send_side)
            group.start_soon(receive_side)
    finally:
        ctx.acd.client_disconnected(principal.employee_id)  # never blocks: the ACD's timer judges later


async def _drain(websocket: WebSocket) -> None:
    """Read and ignore what the client sends; returns when it disconnects."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
