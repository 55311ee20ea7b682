"""Contact-center calls: queue, offers, call control, post-call work, missed calls, callback orders, history,
topics and group distribution settings (REST bodies and the ``data`` of the call events)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

OFFER_TOKEN_HEADER = "X-Pult-Offer"  # noqa: S105 - a header name, not a secret
"""SIP header with an offer's one-time token on the operator's call to the switch worker (ARCHITECTURE §1).
Both sides import it: the client's softphone sets it, the worker reads it."""
HIDDEN_NUMBER = "Номер скрыт"
"""Shown instead of the caller's number when it is withheld (CLIR, MW-32)."""
MAX_WRAPUP_CONDITIONS = 50
MAX_MISSED_RULES = 10
MAX_MISSED_DAYS = 7


class CallState(StrEnum):
    IVR = "ivr"
    QUEUED = "queued"
    OFFERING = "offering"
    TALKING = "talking"
    HELD = "held"
    TRANSFERRING = "transferring"
    WRAPUP = "wrapup"
    ENDED = "ended"


class Algorithm(StrEnum):
    LONGEST_IDLE = "longest_idle"
    ROUND_ROBIN = "round_robin"
    RING_ALL = "ring_all"
    """«всем одновременно»"""
    PRIORITY = "priority"


class Fallback(StrEnum):
    """What happens to a call that waited ``max_wait_seconds``."""

    MISSED = "missed"
    CALLBACK = "callback"
    VOICEMAIL = "voicemail"


class OfferResult(StrEnum):
    ANSWERED = "answered"
    REJECTED = "rejected"
    TIMEOUT = "timeout"
    OPERATOR_VANISHED = "operator_vanished"
    WITHDRAWN = "withdrawn"
    CALLER_GONE = "caller_gone"


# --- queue ------------------------------------------------------------------------------------------------


class QueueCallInfo(BaseModel):
    call_id: int
    caller: str
    """The caller's number, or «Номер скрыт»."""
    queue: str
    """The dialed queue number, or its comment where one is set."""
    group_id: int | None
    state: CallState
    waiting_since: datetime
    offered_to: list[int] = []
    """Employees the call is ringing at now."""


class CallbackOrderInfo(BaseModel):
    id: int
    group_id: int | None
    widget: str
    mode: str
    phone: str
    created_at: datetime
    state: str
    locked_by: int | None
    attempts: int


class CallbackOrderList(BaseModel):
    """``GET /callbacks``: the open orders of the queues in the user's scope, oldest first."""

    items: list[CallbackOrderInfo]


class QueueSnapshot(BaseModel):
    calls: list[QueueCallInfo]
    callbacks: list[CallbackOrderInfo]
    last_seq: int


# --- offers and call control ---------------------------------------------------------------------------


class OfferedData(BaseModel):
    """``call.offered``, to the one operator: ring, and on answer call ``worker_uri`` carrying ``token``."""

    offer_id: int
    call_id: int
    caller: str
    queue: str
    group_id: int | None
    waiting_seconds: float
    worker_uri: str
    token: str
    expires_at: datetime
    kind: str
    """group, intercept or transfer."""


class OfferAnswer(BaseModel):
    token: str = Field(min_length=16, max_length=128)


class OfferAnswered(BaseModel):
    offer_id: int
    call_id: int
    worker_uri: str


class OfferWithdrawnData(BaseModel):
    """``call.offer_withdrawn``: stop ringing."""

    offer_id: int
    call_id: int
    reason: OfferResult


class CallStateData(BaseModel):
    """``call.state``: the call entered a state. Moves inside a queue (queued ⇄ offering) come as
    ``queue.changed`` only."""

    call_id: int
    state: CallState
    operator_id: int | None
    group_id: int | None
    reason: str | None = None


