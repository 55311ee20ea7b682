"""The typed control protocol between the switch manager (in the api process) and a worker process.

One JSON object per line over a local stream socket (a ``socketpair`` the manager creates; the worker
gets its end as an inherited file descriptor). ``kind`` tells the type. Commands go to the worker,
events come back. Call references (``call_ref``) are made by the worker for each customer leg and are
the switch's id of the call in the domain (``AcdEngine.customer_call_arrived(call_id=...)``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- commands: manager → worker ----------------------------------------------------------------------


class ExpectOperatorCommand(_Message):
    """An operator leg carrying a token whose SHA-256 is ``token_sha256`` may come for ``call_ref``."""

    kind: Literal["expect_operator"] = "expect_operator"
    call_ref: str
    token_sha256: str
    party: bool = False
    """The leg of a consultation or conference target (the third party), not the conversation's operator."""


class CancelOperatorCommand(_Message):
    """Refuse (403) a leg with this token hash, now or later."""

    kind: Literal["cancel_operator"] = "cancel_operator"
    call_ref: str
    token_sha256: str


class AnswerOperatorCommand(_Message):
    """The domain's verdict on an operator leg that presented a token: answer it (200) or refuse (403)."""

    kind: Literal["answer_operator"] = "answer_operator"
    leg: int
    accept: bool


class BridgeCommand(_Message):
    kind: Literal["bridge"] = "bridge"
    call_ref: str


class HoldCommand(_Message):
    kind: Literal["hold"] = "hold"
    call_ref: str


class ResumeCommand(_Message):
    kind: Literal["resume"] = "resume"
    call_ref: str


class DetachOperatorCommand(_Message):
    """Hang up the operator leg; the customer hears music until the next bridge (transfer)."""

    kind: Literal["detach_operator"] = "detach_operator"
    call_ref: str


class VoicemailCommand(_Message):
    kind: Literal["voicemail"] = "voicemail"
    call_ref: str
    max_seconds: float = 60.0


class HangupCommand(_Message):
    kind: Literal["hangup"] = "hangup"
    call_ref: str
    reason: str = ""
    sip_code: int = 200
    """For a customer leg not yet answered, the final response (404 for an unknown number)."""


class ThirdPartyCommand(_Message):
    """How the third party is mixed: ``consult`` (the customer hears music, operator and party talk),
    ``conference`` (all three hear each other) or ``none`` (hang the party up; back to the customer)."""

    kind: Literal["third_party"] = "third_party"
    call_ref: str
    mode: Literal["consult", "conference", "none"]


class TrunkLine(_Message):
    """How a worker calls out through a trunk: digest as the trunk's user (``username``/``password``) via
    ``registrar``, presenting ``caller_id`` in From and P-Asserted-Identity (``sip:<caller_id>@<domain>``).
    Any worker can: it makes a short-lived account for the call (the trunk's registration stays on one)."""

    registrar: str
    username: str
    password: str = ""
    domain: str
    caller_id: str


class DialPartyCommand(_Message):
    """Call ``uri`` from the worker as the conversation's third party: a SIP address from the worker's own
    account, or a phone number through ``line``; ``post_dial`` digits go as DTMF once it answers (TP-49's
    extension after the main number)."""

    kind: Literal["dial_party"] = "dial_party"
    call_ref: str
    uri: str
    line: TrunkLine | None = None
    post_dial: str = ""


class MergeCommand(_Message):
    """«Объединить вызовы»: the third party takes the operator's place with the customer; the operator leg
    hangs up."""

    kind: Literal["merge"] = "merge"
    call_ref: str


class DtmfCommand(_Message):
    """Send ``digits`` to the customer (RFC 4733)."""

    kind: Literal["dtmf"] = "dtmf"
    call_ref: str
    digits: str


class RegisterTrunkCommand(_Message):
    """Create (or replace) the trunk's account; register it when ``registers`` (Contact: ``contact``)."""

    kind: Literal["register_trunk"] = "register_trunk"
    trunk_id: int
    registrar: str
    username: str
    password: str = ""
    domain: str
    registers: bool = True
    contact: str = ""


class OutboundCallCommand(_Message):
    """An operator's outbound call: when a leg with this token comes, answer it and call ``uri`` through
    the trunk with From and P-Asserted-Identity set to ``caller_id``."""

    kind: Literal["outbound_call"] = "outbound_call"
    call_ref: str
    token_sha256: str
    uri: str
    caller_id: str
    registrar: str
    username: str
    password: str = ""
    domain: str


class UnregisterTrunkCommand(_Message):
    kind: Literal["unregister_trunk"] = "unregister_trunk"
    trunk_id: int


