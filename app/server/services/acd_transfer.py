"""The third party of a conversation: transfer with consultation («С консультацией», then «Объединить
вызовы» or cancel), a conference with a third party, a blind transfer to a number, and DTMF relay.

The switch owns every leg: the worker holding the customer also takes the target's leg (an operator's
softphone presenting a one-time token, like any offer, or a number the worker dials), so merging is a
re-wiring of its conference bridge, never a SIP transfer. One third party per conversation: the wheel
allows four legs a process (ARCHITECTURE §1). Every step is a fact (a ``transfers`` row with its mode,
target, result and end) and a ``call.third_party`` event to the operator and the target. A phone number
goes out through the tenant's trunk from whichever worker holds the customer.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.protocol.calls import (
    CALL_DTMF,
    CALL_OFFERED,
    CALL_THIRD_PARTY,
    CallState,
    DtmfData,
    OfferedData,
    OfferResult,
    ThirdPartyData,
    ThirdPartyMode,
    ThirdPartyRequest,
    ThirdPartyState,
)
from app.protocol.status import BuiltinStatus
from app.server.core.clock import Clock
from app.server.core.db import Database
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from app.server.events import outbox
from app.server.models import Call, CallLeg, Employee, Group, Hold, Offer, QueueNumber, Transfer
from app.server.services import trunks
from app.server.services.acd_core import OTHERS_PERMISSION, ROUTED_PERMISSION, SwitchOrder, token_hash
from app.server.services.acd_inbound import AcdInbound
from app.server.services.acd_state import LiveCall, LiveOffer
from app.server.services.policy import PERSONAL, Principal, groups_of
from app.server.services.switch_port import OutboundLine, SwitchPort

PARTY_OFFER_KINDS = frozenset({"consult", "conference"})
TALKING_STATES = frozenset({CallState.TALKING.value, CallState.HELD.value})


@dataclass(slots=True)
class Party:
    """The third party of one live call (memory; the ``transfers`` row is the fact)."""

    transfer_id: int
    mode: ThirdPartyMode
    by_employee_id: int
    employee_id: int | None = None
    group_id: int | None = None
    number: str | None = None
    state: ThirdPartyState = ThirdPartyState.RINGING
    offers: set[int] = field(default_factory=set)


def external_uri(number: str) -> str:
    """A SIP address as given; a phone number needs the call's line: :func:`external_target`."""
    if number.startswith(("sip:", "sips:")):
        return number
    raise ConflictError(
        "this transfer takes a SIP address (sip:user@host), not a phone number", detail={"field": "number"}
    )


def external_target(session: Session, call: LiveCall, number: str) -> tuple[str, OutboundLine | None, str]:
    """Where the worker calls a «На номер» target: (URI, trunk line, digits to send after the answer). A SIP
    address is dialled as given from the worker; a phone number goes out through the tenant's line
    (:func:`~app.server.services.trunks.transfer_line`), an extension after ``.``/``,`` as DTMF (TP-49)."""
    if number.startswith(("sip:", "sips:")):
        return number, None, ""
    main, post_dial = re.split(r"[.,]", number, maxsplit=1) if re.search(r"[.,]", number) else (number, "")
    dialled = session.execute(
        select(QueueNumber.number)
        .join(Call, Call.queue_number_id == QueueNumber.id)
        .where(Call.id == call.id)
    ).scalar_one_or_none()
    line = trunks.transfer_line(session, call.tenant_id, dialled)
    return line.uri(main), line, post_dial


