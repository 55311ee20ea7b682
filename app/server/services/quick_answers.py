"""«Быстрые ответы» (TP-29): categories and answers per group; «Без группы» is for everyone.

Editors follow ``requests.edit_quick_replies``: a supervisor edits the answers of the groups they control,
an administrator every group and «Без группы». Readers follow ``requests.use_quick_replies``: the answers of
their groups in scope and «Без группы». New items go last among their siblings; two equal answers may not
share a category.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.protocol.settings_tabs import QuickAnswerCreate, QuickAnswerInfo, QuickAnswerList, QuickAnswerUpdate
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from app.server.models import Group, QuickAnswer
from app.server.services.policy import Principal

EDIT = "requests.edit_quick_replies"
USE = "requests.use_quick_replies"


def _info(row: QuickAnswer) -> QuickAnswerInfo:
    return QuickAnswerInfo(
        id=row.id,
        text=row.text,
        category=row.category,
        parent_id=row.parent_id,
        group_id=row.group_id,
        position=row.position,
    )


def _may_edit(principal: Principal, group_id: int | None) -> bool:
    if not principal.allows(EDIT):
        return False
    scope = principal.groups_in_scope(EDIT)
    return scope is None or (group_id is not None and group_id in scope)


def _require_edit(principal: Principal, group_id: int | None) -> None:
    if not _may_edit(principal, group_id):
        raise ForbiddenError(
            "your role does not allow editing these quick answers", detail={"permission": EDIT}
        )


def listing(session: Session, principal: Principal) -> QuickAnswerList:
    editing = principal.allows(EDIT)
    readable = principal.groups_in_scope(EDIT if editing else USE)
    if not editing and not principal.allows(USE):
        readable = frozenset()
    rows = session.execute(
        select(QuickAnswer)
        .where(QuickAnswer.tenant_id == principal.tenant_id)
        .order_by(QuickAnswer.position, QuickAnswer.id)
    ).scalars()
    items = [_info(r) for r in rows if r.group_id is None or readable is None or r.group_id in readable]
    editable: list[int] | None
    if not editing:
        editable = []
    else:
        scope = principal.groups_in_scope(EDIT)
        editable = None if scope is None else sorted(scope)
    return QuickAnswerList(items=items, editable_group_ids=editable)


def _row(session: Session, tenant_id: int, answer_id: int) -> QuickAnswer:
    row = session.get(QuickAnswer, answer_id)
    if row is None or row.tenant_id != tenant_id:
        raise NotFoundError("no such quick answer")
    return row


def _clash(session: Session, tenant_id: int, parent_id: int | None, text: str, skip: int | None) -> bool:
    query = select(QuickAnswer.id).where(
        QuickAnswer.tenant_id == tenant_id,
        QuickAnswer.parent_id.is_(None) if parent_id is None else QuickAnswer.parent_id == parent_id,
        QuickAnswer.text == text,
        QuickAnswer.category.is_(False),
    )
    if skip is not None:
        query = query.where(QuickAnswer.id != skip)
    return session.execute(query).first() is not None


def _normalise(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationFailedError("the text is empty", field="text")
    return cleaned


def create(session: Session, principal: Principal, body: QuickAnswerCreate) -> QuickAnswerInfo:
    group_id = body.group_id
    if body.parent_id is not None:
        parent = _row(session, principal.tenant_id, body.parent_id)
        if not parent.category:
            raise ValidationFailedError("answers go into a category", field="parent_id")
        group_id = parent.group_id
    elif group_id is not None:
        group = session.get(Group, group_id)
        if group is None or group.tenant_id != principal.tenant_id:
            raise ValidationFailedError("no such group", field="group_id")
    _require_edit(principal, group_id)
    text = _normalise(body.text)
    if body.category and body.parent_id is not None:
        raise ValidationFailedError("a category cannot be inside another", field="parent_id")
    if not body.category and _clash(session, principal.tenant_id, body.parent_id, text, None):
        raise ConflictError("this answer is already in the category", detail={"field": "text"})
    last = session.execute(
        select(func.max(QuickAnswer.position)).where(
            QuickAnswer.tenant_id == principal.tenant_id,
            QuickAnswer.parent_id.is_(None)
            if body.parent_id is None
            else QuickAnswer.parent_id == body.parent_id,
        )
    ).scalar_one()
    row = QuickAnswer(
        tenant_id=principal.tenant_id,
        parent_id=body.parent_id,
        group_id=group_id,
        text=text,
        category=body.category,
        position=(last or 0) + 1,
    )
    session.add(row)
    session.flush()
    return _info(row)


def update(
    session: Session, principal: Principal, answer_id: int, body: QuickAnswerUpdate
) -> QuickAnswerInfo:
    row = _row(session, principal.tenant_id, answer_id)
    _require_edit(principal, row.group_id)
    if body.text is not None:
        text = _normalise(body.text)
        if not row.category and _clash(session, principal.tenant_id, row.parent_id, text, row.id):
            raise ConflictError("this answer is already in the category", detail={"field": "text"})
        row.text = text
    if body.move:
        siblings = list(
            session.execute(
                select(QuickAnswer)
                .where(
                    QuickAnswer.tenant_id == principal.tenant_id,
                    QuickAnswer.parent_id.is_(None)
                    if row.parent_id is None
                    else QuickAnswer.parent_id == row.parent_id,
                )
                .order_by(QuickAnswer.position, QuickAnswer.id)
            ).scalars()
        )
        index = siblings.index(row)
        target = index + body.move
        if 0 <= target < len(siblings):
            siblings[index], siblings[target] = siblings[target], siblings[index]
            for position, sibling in enumerate(siblings, start=1):
                sibling.position = position
    session.flush()
    return _info(row)


def remove(session: Session, principal: Principal, answer_id: int) -> None:
    """Deletes an answer, or a category with all its answers."""
    row = _row(session, principal.tenant_id, answer_id)
    _require_edit(principal, row.group_id)
    # Children first: SQLite may run without foreign-key cascades.
    session.execute(delete(QuickAnswer).where(QuickAnswer.parent_id == row.id))
    session.execute(delete(QuickAnswer).where(QuickAnswer.id == row.id))
