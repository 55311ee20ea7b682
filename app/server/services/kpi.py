"""The 19 KPI indicators of spec §3.3, computed from the persisted call facts.

The period ``P`` is the current UTC day up to now (tenant time zone UTC; the spec's inferred sliding hour
is a possible later setting). Instant indicators (1, 3, 4, 5) read the live rows. Every value is a pure
function of the rows and ``now``, so a recompute that finds the same numbers changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.calls import CallState
from app.protocol.kpi import KPI_SCOPES, ObjectKind
from app.protocol.status import BuiltinStatus
from app.server.models import Call, CallGroup, CallLeg, Employee, Group, GroupMember, Hold, Offer

ObjectRef = tuple[ObjectKind, int]
Values = dict[tuple[ObjectKind, int, int], float | None]

SL_SECONDS = 20.0
"""Indicator 8: the «заданное значение» of the service level."""
DEPTH_SECONDS = 30.0
"""Indicators 17, 18: the «заданный порог» of a successful conversation."""
ACD_OFFER_KINDS = frozenset({"group", "intercept"})
WAITING = frozenset({CallState.QUEUED.value, CallState.OFFERING.value, CallState.TRANSFERRING.value})
CC_ID = 0


def period_start(now: datetime) -> datetime:
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def _secs(delta: timedelta) -> float:
    return max(delta.total_seconds(), 0.0)


def _ratio(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _mean(items: list[float]) -> float | None:
    return round(sum(items) / len(items)) if items else None


@dataclass
class _CallFacts:
    """One call of the period as the formulas need it."""

    id: int
    groups: set[int]
    """Every group the call reached (its own, then transfers)."""
    last_group: int | None
    waiting: bool
    answered: bool
    lost: bool
    wait: float | None
    """Queue wait: to the answer, to now while waiting, to the end when lost."""
    immediate: bool
    """Answered by an offer made at arrival, without waiting in the queue (indicator 6)."""


@dataclass
class _LegFacts:
    employee_id: int
    call_id: int
    net_talk: float
    ended: bool
    acd: bool


@dataclass
class Directory:
    """The tenant's objects: groups and their members, employees and their groups."""

    groups: dict[int, str] = field(default_factory=dict)
    employees: dict[int, str] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    groups_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    statuses: dict[int, str] = field(default_factory=dict)

    def group_members(self) -> set[int]:
        return {e for members in self.members.values() for e in members}


def directory(session: Session, tenant_id: int) -> Directory:
    result = Directory()
    for gid, name in session.execute(select(Group.id, Group.name).where(Group.tenant_id == tenant_id)):
        result.groups[gid] = name
    for eid, name, status in session.execute(
        select(Employee.id, Employee.full_name, Employee.status).where(Employee.tenant_id == tenant_id)
    ):
        result.employees[eid] = name
        result.statuses[eid] = status
    for gid, eid in session.execute(
        select(GroupMember.group_id, GroupMember.employee_id).where(GroupMember.group_id.in_(result.groups))
    ):
        result.members[gid].add(eid)
        result.groups_of[eid].add(gid)
    return result