class AcdThirdParty(AcdInbound):
    """The third-party operations and their switch reports; :class:`~app.server.services.acd.AcdEngine`
    builds the rest of the operator actions on it."""

    def __init__(
        self, *, db: Database, clock: Clock, retention: outbox.Retention, switch: SwitchPort
    ) -> None:
        super().__init__(db=db, clock=clock, retention=retention, switch=switch)
        self._parties: dict[int, Party] = {}

    def load(self) -> None:
        """Memory from the rows, third parties in progress included: after an api restart the switch
        still holds their legs, so they can still be merged or cancelled."""
        super().load()
        with self._lock, self._db.reading() as session:
            self._parties = {}
            rows = session.execute(
                select(Transfer).where(
                    Transfer.ended_at.is_(None),
                    Transfer.result.in_((ThirdPartyState.RINGING.value, ThirdPartyState.TALKING.value)),
                )
            ).scalars()
            for row in rows:
                call = self.state.calls.get(row.call_id)
                if call is None:
                    continue
                party = Party(
                    transfer_id=row.id,
                    mode=ThirdPartyMode(row.mode),
                    by_employee_id=row.by_employee_id,
                    employee_id=row.to_employee_id,
                    group_id=row.to_group_id,
                    number=row.to_number,
                    state=ThirdPartyState(row.result or ThirdPartyState.RINGING.value),
                    offers={o.id for o in self.state.offers.values() if o.call_id == call.id},
                )
                self._parties[call.id] = party
                op = self.state.index.operators.get(party.employee_id or 0)
                if party.state is ThirdPartyState.TALKING and op is not None:
                    op.call_id = call.id
                    self.state.index.touch(op.employee_id)

    def _party_of(self, call: LiveCall) -> Party | None:
        return self._parties.get(call.id)

    def _set_party(self, call: LiveCall, party: Party | None) -> None:
        if party is None:
            self._parties.pop(call.id, None)
        else:
            self._parties[call.id] = party

    # --- operator actions ----------------------------------------------------------------------------

    # (call lookup, control rights and leaving a call are shared with AcdEngine's actions)

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

    def _end_leg_for_transfer(self, session: Session, call: LiveCall, now: datetime) -> None:
        self._close_legs(session, call, now, "transferred")
        operator = call.operator_id
        self._release_operator(call)
        call.operator_id = None
        session.execute(update(Call).where(Call.id == call.id).values(operator_id=None))
        if operator is not None and not self._start_wrapup(session, operator, call, now):
            self._idle(operator, now)

    def start_third_party(
        self, principal: Principal, call_id: int, body: ThirdPartyRequest, mode: ThirdPartyMode
    ) -> int:
        """«С консультацией» (the customer goes on hold with music) or «Начать конференцию» (the customer
        stays): the target is offered the call (an employee, the free operators of a group by its
        algorithm) or dialled by the worker (a SIP address). Returns the transfer id."""
        targets = [x for x in (body.employee_id, body.group_id, body.number) if x is not None]
        if len(targets) != 1:
            raise ValidationFailedError(
                "name exactly one target: an employee, a group or a number", field="employee_id"
            )
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in TALKING_STATES:
                raise ConflictError("only a call in conversation can have a third party")
            if self._party_of(call) is not None:
                raise ConflictError("the call already has a third party; merge or cancel it first")
            now = self._clock()
            picked: list[int] = []
            uri, post_dial = "", ""
            line: OutboundLine | None = None
            with self._db.reading() as check:
                self._require_control(check, principal, call)
                if body.employee_id is not None:
                    target = check.get(Employee, body.employee_id)
                    if target is None or target.tenant_id != call.tenant_id:
                        raise NotFoundError("no such employee")
                    if target.id == call.operator_id:
                        raise ConflictError("the employee is already in this call")
                    op = self.state.index.operators.get(target.id)
                    if (
                        target.status == BuiltinStatus.OFFLINE.value
                        or op is None
                        or op.call_id is not None
                        or op.ringing
                    ):
                        raise ConflictError("the employee cannot take a call now")
                    picked = [target.id]
                elif body.group_id is not None:
                    group = check.get(Group, body.group_id)
                    if group is None or group.tenant_id != call.tenant_id:
                        raise NotFoundError("no such group")
                    rules = self.state.rules_for(group.id)
                    exclude = {call.operator_id} if call.operator_id is not None else set()
                    picked = self.state.index.pick(group.id, rules.algorithm, exclude)
                    if not picked:
                        raise ConflictError("no operator of the group is free now")
                else:
                    assert body.number is not None
                    uri, line, post_dial = external_target(check, call, body.number)
            with self._tx() as session:
                row = Transfer(
                    call_id=call.id,
                    by_employee_id=principal.employee_id,
                    to_employee_id=body.employee_id,
                    to_group_id=body.group_id,
                    to_number=body.number,
                    at=now,
                    mode=mode.value,
                    result=ThirdPartyState.RINGING.value,
                )
                session.add(row)
                session.flush()
                party = Party(
                    transfer_id=row.id,
                    mode=mode,
                    by_employee_id=principal.employee_id,
                    employee_id=body.employee_id,
                    group_id=body.group_id,
                    number=body.number,
                )
                if mode is ThirdPartyMode.CONSULT and call.state == CallState.TALKING.value:
                    session.add(
                        Hold(
                            call_id=call.id,
                            employee_id=call.operator_id or principal.employee_id,
                            started_at=now,
                        )
                    )
                    self._call_state(session, call, CallState.HELD, reason="consultation")
                self._party_event(session, call, party)
            self._set_party(call, party)
            ref = call.ref
            switch_mode = mode.value
            self._order(lambda s: s.third_party(ref, switch_mode))
            if picked:
                self._party_offers(call, party, picked)
            else:
                self._order(lambda s: s.dial_party(ref, uri, line, post_dial))
            self._flush_orders()
            return party.transfer_id

    def transfer_to_number(self, principal: Principal, call_id: int, number: str) -> None:
        """«Без консультации» to a number: the operator leaves now (post-call work); the worker calls the
        number and connects the customer when it answers; unreachable, the call goes back to its queue."""
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in TALKING_STATES:
                raise ConflictError("only a call in conversation can be transferred")
            if self._party_of(call) is not None:
                raise ConflictError("the call already has a third party; merge or cancel it first")
            with self._db.reading() as check:
                self._require_control(check, principal, call)
                uri, line, post_dial = external_target(check, call, number)
            now = self._clock()
            with self._tx() as session:
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
                self._end_leg_for_transfer(session, call, now)
                self._call_state(session, call, CallState.TRANSFERRING, reason="transferred")
                self._party_event(session, call, party)
            self._set_party(call, party)
            ref = call.ref
            self._order(lambda s: s.transfer(ref, None))
            self._order(lambda s: s.dial_party(ref, uri, line, post_dial))
            self._after_change(call)
            self._flush_orders()

    def merge(self, principal: Principal, call_id: int) -> None:
        """«Объединить вызовы»: the customer and the target talk; the operator leaves (post-call work)."""
        with self._lock:
            call = self._live_call(principal, call_id)
            party = self._party_of(call)
            if party is None or party.state is not ThirdPartyState.TALKING:
                raise ConflictError("there is no connected consultation or conference to merge")
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            self._merge(call, party)
            self._after_change(call)
            self._flush_orders()

    def _merge(self, call: LiveCall, party: Party) -> None:
        now = self._clock()
        with self._tx() as session:
            self._end_leg_for_transfer(session, call, now)
            target = party.employee_id
            call.operator_id = target
            row = session.get(Call, call.id)
            assert row is not None
            row.operator_id = target
            if target is not None:
                session.add(CallLeg(call_id=call.id, employee_id=target, started_at=now))
            party.state = ThirdPartyState.MERGED
            self._close_party_row(session, party, now)
            self._call_state(session, call, CallState.TALKING, reason="merged")
            self._party_event(session, call, party)
        self._set_party(call, None)
        ref = call.ref
        self._order(lambda s: s.merge(ref, target))

    def cancel_third_party(self, principal: Principal, call_id: int) -> None:
        """Cancel a consultation (back to the customer) or remove the conference's third party («Х»)."""
        with self._lock:
            call = self._live_call(principal, call_id)
            party = self._party_of(call)
            if party is None or party.mode is ThirdPartyMode.BLIND:
                raise ConflictError("the call has no consultation or conference to cancel")
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            self._end_party(call, party, ThirdPartyState.CANCELLED, reason="cancelled")
            self._flush_orders()

    def join_conference(self, principal: Principal, call_id: int) -> None:
        """Turn a consultation into a conference: the customer leaves hold and all three talk."""
        with self._lock:
            call = self._live_call(principal, call_id)
            party = self._party_of(call)
            if party is None or party.mode is not ThirdPartyMode.CONSULT:
                raise ConflictError("the call has no consultation to turn into a conference")
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            now = self._clock()
            with self._tx() as session:
                party.mode = ThirdPartyMode.CONFERENCE
                session.execute(
                    update(Transfer).where(Transfer.id == party.transfer_id).values(mode=party.mode.value)
                )
                self._resume_customer(session, call, now)
                self._party_event(session, call, party)
            ref = call.ref
            self._order(lambda s: s.third_party(ref, "conference"))
            self._flush_orders()

    def send_dtmf(self, principal: Principal, call_id: int, digits: str) -> None:
        with self._lock:
            call = self._live_call(principal, call_id)
            if call.state not in TALKING_STATES:
                raise ConflictError("DTMF can be sent only in a conversation")
            with self._db.reading() as check:
                self._require_control(check, principal, call)
            ref = call.ref
            self._order(lambda s: s.send_dtmf(ref, digits))
            self._flush_orders()

    def ensure_no_third_party(self, call: LiveCall) -> None:
        """Hold and resume belong to the conversation with the customer, not to a consultation."""
        if self._party_of(call) is not None:
            raise ConflictError("finish the consultation or conference first")

    # --- the switch's reports ------------------------------------------------------------------------

    def operator_leg_answered(self, token: str) -> bool:
        with self._lock:
            offer_id = self.state.by_token.get(token_hash(token))
            offer = self.state.offers.get(offer_id) if offer_id is not None else None
            if offer is None or offer.kind not in PARTY_OFFER_KINDS:
                return super().operator_leg_answered(token)
            call = self.state.calls.get(offer.call_id)
            party = self._party_of(call) if call is not None else None
            now = self._clock()
            if call is None or party is None or offer.expires_at <= now:
                return super().operator_leg_answered(token)  # refuses and logs it as stale or expired
            with self._tx() as session:
                self._resolve_offer(session, offer, OfferResult.ANSWERED, now)
                for other in [self.state.offers[o] for o in sorted(party.offers) if o in self.state.offers]:
                    self._resolve_offer(session, other, OfferResult.WITHDRAWN, now)
                party.offers.clear()
                party.employee_id = offer.employee_id
                party.state = ThirdPartyState.TALKING
                session.execute(
                    update(Transfer)
                    .where(Transfer.id == party.transfer_id)
                    .values(result=party.state.value, to_employee_id=offer.employee_id)
                )
                self._party_event(session, call, party)
            op = self.state.index.operators.get(offer.employee_id)
            if op is not None:
                op.call_id = call.id
                self.state.index.touch(op.employee_id)
            self._flush_orders()
            return True

    def party_answered(self, call_ref: str) -> None:
        """The number the worker dialled answered."""
        with self._lock:
            call = self._by_ref(call_ref)
            party = self._party_of(call) if call is not None else None
            if call is None or party is None or party.state is not ThirdPartyState.RINGING:
                return
            if party.mode is ThirdPartyMode.BLIND:
                self._merge(call, party)
            else:
                with self._tx() as session:
                    party.state = ThirdPartyState.TALKING
                    session.execute(
                        update(Transfer)
                        .where(Transfer.id == party.transfer_id)
                        .values(result=party.state.value)
                    )
                    self._party_event(session, call, party)
            self._flush_orders()

    def party_ended(self, call_ref: str, reason: str) -> None:
        """The third party's leg ended by itself: a target that never answered failed; one that talked
        hung up. A consultation returns to the customer; a blind transfer that failed goes back to the
        queue, first in line."""
        with self._lock:
            call = self._by_ref(call_ref)
            party = self._party_of(call) if call is not None else None
            if call is None or party is None:
                return
            ringing = party.state is ThirdPartyState.RINGING
            if ringing and party.offers:
                return  # an operator's leg that was refused; the offer itself still rings or times out
            state = ThirdPartyState.FAILED if ringing else ThirdPartyState.ENDED
            self._end_party(call, party, state, reason=reason)
            self._flush_orders()

    def customer_dtmf(self, call_ref: str, digit: str) -> None:
        with self._lock:
            call = self._by_ref(call_ref)
            if call is None or call.operator_id is None:
                return
            operator = call.operator_id
            with self._tx() as session:
                data = DtmfData(call_id=call.id, digit=digit).model_dump(mode="json")
                self._emit(session, call.tenant_id, CALL_DTMF, data, PERSONAL, operator)

    # --- hooks into the call's life ------------------------------------------------------------------

    def _resolve_offer(self, session: Session, offer: LiveOffer, result: OfferResult, now: datetime) -> None:
        super()._resolve_offer(session, offer, result, now)
        if offer.kind not in PARTY_OFFER_KINDS or result is OfferResult.ANSWERED:
            return
        call = self.state.calls.get(offer.call_id)
        party = self._party_of(call) if call is not None else None
        if call is None or party is None or offer.id not in party.offers:
            return
        party.offers.discard(offer.id)
        if not party.offers and party.state is ThirdPartyState.RINGING:
            # Everyone it rang at refused or let it ring out: the consultation returns to the customer.
            self._end_party(call, party, ThirdPartyState.FAILED, reason=result.value, session=session)

    def _end_conversation(self, session: Session, call: LiveCall, now: datetime, *, reason: str) -> None:
        party = self._party_of(call)
        if party is not None:
            self._release_party(call, party)
            party.state = ThirdPartyState.ENDED
            self._close_party_row(session, party, now)
            self._party_event(session, call, party, reason=reason)
            self._set_party(call, None)
        super()._end_conversation(session, call, now, reason=reason)

    def _abandon(self, session: Session, call: LiveCall, now: datetime) -> None:
        party = self._party_of(call)
        if party is not None:  # the customer left during a blind transfer to a number
            party.state = ThirdPartyState.FAILED
            self._close_party_row(session, party, now)
            self._party_event(session, call, party, reason="caller_gone")
            self._set_party(call, None)
        super()._abandon(session, call, now)

    # --- helpers -------------------------------------------------------------------------------------

    def _party_offers(self, call: LiveCall, party: Party, employees: list[int]) -> None:
        """Offer the call to the consultation/conference target(s); their legs join as the third party."""
        now = self._clock()
        ring = self.state.rules_for(call.group_id).ring_timeout_seconds
        expires = now + timedelta(seconds=ring)
        worker_uri = self.switch.worker_uri(call.ref)
        kind = "conference" if party.mode is ThirdPartyMode.CONFERENCE else "consult"
        made: list[tuple[LiveOffer, str]] = []
        with self._tx() as session:
            for employee_id in employees:
                token = secrets.token_urlsafe(32)
                row = Offer(
                    tenant_id=call.tenant_id,
                    call_id=call.id,
                    employee_id=employee_id,
                    token_hash=token_hash(token),
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
                    waiting_seconds=0.0,
                    worker_uri=worker_uri,
                    token=token,
                    expires_at=expires,
                    kind=kind,
                )
                self._emit(
                    session, call.tenant_id, CALL_OFFERED, data.model_dump(mode="json"), PERSONAL, employee_id
                )
                made.append((LiveOffer(row.id, call.id, employee_id, expires, kind, row.token_hash), token))
        for offer, token in made:
            self.state.offers[offer.id] = offer
            self.state.by_token[offer.token_hash] = offer.id
            call.offers.add(offer.id)
            party.offers.add(offer.id)
            op = self.state.index.operators.get(offer.employee_id)
            if op is not None:
                op.ringing.add(offer.id)
                self.state.index.touch(offer.employee_id)
            self._order(self._party_offer_order(call.ref, offer.employee_id, token))

    @staticmethod
    def _party_offer_order(ref: str, employee_id: int, token: str) -> SwitchOrder:
        return lambda s: s.party_offer_ready(ref, employee_id, token)

    def _end_party(
        self,
        call: LiveCall,
        party: Party,
        state: ThirdPartyState,
        *,
        reason: str,
        session: Session | None = None,
    ) -> None:
        """The third party leaves without a merge: cancelled, failed or hung up."""
        now = self._clock()
        if session is None:
            with self._tx() as own:
                self._end_party_in(own, call, party, state, reason, now)
        else:
            self._end_party_in(session, call, party, state, reason, now)
        ref = call.ref
        if party.mode is ThirdPartyMode.BLIND:
            self.state.enqueue(call)
            self._dispatch([call.group_id] if call.group_id is not None else [])
        else:  # hangs up a party still there; one that left already only resets the mix
            self._order(lambda s: s.third_party(ref, "none"))

    def _end_party_in(
        self,
        session: Session,
        call: LiveCall,
        party: Party,
        state: ThirdPartyState,
        reason: str,
        now: datetime,
    ) -> None:
        for offer in [self.state.offers[o] for o in sorted(party.offers) if o in self.state.offers]:
            party.offers.discard(offer.id)
            super()._resolve_offer(session, offer, OfferResult.WITHDRAWN, now)
        self._release_party(call, party)
        party.state = state
        self._close_party_row(session, party, now)
        self._set_party(call, None)
        if party.mode is ThirdPartyMode.BLIND:
            call.out_of_turn = True
            self._call_state(session, call, CallState.QUEUED, reason="transfer_failed")
            self._queue_changed(session, call)
        elif party.mode is ThirdPartyMode.CONSULT:
            self._resume_customer(session, call, now)
        self._party_event(session, call, party, reason=reason)

    def _resume_customer(self, session: Session, call: LiveCall, now: datetime) -> None:
        if call.state != CallState.HELD.value:
            return
        session.execute(
            update(Hold).where(Hold.call_id == call.id, Hold.ended_at.is_(None)).values(ended_at=now)
        )
        self._call_state(session, call, CallState.TALKING, reason="consultation_ended")

    def _release_party(self, call: LiveCall, party: Party) -> None:
        if party.employee_id is None or party.state is not ThirdPartyState.TALKING:
            return
        op = self.state.index.operators.get(party.employee_id)
        if op is not None and op.call_id == call.id:
            op.call_id = None
            self._idle(party.employee_id, self._clock())

    def _close_party_row(self, session: Session, party: Party, now: datetime) -> None:
        session.execute(
            update(Transfer)
            .where(Transfer.id == party.transfer_id)
            .values(result=party.state.value, ended_at=now, to_employee_id=party.employee_id)
        )

    def _party_event(
        self, session: Session, call: LiveCall, party: Party, *, reason: str | None = None
    ) -> None:
        data = ThirdPartyData(
            call_id=call.id,
            transfer_id=party.transfer_id,
            mode=party.mode,
            state=party.state,
            by_employee_id=party.by_employee_id,
            employee_id=party.employee_id,
            group_id=party.group_id,
            number=party.number,
            reason=reason,
        ).model_dump(mode="json")
        self._emit(session, call.tenant_id, CALL_THIRD_PARTY, data, ROUTED_PERMISSION, party.by_employee_id)
        if party.employee_id is not None and party.employee_id != party.by_employee_id:
            self._emit(session, call.tenant_id, CALL_THIRD_PARTY, data, PERSONAL, party.employee_id)
