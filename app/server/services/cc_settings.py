"""Contact-center settings: queue numbers, per-group distribution (with the TP-34 post-call condition and
operator priorities), topics («Тематика») and the wrap-up form that assigns them to a call."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.protocol.calls import (
    MAX_WRAPUP_CONDITIONS,
    DistributionSettingsBody,
    QueueNumberCreate,
    QueueNumberInfo,
    TopicCreate,
    TopicInfo,
    TopicUpdate,
    WrapupRequest,
)
from app.server.core.errors import (
    ConflictError,
    ForbiddenError,
    LimitReachedError,
    NotFoundError,
    ValidationFailedError,
)
from app.server.models import (
    Call,
    CallLeg,
    CallTopic,
    DistributionSettings,
    Group,
    GroupMember,
    OutboundCall,
    OutboundCallTopic,
    QueueNumber,
    Topic,
)
from app.server.services import statuses
from app.server.services.policy import Principal


def _group(session: Session, tenant_id: int, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.tenant_id != tenant_id:
        raise NotFoundError("no such group")
    return group


# --- distribution --------------------------------------------------------------------------------------


def distribution(session: Session, tenant_id: int, group_id: int) -> DistributionSettingsBody:
    _group(session, tenant_id, group_id)
    row = session.get(DistributionSettings, group_id)
    priorities = dict(
        session.execute(
            select(GroupMember.employee_id, GroupMember.priority).where(GroupMember.group_id == group_id)
        ).all()
    )
    if row is None:
        return DistributionSettingsBody(priorities=priorities)
    return DistributionSettingsBody.model_validate(
        {
            "algorithm": row.algorithm,
            "ring_timeout_seconds": row.ring_timeout_seconds,
            "max_wait_seconds": row.max_wait_seconds,
            "fallback": row.fallback,
            "wrapup_seconds": row.wrapup_seconds,
            "wrapup_status": row.wrapup_status,
            "priorities": priorities,
        }
    )


def set_distribution(session: Session, tenant_id: int, group_id: int, body: DistributionSettingsBody) -> None:
    _group(session, tenant_id, group_id)
    if body.wrapup_status is not None and statuses.resolve(session, tenant_id, body.wrapup_status) is None:
        raise ValidationFailedError("no such status", field="wrapup_status")
    row = session.get(DistributionSettings, group_id)
    if body.wrapup_seconds > 0 and (row is None or row.wrapup_seconds == 0):
        conditions = session.execute(
            select(func.count())
            .select_from(DistributionSettings)
            .where(DistributionSettings.tenant_id == tenant_id, DistributionSettings.wrapup_seconds > 0)
        ).scalar_one()
        if conditions >= MAX_WRAPUP_CONDITIONS:
            raise LimitReachedError(
                f"at most {MAX_WRAPUP_CONDITIONS} post-call conditions",
                detail={"limit": MAX_WRAPUP_CONDITIONS},
            )
    if row is None:
        row = DistributionSettings(group_id=group_id, tenant_id=tenant_id)
        session.add(row)
    row.algorithm = body.algorithm.value
    row.ring_timeout_seconds = body.ring_timeout_seconds
    row.max_wait_seconds = body.max_wait_seconds
    row.fallback = body.fallback.value
    row.wrapup_seconds = body.wrapup_seconds
    row.wrapup_status = body.wrapup_status
    members = {
        m.employee_id: m
        for m in session.execute(select(GroupMember).where(GroupMember.group_id == group_id)).scalars()
    }
    if unknown := sorted(set(body.priorities) - set(members)):
        raise ValidationFailedError(f"not members of the group: {unknown}", field="priorities")
    for employee_id, priority in body.priorities.items():
        members[employee_id].priority = priority
    session.flush()


# --- queue numbers -------------------------------------------------------------------------------------


def queue_numbers(session: Session, tenant_id: int) -> list[QueueNumberInfo]:
    rows = session.execute(
        select(QueueNumber).where(QueueNumber.tenant_id == tenant_id).order_by(QueueNumber.number)
    ).scalars()
    return [QueueNumberInfo(id=r.id, number=r.number, group_id=r.group_id, comment=r.comment) for r in rows]


def add_queue_number(session: Session, tenant_id: int, body: QueueNumberCreate) -> QueueNumberInfo:
    if body.group_id is not None:
        _group(session, tenant_id, body.group_id)
    if session.execute(select(QueueNumber.id).where(QueueNumber.number == body.number)).first():
        raise ConflictError("this number is already in use", detail={"field": "number"})
    row = QueueNumber(tenant_id=tenant_id, number=body.number, group_id=body.group_id, comment=body.comment)
    session.add(row)
    session.flush()
    return QueueNumberInfo(id=row.id, number=row.number, group_id=row.group_id, comment=row.comment)


def remove_queue_number(session: Session, tenant_id: int, number_id: int) -> None:
    row = session.get(QueueNumber, number_id)
    if row is None or row.tenant_id != tenant_id:
        raise NotFoundError("no such queue number")
    session.delete(row)


# --- topics --------------------------------------------------------------------------------------------


def _topic_info(row: Topic) -> TopicInfo:
    return TopicInfo(id=row.id, name=row.name, parent_id=row.parent_id, folder=row.folder)


def topics(session: Session, tenant_id: int) -> list[TopicInfo]:
    rows = session.execute(
        select(Topic).where(Topic.tenant_id == tenant_id).order_by(Topic.name, Topic.id)
    ).scalars()
    return [_topic_info(r) for r in rows]


def add_topic(session: Session, tenant_id: int, body: TopicCreate) -> TopicInfo:
    name = " ".join(body.name.split())
    if body.parent_id is not None:
        parent = session.get(Topic, body.parent_id)
        if parent is None or parent.tenant_id != tenant_id or not parent.folder:
            raise ValidationFailedError("the parent must be a folder of this company", field="parent_id")
    clash = session.execute(
        select(Topic.id).where(
            Topic.tenant_id == tenant_id,
            Topic.parent_id.is_(body.parent_id)
            if body.parent_id is None
            else Topic.parent_id == body.parent_id,
            Topic.name == name,
        )
    ).first()
    if clash:
        raise ConflictError("a topic with this name already exists here", detail={"field": "name"})
    row = Topic(tenant_id=tenant_id, parent_id=body.parent_id, name=name, folder=body.folder)
    session.add(row)
    session.flush()
    return _topic_info(row)


def _topic_of(session: Session, tenant_id: int, topic_id: int) -> Topic:
    row = session.get(Topic, topic_id)
    if row is None or row.tenant_id != tenant_id:
        raise NotFoundError("no such topic")
    return row


def _subtree(session: Session, tenant_id: int, root_id: int) -> list[int]:
    """``root_id`` and every topic below it."""
    found = [root_id]
    frontier = [root_id]
    while frontier:
        frontier = list(
            session.execute(
                select(Topic.id).where(Topic.tenant_id == tenant_id, Topic.parent_id.in_(frontier))
            ).scalars()
        )
        found.extend(frontier)
    return found


def update_topic(session: Session, tenant_id: int, topic_id: int, body: TopicUpdate) -> TopicInfo:
    """Rename a topic or folder, or move it (with everything below it) under another folder."""
    row = _topic_of(session, tenant_id, topic_id)
    parent_id = row.parent_id
    if body.to_root:
        parent_id = None
    elif body.parent_id is not None:
        parent = session.get(Topic, body.parent_id)
        if parent is None or parent.tenant_id != tenant_id or not parent.folder:
            raise ValidationFailedError("the parent must be a folder of this company", field="parent_id")
        if body.parent_id in _subtree(session, tenant_id, topic_id):
            raise ValidationFailedError("a folder cannot move into itself", field="parent_id")
        parent_id = body.parent_id
    name = row.name if body.name is None else " ".join(body.name.split())
    clash = session.execute(
        select(Topic.id).where(
            Topic.tenant_id == tenant_id,
            Topic.parent_id.is_(None) if parent_id is None else Topic.parent_id == parent_id,
            Topic.name == name,
            Topic.id != topic_id,
        )
    ).first()
    if clash:
        raise ConflictError("a topic with this name already exists here", detail={"field": "name"})
    row.name, row.parent_id = name, parent_id
    session.flush()
    return _topic_info(row)


def delete_topic(session: Session, tenant_id: int, topic_id: int, *, force: bool) -> None:
    """Delete a topic or a folder with everything in it (TP-28); one used on calls needs ``force``."""
    _topic_of(session, tenant_id, topic_id)
    ids = _subtree(session, tenant_id, topic_id)
    used = (
        session.execute(
            select(func.count(func.distinct(CallTopic.call_id))).where(CallTopic.topic_id.in_(ids))
        ).scalar_one()
        + session.execute(
            select(func.count(func.distinct(OutboundCallTopic.outbound_call_id))).where(
                OutboundCallTopic.topic_id.in_(ids)
            )
        ).scalar_one()
    )
    if used and not force:
        raise ConflictError("the topic was used on calls", detail={"field": "in_use", "calls": used})
    session.execute(delete(CallTopic).where(CallTopic.topic_id.in_(ids)))
    session.execute(delete(OutboundCallTopic).where(OutboundCallTopic.topic_id.in_(ids)))
    for topic_id_ in reversed(ids):  # children first: SQLite may run without foreign-key cascades
        session.execute(delete(Topic).where(Topic.id == topic_id_))


def wrapup(session: Session, principal: Principal, call_id: int, body: WrapupRequest, now: datetime) -> None:
    """Topics and a comment for a call the user talked on («Тематика» at the end of a call). A negative id
    is an operator's call out (``-OutboundCall.id``, as the history and ``wrapup.*`` name it)."""
    if call_id < 0:
        out = session.get(OutboundCall, -call_id)
        if out is None or out.tenant_id != principal.tenant_id:
            raise NotFoundError("no such call")
        if out.employee_id != principal.employee_id:
            raise _not_a_party()
        ids = _leaf_topics(session, principal.tenant_id, body.topic_ids)
        session.execute(delete(OutboundCallTopic).where(OutboundCallTopic.outbound_call_id == out.id))
        session.add_all(
            OutboundCallTopic(outbound_call_id=out.id, topic_id=t, employee_id=principal.employee_id)
            for t in ids
        )
        out.wrapup_comment = body.comment
        return
    call = session.get(Call, call_id)
    if call is None or call.tenant_id != principal.tenant_id:
        raise NotFoundError("no such call")
    took_part = session.execute(
        select(CallLeg.id).where(CallLeg.call_id == call_id, CallLeg.employee_id == principal.employee_id)
    ).first()
    if took_part is None:
        raise _not_a_party()
    ids = _leaf_topics(session, principal.tenant_id, body.topic_ids)
    session.execute(delete(CallTopic).where(CallTopic.call_id == call_id))
    session.add_all(CallTopic(call_id=call_id, topic_id=t, employee_id=principal.employee_id) for t in ids)
    call.wrapup_comment = body.comment


def _not_a_party() -> ForbiddenError:
    return ForbiddenError(
        "only an operator of the call can classify it", detail={"permission": "requests.use_topics"}
    )


def _leaf_topics(session: Session, tenant_id: int, topic_ids: list[int]) -> list[int]:
    """The distinct topic ids, each a topic (not a folder) of the tenant, or a 422 naming the others."""
    ids = sorted(set(topic_ids))
    found = set(
        session.execute(
            select(Topic.id).where(Topic.id.in_(ids), Topic.tenant_id == tenant_id, Topic.folder.is_(False))
        ).scalars()
    )
    if missing := [i for i in ids if i not in found]:
        raise ValidationFailedError(f"no such topics: {missing}", field="topic_ids")
    return ids