def compute(session: Session, tenant_id: int, now: datetime, people: Directory | None = None) -> Values:
    """Every indicator for the CC, each group and each employee of the tenant."""
    d = people if people is not None else directory(session, tenant_id)
    start = period_start(now)
    calls = _calls(session, tenant_id, start, now)
    legs = _legs(session, tenant_id, start, now)
    offered = _offered(session, tenant_id, start)
    values: Values = {}
    objects: list[tuple[ObjectKind, int, set[int], set[int] | None]] = [
        (ObjectKind.CC, CC_ID, d.group_members(), None)
    ]
    objects += [(ObjectKind.GROUP, g, set(d.members[g]), {g}) for g in d.groups]
    period_seconds = _secs(now - start)
    last_group = {c.id: c.last_group for c in calls}
    for kind, oid, staff, groups in objects:
        in_scope = [c for c in calls if c.groups and (groups is None or c.groups & groups)]
        served_here = [c for c in calls if c.answered and (groups is None or c.last_group in groups)]
        lost = [c for c in in_scope if c.lost]
        scope_legs = [leg for leg in legs if groups is None or last_group.get(leg.call_id) in groups]
        staff_legs = [leg for leg in legs if leg.employee_id in staff]
        _store(values, kind, oid, _call_values(in_scope, served_here, lost, scope_legs, now))
        busy_acd = {leg.employee_id for leg in staff_legs if not leg.ended and leg.acd}
        busy_personal = {leg.employee_id for leg in staff_legs if not leg.ended and not leg.acd}
        talking = {leg.employee_id for leg in legs if not leg.ended}
        values[kind, oid, 3] = float(
            sum(1 for e in staff if d.statuses.get(e) == BuiltinStatus.ONLINE.value and e not in talking)
        )
        values[kind, oid, 4] = float(len(busy_acd))
        values[kind, oid, 5] = float(len(busy_personal))
        talk = sum(leg.net_talk for leg in staff_legs)
        values[kind, oid, 12] = (
            round(100.0 * talk / (len(staff) * period_seconds), 1) if staff and period_seconds else None
        )
        _store_outgoing(values, kind, oid)
    for eid in d.employees:
        mine = [leg for leg in legs if leg.employee_id == eid]
        answered = {leg.call_id for leg in mine}
        lost_here = offered.get(eid, set()) - answered
        values[ObjectKind.OPERATOR, eid, 9] = float(len(lost_here))
        values[ObjectKind.OPERATOR, eid, 10] = float(len(answered))
        values[ObjectKind.OPERATOR, eid, 11] = _ratio(len(lost_here), len(answered) + len(lost_here))
        values[ObjectKind.OPERATOR, eid, 12] = (
            round(100.0 * sum(leg.net_talk for leg in mine) / period_seconds, 1) if period_seconds else None
        )
        done = [leg.net_talk for leg in mine if leg.ended]
        values[ObjectKind.OPERATOR, eid, 16] = _mean(done)
        values[ObjectKind.OPERATOR, eid, 18] = _ratio(sum(1 for t in done if t > DEPTH_SECONDS), len(done))
        _store_outgoing(values, ObjectKind.OPERATOR, eid)
    return {key: value for key, value in values.items() if key[0] in KPI_SCOPES[key[2]]}


def _call_values(
    in_scope: list[_CallFacts],
    served: list[_CallFacts],
    lost: list[_CallFacts],
    legs: list[_LegFacts],
    now: datetime,
) -> dict[int, float | None]:
    del now
    waits = [c.wait for c in in_scope if c.wait is not None]
    queued_answers = [c.wait for c in served if not c.immediate and c.wait is not None]
    done = [leg.net_talk for leg in legs if leg.ended]
    return {
        1: float(sum(1 for c in in_scope if c.waiting)),
        2: round(max(waits)) if waits else None,
        6: _ratio(sum(1 for c in served if c.immediate), len(served) + len(lost)),
        7: _mean(queued_answers),
        8: _ratio(sum(1 for c in served if (c.wait or 0.0) < SL_SECONDS), len(served) + len(lost)),
        9: float(len(lost)),
        10: float(len(served)),
        11: _ratio(len(lost), len(served) + len(lost)),
        16: _mean(done),
    }


def _store(values: Values, kind: ObjectKind, oid: int, found: dict[int, float | None]) -> None:
    for code, value in found.items():
        values[kind, oid, code] = value


def _store_outgoing(values: Values, kind: ObjectKind, oid: int) -> None:
    """Indicators 13, 14, 15, 17, 19 count outgoing calls, which have no persisted facts yet: zero calls."""
    values[kind, oid, 13] = 0.0
    values[kind, oid, 14] = 0.0
    values[kind, oid, 15] = None
    values[kind, oid, 17] = None
    values[kind, oid, 19] = None


