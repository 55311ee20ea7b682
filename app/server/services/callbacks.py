"""Callback orders (MW-35, part 1 §3.7): «Позвонить» locks an order for one employee; no answer releases
it; a conversation completes it; orders untouched for 14 days expire."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.protocol.calls import CALLBACK_CHANGED, CallbackOrderCreate, CallbackOrderInfo
from app.server.core.errors import ConflictError, ForbiddenError, NotFoundError
from app.server.events import outbox
from app.server.models import CallbackOrder, Group
from app.server.services import missed
from app.server.services.policy import Principal

QUEUE_PERMISSION = "calls.group_queue"
EXPIRY = timedelta(days=14)
OPEN = ("waiting", "locked")


def announce(session: Session, order: CallbackOrder, now: datetime, retention: outbox.Retention) -> None:
    outbox.append(
        session,
        tenant_id=order.tenant_id,
        type=CALLBACK_CHANGED,
        data={"id": order.id, "state": order.state, "locked_by": order.locked_by},
        at=now,
        permission=QUEUE_PERMISSION,
        subject_employee_id=None,
        retention=retention,
    )


def info(order: CallbackOrder) -> CallbackOrderInfo:
    return CallbackOrderInfo(
        id=order.id,
        group_id=order.group_id,
        widget=order.widget,
        mode=order.mode,
        phone=order.phone,
        created_at=order.created_at,
        state=order.state,
        locked_by=order.locked_by,
        attempts=order.attempts,
    )


def _in_scope(principal: Principal, group_id: int | None) -> bool:
    if not principal.allows(QUEUE_PERMISSION):
        return False
    groups = principal.groups_in_scope(QUEUE_PERMISSION)
    return groups is None or group_id is None or group_id in groups


def visible(session: Session, principal: Principal, now: datetime) -> list[CallbackOrderInfo]:
    rows = session.execute(
        select(CallbackOrder)
        .where(
            CallbackOrder.tenant_id == principal.tenant_id,
            CallbackOrder.state.in_(OPEN),
            CallbackOrder.created_at > now - EXPIRY,
        )
        .order_by(CallbackOrder.created_at, CallbackOrder.id)
    ).scalars()
    return [info(r) for r in rows if _in_scope(principal, r.group_id)]


def create(
    session: Session,
    principal: Principal,
    body: CallbackOrderCreate,
    now: datetime,
    retention: outbox.Retention,
) -> CallbackOrderInfo:
    if body.group_id is not None:
        group = session.get(Group, body.group_id)
        if group is None or group.tenant_id != principal.tenant_id:
            raise NotFoundError("no such group")
    if not _in_scope(principal, body.group_id):
        raise ForbiddenError("this queue is outside your scope", detail={"permission": QUEUE_PERMISSION})
    order = CallbackOrder(
        tenant_id=principal.tenant_id,
        group_id=body.group_id,
        widget=body.widget,
        phone=body.phone,
        created_at=now,
    )
    session.add(order)
    session.flush()
    announce(session, order, now, retention)
    return info(order)


def _get(session: Session, principal: Principal, order_id: int) -> CallbackOrder:
    order = session.execute(
        select(CallbackOrder).where(CallbackOrder.id == order_id).with_for_update()
    ).scalar_one_or_none()
    if order is None or order.tenant_id != principal.tenant_id or not _in_scope(principal, order.group_id):
        raise NotFoundError("no such callback order")
    return order


def claim(
    session: Session, principal: Principal, order_id: int, now: datetime, retention: outbox.Retention
) -> CallbackOrderInfo:
    """«Позвонить»: lock the order for the user; the call to the number starts (MW-30 resolves misses).

    The holder may press again (a client that closed during its attempt calls once more after sign-in)."""
    _get(session, principal, order_id)
    # A conditional UPDATE is the lock: of two employees pressing at once exactly one changes the row.
    result = session.execute(
        update(CallbackOrder)
        .where(
            CallbackOrder.id == order_id,
            (CallbackOrder.state == "waiting")
            | ((CallbackOrder.state == "locked") & (CallbackOrder.locked_by == principal.employee_id)),
            CallbackOrder.created_at > now - EXPIRY,
        )
        .values(state="locked", locked_by=principal.employee_id, locked_at=now)
    )
    order = _get(session, principal, order_id)
    session.refresh(order)
    if not getattr(result, "rowcount", 0):
        raise ConflictError(
            "another employee is already calling this number"
            if order.state == "locked"
            else "the order is closed",
            detail={"locked_by": order.locked_by},
        )
    missed.resolve_number(
        session,
        order.tenant_id,
        order.phone,
        reason="called_back",
        by=principal.employee_id,
        now=now,
        retention=retention,
    )
    announce(session, order, now, retention)
    return info(order)


def release(
    session: Session,
    principal: Principal,
    order_id: int,
    now: datetime,
    retention: outbox.Retention,
    *,
    done: bool,
) -> CallbackOrderInfo:
    """No answer: the order is free again (one more attempt); a conversation: it is done."""
    order = _get(session, principal, order_id)
    if order.state != "locked" or order.locked_by != principal.employee_id:
        raise ConflictError("the order is not locked by you")
    order.attempts += 1
    if done:
        order.state, order.done_at = "done", now
    else:
        order.state, order.locked_by, order.locked_at = "waiting", None, None
    session.flush()
    announce(session, order, now, retention)
    return info(order)
