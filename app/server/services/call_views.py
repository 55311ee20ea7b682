"""Read models derived from call facts: the queue panel (MW-31..35) and the call history."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.protocol.calls import (
    HIDDEN_NUMBER,
    CallState,
    HistoryChoice,
    HistoryPage,
    HistoryRow,
    QueueCallInfo,
    QueueSnapshot,
)
from app.server.core.errors import ForbiddenError
from app.server.events import outbox
from app.server.models import (
    Call,
    CallLeg,
    CallTopic,
    Employee,
    Group,
    GroupMember,
    Hold,
    Offer,
    OutboundCall,
    OutboundCallTopic,
    QueueNumber,
    Recording,
    Transfer,
)
from app.server.services import callbacks
from app.server.services.policy import Principal, visible_employees

QUEUE_PERMISSION = "calls.group_queue"
HISTORY_PERMISSION = "reports.incoming_service"
QUEUE_STATES = (
    CallState.IVR.value,
    CallState.QUEUED.value,
    CallState.OFFERING.value,
    CallState.TRANSFERRING.value,
)


def _label(number: QueueNumber | None) -> str:
    return "" if number is None else (number.comment or number.number)


def queue(session: Session, principal: Principal, now: datetime) -> QueueSnapshot:
    last = outbox.last_seq(session, principal.tenant_id)
    calls: list[QueueCallInfo] = []
    if principal.allows(QUEUE_PERMISSION):
        groups = principal.groups_in_scope(QUEUE_PERMISSION)
        query = (
            select(Call, QueueNumber)
            .outerjoin(QueueNumber, QueueNumber.id == Call.queue_number_id)
            .where(Call.tenant_id == principal.tenant_id, Call.state.in_(QUEUE_STATES))
        )
        if groups is not None:
            # IVR-stage calls (no group yet) are listed under the dialed number for everyone (MW-32).
            query = query.where(or_(Call.group_id.in_(groups), Call.group_id.is_(None)))
        rows = list(session.execute(query.order_by(Call.queued_at, Call.id)))
        ringing: dict[int, list[int]] = defaultdict(list)
        for call_id, employee_id in session.execute(
            select(Offer.call_id, Offer.employee_id).where(
                Offer.call_id.in_([c.id for c, _ in rows]), Offer.result.is_(None)
            )
        ):
            ringing[call_id].append(employee_id)
        # A call transferred from the queue (MW-33) waits in another group than its number's: the panel
        # names the group it waits for now, not the number the caller dialled.
        moved = {c.group_id for c, n in rows if n is not None and c.group_id not in (None, n.group_id)}
        group_names: dict[int, str] = {}
        if moved:
            for group_id, name in session.execute(select(Group.id, Group.name).where(Group.id.in_(moved))):
                group_names[group_id] = name
        calls = [
            QueueCallInfo(
                call_id=c.id,
                caller=HIDDEN_NUMBER if c.number_hidden else c.caller_number,
                queue=group_names.get(c.group_id or 0) or _label(n),
                group_id=c.group_id,
                state=CallState(c.state),
                waiting_since=c.queued_at or c.arrived_at,
                offered_to=sorted(ringing.get(c.id, [])),
            )
            for c, n in rows
        ]
    return QueueSnapshot(calls=calls, callbacks=callbacks.visible(session, principal, now), last_seq=last)


def history(
    session: Session,
    principal: Principal,
    *,
    since: datetime,
    until: datetime,
    limit: int,
    employee_id: int | None = None,
    group_id: int | None = None,
) -> list[HistoryRow]:
    """Calls that arrived in ``[since, until)`` the user may see: handled by employees in their
    ``reports.incoming_service`` scope, or queued for a group of theirs (company roles: all).

    CH-08: ``employee_id`` keeps the calls that employee talked on or made; ``group_id`` the calls
    queued for the group and the calls out of its members as of now. Either outside the user's scope
    is refused (:class:`ForbiddenError` naming the permission)."""
    visible = visible_employees(session, principal, HISTORY_PERMISSION)
    choices = history_choices(session, principal)
    if employee_id is not None and employee_id not in {c.id for c in choices.employees}:
        raise ForbiddenError(
            f"that employee's calls are outside your scope ({HISTORY_PERMISSION})",
            detail={"permission": HISTORY_PERMISSION},
        )
    if group_id is not None and group_id not in {c.id for c in choices.groups}:
        raise ForbiddenError(
            f"that group's calls are outside your scope ({HISTORY_PERMISSION})",
            detail={"permission": HISTORY_PERMISSION},
        )
    query = (
        select(Call, QueueNumber)
        .outerjoin(QueueNumber, QueueNumber.id == Call.queue_number_id)
        .where(Call.tenant_id == principal.tenant_id, Call.arrived_at >= since, Call.arrived_at < until)
    )
    if visible is not None:
        groups = principal.groups_in_scope(HISTORY_PERMISSION) or frozenset()
        handled = select(CallLeg.call_id).where(CallLeg.employee_id.in_(visible))
        query = query.where(or_(Call.id.in_(handled), Call.group_id.in_(groups)))
    callers: frozenset[int] | None = visible
    if employee_id is not None:
        query = query.where(Call.id.in_(select(CallLeg.call_id).where(CallLeg.employee_id == employee_id)))
        callers = frozenset({employee_id})
    elif group_id is not None:
        query = query.where(Call.group_id == group_id)
        callers = frozenset(
            session.execute(select(GroupMember.employee_id).where(GroupMember.group_id == group_id)).scalars()
        )
    rows = list(session.execute(query.order_by(Call.arrived_at.desc(), Call.id.desc()).limit(limit)))
    ids = [c.id for c, _ in rows]
    legs: dict[int, list[CallLeg]] = defaultdict(list)
    for leg in session.execute(
        select(CallLeg).where(CallLeg.call_id.in_(ids)).order_by(CallLeg.id)
    ).scalars():
        legs[leg.call_id].append(leg)
    holds: dict[int, float] = defaultdict(float)
    for hold in session.execute(select(Hold).where(Hold.call_id.in_(ids))).scalars():
        if hold.ended_at is not None:
            holds[hold.call_id] += (hold.ended_at - hold.started_at).total_seconds()
    transfers: dict[int, int] = defaultdict(int)
    # A consultation that did not end in «Объединить вызовы» and a conference moved nobody: not counted.
    moved = (Transfer.mode == "blind") | (Transfer.result == "merged")
    for call_id in session.execute(
        select(Transfer.call_id).where(Transfer.call_id.in_(ids), moved)
    ).scalars():
        transfers[call_id] += 1
    topics: dict[int, list[int]] = defaultdict(list)
    for call_id, topic_id in session.execute(
        select(CallTopic.call_id, CallTopic.topic_id).where(CallTopic.call_id.in_(ids))
    ):
        topics[call_id].append(topic_id)
    recordings: dict[int, list[str]] = defaultdict(list)
    recording_seconds: dict[int, list[float]] = defaultdict(list)
    recording_ids: dict[int, list[int]] = defaultdict(list)
    for rec_id, rec_call, path, seconds in session.execute(
        select(Recording.id, Recording.call_id, Recording.path, Recording.seconds)
        .where(Recording.call_id.in_(ids))
        .order_by(Recording.id)
    ):
        if path and rec_call is not None:
            recordings[rec_call].append(path)
            recording_seconds[rec_call].append(round(seconds or 0.0, 2))
            recording_ids[rec_call].append(rec_id)
    result = []
    for c, n in rows:
        settled = c.answered_at or c.ended_at
        talk = sum(
            ((leg.ended_at or c.ended_at or leg.started_at) - leg.started_at).total_seconds()
            for leg in legs[c.id]
        )
        result.append(
            HistoryRow(
                call_id=c.id,
                caller=HIDDEN_NUMBER if c.number_hidden else c.caller_number,
                queue=_label(n),
                group_id=c.group_id,
                arrived_at=c.arrived_at,
                answered_at=c.answered_at,
                ended_at=c.ended_at,
                state=CallState(c.state),
                end_reason=c.end_reason,
                operators=list(dict.fromkeys(leg.employee_id for leg in legs[c.id])),
                wait_seconds=(settled - c.arrived_at).total_seconds() if settled else None,
                talk_seconds=talk if legs[c.id] else None,
                hold_seconds=holds[c.id],
                transfers=transfers[c.id],
                topic_ids=sorted(topics[c.id]),
                comment=c.wrapup_comment,
                recordings=recordings[c.id],
                recording_seconds=recording_seconds[c.id],
                recording_ids=recording_ids[c.id],
            )
        )
    result.extend(_outbound_history(session, principal, callers, since=since, until=until, limit=limit))
    result.sort(key=lambda r: (r.arrived_at, r.call_id), reverse=True)
    return result[:limit]


def history_choices(session: Session, principal: Principal) -> HistoryPage:
    """The employees and groups the user may filter the history by (CH-08), by name; no rows."""
    visible = visible_employees(session, principal, HISTORY_PERMISSION)
    people = select(Employee.id, Employee.full_name).where(
        Employee.tenant_id == principal.tenant_id, Employee.deleted_at.is_(None)
    )
    if visible is not None:
        people = people.where(Employee.id.in_(visible))
    in_scope = principal.groups_in_scope(HISTORY_PERMISSION)
    teams = select(Group.id, Group.name).where(Group.tenant_id == principal.tenant_id)
    if in_scope is not None:
        teams = teams.where(Group.id.in_(in_scope))
    return HistoryPage(
        items=[],
        employees=[
            HistoryChoice(id=i, name=n) for i, n in session.execute(people.order_by(Employee.full_name))
        ],
        groups=[HistoryChoice(id=i, name=n) for i, n in session.execute(teams.order_by(Group.name))],
    )


def _outbound_history(
    session: Session,
    principal: Principal,
    visible: frozenset[int] | None,
    *,
    since: datetime,
    until: datetime,
    limit: int,
) -> list[HistoryRow]:
    """Operators' calls out through trunks (MW-19) placed in ``[since, until)``, as outgoing rows."""
    query = select(OutboundCall).where(
        OutboundCall.tenant_id == principal.tenant_id,
        OutboundCall.started_at >= since,
        OutboundCall.started_at < until,
    )
    if visible is not None:
        query = query.where(OutboundCall.employee_id.in_(visible))
    rows = list(session.execute(query.order_by(OutboundCall.started_at.desc()).limit(limit)).scalars())
    topics: dict[int, list[int]] = defaultdict(list)
    for out_id, topic_id in session.execute(
        select(OutboundCallTopic.outbound_call_id, OutboundCallTopic.topic_id).where(
            OutboundCallTopic.outbound_call_id.in_([o.id for o in rows])
        )
    ):
        topics[out_id].append(topic_id)
    recordings: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for rec_id, rec_out, path, seconds in session.execute(
        select(Recording.id, Recording.outbound_call_id, Recording.path, Recording.seconds)
        .where(Recording.outbound_call_id.in_([o.id for o in rows]))
        .order_by(Recording.id)
    ):
        if path and rec_out is not None:
            recordings[rec_out].append((rec_id, path, round(seconds or 0.0, 2)))
    return [
        HistoryRow(
            call_id=-o.id,
            caller=o.number,
            queue=o.caller_id,
            group_id=None,
            arrived_at=o.started_at,
            answered_at=o.answered_at,
            ended_at=o.ended_at,
            state=CallState.ENDED
            if o.ended_at
            else (CallState.TALKING if o.answered_at else CallState.OFFERING),
            end_reason=o.end_reason,
            operators=[o.employee_id],
            wait_seconds=None,
            talk_seconds=(
                ((o.ended_at or o.answered_at) - o.answered_at).total_seconds() if o.answered_at else None
            ),
            hold_seconds=0.0,
            transfers=0,
            topic_ids=sorted(topics[o.id]),
            comment=o.wrapup_comment,
            recordings=[path for _, path, _ in recordings[o.id]],
            recording_seconds=[seconds for _, _, seconds in recordings[o.id]],
            recording_ids=[rec_id for rec_id, _, _ in recordings[o.id]],
            direction="outgoing",
        )
        for o in rows
    ]
