"""SIP trunk accounts: a provider's registrar the switch registers to, so calls to the tenant's numbers
(its queue numbers, «номера обслуживания») arrive, and outbound calls leave with a caller ID («Линия»)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

MAX_TRUNKS = 5
"""Registered trunks per switch: a pjsua2 worker holds 8 accounts and aborts on a ninth (notes §3.1)."""
HOST_PATTERN = r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$"
NUMBER_PATTERN = r"^\+?[0-9]{2,20}$"


class TrunkRegistration(StrEnum):
    UNKNOWN = "unknown"
    """No switch has reported on it yet (or media is off)."""
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    OFF = "off"
    """Registration not wanted (``registers`` false, or the trunk disabled)."""


class TrunkCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    host: str = Field(min_length=1, max_length=255, pattern=HOST_PATTERN)
    """The provider's registrar/proxy, ``host`` or ``host:port`` (UDP)."""
    username: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.+\-]+$")
    password: str = Field(default="", max_length=200)
    domain: str = Field(default="", max_length=255, pattern=r"^[A-Za-z0-9.\-]*$")
    """SIP domain of the account; empty means the host without its port."""
    registers: bool = True
    enabled: bool = True
    caller_ids: list[str] = Field(default_factory=list, max_length=50)
    """Numbers an operator may present on outbound calls through this trunk (the «Линия» selector)."""


class TrunkUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    host: str | None = Field(default=None, min_length=1, max_length=255, pattern=HOST_PATTERN)
    username: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.+\-]+$")
    password: str | None = Field(default=None, max_length=200)
    domain: str | None = Field(default=None, max_length=255, pattern=r"^[A-Za-z0-9.\-]*$")
    registers: bool | None = None
    enabled: bool | None = None
    caller_ids: list[str] | None = Field(default=None, max_length=50)


class OutboundCallRequest(BaseModel):
    """``POST /trunks/{id}/calls``: an operator's call to ``number`` presenting ``caller_id`` («Линия»)."""

    number: str = Field(pattern=NUMBER_PATTERN)
    caller_id: str = Field(pattern=NUMBER_PATTERN)


class OutboundCallInfo(BaseModel):
    """Where the operator's softphone opens the media leg: ``worker_uri`` with ``token`` in the
    ``X-Pult-Offer`` header (as for an offer); the switch then dials the number through the trunk."""

    call_ref: str
    worker_uri: str
    token: str
    caller_id: str


class TrunkInfo(BaseModel):
    """A trunk as administrators see it: the password is never sent back, only whether one is set."""

    id: int
    name: str
    host: str
    username: str
    domain: str
    registers: bool
    enabled: bool
    caller_ids: list[str]
    has_password: bool
    registration: TrunkRegistration = TrunkRegistration.UNKNOWN
    registration_code: int | None = None
    """The last SIP status of the registration (200, 401, 403, 408...)."""


class CallerIdInfo(BaseModel):
    """One outgoing number of a line with its comment (MW-19: the «Комментарий» of the number's settings,
    where the number is also one of the tenant's queue numbers; else empty)."""

    number: str
    comment: str = ""


class LineInfo(BaseModel):
    """``GET /lines``: a trunk as operators see it for the «Линия» selectors (no address, login or secret)."""

    id: int
    name: str
    caller_ids: list[CallerIdInfo]


LINES_CHANGED = "lines.changed"
"""A trunk was added, changed or removed: ``{"trunk_id"}``; clients refetch ``GET /lines``."""
OUTBOUND_STATE = "call.outbound"
"""An operator's outbound call moved on (to that operator only): :class:`OutboundStateData`."""


class OutboundState(StrEnum):
    TALKING = "talking"
    """The callee answered: the conversation is bridged (and recorded)."""
    ENDED = "ended"


class OutboundStateData(BaseModel):
    call_ref: str
    state: OutboundState
    reason: str = ""
