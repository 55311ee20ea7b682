"""The ACD's core: plumbing (one lock, one transaction, events in a batch, switch orders after commit),
distribution (offers), and the end of a call with post-call work (TP-34).

Every operation holds one lock, decides from memory (:mod:`acd_state`, :mod:`acd_index`), writes the facts
and their events in one transaction, then updates memory and only then orders the switch. A transaction
that fails leaves memory as it was. The lock is always taken before a database transaction, never inside
one, so it cannot deadlock with writers elsewhere.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.protocol.calls import (
    CALL_OFFER_WITHDRAWN,
    CALL_OFFERED,
    CALL_STATE,
    QUEUE_CHANGED,
    WRAPUP_ENDED,
    WRAPUP_STARTED,
    CallState,
    CallStateData,
    OfferedData,
    OfferResult,
    OfferWithdrawnData,
    WrapupData,
)
from app.protocol.status import BuiltinStatus
from app.server.core.clock import Clock
from app.server.core.db import Database
from app.server.core.logging import log_event
from app.server.events import outbox
from app.server.models import (
    Call,
    CallGroup,
    CallLeg,
    Employee,
    Hold,
    Offer,
    PostCallWork,
)
from app.server.services import acd_signals, missed, statuses
from app.server.services.acd_state import (
    AcdState,
    LiveCall,
    LiveOffer,
    Wrapup,
    load,
)
from app.server.services.policy import PERSONAL
from app.server.services.switch_port import SwitchPort

QUEUE_PERMISSION = "calls.group_queue"
"""A2.1 «Управлять звонками или обращениями в очереди на группу операторов»: seeing and intercepting."""
ROUTED_PERMISSION = "calls.group_routed"
OTHERS_PERMISSION = "calls.monitor"
"""Acting on someone else's call (hang up, transfer, hold): MW-33 gives it to supervisors for their groups
and to administrators, which is exactly the shape of A2.1 «Подключаться, суфлировать, прослушивать»."""
CLAIM_GRACE = timedelta(seconds=15)
"""How long an offer the operator answered over the api waits for their media leg."""
_OFFERS = cast(Table, Offer.__table__)
_CALLS = cast(Table, Call.__table__)
_INSERT_OFFER = insert(_OFFERS).returning(_OFFERS.c.id)
_SET_CALL_STATE = update(_CALLS).where(_CALLS.c.id == bindparam("cid")).values(state=bindparam("new_state"))

SwitchOrder = Callable[[SwitchPort], None]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AcdCore:
    def __init__(
        self, *, db: Database, clock: Clock, retention: outbox.Retention, switch: SwitchPort
    ) -> None:
        self._db = db
        self._clock = clock
        self._retention = retention
        self.switch = switch
        self._lock = threading.RLock()
        self.state = AcdState()
        self._orders: list[SwitchOrder] = []
        self._events: dict[int, list[outbox.PendingEvent]] = {}

    # --- plumbing ------------------------------------------------------------------------------------

    def load(self) -> None:
        """Rebuild memory from the database (start, or after a failure)."""
        with self._lock, self._db.reading() as session:
            self.state = load(session)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """A write transaction whose ``_emit`` events are written together at its end."""
        self._events = {}
        try:
            with self._db.transaction() as session:
                yield session
                now = self._clock()
                for tenant_id, events in self._events.items():
                    outbox.append_many(
                        session, tenant_id=tenant_id, events=events, at=now, retention=self._retention
                    )
                acd_signals.take(session)  # our own status changes are applied to memory by us
        finally:
            self._events = {}

    def _emit(
        self,
        session: Session,
        tenant_id: int,
        type_: str,
        data: dict[str, Any],
        permission: str,
        subject: int | None,
    ) -> None:
        del session  # written by ``_tx`` when the transaction's work is done
        self._events.setdefault(tenant_id, []).append(outbox.PendingEvent(type_, data, permission, subject))

    def _flush_orders(self) -> None:
        orders, self._orders = self._orders, []
        for order in orders:
            try:
                order(self.switch)
            except Exception as exc:  # the switch is another process; its failure must not undo facts
                log_event("acd.switch_order_failed", error=repr(exc))

    def _order(self, order: SwitchOrder) -> None:
        self._orders.append(order)

    def _call_state(
        self,
        session: Session,
        call: LiveCall,
        state: CallState,
        reason: str | None = None,
        *,
        announce: bool = True,
    ) -> None:
        """Persist a state change; ``announce=False`` for moves inside the queue (offering and back), which
        ``queue.changed`` already carries, so an offer costs one event fewer on the hot path."""
        call.state = state.value
        session.execute(update(Call).where(Call.id == call.id).values(state=state.value))
        if not announce:
            return
        data = CallStateData(
            call_id=call.id, state=state, operator_id=call.operator_id, group_id=call.group_id, reason=reason
        )
        self._emit(
            session,
            call.tenant_id,
            CALL_STATE,
            data.model_dump(mode="json"),
            ROUTED_PERMISSION,
            call.operator_id,
        )

    def _queue_changed(self, session: Session, call: LiveCall) -> None:
        data = {"call_id": call.id, "group_id": call.group_id, "state": call.state}
        self._emit(session, call.tenant_id, QUEUE_CHANGED, data, QUEUE_PERMISSION, None)

    # --- distribution --------------------------------------------------------------------------------

    def dispatch_all(self) -> None:
        with self._lock:
            self._dispatch(list(self.state.queues))
            self._flush_orders()

    def _dispatch(self, groups: Iterable[int]) -> None:
        for group_id in sorted(set(groups)):
            queue = self.state.queues.get(group_id)
            if not queue:
                continue
            rules = self.state.rules_for(group_id)
            for call in list(queue):
                if not self.state.index.free.get(group_id):
                    break
                if call.offers or call.state != CallState.QUEUED.value:
                    continue
                picked = self.state.index.pick(group_id, rules.algorithm, call.excluded)
                if not picked and call.excluded:
                    call.excluded.clear()  # everyone had a go: hunt again from the start
                    picked = self.state.index.pick(group_id, rules.algorithm)
                if not picked:
                    break
                self._offer(call, picked, "group", rules.ring_timeout_seconds)

    def _offer(self, call: LiveCall, employees: list[int], kind: str, ring_seconds: int) -> list[LiveOffer]:
        now = self._clock()
        expires = now + timedelta(seconds=ring_seconds)
        made: list[tuple[LiveOffer, str]] = []
        worker_uri = self.switch.worker_uri(call.ref)
        with self._tx() as session:
            for employee_id in employees:
                token = secrets.token_urlsafe(32)
                digest = token_hash(token)
                # Core statements on the hot path: the ORM's unit of work (add + flush) and its
                # session synchronisation cost more than the SQL itself; this fresh session holds no
                # Offer or Call object that could go stale.
                values = {
                    "tenant_id": call.tenant_id,
                    "call_id": call.id,
                    "employee_id": employee_id,
                    "token_hash": digest,
                    "kind": kind,
                    "created_at": now,
                    "expires_at": expires,
                }
                offer_id = session.execute(_INSERT_OFFER, values).scalar_one()
                data = OfferedData(
                    offer_id=offer_id,
                    call_id=call.id,
                    caller=call.caller,
                    queue=call.queue_label,
                    group_id=call.group_id,
                    waiting_seconds=(now - call.queued_at).total_seconds() if call.queued_at else 0.0,
                    worker_uri=worker_uri,
                    token=token,
                    expires_at=expires,
                    kind=kind,
                )
                self._emit(
                    session, call.tenant_id, CALL_OFFERED, data.model_dump(mode="json"), PERSONAL, employee_id
                )
                made.append((LiveOffer(offer_id, call.id, employee_id, expires, kind, digest), token))
            if call.state != CallState.TRANSFERRING.value:
                call.state = CallState.OFFERING.value
                session.execute(_SET_CALL_STATE, {"cid": call.id, "new_state": call.state})
            self._queue_changed(session, call)
        for offer, token in made:
            self.state.offers[offer.id] = offer
            self.state.by_token[offer.token_hash] = offer.id
            call.offers.add(offer.id)
            op = self.state.index.operators.get(offer.employee_id)
            if op is not None:
                op.ringing.add(offer.id)
                self.state.index.touch(offer.employee_id)
            self._order(self._offer_ready_order(call.ref, offer.employee_id, token))
        return [o for o, _ in made]

    @staticmethod
    def _offer_ready_order(ref: str, employee_id: int, token: str) -> SwitchOrder:
        return lambda s: s.offer_ready(ref, employee_id, token)

    def _resolve_offer(self, session: Session, offer: LiveOffer, result: OfferResult, now: datetime) -> None:
        session.execute(
            update(Offer).where(Offer.id == offer.id).values(result=result.value, resolved_at=now)
        )
        call = self.state.calls.get(offer.call_id)
        self.state.offers.pop(offer.id, None)
        self.state.by_token.pop(offer.token_hash, None)
        if call is not None:
            call.offers.discard(offer.id)
        op = self.state.index.operators.get(offer.employee_id)
        if op is not None:
            op.ringing.discard(offer.id)
            self.state.index.touch(offer.employee_id)
        if result is not OfferResult.ANSWERED:
            tenant = call.tenant_id if call is not None else 0
            data = OfferWithdrawnData(offer_id=offer.id, call_id=offer.call_id, reason=result)
            self._emit(
                session,
                tenant,
                CALL_OFFER_WITHDRAWN,
                data.model_dump(mode="json"),
                PERSONAL,
                offer.employee_id,
            )
            if call is not None:
                ref, digest = call.ref, offer.token_hash
                self._order(lambda s: s.offer_cancelled(ref, digest))

    def _requeue_if_idle(self, session: Session, call: LiveCall) -> None:
        if call.offers or call.state not in (CallState.OFFERING.value, CallState.TRANSFERRING.value):
            return
        self._call_state(session, call, CallState.QUEUED, announce=False)
        self._queue_changed(session, call)
        self.state.enqueue(call)

    # --- the end of a call ---------------------------------------------------------------------------

    def _abandon(self, session: Session, call: LiveCall, now: datetime) -> None:
        """The customer left before anyone answered: it is missed by whom it was addressed to."""
        row = session.get(Call, call.id)
        assert row is not None
        for offer in [self.state.offers[o] for o in sorted(call.offers)]:
            self._resolve_offer(session, offer, OfferResult.CALLER_GONE, now)
        if row.personal_target_id is not None:
            missed.record(
                session,
                row,
                kind="personal",
                employee_id=row.personal_target_id,
                now=now,
                retention=self._retention,
            )
        elif call.state == CallState.IVR.value:
            missed.record(session, row, kind="ivr", now=now, retention=self._retention)
        else:
            missed.record(
                session,
                row,
                kind="group",
                group_ids=self._call_groups(session, call.id),
                now=now,
                retention=self._retention,
            )
        row.ended_at = now
        row.end_reason = "abandoned"
        self._call_state(session, call, CallState.ENDED, reason="abandoned")
        self._queue_changed(session, call)
        self.state.forget_call(call)

    def _call_groups(self, session: Session, call_id: int) -> list[int]:
        return sorted(
            session.execute(select(CallGroup.group_id).where(CallGroup.call_id == call_id)).scalars()
        )

    def _close_legs(self, session: Session, call: LiveCall, now: datetime, reason: str) -> None:
        session.execute(
            update(CallLeg)
            .where(CallLeg.call_id == call.id, CallLeg.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        )
        session.execute(
            update(Hold).where(Hold.call_id == call.id, Hold.ended_at.is_(None)).values(ended_at=now)
        )

    def _release_operator(self, call: LiveCall) -> None:
        if call.operator_id is None:
            return
        op = self.state.index.operators.get(call.operator_id)
        if op is not None and op.call_id == call.id:
            op.call_id = None
            self.state.index.touch(op.employee_id)

    def _end_conversation(self, session: Session, call: LiveCall, now: datetime, *, reason: str) -> None:
        """The conversation is over: the operator leaves the call and starts post-call work (TP-34)."""
        self._close_legs(session, call, now, reason)
        operator = call.operator_id
        self._release_operator(call)
        row = session.get(Call, call.id)
        assert row is not None
        row.ended_at = now
        row.end_reason = reason
        if operator is not None and self._start_wrapup(session, operator, call, now):
            self._call_state(session, call, CallState.WRAPUP, reason=reason)
            self.state.forget_call(call)
            self.state.calls[call.id] = call  # kept until the post-call work ends
            return
        self._call_state(session, call, CallState.ENDED, reason=reason)
        self.state.forget_call(call)
        self._idle(operator, now)

    def _idle(self, employee_id: int | None, now: datetime) -> None:
        op = self.state.index.operators.get(employee_id) if employee_id is not None else None
        if op is not None:
            op.idle_since = now
            self.state.index.touch(op.employee_id)

    def _wrapup_rule(self, employee_id: int) -> tuple[int, str | None]:
        """TP-34: the longest time among the operator's groups wins (with that group's status)."""
        op = self.state.index.operators.get(employee_id)
        best: tuple[int, str | None] = (0, None)
        for group_id in sorted(op.groups if op else ()):
            rules = self.state.rules_for(group_id)
            if rules.wrapup_seconds > best[0]:
                best = (rules.wrapup_seconds, rules.wrapup_status)
        return best

    def _start_wrapup(
        self,
        session: Session,
        employee_id: int,
        call: LiveCall | None,
        now: datetime,
        *,
        outbound_id: int = 0,
    ) -> bool:
        """Post-call work after ``call``, or after the operator's connected outbound call ``outbound_id``
        (TP-34; its events and memory name it by the negated id, as the call history does)."""
        call_key = call.id if call is not None else -outbound_id
        seconds, status = self._wrapup_rule(employee_id)
        employee = session.get(Employee, employee_id)
        if seconds <= 0 or employee is None or employee.status == BuiltinStatus.OFFLINE.value:
            return False
        if status is not None and statuses.resolve(session, employee.tenant_id, status) is None:
            status = BuiltinStatus.DND.value  # TP-34: a deleted custom status falls back to «Не беспокоить»
        previous = employee.status
        due = now + timedelta(seconds=seconds)
        work = PostCallWork(
            tenant_id=employee.tenant_id,
            employee_id=employee_id,
            call_id=call.id if call is not None else None,
            outbound_call_id=outbound_id or None,
            started_at=now,
            due_at=due,
            status=status,
            previous_status=previous,
        )
        session.add(work)
        session.flush()
        if status is not None:
            statuses.set_status(session, employee, status, now=now, retention=self._retention)
        data = WrapupData(employee_id=employee_id, call_id=call_key, due_at=due, status=status)
        self._emit(
            session,
            employee.tenant_id,
            WRAPUP_STARTED,
            data.model_dump(mode="json"),
            statuses.VIEW_STATUS_PERMISSION,
            employee_id,
        )
        self.state.wrapups[employee_id] = Wrapup(work.id, call_key, due, status, previous)
        op = self.state.index.operators.get(employee_id)
        if op is not None:
            op.in_wrapup = True
            op.status = employee.status
            self.state.index.touch(employee_id)
        return True

    def _end_wrapup(self, session: Session, employee_id: int, now: datetime, *, reason: str) -> None:
        work = self.state.wrapups.pop(employee_id, None)
        if work is None:
            return
        session.execute(
            update(PostCallWork).where(PostCallWork.id == work.id).values(ended_at=now, end_reason=reason)
        )
        employee = session.get(Employee, employee_id)
        if (
            employee is not None
            and reason != "logout"
            and work.status is not None
            and employee.status == work.status
        ):
            statuses.set_status(
                session,
                employee,
                work.previous_status or BuiltinStatus.ONLINE.value,
                now=now,
                retention=self._retention,
            )
        if (
            employee is not None
            and reason == "logout"
            and work.status
            and employee.last_status == work.status
        ):
            # «Не изменять» at the next login restores the status held before the post-call work.
            employee.last_status = work.previous_status
        call = self.state.calls.get(work.call_id)
        if call is not None and call.state == CallState.WRAPUP.value:
            self._call_state(session, call, CallState.ENDED, reason=None)
            self.state.calls.pop(call.id, None)
        if employee is not None:
            data = WrapupData(
                employee_id=employee_id,
                call_id=work.call_id,
                due_at=work.due_at,
                status=work.status,
                reason=reason,
            )
            self._emit(
                session,
                employee.tenant_id,
                WRAPUP_ENDED,
                data.model_dump(mode="json"),
                statuses.VIEW_STATUS_PERMISSION,
                employee_id,
            )
        op = self.state.index.operators.get(employee_id)
        if op is not None:
            op.in_wrapup = False
            if employee is not None:
                op.status = employee.status
        self._idle(employee_id, now)

    def _after_change(self, call: LiveCall) -> None:
        groups = {call.group_id} if call.group_id is not None else set()
        self._dispatch(groups | self._groups_of([o for o in [call.operator_id] if o is not None]))

    def _groups_of(self, employee_ids: Iterable[int]) -> set[int]:
        ops = self.state.index.operators
        return {g for e in employee_ids if e in ops for g in ops[e].groups}

    def _by_ref(self, ref: str) -> LiveCall | None:
        call_id = self.state.by_ref.get(ref)
        return self.state.calls.get(call_id) if call_id is not None else None
