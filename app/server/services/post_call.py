"""«Поствызывная обработка» as a list of conditions (TP-34): group → time and status.

Each condition is the ``wrapup_*`` pair of the group's distribution settings, which the ACD already reads
(the longest time among an operator's groups wins). A supervisor sees and replaces the conditions of the
groups they control, an administrator those of every group; at most 50 per company.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.protocol.settings_tabs import MAX_POST_CALL_CONDITIONS, PostCallCondition, PostCallConditions
from app.server.core.errors import ForbiddenError, LimitReachedError, ValidationFailedError
from app.server.models import DistributionSettings, Group
from app.server.services import statuses
from app.server.services.policy import Principal

PERMISSION = "settings.post_call"


def _groups_in_scope(session: Session, principal: Principal) -> list[int]:
    scope = principal.groups_in_scope(PERMISSION)
    ids = session.execute(
        select(Group.id).where(Group.tenant_id == principal.tenant_id).order_by(Group.name)
    ).scalars()
    return [g for g in ids if scope is None or g in scope]


def conditions(session: Session, principal: Principal) -> PostCallConditions:
    principal.require(PERMISSION)
    groups = _groups_in_scope(session, principal)
    rows = session.execute(
        select(DistributionSettings).where(
            DistributionSettings.group_id.in_(groups), DistributionSettings.wrapup_seconds > 0
        )
    ).scalars()
    by_group = {r.group_id: r for r in rows}
    return PostCallConditions(
        items=[
            PostCallCondition(
                group_id=g, seconds=by_group[g].wrapup_seconds, status=by_group[g].wrapup_status
            )
            for g in groups
            if g in by_group
        ],
        group_ids=groups,
    )


def replace(session: Session, principal: Principal, body: PostCallConditions) -> list[int]:
    """Set the conditions of the groups in scope to ``body``; returns the groups whose rule changed."""
    principal.require(PERMISSION)
    groups = set(_groups_in_scope(session, principal))
    wanted = {c.group_id: c for c in body.items}
    if len(wanted) != len(body.items):
        raise ValidationFailedError("a group has more than one condition", field="items")
    if outside := sorted(set(wanted) - groups):
        raise ForbiddenError(
            f"these groups are outside your scope: {outside}", detail={"permission": PERMISSION}
        )
    for condition in body.items:
        if (
            condition.status is not None
            and statuses.resolve(session, principal.tenant_id, condition.status) is None
        ):
            raise ValidationFailedError("no such status", field="status")
    others = session.execute(
        select(DistributionSettings.group_id).where(
            DistributionSettings.tenant_id == principal.tenant_id,
            DistributionSettings.wrapup_seconds > 0,
            DistributionSettings.group_id.not_in(groups),
        )
    ).all()
    if len(others) + len(wanted) > MAX_POST_CALL_CONDITIONS:
        raise LimitReachedError(
            f"at most {MAX_POST_CALL_CONDITIONS} post-call conditions",
            detail={"limit": MAX_POST_CALL_CONDITIONS},
        )
    rows = {
        r.group_id: r
        for r in session.execute(
            select(DistributionSettings).where(DistributionSettings.group_id.in_(groups))
        ).scalars()
    }
    changed: list[int] = []
    for group_id in sorted(groups):
        rule = wanted.get(group_id)
        seconds, status = (rule.seconds, rule.status) if rule else (0, None)
        row = rows.get(group_id)
        if row is None:
            if rule is None:
                continue
            row = DistributionSettings(group_id=group_id, tenant_id=principal.tenant_id)
            session.add(row)
        if (row.wrapup_seconds or 0, row.wrapup_status) != (seconds, status):
            row.wrapup_seconds, row.wrapup_status = seconds, status
            changed.append(group_id)
    session.flush()
    return changed
