"""The ACD engine: :class:`AcdEngine` adds the operators' call actions (answer, reject, hang up, hold,
transfer, intercept, «Готов к работе», recording) to the switch-facing core.

Entry points for the switch: ``customer_call_arrived``, ``customer_hung_up``, ``operator_leg_answered``,
``leg_failed``, ``recording_saved``, ``outbound_call_started`` (:mod:`acd_inbound`); timers: ``tick``.
"""

from __future__ import annotations

from sqlalchemy import update

from app.protocol.calls import (
    CallState,
    OfferAnswered,
    OfferResult,
    TransferRequest,
)
from app.protocol.status import BuiltinStatus
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from app.server.models import (
    Call,
    CallGroup,
    Employee,
    Group,
    Hold,
    Offer,
    Transfer,
)
from app.server.services.acd_core import CLAIM_GRACE, OTHERS_PERMISSION, QUEUE_PERMISSION, token_hash
from app.server.services.acd_queue import AcdQueueActions
from app.server.services.acd_state import (
    WAITING,
    LiveOffer,
)
from app.server.services.policy import Principal, groups_of


class AcdEngine(AcdQueueActions):
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
            self.ensure_no_third_party(call)
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
        """Blind transfer of a conversation to an employee (they are offered it), to a group's queue or
        to a number (:meth:`transfer_to_number`)."""
        if sum(x is not None for x in (body.employee_id, body.group_id, body.number)) != 1:
            raise ValidationFailedError(
                "name exactly one target: an employee, a group or a number", field="employee_id"
            )
        if body.number is not None:
            self.transfer_to_number(principal, call_id, body.number)
            return
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in (CallState.TALKING.value, CallState.HELD.value):
                raise ConflictError("only a call in conversation can be transferred")
            self.ensure_no_third_party(call)
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
                # The switch records every bridged call anyway: an order names the recording under way.
                recording_id = self._open_recording(session, call_id=call.id)
            self._order(lambda s: s.start_recording(call.ref, recording_id))
            self._flush_orders()
            return recording_id


__all__ = ["AcdEngine", "token_hash"]