EXTERNAL_NUMBER_PATTERN = r"^(\+?[0-9]{1,20}([.,][0-9]{1,10})?|sips?:[^\s@]+@[^\s]+)$"
"""A phone number (extension after ``.`` or ``,``, TP-51) or a SIP address (``sip:user@host``)."""
DTMF_PATTERN = r"^[0-9*#A-Da-d]{1,32}$"


class TransferRequest(BaseModel):
    """Exactly one target: an employee, a group's queue, or a number / SIP address («На номер»)."""

    employee_id: int | None = None
    group_id: int | None = None
    number: str | None = Field(default=None, max_length=200, pattern=EXTERNAL_NUMBER_PATTERN)


class ThirdPartyMode(StrEnum):
    CONSULT = "consult"
    """«С консультацией»: the customer waits on hold while the operator talks to the target."""
    CONFERENCE = "conference"
    """Customer, operator and the third party all hear each other."""
    BLIND = "blind"
    """A blind transfer to a number: the worker calls it and connects the customer when it answers."""


class ThirdPartyState(StrEnum):
    RINGING = "ringing"
    TALKING = "talking"
    MERGED = "merged"
    """«Объединить вызовы»: the customer and the target talk; the operator has left."""
    CANCELLED = "cancelled"
    FAILED = "failed"
    """The target refused, did not answer or could not be reached."""
    ENDED = "ended"
    """The target hung up after talking."""


class ThirdPartyRequest(BaseModel):
    """A consultation («С консультацией») or conference target: exactly one of the three."""

    employee_id: int | None = None
    group_id: int | None = None
    number: str | None = Field(default=None, max_length=200, pattern=EXTERNAL_NUMBER_PATTERN)


class ThirdPartyData(BaseModel):
    """``call.third_party``: a consultation, conference or transfer-to-number moved a step."""

    call_id: int
    transfer_id: int
    mode: ThirdPartyMode
    state: ThirdPartyState
    by_employee_id: int
    employee_id: int | None = None
    """The target employee (the one who answered, for a group)."""
    group_id: int | None = None
    number: str | None = None
    reason: str | None = None


class DtmfRequest(BaseModel):
    digits: str = Field(pattern=DTMF_PATTERN)


class DtmfData(BaseModel):
    """``call.dtmf``: the customer pressed a key."""

    call_id: int
    digit: str


class WrapupRequest(BaseModel):
    topic_ids: list[int] = Field(default=[], max_length=50)
    comment: str = Field(default="", max_length=2000)


class WrapupData(BaseModel):
    """``wrapup.started`` / ``wrapup.ended``."""

    employee_id: int
    call_id: int
    due_at: datetime
    status: str | None
    reason: str | None = None


# --- missed calls ------------------------------------------------------------------------------------------


class MissedCallInfo(BaseModel):
    id: int
    call_id: int
    kind: str
    """personal, group or ivr."""
    caller: str
    arrived_at: datetime
    employee_id: int | None = None
    group_id: int | None = None


class MissedGroup(BaseModel):
    group_id: int | None
    """None for the IVR section (listed first)."""
    count: int
    items: list[MissedCallInfo]


class MissedList(BaseModel):
    personal: list[MissedCallInfo]
    groups: list[MissedGroup]
    total: int
    last_7_days: int


class MissedRule(BaseModel):
    target: str = Field(pattern=r"^(all|ivr|group:\d+)$")
    days: int = Field(ge=1, le=MAX_MISSED_DAYS)


class MissedRules(BaseModel):
    items: list[MissedRule] = Field(max_length=MAX_MISSED_RULES)


# --- callback orders ---------------------------------------------------------------------------------------


class CallbackOrderCreate(BaseModel):
    phone: str = Field(min_length=1, max_length=32)
    group_id: int | None = None
    widget: str = Field(default="", max_length=100)


# --- topics ------------------------------------------------------------------------------------------------


class TopicCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    parent_id: int | None = None
    folder: bool = False


