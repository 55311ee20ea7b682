"""Two-factor authentication of the signed-in user (spec MW-13): state, enrolment, confirmation, off.

Like :mod:`app.services.settings_api`, every request is started by a plain method and answered by
:attr:`TwoFactorService.finished` with a tag and the result, or :attr:`TwoFactorService.failed` with the
tag and the :class:`~app.services.errors.ClientError`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError, UnauthenticatedError
from app.services.logs import event as log_event

if TYPE_CHECKING:
    from app.services.api import ApiClient

log = logging.getLogger(__name__)

STATE = "state"
"""Finished with a :class:`~app.protocol.auth.TwoFactorState`."""
ENROLMENT = "enrolment"
"""Finished with a :class:`~app.protocol.auth.TwoFactorEnrolment` (secret and ``otpauth://`` URI)."""
CONFIRMED = "confirmed"
DISABLED = "disabled"


class TwoFactorService(QObject):
    """Runs the 2FA requests of the settings section on the signed-in session's API client."""

    finished = Signal(str, object)
    failed = Signal(str, object)

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._spawn = spawn

    def load(self) -> None:
        from app.protocol.auth import TwoFactorState

        self._start(STATE, lambda api: api.send("GET", "/me/two-factor", TwoFactorState))

    def enrol(self) -> None:
        """A new secret; 2FA is on only after :meth:`confirm` with a code from the authenticator."""
        from app.protocol.auth import TwoFactorEnrolment

        self._start(ENROLMENT, lambda api: api.send("POST", "/me/two-factor", TwoFactorEnrolment))

    def confirm(self, code: str) -> None:
        from app.protocol.auth import TwoFactorCode, TwoFactorState

        body = TwoFactorCode(code=code)
        self._start(
            CONFIRMED, lambda api: api.send("POST", "/me/two-factor/confirm", TwoFactorState, body=body)
        )

    def disable(self, code: str) -> None:
        from app.protocol.auth import TwoFactorCode, TwoFactorState

        body = TwoFactorCode(code=code)
        self._start(
            DISABLED, lambda api: api.send("POST", "/me/two-factor/disable", TwoFactorState, body=body)
        )

    def _start(self, tag: str, request: Callable[[ApiClient], Awaitable[Any]]) -> None:
        api = self._api()
        if api is None:
            self.failed.emit(tag, UnauthenticatedError("not signed in"))
            return

        async def run() -> None:
            try:
                result = await request(api)
            except ClientError as exc:
                log_event(log, "two_factor.request_failed", what=tag, error=type(exc).__name__)
                self.failed.emit(tag, exc)
                return
            log_event(log, "two_factor.request_done", what=tag)
            self.finished.emit(tag, result)

        self._spawn(run())