def _calls(session: Session, tenant_id: int, start: datetime, now: datetime) -> list[_CallFacts]:
    rows = session.execute(
        select(Call).where(
            Call.tenant_id == tenant_id, (Call.arrived_at >= start) | (Call.state != CallState.ENDED.value)
        )
    ).scalars()
    calls = list(rows)
    ids = [c.id for c in calls]
    reached: dict[int, set[int]] = defaultdict(set)
    first_offer: dict[int, datetime] = {}
    if ids:
        for call_id, group_id in session.execute(
            select(CallGroup.call_id, CallGroup.group_id).where(CallGroup.call_id.in_(ids))
        ):
            reached[call_id].add(group_id)
        for call_id, created in session.execute(
            select(Offer.call_id, Offer.created_at).where(Offer.call_id.in_(ids)).order_by(Offer.id)
        ):
            first_offer.setdefault(call_id, created)
    result: list[_CallFacts] = []
    for c in calls:
        groups = reached[c.id] | ({c.group_id} if c.group_id is not None else set())
        waiting = c.state in WAITING and c.answered_at is None
        ended_unanswered = c.state == CallState.ENDED.value and c.answered_at is None
        wait: float | None = None
        if c.queued_at is not None:
            until = c.answered_at or (now if waiting else c.ended_at)
            wait = _secs(until - c.queued_at) if until is not None else None
        offer_at = first_offer.get(c.id)
        immediate = c.answered_at is not None and offer_at is not None and offer_at <= c.arrived_at
        result.append(
            _CallFacts(
                c.id,
                groups,
                c.group_id,
                waiting,
                c.answered_at is not None,
                ended_unanswered and bool(groups),
                wait,
                immediate,
            )
        )
    return result


def _legs(session: Session, tenant_id: int, start: datetime, now: datetime) -> list[_LegFacts]:
    rows = session.execute(
        select(CallLeg, Offer.kind)
        .join(Call, Call.id == CallLeg.call_id)
        .outerjoin(Offer, Offer.id == CallLeg.offer_id)
        .where(Call.tenant_id == tenant_id, (CallLeg.started_at >= start) | CallLeg.ended_at.is_(None))
    ).all()
    holds: dict[tuple[int, int], list[tuple[datetime, datetime]]] = defaultdict(list)
    call_ids = {leg.call_id for leg, _ in rows}
    if call_ids:
        for hold in session.execute(select(Hold).where(Hold.call_id.in_(call_ids))).scalars():
            holds[hold.call_id, hold.employee_id].append((hold.started_at, hold.ended_at or now))
    result: list[_LegFacts] = []
    for leg, offer_kind in rows:
        begin, end = max(leg.started_at, start), leg.ended_at or now
        held = sum(
            _secs(min(h_end, end) - max(h_start, begin))
            for h_start, h_end in holds[leg.call_id, leg.employee_id]
        )
        result.append(
            _LegFacts(
                leg.employee_id,
                leg.call_id,
                max(_secs(end - begin) - held, 0.0),
                leg.ended_at is not None,
                offer_kind in ACD_OFFER_KINDS,
            )
        )
    return result


def _offered(session: Session, tenant_id: int, start: datetime) -> dict[int, set[int]]:
    """Calls a group offered to each employee in the period, decided (answered or not)."""
    result: dict[int, set[int]] = defaultdict(set)
    for employee_id, call_id in session.execute(
        select(Offer.employee_id, Offer.call_id).where(
            Offer.tenant_id == tenant_id,
            Offer.created_at >= start,
            Offer.result.is_not(None),
            Offer.kind.in_(ACD_OFFER_KINDS),
        )
    ):
        result[employee_id].add(call_id)
    return result


def objects_of(d: Directory) -> Iterable[ObjectRef]:
    yield ObjectKind.CC, CC_ID
    for g in d.groups:
        yield ObjectKind.GROUP, g
    for e in d.employees:
        yield ObjectKind.OPERATOR, e
