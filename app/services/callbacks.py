"""Callback orders (MW-35): the tab's list, «Позвонить», and the order's end by the call's outcome.

«Позвонить» claims the order on the server (the lock: everyone else sees who holds it and cannot press),
then dials the number through the softphone like the number field does. The outgoing call that appears
next is the order's attempt: a conversation completes the order (``done``, it leaves the list); a call
that ends unanswered, or a number the softphone refuses, releases it for the next attempt (``release``).
Every change reaches all clients as ``callback.changed``, after which the list is fetched again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, SignalInstance

from app.services.errors import ClientError, ConflictError
from app.services.logs import event as log_event
from app.state.callbacks import CallbackFailure, CallbackOrderEntry, CallbackSnapshot, CallbacksStore
from app.state.calls import CallPhase, CallsSnapshot, CallsStore

if TYPE_CHECKING:
    from app.protocol.events import Event
    from app.services.api import ApiClient

log = logging.getLogger(__name__)

EXPIRY = timedelta(days=14)
"""An order not handled within 14 days leaves the queue (MW-35); the server stops listing it, silently."""


@dataclass(slots=True)
class _Attempt:
    order_id: int
    known: frozenset[str]
    """Calls in the store before the dial: the attempt is the first outgoing call not among them."""
    dialled: bool = False
    """False while the claim is on its way."""
    key: str = ""
    connected: bool = False


class CallbackOrders(QObject):
    def __init__(
        self,
        *,
        store: CallbacksStore,
        calls: CallsStore,
        dial: Callable[[str], bool],
        dial_failed: SignalInstance | None = None,
        me: Callable[[], int | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._calls = calls
        self._dial = dial
        self._me = me
        self._api: Callable[[], ApiClient | None] = lambda: None
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] = lambda coro: coro.close()
        self._names: dict[int, str] = {}
        self._groups: dict[int, str] = {}
        self._attempt: _Attempt | None = None
        self._fetches = 0
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.refresh)
        store.call_requested.connect(self.call)
        calls.calls_changed.connect(self._on_calls_changed)
        if dial_failed is not None:
            dial_failed.connect(self._on_dial_failed)

    def bind(
        self, *, api: Callable[[], ApiClient | None], spawn: Callable[[Coroutine[Any, Any, None]], object]
    ) -> None:
        self._api = api
        self._spawn = spawn

    @property
    def calling(self) -> int | None:
        """The order this user is calling back now, if any."""
        return None if self._attempt is None else self._attempt.order_id

    def apply(self, event: Event) -> bool:
        from app.protocol.calls import CALLBACK_CHANGED

        if event.type != CALLBACK_CHANGED:
            return False
        self.refresh()
        return True

    def _run(self, name: str, job: Callable[[ApiClient], Coroutine[Any, Any, None]]) -> None:
        api = self._api()
        if api is None:
            return

        async def run() -> None:
            try:
                await job(api)
            except ClientError as exc:
                log_event(log, "callbacks.failed", action=name, error=type(exc).__name__)

        self._spawn(run())

    def refresh(self) -> None:
        # Events can come in a burst (claimed, then released): fetches overlap, and one that also has to
        # look up a holder's name answers later than the fetch after it. Only the newest fetch is shown.
        self._fetches += 1
        fetch = self._fetches

        async def job(api: ApiClient) -> None:
            answer = await api.callbacks()
            holders = {o.locked_by for o in answer.items if o.locked_by is not None}
            if holders - self._names.keys():
                colleagues = await api.colleagues()
                self._names.update({c.employee_id: c.full_name for c in colleagues.items})
            groups = {o.group_id for o in answer.items if o.group_id is not None}
            if groups - self._groups.keys():
                self._groups.update({g.id: g.name for g in (await api.groups()).items})
            if fetch != self._fetches:
                return  # a newer fetch started meanwhile; its answer is the current one
            me = self._me()
            orders = tuple(
                CallbackOrderEntry(
                    id=o.id,
                    phone=o.phone,
                    comment=o.widget,
                    group="" if o.group_id is None else self._groups.get(o.group_id, f"#{o.group_id}"),
                    created_at=o.created_at,
                    attempts=o.attempts,
                    holder_id=o.locked_by,
                    holder=self._holder(o.locked_by),
                    mine=me is not None and o.locked_by == me,
                )
                for o in answer.items
            )
            self._store.set(CallbackSnapshot(orders=orders, loaded=True, calling=self.calling))
            self._watch_expiry(orders)

        self._run("list", job)

    def _watch_expiry(self, orders: tuple[CallbackOrderEntry, ...]) -> None:
        """Fetch the list again when the oldest order expires: no event tells of that."""
        self._expiry.stop()
        if not orders:
            return
        due = min(o.created_at for o in orders) + EXPIRY - datetime.now(UTC)
        self._expiry.start(max(1000, min(int(due / timedelta(milliseconds=1)) + 1000, 2**31 - 1)))

    def _set_attempt(self, attempt: _Attempt | None) -> None:
        self._attempt = attempt
        calling = None if attempt is None else attempt.order_id
        self._store.set(replace(self._store.snapshot, calling=calling))

    def reset(self) -> None:
        """Signed out: the list and any attempt are forgotten (a lock left on the server is this user's
        to call again after the next sign-in)."""
        self._attempt = None
        self._expiry.stop()
        self._store.set(CallbackSnapshot())

    def _holder(self, employee_id: int | None) -> str:
        if employee_id is None:
            return ""
        return self._names.get(employee_id, f"#{employee_id}")

    def call(self, order_id: int) -> None:
        """«Позвонить»: claim the order, then dial its number."""
        order = next((o for o in self._store.snapshot.orders if o.id == order_id), None)
        if order is None:
            return
        if self._attempt is not None:
            self._store.action_failed.emit(CallbackFailure(order_id, "busy"))
            return
        api = self._api()
        if api is None:
            return
        # Taken before the request so a second press meanwhile is refused here, not by the server.
        self._set_attempt(_Attempt(order_id, frozenset()))

        async def run() -> None:
            try:
                await api.callback_action(order_id, "claim")
            except ClientError as exc:
                self._set_attempt(None)
                holder = ""
                if isinstance(exc, ConflictError) and exc.body is not None:
                    locked_by = exc.body.detail.get("locked_by")
                    if isinstance(locked_by, int):
                        if locked_by not in self._names:
                            try:
                                colleagues = await api.colleagues()
                                self._names.update({c.employee_id: c.full_name for c in colleagues.items})
                            except ClientError:
                                pass  # the refusal is told without the name
                        holder = self._holder(locked_by)
                log_event(log, "callbacks.claim_refused", order_id=order_id, error=type(exc).__name__)
                self._store.action_failed.emit(CallbackFailure(order_id, "refused", exc, holder))
                self.refresh()
                return
            self._start_dial(order_id, order.phone)

        self._spawn(run())

    def _start_dial(self, order_id: int, phone: str) -> None:
        self._set_attempt(
            _Attempt(order_id, frozenset(c.key for c in self._calls.snapshot.calls), dialled=True)
        )
        log_event(log, "callbacks.dial", order_id=order_id)
        if not self._dial(phone):
            self._finish(connected=False)
            self._store.action_failed.emit(CallbackFailure(order_id, "dial"))

    def _on_dial_failed(self, _key: str) -> None:
        attempt = self._attempt
        if attempt is not None and attempt.dialled and not attempt.key:
            # The softphone refused the call before it began: nobody is calling the number.
            self._finish(connected=False)
            self._store.action_failed.emit(CallbackFailure(attempt.order_id, "dial"))

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        attempt = self._attempt
        if attempt is None or not attempt.dialled:
            return  # no attempt, or the claim is still on its way
        if not attempt.key:
            call = next((c for c in snapshot.calls if c.key not in attempt.known and not c.incoming), None)
            if call is None:
                return
            attempt.key = call.key
        call = snapshot.get(attempt.key)
        if call is not None and call.connected_at is not None:
            attempt.connected = True
        if call is None or call.phase is CallPhase.ENDED:
            self._finish(connected=attempt.connected)

    def _finish(self, *, connected: bool) -> None:
        attempt = self._attempt
        if attempt is None:
            return
        self._set_attempt(None)
        action = "done" if connected else "release"
        log_event(log, "callbacks.finished", order_id=attempt.order_id, outcome=action)

        async def job(api: ApiClient) -> None:
            await api.callback_action(attempt.order_id, action)

        self._run(action, job)
