"""Outbound calls through the server's trunks (MW-19): the lines and outgoing numbers the user may call
out with, the choice of both (kept per account on this machine), and ordering a call.

In contact-center mode the client has no SIP domain of its own: a typed number becomes
``POST /trunks/{line}/calls`` with the chosen caller ID; the switch answers with a worker URI and a
one-time token, and the softphone bridge opens the media leg to it as it does for an offer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError
from app.services.logs import event as log_event

if TYPE_CHECKING:
    from app.services.api import ApiClient
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CallerId:
    number: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """A trunk as the «Линия» selector shows it."""

    id: int
    name: str
    caller_ids: tuple[CallerId, ...]


@dataclass(frozen=True, slots=True)
class OutboundTicket:
    """Where the softphone opens the media leg of an ordered outbound call."""

    call_ref: str
    worker_uri: str
    token: str
    caller_id: str


class OutboundLines(QObject):
    """The user's lines and the chosen line and outgoing number; orders outbound calls."""

    changed = Signal()
    """The lines or the choice changed."""

    def __init__(
        self,
        *,
        account_file: Callable[[], VersionedFile[AccountSettings] | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._account_file = account_file
        self._api: Callable[[], ApiClient | None] = lambda: None
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] = lambda coro: coro.close()
        self.lines: tuple[Line, ...] = ()
        self.loaded = False
        self.line_id = 0
        self.caller_id = ""

    def bind(
        self, *, api: Callable[[], ApiClient | None], spawn: Callable[[Coroutine[Any, Any, None]], object]
    ) -> None:
        self._api = api
        self._spawn = spawn

    # -- the choice -----------------------------------------------------------------------------------

    @property
    def line(self) -> Line | None:
        return next((line for line in self.lines if line.id == self.line_id), None)

    @property
    def ready(self) -> bool:
        """A line and one of its numbers are chosen: a typed number can be called out."""
        line = self.line
        return line is not None and any(c.number == self.caller_id for c in line.caller_ids)

    def set_lines(self, lines: tuple[Line, ...]) -> None:
        """New lines from the server; the saved choice is kept where it still exists, else the first."""
        self.lines = lines
        self.loaded = True
        saved_line, saved_number = self._saved()
        self._settle(saved_line or self.line_id, saved_number or self.caller_id)
        self.changed.emit()

    def choose_line(self, line_id: int) -> None:
        if line_id == self.line_id:
            return
        self._settle(line_id, "")
        self._save()
        self.changed.emit()

    def choose_caller_id(self, number: str) -> None:
        line = self.line
        if number == self.caller_id or line is None or all(c.number != number for c in line.caller_ids):
            return
        self.caller_id = number
        self._save()
        self.changed.emit()

    def clear(self) -> None:
        self.lines, self.loaded, self.line_id, self.caller_id = (), False, 0, ""
        self.changed.emit()

    def _settle(self, line_id: int, number: str) -> None:
        line = next((x for x in self.lines if x.id == line_id), None) or (
            self.lines[0] if self.lines else None
        )
        if line is None:
            self.line_id, self.caller_id = 0, ""
            return
        self.line_id = line.id
        numbers = [c.number for c in line.caller_ids]
        self.caller_id = number if number in numbers else (numbers[0] if numbers else "")

    def _saved(self) -> tuple[int, str]:
        file = self._account_file()
        if file is None:
            return 0, ""
        settings = file.load()
        return settings.outbound_line, settings.outbound_caller_id

    def _save(self) -> None:
        file = self._account_file()
        if file is None:
            return
        settings = file.load()
        file.save(
            settings.model_copy(update={"outbound_line": self.line_id, "outbound_caller_id": self.caller_id})
        )

    # -- server ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """After a login: the lines from ``GET /lines``."""
        api = self._api()
        if api is None:
            return

        async def run() -> None:
            try:
                found = await api.lines()
            except ClientError as exc:
                log_event(log, "outbound.lines_failed", error=type(exc).__name__)
                return
            self.set_lines(lines_from(found))

        self._spawn(run())

    def call(
        self,
        number: str,
        then: Callable[[OutboundTicket], None],
        failed: Callable[[ClientError | None], None],
    ) -> bool:
        """Order a call to ``number`` on the chosen line with the chosen caller ID; ``then`` gets where to
        open the media leg, ``failed`` the refusal (None: no session). False when nothing is chosen."""
        api = self._api()
        if not self.ready:
            return False
        if api is None:
            failed(None)
            return True
        line_id, caller_id = self.line_id, self.caller_id

        async def run() -> None:
            try:
                info = await api.call_out(line_id, number, caller_id)
            except ClientError as exc:
                log_event(log, "outbound.refused", error=type(exc).__name__, line=line_id)
                failed(exc)
                return
            log_event(log, "outbound.ordered", call_ref=info.call_ref, line=line_id)
            then(OutboundTicket(info.call_ref, info.worker_uri, info.token, info.caller_id))

        self._spawn(run())
        return True


def lines_from(items: list[Any]) -> tuple[Line, ...]:
    """``GET /lines`` (``LineInfo`` items) as :class:`Line` values."""
    return tuple(
        Line(item.id, item.name, tuple(CallerId(c.number, c.comment) for c in item.caller_ids))
        for item in items
    )
