"""The request queue (MW-31, MW-32): calls waiting in the group queues the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from app.state.callbacks import CallbacksStore


@dataclass(frozen=True, slots=True)
class QueueEntry:
    call_id: int
    caller: str
    """The caller's number, or «Номер скрыт»."""
    queue: str
    waiting_since: datetime
    offered_to_me: bool = False


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    calls: tuple[QueueEntry, ...] = ()
    loaded: bool = False


class QueueStore(QObject):
    queue_changed = Signal(object)
    intercept_requested = Signal(int)
    """«Перехватить» (MW-33) on a waiting call: the contact-center service asks the server."""
    hangup_requested = Signal(int)
    """«Повесить трубку» on a waiting call."""
    transfer_requested = Signal(int, str)
    """«Перевести» on a waiting call: call id and target (``employee:<id>``, ``group:<id>`` or a number)."""
    action_failed = Signal(object)
    """The server refused one of the above (a ``ClientError``); the queue panel says why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = QueueSnapshot()
        self.callbacks = CallbacksStore(self)
        """The «Заказы обратного звонка» tab (MW-35)."""

    @property
    def snapshot(self) -> QueueSnapshot:
        return self._snapshot

    def set(self, snapshot: QueueSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.queue_changed.emit(snapshot)
        return True

    def request_intercept(self, call_id: int) -> None:
        self.intercept_requested.emit(call_id)

    def request_hangup(self, call_id: int) -> None:
        self.hangup_requested.emit(call_id)

    def request_transfer(self, call_id: int, target: str) -> None:
        self.transfer_requested.emit(call_id, target)
