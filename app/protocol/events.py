"""Realtime channel ``/api/v1/events`` (websocket).

The client connects with ``Authorization: Bearer <token>`` and ``?after=<seq>`` (the last sequence number
it saw, 0 for none). The server sends JSON frames of :data:`ServerFrame`: first a ``hello`` with the tenant's
current sequence, then every event after ``after`` it still holds, then live events; if ``after`` is older
than what it keeps, a ``resync`` instead, and the client refetches its snapshots. ``heartbeat`` frames come
every few seconds so both sides notice a dead connection.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

HEARTBEAT_SECONDS = 5.0


class Event(BaseModel):
    """One persisted fact pushed to clients, numbered per tenant."""

    kind: Literal["event"] = "event"
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]


class Hello(BaseModel):
    """First frame after connecting."""

    kind: Literal["hello"] = "hello"
    last_seq: int
    server_time: datetime


class Resync(BaseModel):
    """The server no longer holds the events after the client's ``after``: refetch snapshots."""

    kind: Literal["resync"] = "resync"
    last_seq: int


class Heartbeat(BaseModel):
    """Keep-alive carrying the latest sequence number."""

    kind: Literal["heartbeat"] = "heartbeat"
    last_seq: int


ServerFrame = Annotated[Event | Hello | Resync | Heartbeat, Field(discriminator="kind")]
server_frame_adapter: TypeAdapter[Event | Hello | Resync | Heartbeat] = TypeAdapter(ServerFrame)


class StatusChangedData(BaseModel):
    """``type == "status.changed"``: an employee's status changed."""

    employee_id: int
    status: str
    previous: str
    since: datetime


STATUS_CHANGED = "status.changed"

STATUSES_CHANGED = "statuses.changed"
"""The tenant's status list changed (a custom status was created, edited or deleted): refetch
``GET /api/v1/statuses``. ``data`` is ``{"key": <status key>, "change": "created"|"updated"|"deleted"}``."""

GROUPS_CHANGED = "groups.changed"
"""A group was created or its members changed: refetch ``GET /api/v1/me`` and the colleagues.
``data`` is ``{"group_id": <id>, "change": "created"|"members"}``."""

ROLES_CHANGED = "roles.changed"
"""An administrator changed a role's permission value: refetch ``GET /api/v1/me``.
``data`` is ``{"role": <role code>, "key": <permission key>, "value": <new value>}``."""
