"""Operator statuses (spec MW-23..25, part 2 «Статусы сотрудников»).

A status is identified by a string key: the five built-in keys below, ``offline`` for a user with no
session, or ``custom-<id>`` for one of up to 30 custom statuses of a tenant.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

KEEP_STATUS = "keep"
"""Login choice «Не изменять»: log in with the status held at the last logout."""

MAX_CUSTOM_STATUSES = 30
MAX_SYNONYM_LENGTH = 20


class BuiltinStatus(StrEnum):
    """The built-in statuses and the offline state."""

    ONLINE = "online"  # «На линии»
    BREAK = "break"  # «Перерыв»
    OUTBOUND = "outbound"  # «Обзвон»
    ALL_CALLS = "all_calls"  # «Все звонки»
    DND = "dnd"  # «Не беспокоить»
    OFFLINE = "offline"  # «Не в сети», not selectable


class StatusColor(StrEnum):
    """The nine colours a status may have (spec part 2, «Статусы сотрудников»)."""

    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"
    PINK = "pink"
    PURPLE = "purple"
    BLUE = "blue"
    CYAN = "cyan"
    GREY = "grey"


class StatusDefinition(BaseModel):
    """A status as the tenant defines it; built-ins are returned the same way."""

    key: str
    name: str
    builtin: bool
    color: StatusColor
    synonym: str = Field(default="", max_length=MAX_SYNONYM_LENGTH)
    receives_group_calls: bool
    """Eligible for ACD distribution from the groups (spec status table, column "Group/ACD incoming")."""
    receives_direct_calls: bool
    receives_campaign_calls: bool
    selectable: bool = True
    base: str | None = None
    """Custom statuses: the built-in status whose telephony behaviour it copies («Стандартный статус»)."""


class StatusChangeRequest(BaseModel):
    """``PUT /api/v1/me/status``."""

    status: str = Field(min_length=1, max_length=40)


class CustomStatusCreate(BaseModel):
    """``POST /api/v1/statuses``: a new custom status."""

    name: str = Field(min_length=1, max_length=40)
    color: StatusColor
    synonym: str = Field(default="", max_length=MAX_SYNONYM_LENGTH)
    receives_group_calls: bool = False
    receives_direct_calls: bool = True
    receives_campaign_calls: bool = False
    base: str | None = None
    """«Стандартный статус»: a selectable built-in key; when set, the three flags are copied from it."""


class CustomStatusUpdate(BaseModel):
    """``PATCH /api/v1/statuses/{key}``: change some fields of a custom status (absent = unchanged)."""

    name: str | None = Field(default=None, min_length=1, max_length=40)
    color: StatusColor | None = None
    synonym: str | None = Field(default=None, max_length=MAX_SYNONYM_LENGTH)
    receives_group_calls: bool | None = None
    receives_direct_calls: bool | None = None
    receives_campaign_calls: bool | None = None
    base: str | None = None


class StatusIntervalInfo(BaseModel):
    """One persisted span of one status; ``ended_at`` None while it lasts. KPIs are computed from these."""

    status: str
    started_at: datetime
    ended_at: datetime | None


class StatusIntervalList(BaseModel):
    """``GET /api/v1/employees/{id}/status-intervals?since=&until=``: spans overlapping the window."""

    employee_id: int
    items: list[StatusIntervalInfo]
