"""The ACD's working memory besides the operator index: live calls, ringing offers, post-call work,
group settings. Rebuilt from the database by :func:`load`; the rows stay the source of truth."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.calls import Algorithm, CallState, Fallback
from app.server.models import (
    Call,
    CustomStatus,
    DistributionSettings,
    Employee,
    GroupMember,
    Offer,
    PostCallWork,
    QueueNumber,
)
from app.server.services.acd_index import OperatorIndex, OperatorState

WAITING = frozenset({CallState.QUEUED.value, CallState.OFFERING.value})
LIVE = frozenset(s.value for s in CallState if s not in (CallState.ENDED,))


@dataclass(frozen=True, slots=True)
class GroupRules:
    algorithm: Algorithm = Algorithm.LONGEST_IDLE
    ring_timeout_seconds: int = 20
    max_wait_seconds: int = 600
    fallback: Fallback = Fallback.MISSED
    wrapup_seconds: int = 0
    wrapup_status: str | None = None

    @classmethod
    def of(cls, row: DistributionSettings | None) -> GroupRules:
        if row is None:
            return cls()
        return cls(
            Algorithm(row.algorithm),
            row.ring_timeout_seconds,
            row.max_wait_seconds,
            Fallback(row.fallback),
            row.wrapup_seconds,
            row.wrapup_status,
        )


@dataclass(slots=True)
class LiveCall:
    id: int
    tenant_id: int
    ref: str
    group_id: int | None
    state: str
    queued_at: datetime | None
    operator_id: int | None
    caller: str
    queue_label: str
    out_of_turn: bool = False
    excluded: set[int] = field(default_factory=set)
    offers: set[int] = field(default_factory=set)

    def sort_key(self) -> tuple[bool, datetime, int]:
        assert self.queued_at is not None
        return (not self.out_of_turn, self.queued_at, self.id)


@dataclass(slots=True)
class LiveOffer:
    id: int
    call_id: int
    employee_id: int
    expires_at: datetime
    kind: str
    token_hash: str


@dataclass(slots=True)
class Wrapup:
    id: int
    call_id: int
    due_at: datetime
    status: str | None
    previous_status: str | None


@dataclass
class AcdState:
    index: OperatorIndex = field(default_factory=OperatorIndex)
    calls: dict[int, LiveCall] = field(default_factory=dict)
    by_ref: dict[str, int] = field(default_factory=dict)
    offers: dict[int, LiveOffer] = field(default_factory=dict)
    by_token: dict[str, int] = field(default_factory=dict)
    wrapups: dict[int, Wrapup] = field(default_factory=dict)
    rules: dict[int, GroupRules] = field(default_factory=dict)
    queues: dict[int, list[LiveCall]] = field(default_factory=dict)

    # --- queues ------------------------------------------------------------------------------------------

    def enqueue(self, call: LiveCall) -> None:
        if call.group_id is None:
            return
        queue = self.queues.setdefault(call.group_id, [])
        if call not in queue:
            bisect.insort(queue, call, key=LiveCall.sort_key)

    def dequeue(self, call: LiveCall) -> None:
        for queue in self.queues.values():
            if call in queue:
                queue.remove(call)

    def rules_for(self, group_id: int | None) -> GroupRules:
        return self.rules.get(group_id, GroupRules()) if group_id is not None else GroupRules()

    def forget_call(self, call: LiveCall) -> None:
        self.dequeue(call)
        self.calls.pop(call.id, None)
        self.by_ref.pop(call.ref, None)


def load_operator(session: Session, employee: Employee, idle_since: datetime) -> OperatorState:
    groups = dict(
        session.execute(
            select(GroupMember.group_id, GroupMember.priority).where(GroupMember.employee_id == employee.id)
        ).all()
    )
    return OperatorState(
        employee_id=employee.id,
        tenant_id=employee.tenant_id,
        status=employee.status,
        consider_status=employee.consider_status,
        groups=groups,
        idle_since=idle_since,
    )


def custom_flags(session: Session, tenant_id: int) -> dict[str, bool]:
    return {
        f"custom-{row.id}": row.receives_group_calls
        for row in session.execute(select(CustomStatus).where(CustomStatus.tenant_id == tenant_id)).scalars()
    }


def queue_label(number: QueueNumber | None) -> str:
    if number is None:
        return ""
    return number.comment or number.number


def load(session: Session) -> AcdState:
    """Everything the ACD keeps in memory, from the rows."""
    state = AcdState()
    for row in session.execute(select(DistributionSettings)).scalars():
        state.rules[row.group_id] = GroupRules.of(row)
    tenants: set[int] = set()
    for employee in session.execute(select(Employee)).scalars():
        tenants.add(employee.tenant_id)
        state.index.put(load_operator(session, employee, employee.status_since))
    for tenant_id in tenants:
        state.index.set_custom_flags(tenant_id, custom_flags(session, tenant_id))
    numbers = {n.id: n for n in session.execute(select(QueueNumber)).scalars()}
    for call in session.execute(select(Call).where(Call.state.in_(LIVE))).scalars():
        live = LiveCall(
            id=call.id,
            tenant_id=call.tenant_id,
            ref=call.switch_ref,
            group_id=call.group_id,
            state=call.state,
            queued_at=call.queued_at,
            operator_id=call.operator_id,
            caller=call.caller_number,
            queue_label=queue_label(numbers.get(call.queue_number_id or 0)),
        )
        state.calls[call.id] = live
        state.by_ref[call.switch_ref] = call.id
        if call.state in WAITING or call.state == CallState.TRANSFERRING.value:
            state.enqueue(live)
        if call.operator_id is not None and call.state in (CallState.TALKING.value, CallState.HELD.value):
            op = state.index.operators.get(call.operator_id)
            if op is not None:
                op.call_id = call.id
    for offer in session.execute(select(Offer).where(Offer.result.is_(None))).scalars():
        live_call = state.calls.get(offer.call_id)
        if live_call is None:
            continue
        state.offers[offer.id] = LiveOffer(
            offer.id, offer.call_id, offer.employee_id, offer.expires_at, offer.kind, offer.token_hash
        )
        state.by_token[offer.token_hash] = offer.id
        live_call.offers.add(offer.id)
        op = state.index.operators.get(offer.employee_id)
        if op is not None:
            op.ringing.add(offer.id)
    for work in session.execute(select(PostCallWork).where(PostCallWork.ended_at.is_(None))).scalars():
        call_key = work.call_id if work.call_id is not None else -(work.outbound_call_id or 0)
        state.wrapups[work.employee_id] = Wrapup(
            work.id, call_key, work.due_at, work.status, work.previous_status
        )
        op = state.index.operators.get(work.employee_id)
        if op is not None:
            op.in_wrapup = True
    for op in state.index.operators.values():
        state.index.touch(op.employee_id)
    return state
