"""The ACD engine: the domain entry points the media switch calls, the operators' call actions, and the
timers (ring timeout, post-call work, maximum queue wait).

Every operation holds one lock, decides from memory (:mod:`acd_state`, :mod:`acd_index`), writes the facts
and their events in one transaction, then updates memory and only then orders the switch. A transaction
that fails leaves memory as it was. The lock is always taken before a database transaction, never inside
one, so it cannot deadlock with writers elsewhere.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.protocol.calls import (
    CALL_OFFER_WITHDRAWN,
    CALL_OFFERED,
    CALL_STATE,
    HIDDEN_NUMBER,
    QUEUE_CHANGED,
    WRAPUP_ENDED,
    WRAPUP_STARTED,
    Algorithm,
    CallState,
    CallStateData,
    Fallback,
    OfferAnswered,
    OfferedData,
    OfferResult,
    OfferWithdrawnData,
    TransferRequest,
    WrapupData,
)
from app.protocol.status import BuiltinStatus
from app.server.core.clock import Clock
from app.server.core.db import Database
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from app.server.core.logging import log_event
from app.server.events import outbox
from app.server.models import (
    Call,
    CallbackOrder,
    CallGroup,
    CallLeg,
    Employee,
    Group,
    Hold,
    Offer,
    PostCallWork,
    QueueNumber,
    Recording,
    Transfer,
)
from app.server.services import acd_signals, missed, statuses
from app.server.services.acd_index import OperatorState
from app.server.services.acd_state import (
    WAITING,
    AcdState,
    GroupRules,
    LiveCall,
    LiveOffer,
    Wrapup,
    custom_flags,
    load,
    load_operator,
    queue_label,
)
from app.server.services.policy import PERSONAL, Principal, groups_of
from app.server.services.switch_port import SwitchPort

QUEUE_PERMISSION = "calls.group_queue"
"""A2.1 «Управлять звонками или обращениями в очереди на группу операторов»: seeing and intercepting."""
ROUTED_PERMISSION = "calls.group_routed"
OTHERS_PERMISSION = "calls.monitor"
"""Acting on someone else's call (hang up, transfer, hold): MW-33 gives it to supervisors for their groups
and to administrators, which is exactly the shape of A2.1 «Подключаться, суфлировать, прослушивать»."""
CLAIM_GRACE = timedelta(seconds=15)
"""How long an offer the operator answered over the api waits for their media leg."""

SwitchOrder = Callable[[SwitchPort], None]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AcdEngine:
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

    # --- entry points of the switch ------------------------------------------------------------------

    def customer_call_arrived(
        self,
        *,
        tenant_id: int,
        queue_number: str,
        caller_number: str,
        call_id: str,
        number_hidden: bool = False,
    ) -> int:
        """A customer called queue number ``queue_number``; ``call_id`` is the switch's id of their leg.
        Returns our call id. Without a group for the number the caller stays at the IVR stage."""
        with self._lock:
            now = self._clock()
            with self._tx() as session:
                number = session.execute(
                    select(QueueNumber).where(
                        QueueNumber.number == queue_number, QueueNumber.tenant_id == tenant_id
                    )
                ).scalar_one_or_none()
                if number is None:
                    raise NotFoundError("no such queue number", detail={"number": queue_number})
                group_id = number.group_id
                state = CallState.QUEUED if group_id is not None else CallState.IVR
                row = Call(
                    tenant_id=tenant_id,
                    switch_ref=call_id,
                    queue_number_id=number.id,
                    group_id=group_id,
                    caller_number="" if number_hidden else caller_number,
                    number_hidden=number_hidden,
                    state=state.value,
                    arrived_at=now,
                    queued_at=now,
                )
                session.add(row)
                session.flush()
                if group_id is not None:
                    session.add(CallGroup(call_id=row.id, group_id=group_id))
                live = LiveCall(
                    id=row.id,
                    tenant_id=tenant_id,
                    ref=call_id,
                    group_id=group_id,
                    state=state.value,
                    queued_at=now,
                    operator_id=None,
                    caller=HIDDEN_NUMBER if number_hidden else caller_number,
                    queue_label=queue_label(number),
                )
                self._queue_changed(session, live)
            self.state.calls[live.id] = live
            self.state.by_ref[call_id] = live.id
            self.state.enqueue(live)
            if group_id is not None:
                self._dispatch([group_id])
            self._flush_orders()
            return live.id

    def customer_hung_up(self, call_id: str) -> None:
        """The customer's leg ended (they hung up, or the switch lost it)."""
        with self._lock:
            call = self._by_ref(call_id)
            if call is None:
                return
            now = self._clock()
            with self._tx() as session:
                if call.state in (CallState.TALKING.value, CallState.HELD.value):
                    self._end_conversation(session, call, now, reason="caller_hung_up")
                elif call.state in (*WAITING, CallState.TRANSFERRING.value, CallState.IVR.value):
                    self._abandon(session, call, now)
            self._after_change(call)
            self._flush_orders()

    def operator_leg_answered(self, token: str) -> bool:
        """An operator leg presented ``token``: True means bridge it. Forged, replayed and expired tokens
        are refused and logged."""
        with self._lock:
            digest = token_hash(token)
            now = self._clock()
            offer_id = self.state.by_token.get(digest)
            offer = self.state.offers.get(offer_id) if offer_id is not None else None
            if offer is None:
                with self._db.reading() as session:
                    row = session.execute(
                        select(Offer).where(Offer.token_hash == digest)
                    ).scalar_one_or_none()
                reason = (
                    "forged"
                    if row is None
                    else ("replayed" if row.result == OfferResult.ANSWERED else "stale")
                )
                log_event(
                    "acd.offer_token_refused",
                    reason=reason,
                    offer_id=None if row is None else row.id,
                    token_prefix=digest[:12],
                )
                return False
            if offer.expires_at <= now:
                log_event(
                    "acd.offer_token_refused", reason="expired", offer_id=offer.id, token_prefix=digest[:12]
                )
                self._expire([offer])
                self._flush_orders()
                return False
            call = self.state.calls[offer.call_id]
            with self._tx() as session:
                self._resolve_offer(session, offer, OfferResult.ANSWERED, now)
                for other in [self.state.offers[o] for o in sorted(call.offers) if o != offer.id]:
                    self._resolve_offer(session, other, OfferResult.WITHDRAWN, now)
                call.operator_id = offer.employee_id
                answered = session.get(Call, call.id)
                assert answered is not None
                answered.operator_id = offer.employee_id
                answered.personal_target_id = None
                if answered.answered_at is None:
                    answered.answered_at = now
                session.add(
                    CallLeg(call_id=call.id, employee_id=offer.employee_id, offer_id=offer.id, started_at=now)
                )
                self._call_state(session, call, CallState.TALKING)
                self._queue_changed(session, call)
                if not answered.number_hidden:
                    missed.resolve_number(
                        session,
                        call.tenant_id,
                        answered.caller_number,
                        reason="answered",
                        by=offer.employee_id,
                        now=now,
                        retention=self._retention,
                    )
            self.state.dequeue(call)
            call.out_of_turn = False
            call.excluded.clear()
            op = self.state.index.operators.get(offer.employee_id)
            if op is not None:
                op.call_id = call.id
                self.state.index.touch(op.employee_id)
            employee = offer.employee_id
            self._order(lambda s: s.bridge(call.ref, employee))
            self._flush_orders()
            return True

    def leg_failed(self, call_id: str, operator_id: int, reason: str) -> None:
        """The operator's media leg of a call failed (network, client crash). A conversation in progress
        ends for the operator and the customer goes back to the front of the queue."""
        with self._lock:
            call = self._by_ref(call_id)
            if call is None:
                return
            now = self._clock()
            if call.operator_id == operator_id and call.state in (
                CallState.TALKING.value,
                CallState.HELD.value,
            ):
                with self._tx() as session:
                    self._close_legs(session, call, now, f"failed:{reason}")
                    self._release_operator(call)
                    call.operator_id = None
                    session.execute(update(Call).where(Call.id == call.id).values(operator_id=None))
                    call.out_of_turn = True
                    self._call_state(session, call, CallState.QUEUED, reason="leg_failed")
                    self._queue_changed(session, call)
                self.state.enqueue(call)
            else:
                ringing = [
                    o for o in map(self.state.offers.get, call.offers) if o and o.employee_id == operator_id
                ]
                if ringing:
                    with self._tx() as session:
                        for offer in ringing:
                            self._resolve_offer(session, offer, OfferResult.OPERATOR_VANISHED, now)
                            call.excluded.add(offer.employee_id)
                        self._requeue_if_idle(session, call)
            self._after_change(call)
            self._flush_orders()

    def recording_saved(self, recording_id: int, path: str) -> None:
        with self._lock, self._tx() as session:
            session.execute(
                update(Recording)
                .where(Recording.id == recording_id)
                .values(path=path, ended_at=self._clock())
            )

    def outbound_call_started(self, *, tenant_id: int, employee_id: int, number: str) -> None:
        """MW-30: a call to the number started (any way): its missed calls leave every list."""
        with self._lock, self._tx() as session:
            missed.resolve_number(
                session,
                tenant_id,
                number,
                reason="called_back",
                by=employee_id,
                now=self._clock(),
                retention=self._retention,
            )

    # --- changes made elsewhere ----------------------------------------------------------------------

    def operators_changed(
        self,
        employee_ids: Iterable[int],
        tenant_ids: Iterable[int] = (),
        new_statuses: Mapping[int, str] | None = None,
    ) -> None:
        """Apply changes committed elsewhere: new statuses (from memory alone) and operators whose groups,
        settings or status flags changed (reloaded from the database)."""
        with self._lock:
            ids = set(employee_ids)
            tenants = set(tenant_ids)
            loaded: dict[int, OperatorState | None] = {}
            for employee_id, status in (new_statuses or {}).items():
                known = self.state.index.operators.get(employee_id)
                if known is None or employee_id in ids:
                    ids.add(employee_id)
                    continue
                moved = replace(known, ringing=known.ringing, status=status)
                if status != known.status:
                    moved.idle_since = self._clock()
                loaded[employee_id] = moved
            if ids or tenants:
                with self._db.reading() as session:
                    for tenant_id in tenants:
                        self.state.index.set_custom_flags(tenant_id, custom_flags(session, tenant_id))
                        ids.update(
                            session.execute(
                                select(Employee.id).where(Employee.tenant_id == tenant_id)
                            ).scalars()
                        )
                    rows = session.execute(select(Employee).where(Employee.id.in_(ids))).scalars()
                    fresh = {e.id: e for e in rows}
                    for employee_id in ids:
                        row = fresh.get(employee_id)
                        loaded[employee_id] = (
                            None if row is None else load_operator(session, row, row.status_since)
                        )
            groups: set[int] = set()
            vanished: list[LiveOffer] = []
            logged_out: list[int] = []
            for employee_id, new in loaded.items():
                old = self.state.index.operators.get(employee_id)
                if new is None:
                    self.state.index.drop(employee_id)
                    continue
                if old is not None:
                    new.call_id, new.ringing, new.in_wrapup = old.call_id, old.ringing, old.in_wrapup
                    if old.status == new.status:
                        new.idle_since = old.idle_since
                self.state.index.put(new)
                groups.update(new.groups)
                if new.status == BuiltinStatus.OFFLINE.value:
                    vanished.extend(self.state.offers[o] for o in sorted(new.ringing))
                    if new.in_wrapup:
                        logged_out.append(employee_id)
            if vanished or logged_out:
                now = self._clock()
                with self._tx() as session:
                    for offer in vanished:
                        call = self.state.calls[offer.call_id]
                        self._resolve_offer(session, offer, OfferResult.OPERATOR_VANISHED, now)
                        call.excluded.add(offer.employee_id)
                        self._requeue_if_idle(session, call)
                    for employee_id in logged_out:
                        self._end_wrapup(session, employee_id, now, reason="logout")
            self._dispatch(groups)
            self._flush_orders()

    def rules_changed(self, group_id: int) -> None:
        from app.server.models import DistributionSettings

        with self._lock:
            with self._db.reading() as session:
                row = session.get(DistributionSettings, group_id)
                members = list(
                    session.execute(
                        select(Employee.id)
                        .join(Group, Group.tenant_id == Employee.tenant_id)
                        .where(Group.id == group_id)
                    ).scalars()
                )
            self.state.rules[group_id] = GroupRules.of(row)
        self.operators_changed(members)

    # --- timers --------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Apply every deadline that has passed: ring timeouts, post-call work, maximum queue waits."""
        with self._lock:
            now = self._clock()
            due = [o for o in self.state.offers.values() if o.expires_at <= now]
            if due:
                self._expire(due)
            finished = [e for e, w in self.state.wrapups.items() if w.due_at <= now]
            if finished:
                with self._tx() as session:
                    for employee_id in finished:
                        self._end_wrapup(session, employee_id, now, reason="timer")
                self._dispatch(self._groups_of(finished))
            overdue = [
                c
                for queue in self.state.queues.values()
                for c in queue
                if not c.offers
                and c.queued_at is not None
                and c.state == CallState.QUEUED.value
                and c.queued_at + timedelta(seconds=self.state.rules_for(c.group_id).max_wait_seconds) <= now
            ]
            for call in overdue:
                self._fallback(call, now)
            self._flush_orders()

    def _expire(self, offers: list[LiveOffer]) -> None:
        now = self._clock()
        touched: list[LiveCall] = []
        with self._tx() as session:
            for offer in offers:
                call = self.state.calls[offer.call_id]
                self._resolve_offer(session, offer, OfferResult.TIMEOUT, now)
                if offer.kind == "group":
                    call.excluded.add(offer.employee_id)
                elif offer.kind == "transfer":
                    session.execute(update(Call).where(Call.id == call.id).values(personal_target_id=None))
                    session.execute(
                        update(Transfer)
                        .where(Transfer.call_id == call.id, Transfer.result.is_(None))
                        .values(result="no_answer")
                    )
                    call.out_of_turn = True
                self._requeue_if_idle(session, call)
                touched.append(call)
        self._dispatch({c.group_id for c in touched if c.group_id is not None})

    def _fallback(self, call: LiveCall, now: datetime) -> None:
        rules = self.state.rules_for(call.group_id)
        fallback = rules.fallback
        with self._tx() as session:
            row = session.get(Call, call.id)
            assert row is not None
            if fallback is Fallback.CALLBACK and row.number_hidden:
                fallback = Fallback.MISSED
            if fallback is Fallback.CALLBACK:
                order = CallbackOrder(
                    tenant_id=call.tenant_id,
                    group_id=call.group_id,
                    widget="",
                    mode="manual",
                    phone=row.caller_number,
                    call_id=call.id,
                    created_at=now,
                )
                session.add(order)
                session.flush()
                from app.server.services import callbacks

                callbacks.announce(session, order, now, self._retention)
            elif fallback is Fallback.MISSED:
                missed.record(
                    session,
                    row,
                    kind="group",
                    now=now,
                    retention=self._retention,
                    group_ids=self._call_groups(session, call.id),
                )
            row.ended_at = now
            row.end_reason = f"max_wait:{fallback.value}"
            self._call_state(session, call, CallState.ENDED, reason=row.end_reason)
            self._queue_changed(session, call)
        self.state.forget_call(call)
        if fallback is Fallback.VOICEMAIL:
            self._order(lambda s: s.to_voicemail(call.ref))
        else:
            self._order(lambda s: s.hangup(call.ref, "max_wait"))

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
                row = Offer(
                    tenant_id=call.tenant_id,
                    call_id=call.id,
                    employee_id=employee_id,
                    token_hash=digest,
                    kind=kind,
                    created_at=now,
                    expires_at=expires,
                )
                session.add(row)
                session.flush()
                data = OfferedData(
                    offer_id=row.id,
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
                made.append((LiveOffer(row.id, call.id, employee_id, expires, kind, digest), token))
            if call.state != CallState.TRANSFERRING.value:
                self._call_state(session, call, CallState.OFFERING, announce=False)
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

    def _start_wrapup(self, session: Session, employee_id: int, call: LiveCall, now: datetime) -> bool:
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
            call_id=call.id,
            started_at=now,
            due_at=due,
            status=status,
            previous_status=previous,
        )
        session.add(work)
        session.flush()
        if status is not None:
            statuses.set_status(session, employee, status, now=now, retention=self._retention)
        data = WrapupData(employee_id=employee_id, call_id=call.id, due_at=due, status=status)
        self._emit(
            session,
            employee.tenant_id,
            WRAPUP_STARTED,
            data.model_dump(mode="json"),
            statuses.VIEW_STATUS_PERMISSION,
            employee_id,
        )
        self.state.wrapups[employee_id] = Wrapup(work.id, call.id, due, status, previous)
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

    # --- operator actions (over the api) -------------------------------------------------------------

    def _my_offer(self, principal: Principal, offer_id: int) -> LiveOffer:
        offer = self.state.offers.get(offer_id)
        if offer is None or offer.employee_id != principal.employee_id:
            raise NotFoundError("no such offer ringing at you")
        return offer

    def answer_offer(self, principal: Principal, offer_id: int) -> OfferAnswered:
        """The operator pressed «Ответить»: others stop ringing; their softphone now calls the worker."""
        with self._lock:
            offer = self._my_offer(principal, offer_id)
            call = self.state.calls[offer.call_id]
            now = self._clock()
            with self._tx() as session:
                for other in [self.state.offers[o] for o in sorted(call.offers) if o != offer.id]:
                    self._resolve_offer(session, other, OfferResult.WITHDRAWN, now)
                offer.expires_at = max(offer.expires_at, now + CLAIM_GRACE)
                session.execute(update(Offer).where(Offer.id == offer.id).values(expires_at=offer.expires_at))
            self._flush_orders()
            return OfferAnswered(
                offer_id=offer.id, call_id=call.id, worker_uri=self.switch.worker_uri(call.ref)
            )

    def reject_offer(self, principal: Principal, offer_id: int) -> None:
        with self._lock:
            offer = self._my_offer(principal, offer_id)
            call = self.state.calls[offer.call_id]
            with self._tx() as session:
                self._resolve_offer(session, offer, OfferResult.REJECTED, self._clock())
                call.excluded.add(offer.employee_id)
                self._requeue_if_idle(session, call)
            self._after_change(call)
            self._flush_orders()

    def _live_call(self, principal: Principal, call_id: int) -> LiveCall:
        call = self.state.calls.get(call_id)
        if call is None or call.tenant_id != principal.tenant_id:
            raise NotFoundError("no such call in progress")
        return call

    def _require_control(self, session: Session, principal: Principal, call: LiveCall) -> None:
        """Own calls always; someone else's by ``calls.monitor`` on its operator or, waiting, on its group."""
        if call.operator_id == principal.employee_id:
            return
        if call.operator_id is not None:
            if principal.allows_subject(
                OTHERS_PERMISSION, call.operator_id, groups_of(session, call.operator_id)
            ):
                return
        elif principal.allows(OTHERS_PERMISSION):
            groups = principal.groups_in_scope(OTHERS_PERMISSION)
            if groups is None or call.group_id in groups:
                return
        raise ForbiddenError(
            "you cannot act on another employee's call (calls.monitor)",
            detail={"permission": OTHERS_PERMISSION},
        )

    def hangup(self, principal: Principal, call_id: int) -> None:
        with self._lock:
            call = self._live_call(principal, call_id)
            now = self._clock()
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            with self._tx() as session:
                if call.state in (CallState.TALKING.value, CallState.HELD.value):
                    self._end_conversation(session, call, now, reason="operator_hung_up")
                elif call.state in (*WAITING, CallState.TRANSFERRING.value, CallState.IVR.value):
                    for offer in [self.state.offers[o] for o in sorted(call.offers)]:
                        self._resolve_offer(session, offer, OfferResult.WITHDRAWN, now)
                    session.execute(
                        update(Call)
                        .where(Call.id == call.id)
                        .values(ended_at=now, end_reason="hung_up_by_staff")
                    )
                    self._call_state(session, call, CallState.ENDED, reason="hung_up_by_staff")
                    self._queue_changed(session, call)
                    self.state.forget_call(call)
                else:
                    raise ConflictError("the call is already over")
            self._order(lambda s: s.hangup(call.ref, "staff"))
            self._after_change(call)
            self._flush_orders()

    def hold(self, principal: Principal, call_id: int, *, on: bool) -> None:
        with self._lock:
            call = self._live_call(principal, call_id)
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            want_from = CallState.TALKING.value if on else CallState.HELD.value
            if call.state != want_from:
                raise ConflictError("the call is not in conversation" if on else "the call is not on hold")
            now = self._clock()
            with self._tx() as session:
                if on:
                    session.add(
                        Hold(
                            call_id=call.id,
                            employee_id=call.operator_id or principal.employee_id,
                            started_at=now,
                        )
                    )
                    self._call_state(session, call, CallState.HELD)
                else:
                    session.execute(
                        update(Hold)
                        .where(Hold.call_id == call.id, Hold.ended_at.is_(None))
                        .values(ended_at=now)
                    )
                    self._call_state(session, call, CallState.TALKING)
            self._order((lambda s: s.hold(call.ref)) if on else (lambda s: s.resume(call.ref)))
            self._flush_orders()

    def transfer(self, principal: Principal, call_id: int, body: TransferRequest) -> None:
        """Blind transfer of a conversation to an employee (they are offered it) or to a group's queue."""
        if (body.employee_id is None) == (body.group_id is None):
            raise ValidationFailedError(
                "name exactly one target: an employee or a group", field="employee_id"
            )
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in (CallState.TALKING.value, CallState.HELD.value):
                raise ConflictError("only a call in conversation can be transferred")
            now = self._clock()
            with self._db.reading() as check:
                self._require_control(check, principal, call)
                if body.employee_id is not None:
                    target = check.get(Employee, body.employee_id)
                    if target is None or target.tenant_id != call.tenant_id:
                        raise NotFoundError("no such employee")
                    if call.operator_id != principal.employee_id and not principal.allows_subject(
                        OTHERS_PERMISSION, target.id, groups_of(check, target.id)
                    ):
                        raise ForbiddenError(
                            "you may transfer only to operators of your groups",
                            detail={"permission": OTHERS_PERMISSION},
                        )
                    op = self.state.index.operators.get(target.id)
                    if (
                        target.status == BuiltinStatus.OFFLINE.value
                        or op is None
                        or op.call_id is not None
                        or op.ringing
                    ):
                        raise ConflictError("the employee cannot take a call now")
                else:
                    group = check.get(Group, body.group_id)
                    if group is None or group.tenant_id != call.tenant_id:
                        raise NotFoundError("no such group")
            with self._tx() as session:
                session.add(
                    Transfer(
                        call_id=call.id,
                        by_employee_id=principal.employee_id,
                        to_employee_id=body.employee_id,
                        to_group_id=body.group_id,
                        at=now,
                        result=None if body.employee_id else "queued",
                    )
                )
                self._end_leg_for_transfer(session, call, now)
                row = session.get(Call, call.id)
                assert row is not None
                if body.group_id is not None:
                    if body.group_id not in self._call_groups(session, call.id):
                        session.add(CallGroup(call_id=call.id, group_id=body.group_id))
                    row.group_id = call.group_id = body.group_id
                    call.out_of_turn = False
                    self._call_state(session, call, CallState.QUEUED, reason="transferred")
                else:
                    row.personal_target_id = body.employee_id
                    self._call_state(session, call, CallState.TRANSFERRING)
                self._queue_changed(session, call)
            target_id = body.employee_id
            self._order(lambda s: s.transfer(call.ref, target_id))
            if target_id is not None:
                self._offer(
                    call, [target_id], "transfer", self.state.rules_for(call.group_id).ring_timeout_seconds
                )
            else:
                self.state.enqueue(call)
            self._after_change(call)
            self._flush_orders()

    def _end_leg_for_transfer(self, session: Session, call: LiveCall, now: datetime) -> None:
        self._close_legs(session, call, now, "transferred")
        operator = call.operator_id
        self._release_operator(call)
        call.operator_id = None
        session.execute(update(Call).where(Call.id == call.id).values(operator_id=None))
        if operator is not None and not self._start_wrapup(session, operator, call, now):
            self._idle(operator, now)

    def intercept(self, principal: Principal, call_id: int) -> None:
        """«Перехватить» (MW-33): the waiting call is offered to the user out of turn; unanswered, it goes
        back to its place in the queue."""
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in WAITING:
                raise ConflictError("only a call waiting in a queue can be intercepted")
            groups = principal.groups_in_scope(QUEUE_PERMISSION)
            if not principal.allows(QUEUE_PERMISSION) or (groups is not None and call.group_id not in groups):
                raise ForbiddenError(
                    "this queue is outside your scope", detail={"permission": QUEUE_PERMISSION}
                )
            op = self.state.index.operators.get(principal.employee_id)
            if op is None or op.status == BuiltinStatus.OFFLINE.value or op.call_id is not None or op.ringing:
                raise ConflictError("you cannot take a call now")
            now = self._clock()
            with self._tx() as session:
                for offer in [self.state.offers[o] for o in sorted(call.offers)]:
                    self._resolve_offer(session, offer, OfferResult.WITHDRAWN, now)
                self._call_state(session, call, CallState.QUEUED, reason="intercepted")
            self._offer(
                call,
                [principal.employee_id],
                "intercept",
                self.state.rules_for(call.group_id).ring_timeout_seconds,
            )
            self._flush_orders()

    def ready(self, principal: Principal) -> bool:
        """«Готов к работе»: end the user's post-call work now."""
        with self._lock:
            if principal.employee_id not in self.state.wrapups:
                return False
            with self._tx() as session:
                self._end_wrapup(session, principal.employee_id, self._clock(), reason="ready")
            self._dispatch(self._groups_of([principal.employee_id]))
            self._flush_orders()
            return True

    def start_recording(self, principal: Principal, call_id: int) -> int:
        with self._lock:
            call = self._live_call(principal, call_id)
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            with self._tx() as session:
                row = Recording(call_id=call.id, started_at=self._clock())
                session.add(row)
                session.flush()
                recording_id = row.id
            self._order(lambda s: s.start_recording(call.ref, recording_id))
            self._flush_orders()
            return recording_id


__all__ = ["AcdEngine", "Algorithm", "token_hash"]
