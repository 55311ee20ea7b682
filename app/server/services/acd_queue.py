"""«Перевести» on a call still waiting in a queue (MW-33): the queue panel's transfer, apart from the
transfer of a conversation (:mod:`acd_transfer`), because nobody talks to the caller yet.

To a group, the call moves to that group's queue and keeps its waiting time; to an employee, it is
offered to them alone (an unanswered offer returns it to the queue, first in line, as any personal
transfer); to a number, the worker holding the caller dials it (a phone number through the tenant's
line, as :func:`~app.server.services.acd_transfer.external_target` picks it) and connects them when it
answers.

MW-33's rights: an operator cannot transfer other people's calls, a supervisor transfers only to the
operators and groups they supervise, an administrator to anyone. Queue calls are nobody's yet, so the
call must be in the user's ``calls.monitor`` scope (as «Повесить трубку»), and so must the target.
Refusals carry ``detail.reason`` so the client can say exactly why in the user's language.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.protocol.calls import CallState, OfferResult, ThirdPartyMode, ThirdPartyState, TransferRequest
from app.protocol.status import BuiltinStatus
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from app.server.models import Call, CallGroup, Employee, Group, Transfer
from app.server.services.acd_core import OTHERS_PERMISSION
from app.server.services.acd_state import WAITING, LiveCall
from app.server.services.acd_transfer import AcdThirdParty, Party, external_target
from app.server.services.policy import Principal, groups_of
from app.server.services.switch_port import OutboundLine

TRANSFERABLE = frozenset({*WAITING, CallState.IVR.value})
"""A call at the IVR stage has no group yet; moving it to one is what «Перевести» is for."""


class AcdQueueActions(AcdThirdParty):
    """The queue panel's «Перевести»; :class:`~app.server.services.acd.AcdEngine` builds on it."""

    def transfer_waiting(self, principal: Principal, call_id: int, body: TransferRequest) -> None:
        """Move a waiting call to an employee, a group's queue or a number (see the module)."""
        targets = [t for t in (body.employee_id, body.group_id, body.number) if t is not None]
        if len(targets) != 1:
            raise ValidationFailedError(
                "name exactly one target: an employee, a group or a number", field="employee_id"
            )
        if body.number is not None and not body.number.strip():
            raise ValidationFailedError("type a number or a SIP address", field="number")
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in TRANSFERABLE:
                raise ConflictError(
                    "only a call waiting in a queue can be transferred from the queue",
                    detail={"reason": "not_waiting"},
                )
            if self._party_of(call) is not None:
                raise ConflictError("the call is already being transferred", detail={"reason": "not_waiting"})
            with self._db.reading() as check:
                self._require_queue_control(principal, call)
                if body.employee_id is not None:
                    self._check_employee_target(check, principal, call, body.employee_id)
                elif body.group_id is not None:
                    self._check_group_target(check, principal, call, body.group_id)
                else:
                    assert body.number is not None
                    number = body.number.strip()
                    try:  # a phone number goes out through the tenant's line, as a conversation's transfer
                        uri, line, post_dial = external_target(check, call, number)
                    except ConflictError as exc:
                        raise ConflictError(exc.message, detail={**exc.detail, "reason": "no_line"}) from exc
            if body.number is not None:
                self._waiting_to_number(principal, call, number, uri, line, post_dial)
            elif body.employee_id is not None:
                self._waiting_to_employee(principal, call, body.employee_id)
            else:
                assert body.group_id is not None
                self._waiting_to_group(principal, call, body.group_id)
            self._flush_orders()

    # --- rights and targets ---------------------------------------------------------------------------

    def _require_queue_control(self, principal: Principal, call: LiveCall) -> None:
        groups = principal.groups_in_scope(OTHERS_PERMISSION)
        if not principal.allows(OTHERS_PERMISSION) or (groups is not None and call.group_id not in groups):
            raise ForbiddenError(
                "you cannot transfer calls of this queue (calls.monitor)",
                detail={"permission": OTHERS_PERMISSION, "reason": "call_out_of_scope"},
            )

    def _check_employee_target(
        self, check: Session, principal: Principal, call: LiveCall, target_id: int
    ) -> None:
        target = check.get(Employee, target_id)
        if target is None or target.tenant_id != call.tenant_id or target.deleted_at is not None:
            raise NotFoundError("no such employee", detail={"reason": "no_target"})
        if not principal.allows_subject(OTHERS_PERMISSION, target.id, groups_of(check, target.id)):
            raise ForbiddenError(
                "you may transfer only to operators of the groups you supervise",
                detail={"permission": OTHERS_PERMISSION, "reason": "target_out_of_scope"},
            )
        op = self.state.index.operators.get(target.id)
        if target.status == BuiltinStatus.OFFLINE.value or op is None or op.call_id is not None or op.ringing:
            raise ConflictError("the employee cannot take a call now", detail={"reason": "target_busy"})

    def _check_group_target(
        self, check: Session, principal: Principal, call: LiveCall, group_id: int
    ) -> None:
        group = check.get(Group, group_id)
        if group is None or group.tenant_id != call.tenant_id:
            raise NotFoundError("no such group", detail={"reason": "no_target"})
        scope = principal.groups_in_scope(OTHERS_PERMISSION)
        if scope is not None and group_id not in scope:
            raise ForbiddenError(
                "you may transfer only to the groups you supervise",
                detail={"permission": OTHERS_PERMISSION, "reason": "target_out_of_scope"},
            )
        if group_id == call.group_id:
            raise ConflictError("the call is already in this group's queue", detail={"reason": "same_group"})

    # --- the moves ------------------------------------------------------------------------------------

    def _withdraw_offers(self, session: Session, call: LiveCall) -> None:
        now = self._clock()
        for offer in [self.state.offers[o] for o in sorted(call.offers)]:
            self._resolve_offer(session, offer, OfferResult.WITHDRAWN, now)

    def _waiting_to_group(self, principal: Principal, call: LiveCall, group_id: int) -> None:
        now = self._clock()
        old_group = call.group_id
        with self._tx() as session:
            self._withdraw_offers(session, call)
            session.add(
                Transfer(
                    call_id=call.id,
                    by_employee_id=principal.employee_id,
                    to_group_id=group_id,
                    at=now,
                    result="queued",
                )
            )
            if group_id not in self._call_groups(session, call.id):
                session.add(CallGroup(call_id=call.id, group_id=group_id))
            self.state.dequeue(call)
            call.group_id = group_id
            call.excluded.clear()
            session.execute(update(Call).where(Call.id == call.id).values(group_id=group_id))
            self._call_state(session, call, CallState.QUEUED, reason="transferred")
            self._queue_changed(session, call)
        # The waiting time goes with the caller: they keep their place by arrival in the new queue.
        self.state.enqueue(call)
        self._dispatch([g for g in (group_id, old_group) if g is not None])

    def _waiting_to_employee(self, principal: Principal, call: LiveCall, employee_id: int) -> None:
        now = self._clock()
        with self._tx() as session:
            self._withdraw_offers(session, call)
            session.add(
                Transfer(
                    call_id=call.id, by_employee_id=principal.employee_id, to_employee_id=employee_id, at=now
                )
            )
            session.execute(update(Call).where(Call.id == call.id).values(personal_target_id=employee_id))
            self.state.dequeue(call)
            self._call_state(session, call, CallState.TRANSFERRING, reason="transferred")
            self._queue_changed(session, call)
        # Unanswered, the offer's timeout returns the call to its queue first in line (``_expire``).
        self._offer(call, [employee_id], "transfer", self.state.rules_for(call.group_id).ring_timeout_seconds)
        if call.group_id is not None:
            self._dispatch([call.group_id])

    def _waiting_to_number(
        self,
        principal: Principal,
        call: LiveCall,
        number: str,
        uri: str,
        line: OutboundLine | None,
        post_dial: str,
    ) -> None:
        now = self._clock()
        with self._tx() as session:
            self._withdraw_offers(session, call)
            row = Transfer(
                call_id=call.id,
                by_employee_id=principal.employee_id,
                to_number=number,
                at=now,
                mode=ThirdPartyMode.BLIND.value,
                result=ThirdPartyState.RINGING.value,
            )
            session.add(row)
            session.flush()
            party = Party(row.id, ThirdPartyMode.BLIND, principal.employee_id, number=number)
            self.state.dequeue(call)
            self._call_state(session, call, CallState.TRANSFERRING, reason="transferred")
            self._queue_changed(session, call)
            self._party_event(session, call, party)
        self._set_party(call, party)
        ref = call.ref
        # Answered, the worker connects the caller to the number (``party_answered``); failed, the
        # call returns to its queue first in line (``party_ended``), as a conversation's blind transfer.
        self._order(lambda s: s.dial_party(ref, uri, line, post_dial))
