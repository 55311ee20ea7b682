"""The ACD's inbound side: the entry points the media switch calls, changes committed elsewhere (statuses,
membership, settings), and the timers (ring timeout, post-call work, maximum queue wait)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from app.protocol.calls import (
    HIDDEN_NUMBER,
    RECORDING_SAVED,
    CallState,
    Fallback,
    OfferResult,
    RecordingSavedData,
)
from app.protocol.status import BuiltinStatus
from app.protocol.trunks import OUTBOUND_STATE, OutboundState, OutboundStateData
from app.server.core.errors import NotFoundError
from app.server.core.logging import log_event
from app.server.models import (
    Call,
    CallbackOrder,
    CallGroup,
    CallLeg,
    DistributionSettings,
    Employee,
    Group,
    Offer,
    OutboundCall,
    QueueNumber,
    Recording,
    Transfer,
)
from app.server.services import callbacks, missed, trunks
from app.server.services.acd_core import CLAIM_GRACE, ROUTED_PERMISSION, AcdCore, SwitchOrder, token_hash
from app.server.services.acd_index import OperatorState
from app.server.services.acd_state import (
    WAITING,
    GroupRules,
    LiveCall,
    LiveOffer,
    custom_flags,
    load_operator,
    queue_label,
)
from app.server.services.policy import PERSONAL

OUTBOUND_RESTART_GRACE = timedelta(seconds=60)
"""After an api restart, how long an unanswered outbound call may wait for the switch to say its operator's
leg is there (the worker keeps an expected leg that long)."""


@dataclass(slots=True)
class LiveOutbound:
    """An operator's outbound call through a trunk in progress (the ``outbound_calls`` row is the fact)."""

    id: int
    employee_id: int
    leg_due: datetime | None
    """Until when the operator's media leg may reach the worker (None: it came)."""


