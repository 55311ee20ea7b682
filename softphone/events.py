"""Typed events the softphone engine emits (from its owner thread) and the message keys that name them.

Every failure a user can meet becomes one of these events with a SIP code where SIP gave one and a
``MessageKey`` the client translates; nothing is reported as a bare exception string.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class MessageKey(enum.StrEnum):
    """Stable keys for human messages; the client maps them to translated text."""

    OK = "ok"
    WRONG_CREDENTIALS = "sip.wrong_credentials"
    FORBIDDEN = "sip.forbidden"
    REGISTRAR_UNREACHABLE = "sip.registrar_unreachable"
    REQUEST_TIMEOUT = "sip.timeout"
    NOT_FOUND = "sip.not_found"
    BUSY = "sip.busy"
    DECLINED = "sip.declined"
    NO_ANSWER = "sip.no_answer"
    UNAVAILABLE = "sip.unavailable"
    NOT_ACCEPTABLE = "sip.not_acceptable"
    SERVER_ERROR = "sip.server_error"
    CLIENT_ERROR = "sip.client_error"
    NORMAL_CLEARING = "sip.normal_clearing"
    CANCELLED = "sip.cancelled"
    INVALID_NUMBER = "dial.invalid_number"
    TOO_MANY_CALLS = "call.too_many"
    NO_SUCH_CALL = "call.no_such_call"
    OPERATION_FAILED = "call.operation_failed"
    NO_AUDIO_DEVICE = "audio.no_device"  # «Микрофон и динамики не найдены. Проверьте подключение устройств»
    DEVICE_BUSY = "audio.device_busy"
    DEVICE_LOST = "audio.device_lost"
    DEVICE_RESTORED = "audio.device_restored"
    AUDIO_PROCESSING_UNAVAILABLE = "audio.processing_unavailable"
    ENGINE_FAILED = "engine.failed"
    ENGINE_TIMEOUT = "engine.timeout"
    TRANSPORT_FAILED = "engine.transport_failed"
    TLS_CERTIFICATE = "sip.tls_certificate"  # the server's TLS certificate failed verification


def message_key_for_sip(code: int) -> MessageKey:
    """Map a final SIP status code to the message key the user sees."""
    if 200 <= code < 300:
        return MessageKey.OK
    specific = {
        401: MessageKey.WRONG_CREDENTIALS,
        407: MessageKey.WRONG_CREDENTIALS,
        403: MessageKey.FORBIDDEN,
        404: MessageKey.NOT_FOUND,
        484: MessageKey.INVALID_NUMBER,
        408: MessageKey.REQUEST_TIMEOUT,
        480: MessageKey.NO_ANSWER,
        486: MessageKey.BUSY,
        600: MessageKey.BUSY,
        603: MessageKey.DECLINED,
        487: MessageKey.CANCELLED,
        488: MessageKey.NOT_ACCEPTABLE,
        606: MessageKey.NOT_ACCEPTABLE,
        502: MessageKey.REGISTRAR_UNREACHABLE,
        503: MessageKey.UNAVAILABLE,
    }
    if code in specific:
        return specific[code]
    if 400 <= code < 500:
        return MessageKey.CLIENT_ERROR
    if code >= 500:
        return MessageKey.SERVER_ERROR
    return MessageKey.OPERATION_FAILED


class RegistrationState(enum.StrEnum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class CallState(enum.StrEnum):
    INCOMING = "incoming"
    CALLING = "calling"
    EARLY = "early"
    CONNECTING = "connecting"
    CONFIRMED = "confirmed"
    HELD = "held"  # we put the call on hold
    REMOTE_HELD = "remote_held"  # the peer put us on hold
    DISCONNECTED = "disconnected"


class Direction(enum.StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


class DtmfMethod(enum.StrEnum):
    RFC4733 = "rfc4733"
    SIP_INFO = "sip_info"


class DeviceRole(enum.StrEnum):
    MICROPHONE = "microphone"
    SPEAKER = "speaker"
    RINGER = "ringer"


@dataclass(frozen=True, slots=True)
class EngineStartedEvent:
    sip_ports: dict[str, int]
    codecs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EngineStoppedEvent:
    pass


@dataclass(frozen=True, slots=True)
class RegistrationEvent:
    state: RegistrationState
    code: int
    reason: str
    message_key: MessageKey
    expires: int = 0


@dataclass(frozen=True, slots=True)
class CallStateEvent:
    call_id: int
    state: CallState
    direction: Direction
    remote_uri: str
    code: int = 0
    reason: str = ""
    message_key: MessageKey = MessageKey.OK
    sip_call_id: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MediaStateEvent:
    call_id: int
    active: bool
    codec: str
    clock_rate: int
    srtp: bool = False


@dataclass(frozen=True, slots=True)
class TransferEvent:
    """Progress of a REFER we sent (``final`` once the transfer target answered or failed)."""

    call_id: int
    code: int
    reason: str
    final: bool
    message_key: MessageKey = MessageKey.OK


@dataclass(frozen=True, slots=True)
class DtmfEvent:
    call_id: int
    digit: str
    method: DtmfMethod


@dataclass(frozen=True, slots=True)
class DeviceEvent:
    """A headset device was lost (``fallback`` names what replaced it) or came back."""

    role: DeviceRole
    device_id: str
    available: bool
    fallback: str = ""
    message_key: MessageKey = MessageKey.OK


@dataclass(frozen=True, slots=True)
class ErrorEvent:
    message_key: MessageKey
    detail: str
    call_id: int | None = None
    code: int = 0


SoftphoneEvent = (
    EngineStartedEvent
    | EngineStoppedEvent
    | RegistrationEvent
    | CallStateEvent
    | MediaStateEvent
    | TransferEvent
    | DtmfEvent
    | DeviceEvent
    | ErrorEvent
)