class ShutdownCommand(_Message):
    kind: Literal["shutdown"] = "shutdown"
    keep_calls: bool = False
    """The api is stopping, not the switch: a worker with conversations keeps them (and its events) until
    the next api attaches or its orphan grace runs out; an idle worker exits."""


Command = Annotated[
    ExpectOperatorCommand
    | CancelOperatorCommand
    | AnswerOperatorCommand
    | BridgeCommand
    | HoldCommand
    | ResumeCommand
    | DetachOperatorCommand
    | VoicemailCommand
    | HangupCommand
    | ThirdPartyCommand
    | DialPartyCommand
    | MergeCommand
    | DtmfCommand
    | RegisterTrunkCommand
    | OutboundCallCommand
    | UnregisterTrunkCommand
    | ShutdownCommand,
    Field(discriminator="kind"),
]

# --- events: worker → manager ------------------------------------------------------------------------


class WorkerReadyEvent(_Message):
    kind: Literal["ready"] = "ready"
    sip_port: int
    pid: int


class CustomerArrivedEvent(_Message):
    """A customer INVITE was answered (greeting, then music); ``to_user`` is the dialled queue number."""

    kind: Literal["customer_arrived"] = "customer_arrived"
    call_ref: str
    to_user: str
    caller: str
    dialed: str = ""
    """The user part of the To header: a provider's call to a trunk's Contact carries the number there."""


class OperatorLegEvent(_Message):
    """An operator leg presented an expected token and is ringing; answer with AnswerOperatorCommand."""

    kind: Literal["operator_leg"] = "operator_leg"
    call_ref: str
    leg: int
    token: str


class OutboundLegEvent(_Message):
    """The operator's leg of an ordered outbound call came with its token: the worker dials the number."""

    kind: Literal["outbound_leg"] = "outbound_leg"
    call_ref: str


class BridgedEvent(_Message):
    kind: Literal["bridged"] = "bridged"
    call_ref: str


class OperatorLegEndedEvent(_Message):
    """The operator leg ended while the customer stays (detach/transfer, or a refused leg)."""

    kind: Literal["operator_leg_ended"] = "operator_leg_ended"
    call_ref: str
    reason: str


class CustomerEndedEvent(_Message):
    """The customer leg ended (``reason``: caller_hung_up, operator_hung_up, hangup, ...); for an ordered
    outbound call also when its operator's leg never came (``operator_leg_missing``)."""

    kind: Literal["customer_ended"] = "customer_ended"
    call_ref: str
    reason: str


class RecordingClosedEvent(_Message):
    """The conversation's WAV (both sides mixed) is closed and complete."""

    kind: Literal["recording_closed"] = "recording_closed"
    call_ref: str
    path: str
    voicemail: bool = False
    seconds: float = 0.0


class PartyAnsweredEvent(_Message):
    """The dialled third party answered."""

    kind: Literal["party_answered"] = "party_answered"
    call_ref: str


class PartyEndedEvent(_Message):
    """The third party's leg ended (hung up, refused, unreachable) while the conversation goes on."""

    kind: Literal["party_ended"] = "party_ended"
    call_ref: str
    reason: str


class DtmfReceivedEvent(_Message):
    """The customer pressed a key (RFC 4733 or SIP INFO)."""

    kind: Literal["dtmf_received"] = "dtmf_received"
    call_ref: str
    digit: str


class TrunkStateEvent(_Message):
    """A trunk registration result: ``code`` is the SIP status (0: not registering)."""

    kind: Literal["trunk_state"] = "trunk_state"
    trunk_id: int
    code: int
    reason: str = ""
    registered: bool = False
    expires: int = 0


class WorkerStateEvent(_Message):
    """After a manager attached to a running worker (the api restarted): the conversations still up,
    sent after ``ready`` and the events kept while no manager listened."""

    kind: Literal["state"] = "state"
    call_refs: list[str]


class WorkerErrorEvent(_Message):
    kind: Literal["error"] = "error"
    message: str


Event = Annotated[
    WorkerReadyEvent
    | CustomerArrivedEvent
    | OperatorLegEvent
    | OutboundLegEvent
    | BridgedEvent
    | OperatorLegEndedEvent
    | CustomerEndedEvent
    | RecordingClosedEvent
    | PartyAnsweredEvent
    | PartyEndedEvent
    | DtmfReceivedEvent
    | TrunkStateEvent
    | WorkerStateEvent
    | WorkerErrorEvent,
    Field(discriminator="kind"),
]

_commands: TypeAdapter[Command] = TypeAdapter(Command)
_events: TypeAdapter[Event] = TypeAdapter(Event)


def encode(message: _Message) -> bytes:
    return message.model_dump_json().encode() + b"\n"


def decode_command(line: bytes) -> Command:
    return _commands.validate_json(line)


def decode_event(line: bytes) -> Event:
    return _events.validate_json(line)
