"""User-facing texts that several windows share: status names and error messages, in the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale

from app.services.errors import (
    ClientError,
    ConflictError,
    ForbiddenError,
    InvalidCredentialsError,
    LimitReachedError,
    LockedError,
    ProtocolError,
    ServerUnreachableError,
    UnauthenticatedError,
    ValidationFailedError,
)

if TYPE_CHECKING:
    from app.protocol.status import StatusDefinition


def builtin_status_name(key: str) -> str | None:
    """The client's own name of a built-in status (the server's names are in the tenant's language)."""
    names = {
        "online": QCoreApplication.translate("Status", "On line"),
        "break": QCoreApplication.translate("Status", "Break"),
        "outbound": QCoreApplication.translate("Status", "Outbound dialing"),
        "all_calls": QCoreApplication.translate("Status", "All calls"),
        "dnd": QCoreApplication.translate("Status", "Do not disturb"),
        "offline": QCoreApplication.translate("Status", "Offline"),
    }
    return names.get(key)


def keep_status_name() -> str:
    return QCoreApplication.translate("Status", "Don't change")


def status_name(key: str, definitions: Iterable[StatusDefinition] = ()) -> str:
    builtin = builtin_status_name(key)
    if builtin is not None:
        return builtin
    for definition in definitions:
        if definition.key == key:
            return definition.name
    return key


def status_color_of(key: str, definitions: Iterable[StatusDefinition] = ()) -> str:
    for definition in definitions:
        if definition.key == key:
            return definition.color.value
    defaults = {
        "online": "green",
        "break": "yellow",
        "outbound": "blue",
        "all_calls": "cyan",
        "dnd": "red",
    }
    return defaults.get(key, "grey")


def local_time(moment: datetime) -> str:
    """``14:05`` today, ``23.11 14:05`` on another day, in local time."""
    local = moment.astimezone() if moment.tzinfo else moment.replace(tzinfo=UTC).astimezone()
    now = datetime.now().astimezone()
    locale = QLocale()
    time_text = local.strftime("%H:%M")
    if local.date() == now.date():
        return time_text
    day = (
        local.strftime("%d.%m") if locale.language() == QLocale.Language.Russian else local.strftime("%b %d")
    )
    return f"{day} {time_text}"


def error_message(error: ClientError, *, server: str = "") -> str:
    """A sentence for the user about a failed request."""
    if isinstance(error, InvalidCredentialsError):
        return QCoreApplication.translate("Texts", "Wrong login or password.")
    if isinstance(error, LockedError):
        until = error.until
        if until is not None:
            return QCoreApplication.translate(
                "Texts", "Too many failed attempts. Signing in is locked until {time}."
            ).format(time=local_time(until))
        return QCoreApplication.translate(
            "Texts", "Too many failed attempts. Signing in is locked for a while; try again later."
        )
    if isinstance(error, ServerUnreachableError):
        return QCoreApplication.translate(
            "Texts", "Cannot reach the server {server}. Check the address and the network connection."
        ).format(server=server or QCoreApplication.translate("Texts", "(no address)"))
    if isinstance(error, UnauthenticatedError):
        return QCoreApplication.translate("Texts", "Your session has ended. Please sign in again.")
    if isinstance(error, LimitReachedError):
        return QCoreApplication.translate(
            "Texts", "All licences for concurrent users are in use: ask your administrator to free one."
        )
    if isinstance(error, ForbiddenError):
        return QCoreApplication.translate("Texts", "Your account is not allowed to do this.")
    if isinstance(error, ValidationFailedError):
        details = "; ".join(f.message for f in error.fields) if error.fields else ""
        return QCoreApplication.translate("Texts", "The server did not accept the data.") + (
            f" ({details})" if details else ""
        )
    if _reason(error) == "no_line":  # a transfer or third party by number with no trunk to call through
        return _no_line_text()
    if isinstance(error, ConflictError):
        return QCoreApplication.translate(
            "Texts", "This was changed by someone else at the same time. Try again."
        )
    if isinstance(error, ProtocolError):
        return QCoreApplication.translate(
            "Texts", "The server {server} answered in a way Pult does not understand. Check the address."
        ).format(server=server or QCoreApplication.translate("Texts", "(no address)"))
    return QCoreApplication.translate("Texts", "The request failed. Try again.")


def queue_refusal_message(error: ClientError) -> str:
    """Why the server refused an action on a queue call (MW-33), from its ``detail.reason``; otherwise the
    general sentence of :func:`error_message`."""
    reason = error.body.detail.get("reason") if error.body is not None else None
    texts = {
        "call_out_of_scope": QCoreApplication.translate(
            "Texts", "Only a supervisor of this queue's group or an administrator may do this."
        ),
        "target_out_of_scope": QCoreApplication.translate(
            "Texts", "You may transfer calls only to the operators and groups you supervise."
        ),
        "target_busy": QCoreApplication.translate(
            "Texts", "The employee cannot take a call now (signed out, talking or being offered a call)."
        ),
        "not_waiting": QCoreApplication.translate("Texts", "The call is no longer waiting in the queue."),
        "same_group": QCoreApplication.translate("Texts", "The call is already in this group's queue."),
        "no_target": QCoreApplication.translate("Texts", "That employee or group no longer exists."),
    }
    text = texts.get(reason) if isinstance(reason, str) else None
    return text if text is not None else error_message(error)


def _reason(error: ClientError) -> object:
    """The server's ``detail.reason`` of a refusal (None when it gave none)."""
    return error.body.detail.get("reason") if error.body is not None else None


def _no_line_text() -> str:
    return QCoreApplication.translate(
        "Texts",
        "The company has no line to call a number through: an administrator adds a SIP trunk, "
        "or give a SIP address (sip:name@host).",
    )


def softphone_message(key: str) -> str:
    """The user's text for a softphone message key (``softphone.events.MessageKey`` values)."""
    texts = {
        "dial.invalid_number": QCoreApplication.translate(
            "Softphone",
            "Type a number in international format (74952000000), N.EXT for an extension, or a SIP address.",
        ),
        "audio.no_device": QCoreApplication.translate(
            "Softphone", "Microphone and speakers not found. Check that the devices are connected"
        ),
        "dial.no_line": QCoreApplication.translate(
            "Softphone",
            "No line for outgoing calls is available to you: an administrator adds one (a SIP trunk with "
            "outgoing numbers), then it can be chosen in the top bar.",
        ),
        "dial.line_refused": QCoreApplication.translate(
            "Softphone", "The server did not place the call through the chosen line."
        ),
        "engine.failed": QCoreApplication.translate("Softphone", "The softphone is not running."),
        "engine.timeout": QCoreApplication.translate("Softphone", "The softphone did not answer in time."),
        "call.too_many": QCoreApplication.translate("Softphone", "Too many calls at once."),
        "call.no_such_call": QCoreApplication.translate("Softphone", "The call has already ended."),
        "sip.busy": QCoreApplication.translate("Softphone", "The line is busy."),
        "sip.not_found": QCoreApplication.translate("Softphone", "The number does not exist."),
        "sip.tls_certificate": QCoreApplication.translate(
            "Softphone",
            "The SIP server's certificate did not pass the check: choose the right CA certificate in the "
            "«Softphone» settings or ask your administrator.",
        ),
        "engine.transport_failed": QCoreApplication.translate(
            "Softphone",
            "The softphone could not open its SIP transport (a port taken, or the CA certificate file gone).",
        ),
    }
    return texts.get(key, QCoreApplication.translate("Softphone", "The call operation failed."))
