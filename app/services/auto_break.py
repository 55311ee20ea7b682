"""Automatic «Перерыв» (spec §3.10): «На линии» / «Обзвон» become «Перерыв» while the screen is locked or
the operator has been idle for the configured time, and the earlier status comes back on return.

The watchers (screen lock over DBus, input idleness) live in ``ui``; they report here with
:meth:`AutoBreakService.set_away`. The status is only restored if it is still the «Перерыв» that
this service set: a status the operator chose in between wins.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject

from app.services.logs import event as log_event
from app.state.status import StatusStore

log = logging.getLogger(__name__)

BREAK = "break"
AUTO_BREAK_FROM = ("online", "outbound")


class StatusChanger(Protocol):
    def start_status_change(self, key: str) -> None: ...


class AutoBreakService(QObject):
    def __init__(self, *, status: StatusStore, session: StatusChanger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self._session = session
        self._reasons: set[str] = set()
        self._restore_to = ""

    @property
    def away_reasons(self) -> frozenset[str]:
        return frozenset(self._reasons)

    def set_away(self, reason: str, away: bool) -> None:
        """``reason``: ``lock`` or ``idle``. The first reason sets «Перерыв», the last one gone restores."""
        was_away = bool(self._reasons)
        if away:
            self._reasons.add(reason)
        else:
            self._reasons.discard(reason)
        current = self._status.snapshot.pending or self._status.snapshot.current
        if self._reasons and not was_away and current in AUTO_BREAK_FROM:
            self._restore_to = current
            log_event(log, "auto_break.start", reason=reason, previous=current)
            self._session.start_status_change(BREAK)
        elif not self._reasons and was_away and self._restore_to:
            restore, self._restore_to = self._restore_to, ""
            if current == BREAK:
                log_event(log, "auto_break.end", status=restore)
                self._session.start_status_change(restore)
