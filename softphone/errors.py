"""The softphone's exception hierarchy; futures fail with these, each carrying a message key."""

from __future__ import annotations

from typing import Any

from softphone.events import MessageKey


class SoftphoneError(Exception):
    """Base of every error the engine raises through a future."""

    message_key: MessageKey = MessageKey.OPERATION_FAILED

    def __init__(self, detail: str, *, message_key: MessageKey | None = None, code: int = 0) -> None:
        super().__init__(detail)
        if message_key is not None:
            self.message_key = message_key
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        # Futures of the engine's child process carry these across a pipe (softphone.host): keep the
        # subclass, the message key and the SIP code, which the default pickling of exceptions drops.
        return (_rebuild, (type(self), str(self), self.message_key, self.code))


def _rebuild(cls: type[SoftphoneError], detail: str, message_key: MessageKey, code: int) -> SoftphoneError:
    return cls(detail, message_key=message_key, code=code)


class EngineNotRunningError(SoftphoneError):
    message_key = MessageKey.ENGINE_FAILED


class EngineTimeoutError(SoftphoneError):
    message_key = MessageKey.ENGINE_TIMEOUT


class NoSuchCallError(SoftphoneError):
    message_key = MessageKey.NO_SUCH_CALL


class InvalidNumberError(SoftphoneError):
    message_key = MessageKey.INVALID_NUMBER


class TooManyCallsError(SoftphoneError):
    message_key = MessageKey.TOO_MANY_CALLS


class NotRegisteredError(SoftphoneError):
    message_key = MessageKey.REGISTRAR_UNREACHABLE


class AudioDeviceError(SoftphoneError):
    message_key = MessageKey.NO_AUDIO_DEVICE
