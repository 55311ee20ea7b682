"""Colleagues' presence: who is in the user's groups and which status each holds (spec MW-17, «Сотрудники»).

``GET /api/v1/colleagues`` answers :class:`ColleagueList`: every employee who shares a group with the
signed-in user (for a supervisor, every member of the groups they supervise), with their current status.
Later changes arrive as ``status.changed`` events on the realtime channel.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class Colleague(BaseModel):
    """One employee as a colleague sees them."""

    employee_id: int
    full_name: str
    login: str = ""
    extension: str = ""
    status: str
    since: datetime | None = None
    group_ids: list[int] = []


class PresenceGroup(BaseModel):
    """A group named in :class:`ColleagueList`."""

    id: int
    name: str


class ColleagueList(BaseModel):
    """``GET /api/v1/colleagues``; ``last_seq`` is the tenant's event sequence the list is current at."""

    items: list[Colleague]
    groups: list[PresenceGroup] = []
    last_seq: int | None = None