class AcdInbound(AcdCore):
    client_grace_seconds = 5.0
    """How long an operator may have no realtime connection (a network blip, an api restart) before their
    client counts as gone: calls ringing at them move on and no new ones come until a client is back."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clients: dict[int, int] = {}
        self._clients_gone: set[int] = set()
        self._clients_left: dict[int, float] = {}
        self._clients_lock = threading.Lock()
        self._outbound: dict[str, LiveOutbound] = {}

    def load(self) -> None:
        """Memory from the rows, operators' outbound calls in progress included (they keep them busy)."""
        super().load()
        with self._lock, self._db.reading() as session:
            self._outbound = {}
            due = self._clock() + OUTBOUND_RESTART_GRACE
            rows = session.execute(select(OutboundCall).where(OutboundCall.ended_at.is_(None))).scalars()
            for row in rows:
                self._track_outbound(
                    row.switch_ref, row.id, row.employee_id, None if row.answered_at else due
                )

    # --- operators' clients (the realtime stream) ----------------------------------------------------

    def client_connected(self, employee_id: int) -> None:
        with self._clients_lock:
            self._clients[employee_id] = self._clients.get(employee_id, 0) + 1
            was_gone = employee_id in self._clients_gone
            self._clients_gone.discard(employee_id)
            self._clients_left.pop(employee_id, None)
        if was_gone:
            log_event("acd.client_back", employee_id=employee_id)
            self.operators_changed([employee_id])  # the status in the database holds again

    def client_disconnected(self, employee_id: int) -> None:
        with self._clients_lock:
            left = self._clients.get(employee_id, 1) - 1
            if left > 0:
                self._clients[employee_id] = left
                return
            self._clients.pop(employee_id, None)
            self._clients_left[employee_id] = time.monotonic()  # judged by ``tick`` after the grace

    def _sweep_clients(self) -> None:
        now = time.monotonic()
        with self._clients_lock:
            due = [e for e, at in self._clients_left.items() if now - at >= self.client_grace_seconds]
            for employee_id in due:
                del self._clients_left[employee_id]
        for employee_id in due:
            self.client_gone(employee_id)

    def client_gone(self, employee_id: int) -> None:
        """No client of the employee came back within the grace: for distribution they are offline (the
        status in the database stays, their session too); offers ringing at them are ``operator_vanished``
        and go to the next operator. A conversation in progress is not touched (its media leg is its own)."""
        with self._clients_lock:
            if self._clients.get(employee_id):
                return
            self._clients_gone.add(employee_id)
        with self._lock:
            op = self.state.index.operators.get(employee_id)
            if op is None or op.status == BuiltinStatus.OFFLINE.value:
                return
            log_event("acd.client_vanished", employee_id=employee_id, ringing=sorted(op.ringing))
            self.operators_changed((), new_statuses={employee_id: BuiltinStatus.OFFLINE.value})

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

    def customer_hung_up(self, call_id: str, reason: str = "caller_hung_up") -> None:
        """The customer's leg ended: ``reason`` says who ended a conversation (``caller_hung_up``,
        ``operator_hung_up`` from the operator's softphone, ``switch_worker_lost``)."""
        with self._lock:
            call = self._by_ref(call_id)
            if call is None:
                self._outbound_moved(call_id, OutboundState.ENDED, reason[:30])
                self._flush_orders()
                return
            now = self._clock()
            with self._tx() as session:
                if call.state in (CallState.TALKING.value, CallState.HELD.value):
                    self._end_conversation(session, call, now, reason=reason[:30])
                elif call.state in (*WAITING, CallState.TRANSFERRING.value, CallState.IVR.value):
                    self._abandon(session, call, now)
            self._after_change(call)
            self._flush_orders()

    def reconcile_calls(self, alive: set[str]) -> list[str]:
        """The switch (re)attached: calls held as live whose customer leg no worker has ended while no api
        was listening (``switch_lost``), and outbound calls that no worker holds although their operator's
        leg came. Returns their switch refs."""
        with self._lock:
            done = (CallState.WRAPUP.value, CallState.ENDED.value)
            gone = sorted(
                c.ref for c in self.state.calls.values() if c.ref not in alive and c.state not in done
            )
            for ref, live in self._outbound.items():
                if ref in alive:
                    live.leg_due = None  # its conversation is up: the leg came before the restart
                elif live.leg_due is None:
                    gone.append(ref)
        for ref in gone:
            self.customer_hung_up(ref, "switch_lost")
        return gone

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

    def recording_started(self, call_ref: str) -> int | None:
        """The switch bridged the call and records it (every bridged call, it cannot be stopped): one row per
        recording file, so a re-bridge after a transfer keeps the open row. Returns its id."""
        with self._lock:
            call = self._by_ref(call_ref)
            if call is None:
                self._outbound_moved(call_ref, OutboundState.TALKING)  # an operator's call out, answered
                with self._tx() as session:
                    out = trunks.outbound_by_ref(session, call_ref)
                    return None if out is None else self._open_recording(session, outbound_id=out.id)
            with self._tx() as session:
                return self._open_recording(session, call_id=call.id)

    def _outbound_moved(self, ref: str, state: OutboundState, reason: str = "") -> None:
        """An operator's outbound call through a trunk (no queue call): its fact, and the operator told.
        At its end the operator is free for the queues again, after post-call work if it connected (TP-34:
        «connected outbound» calls have it too)."""
        live = self._outbound.pop(ref, None) if state is OutboundState.ENDED else None
        with self._tx() as session:
            now = self._clock()
            if state is OutboundState.TALKING:
                found = trunks.outbound_answered(session, ref, now)
            else:
                found = trunks.outbound_ended(session, ref, reason, now)
            if found is not None:
                data = OutboundStateData(call_ref=ref, state=state, reason=reason)
                self._emit(
                    session, found.tenant_id, OUTBOUND_STATE, data.model_dump(mode="json"),
                    PERSONAL, found.employee_id,
                )  # fmt: skip
            if live is None:
                return
            op = self.state.index.operators.get(live.employee_id)
            if op is None or op.call_id != -live.id:
                return  # it did not make them busy (they called out from a queue call): nothing to free
            op.call_id = None
            self.state.index.touch(live.employee_id)
            connected = found is not None and found.answered_at is not None
            if not (
                connected and self._start_wrapup(session, live.employee_id, None, now, outbound_id=live.id)
            ):
                self._idle(live.employee_id, now)
        self._dispatch(self._groups_of([live.employee_id]))

    def _track_outbound(self, ref: str, outbound_id: int, employee_id: int, leg_due: datetime | None) -> None:
        self._outbound[ref] = LiveOutbound(outbound_id, employee_id, leg_due)
        op = self.state.index.operators.get(employee_id)
        if op is not None and op.call_id is None:  # busy: no queue offers until it ends (MW-25)
            op.call_id = -outbound_id
            self.state.index.touch(employee_id)

    def outbound_ordered(
        self, *, tenant_id: int, employee_id: int, trunk_id: int, ref: str, number: str, caller_id: str
    ) -> None:
        """An operator's call out through a trunk was ordered (MW-19): its fact; the operator is busy for
        the queues until it ends; the number's missed calls leave every list (MW-30). Their media leg must
        reach the worker within the grace an answered offer has, else the call ends
        ``operator_leg_missing`` (a client that crashed between the order and its SIP call)."""
        with self._lock:
            now = self._clock()
            with self._tx() as session:
                row = trunks.record_outbound(
                    session, tenant_id=tenant_id, employee_id=employee_id, trunk_id=trunk_id, ref=ref,
                    number=number, caller_id=caller_id, now=now,
                )  # fmt: skip
                missed.resolve_number(
                    session, tenant_id, number, reason="called_back", by=employee_id, now=now,
                    retention=self._retention,
                )  # fmt: skip
                outbound_id = row.id
            self._track_outbound(ref, outbound_id, employee_id, now + CLAIM_GRACE)

    def outbound_leg_arrived(self, call_ref: str) -> None:
        """The operator's media leg of an outbound call reached the worker, which dials the number now."""
        with self._lock:
            live = self._outbound.get(call_ref)
            if live is not None:
                live.leg_due = None

    def _expire_outbound(self, now: datetime) -> None:
        missing = [
            ref for ref, live in self._outbound.items() if live.leg_due is not None and live.leg_due <= now
        ]
        for ref in missing:
            log_event("acd.outbound_leg_missing", call_ref=ref)
            self._outbound_moved(ref, OutboundState.ENDED, "operator_leg_missing")
            self._order(self._hangup_order(ref, "operator_leg_missing"))

    @staticmethod
    def _hangup_order(ref: str, reason: str) -> SwitchOrder:
        return lambda s: s.hangup(ref, reason)

    def _open_recording(
        self, session: Session, *, call_id: int | None = None, outbound_id: int | None = None
    ) -> int:
        found = session.execute(
            select(Recording.id).where(*_recording_of(call_id, outbound_id), Recording.ended_at.is_(None))
        ).scalar()
        if found is not None:
            return int(found)
        row = Recording(call_id=call_id, outbound_call_id=outbound_id, started_at=self._clock())
        session.add(row)
        session.flush()
        return row.id

    def recording_closed(self, call_ref: str, path: str, seconds: float, *, voicemail: bool = False) -> None:
        """A recording file is complete: its row gets the path and length, and ``recording.saved`` goes to
        whoever sees the call's state. Works after the call has ended (the file closes last)."""
        with self._lock, self._tx() as session:
            call = session.execute(select(Call).where(Call.switch_ref == call_ref)).scalar_one_or_none()
            out = trunks.outbound_by_ref(session, call_ref) if call is None else None
            if call is not None:
                call_id, outbound_id, tenant_id = call.id, None, call.tenant_id
                permission, subject = ROUTED_PERMISSION, call.operator_id
            elif out is not None:  # an operator's call out: the operator's own (history names it -id)
                call_id, outbound_id, tenant_id = None, out.id, out.tenant_id
                permission, subject = PERSONAL, out.employee_id
            else:
                log_event("acd.recording_of_unknown_call", call_ref=call_ref, path=path)
                return
            open_ = (*_recording_of(call_id, outbound_id), Recording.ended_at.is_(None))
            row = session.execute(select(Recording).where(*open_).order_by(Recording.id)).scalars().first()
            if row is None or (voicemail and row.path is not None):
                row = Recording(call_id=call_id, outbound_call_id=outbound_id, started_at=self._clock())
                session.add(row)
            row.path, row.seconds, row.voicemail, row.ended_at = path, seconds, voicemail, self._clock()
            session.flush()
            data = RecordingSavedData(
                recording_id=row.id,
                call_id=call_id if call_id is not None else -(outbound_id or 0),
                path=path,
                seconds=seconds,
                voicemail=voicemail,
            )
            self._emit(session, tenant_id, RECORDING_SAVED, data.model_dump(mode="json"), permission, subject)

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
        """Apply every deadline that has passed: ring timeouts, post-call work, maximum queue waits, and
        operators' clients gone for longer than the grace."""
        self._sweep_clients()
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
            self._expire_outbound(now)
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


def _recording_of(call_id: int | None, outbound_id: int | None) -> tuple[ColumnElement[bool], ...]:
    """The filter for a queue call's recordings, or a call out's."""
    if call_id is not None:
        return (Recording.call_id == call_id,)
    return (Recording.outbound_call_id == outbound_id,)