class TopicUpdate(BaseModel):
    """``PATCH /api/v1/topics/{id}``: rename and/or move under another folder (absent = unchanged)."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    parent_id: int | None = None
    to_root: bool = False
    """Move to the top level (``parent_id`` None alone means "unchanged")."""


class TopicInfo(BaseModel):
    id: int
    name: str
    parent_id: int | None
    folder: bool


class TopicList(BaseModel):
    items: list[TopicInfo]


# --- distribution settings ---------------------------------------------------------------------------------


class DistributionSettingsBody(BaseModel):
    algorithm: Algorithm = Algorithm.LONGEST_IDLE
    ring_timeout_seconds: int = Field(default=20, ge=5, le=300)
    max_wait_seconds: int = Field(default=600, ge=10, le=24 * 3600)
    fallback: Fallback = Fallback.MISSED
    wrapup_seconds: int = Field(default=0, ge=0, le=3600)
    wrapup_status: str | None = None
    priorities: dict[int, int] = {}
    """Employee id → priority in the group (higher first) for the «by priority» algorithm."""


class QueueNumberInfo(BaseModel):
    id: int
    number: str
    group_id: int | None
    comment: str


class QueueNumberCreate(BaseModel):
    number: str = Field(min_length=1, max_length=32, pattern=r"^\+?[0-9]+$")
    group_id: int | None = None
    comment: str = Field(default="", max_length=200)


# --- history -----------------------------------------------------------------------------------------------


class HistoryRow(BaseModel):
    call_id: int
    caller: str
    queue: str
    group_id: int | None
    arrived_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    state: CallState
    end_reason: str | None
    operators: list[int]
    wait_seconds: float | None
    talk_seconds: float | None
    hold_seconds: float
    transfers: int
    topic_ids: list[int]
    comment: str
    recordings: list[str]
    """The server's file paths (for scripts and tests on the server's machine); clients use
    ``recording_ids`` with ``GET /api/v1/recordings/{id}``."""
    recording_seconds: list[float] = []
    """Length of each of ``recordings``, in the same order."""
    recording_ids: list[int] = []
    """Ids of the same recordings, in the same order, for ``GET /api/v1/recordings/{id}``."""
    direction: str = "incoming"
    """``outgoing`` for an operator's call out through a trunk (MW-19): ``caller`` is then the number
    called, ``queue`` the caller ID presented, and ``call_id`` the negated id of the outbound call."""


class RecordingSavedData(BaseModel):
    """``recording.saved``: every bridged call is recorded (both sides in one file); a voicemail too."""

    recording_id: int
    call_id: int
    path: str
    seconds: float
    voicemail: bool = False


class HistoryChoice(BaseModel):
    """An employee or a group the history may be filtered by (CH-08)."""

    id: int
    name: str


class HistoryPage(BaseModel):
    items: list[HistoryRow]
    employees: list[HistoryChoice] = []
    """«По сотруднику»: the employees whose calls the user may see, by name."""
    groups: list[HistoryChoice] = []
    """«По группе»: the groups in the user's scope, by name (none for role «Сотрудник»)."""


CALL_OFFERED = "call.offered"
CALL_OFFER_WITHDRAWN = "call.offer_withdrawn"
CALL_STATE = "call.state"
CALL_THIRD_PARTY = "call.third_party"
CALL_DTMF = "call.dtmf"
QUEUE_CHANGED = "queue.changed"
"""A call joined, changed or left a group queue: ``{"call_id", "group_id", "state"}``; refetch the queue."""
MISSED_CHANGED = "missed.changed"
"""The missed-call lists changed: ``{"change": "added"|"resolved", "caller_hidden": bool}``; refetch."""
CALLBACK_CHANGED = "callback.changed"
"""An order was added, claimed («Позвонить»), released or done: ``{"id", "state", "locked_by"}``; refetch."""
WRAPUP_STARTED = "wrapup.started"
WRAPUP_ENDED = "wrapup.ended"
RECORDING_SAVED = "recording.saved"
"""A call's recording file is closed and complete (:class:`RecordingSavedData`)."""
