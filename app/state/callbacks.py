"""Callback orders (MW-35): the «Заказы обратного звонка» tab of the request queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class CallbackOrderEntry:
    id: int
    phone: str
    """The number the client left."""
    comment: str
    """The widget («виджет») the order came through, or the queue call it was left from."""
    group: str
    """The group's name; empty for an order of no group."""
    created_at: datetime
    attempts: int = 0
    holder_id: int | None = None
    """Who pressed «Позвонить» and is calling now; nobody else may press it meanwhile."""
    holder: str = ""
    """The holder's name as colleagues see it."""
    mine: bool = False
    """The holder is the signed-in user."""


@dataclass(frozen=True, slots=True)
class CallbackFailure:
    """Why «Позвонить» did nothing. ``reason``: ``refused`` (the server said no: ``error``, and ``holder``
    when another employee holds the order), ``dial`` (the softphone could not call the number; the order
    is released), ``busy`` (this user is already calling another order back)."""

    order_id: int
    reason: str
    error: object = None
    """A ``ClientError``."""
    holder: str = ""


@dataclass(frozen=True, slots=True)
class CallbackSnapshot:
    orders: tuple[CallbackOrderEntry, ...] = ()
    loaded: bool = False
    calling: int | None = None
    """The order this user is calling back now (from «Позвонить» until the call's outcome is sent)."""

    def may_call(self, order: CallbackOrderEntry) -> bool:
        """«Позвонить» is open: nobody holds the order, or this user does (a client closed during its
        attempt calls again), and this user is not in the middle of another callback."""
        return self.calling is None and (order.holder_id is None or order.mine)


class CallbacksStore(QObject):
    changed = Signal(object)
    call_requested = Signal(int)
    """«Позвонить» on an order: the callbacks service claims it, then dials the number."""
    action_failed = Signal(object)
    """A :class:`CallbackFailure`: the queue panel says why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = CallbackSnapshot()

    @property
    def snapshot(self) -> CallbackSnapshot:
        return self._snapshot

    def set(self, snapshot: CallbackSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.changed.emit(snapshot)
        return True

    def request_call(self, order_id: int) -> None:
        self.call_requested.emit(order_id)
