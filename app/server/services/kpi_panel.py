"""The KPI panel's rules: who sees which object, thresholds and colours (§3.4), each user's selection, and
``KpiPusher``, which recomputes a tenant's indicators after its facts change and emits ``kpi.changed``
only when a value or colour moved."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.protocol.kpi import (
    KPI_CHANGED,
    KPI_SCOPES,
    Colour,
    Comparator,
    KpiChangedData,
    KpiObject,
    KpiSelection,
    KpiSelectionItem,
    KpiSnapshot,
    KpiValue,
    Level,
    ObjectKind,
    Threshold,
    ThresholdList,
)
from app.server.core.clock import Clock
from app.server.core.db import Database
from app.server.core.errors import ForbiddenError, ValidationFailedError
from app.server.events import outbox
from app.server.models import KpiSelectionRow, KpiThresholdRow, Tenant
from app.server.services import kpi
from app.server.services.kpi import CC_ID, Directory, ObjectRef, Values
from app.server.services.permission_matrix import Scope
from app.server.services.policy import Principal

PERMISSION = "kpi.configure"
"""A2.7 «Настраивать панель показателей»: its scope is also what the panel may show."""


# --- visibility -------------------------------------------------------------------------------------------


def visible_objects(principal: Principal, d: Directory) -> set[ObjectRef]:
    """SELF: oneself; OWN+CTRL: one's member and controlled groups and their people; ALL: everything."""
    scope = principal.scope(PERMISSION)
    if scope is Scope.N:
        return set()
    me: set[ObjectRef] = {(ObjectKind.OPERATOR, principal.employee_id)}
    if scope is Scope.SELF:
        return me
    groups = principal.groups_in_scope(PERMISSION)
    if groups is None:
        return set(kpi.objects_of(d))
    result = me | {(ObjectKind.GROUP, g) for g in groups if g in d.groups}
    for g in groups:
        result |= {(ObjectKind.OPERATOR, e) for e in d.members.get(g, set())}
    return result


def _may_set_threshold(principal: Principal, d: Directory, ref: ObjectRef) -> bool:
    """Thresholds are shared by everyone (MW-40): only a scope wider than oneself may set them."""
    if principal.scope(PERMISSION) in (Scope.N, Scope.SELF):
        return False
    if ref[0] is ObjectKind.CC:
        return principal.groups_in_scope(PERMISSION) is None
    return ref in visible_objects(principal, d)


# --- thresholds and colours --------------------------------------------------------------------------------


def matches(t: Threshold, value: float) -> bool:
    if t.comparator is Comparator.LE:
        return t.low is not None and value <= t.low
    if t.comparator is Comparator.GE:
        return t.low is not None and value >= t.low
    if t.low is None and t.high is None:
        return False
    return (t.low is None or value >= t.low) and (t.high is None or value <= t.high)


def colour(thresholds: list[Threshold], value: float | None) -> Colour:
    """Red wins over yellow; no value, no colour."""
    if value is None:
        return Colour.NONE
    hits = {t.level for t in thresholds if matches(t, value)}
    if Level.RED in hits:
        return Colour.RED
    return Colour.YELLOW if Level.YELLOW in hits else Colour.NONE


def _threshold(row: KpiThresholdRow) -> Threshold:
    return Threshold(
        kind=ObjectKind(row.object_kind),
        object_id=row.object_id,
        code=row.code,
        level=Level(row.level),
        comparator=Comparator(row.comparator),
        low=row.low,
        high=row.high,
    )


def thresholds(session: Session, tenant_id: int) -> list[Threshold]:
    rows = session.execute(
        select(KpiThresholdRow).where(KpiThresholdRow.tenant_id == tenant_id).order_by(KpiThresholdRow.id)
    ).scalars()
    return [_threshold(r) for r in rows]


def coloured(
    values: Values, rules: list[Threshold], d: Directory | None = None
) -> dict[tuple[ObjectKind, int, int], KpiValue]:
    """Each value with its colour. An employee's value is checked against their own thresholds and
    those of the same indicator on every group they are in (MW-40, §3.4), the worst level winning."""
    by_key: dict[tuple[ObjectKind, int, int], list[Threshold]] = {}
    for t in rules:
        by_key.setdefault((t.kind, t.object_id, t.code), []).append(t)

    def rules_for(kind: ObjectKind, oid: int, code: int) -> list[Threshold]:
        own = by_key.get((kind, oid, code), [])
        if kind is not ObjectKind.OPERATOR or d is None:
            return own
        inherited = [
            t for g in sorted(d.groups_of.get(oid, ())) for t in by_key.get((ObjectKind.GROUP, g, code), [])
        ]
        return own + inherited

    return {
        (kind, oid, code): KpiValue(
            kind=kind,
            object_id=oid,
            code=code,
            value=value,
            colour=colour(rules_for(kind, oid, code), value),
        )
        for (kind, oid, code), value in values.items()
    }


def set_thresholds(session: Session, principal: Principal, body: ThresholdList) -> None:
    """Replace the thresholds of every (object, indicator) named in ``body`` that the principal may set;
    a pair whose levels are all absent from ``body`` is left alone (``DELETE`` removes one)."""
    d = kpi.directory(session, principal.tenant_id)
    for t in body.items:
        _check(t.kind, t.object_id, t.code, d)
        if not _may_set_threshold(principal, d, (t.kind, t.object_id)):
            raise ForbiddenError(
                "your role does not allow thresholds here", detail={"permission": PERMISSION}
            )
        if t.comparator is not Comparator.BETWEEN and t.low is None:
            raise ValidationFailedError("a threshold needs a value", field="low")
    for t in body.items:
        session.execute(
            delete(KpiThresholdRow).where(
                KpiThresholdRow.tenant_id == principal.tenant_id,
                KpiThresholdRow.object_kind == t.kind.value,
                KpiThresholdRow.object_id == t.object_id,
                KpiThresholdRow.code == t.code,
                KpiThresholdRow.level == t.level.value,
            )
        )
        session.add(
            KpiThresholdRow(
                tenant_id=principal.tenant_id,
                object_kind=t.kind.value,
                object_id=t.object_id,
                code=t.code,
                level=t.level.value,
                comparator=t.comparator.value,
                low=t.low,
                high=t.high,
            )
        )


def delete_threshold(
    session: Session, principal: Principal, kind: ObjectKind, object_id: int, code: int
) -> None:
    d = kpi.directory(session, principal.tenant_id)
    _check(kind, object_id, code, d)
    if not _may_set_threshold(principal, d, (kind, object_id)):
        raise ForbiddenError("your role does not allow thresholds here", detail={"permission": PERMISSION})
    session.execute(
        delete(KpiThresholdRow).where(
            KpiThresholdRow.tenant_id == principal.tenant_id,
            KpiThresholdRow.object_kind == kind.value,
            KpiThresholdRow.object_id == object_id,
            KpiThresholdRow.code == code,
        )
    )


def _check(kind: ObjectKind, object_id: int, code: int, d: Directory) -> None:
    if kind not in KPI_SCOPES.get(code, frozenset()):
        raise ValidationFailedError(f"indicator {code} is not defined for {kind.value}", field="code")
    known = (
        object_id == CC_ID
        if kind is ObjectKind.CC
        else object_id in (d.groups if kind is ObjectKind.GROUP else d.employees)
    )
    if not known:
        raise ValidationFailedError(f"no such {kind.value}: {object_id}", field="object_id")


# --- selection -------------------------------------------------------------------------------------------


def visible_thresholds(session: Session, principal: Principal) -> ThresholdList:
    seen = visible_objects(principal, kpi.directory(session, principal.tenant_id))
    return ThresholdList(
        items=[t for t in thresholds(session, principal.tenant_id) if (t.kind, t.object_id) in seen]
    )


def selection(session: Session, principal: Principal) -> KpiSelection:
    rows = session.execute(
        select(KpiSelectionRow)
        .where(KpiSelectionRow.employee_id == principal.employee_id)
        .order_by(KpiSelectionRow.id)
    ).scalars()
    return KpiSelection(
        items=[
            KpiSelectionItem(kind=ObjectKind(r.object_kind), object_id=r.object_id, code=r.code) for r in rows
        ]
    )


def set_selection(session: Session, principal: Principal, body: KpiSelection) -> KpiSelection:
    d = kpi.directory(session, principal.tenant_id)
    allowed = visible_objects(principal, d)
    unique: dict[tuple[ObjectKind, int, int], KpiSelectionItem] = {}
    for item in body.items:
        _check(item.kind, item.object_id, item.code, d)
        if (item.kind, item.object_id) not in allowed:
            raise ForbiddenError("that object is outside your scope", detail={"permission": PERMISSION})
        unique[item.kind, item.object_id, item.code] = item
    session.execute(delete(KpiSelectionRow).where(KpiSelectionRow.employee_id == principal.employee_id))
    for item in unique.values():
        session.add(
            KpiSelectionRow(
                employee_id=principal.employee_id,
                object_kind=item.kind.value,
                object_id=item.object_id,
                code=item.code,
            )
        )
    return KpiSelection(items=list(unique.values()))


# --- snapshot --------------------------------------------------------------------------------------------


def snapshot(session: Session, principal: Principal, now: datetime) -> KpiSnapshot:
    d = kpi.directory(session, principal.tenant_id)
    seen = visible_objects(principal, d)
    values = coloured(
        kpi.compute(session, principal.tenant_id, now, d), thresholds(session, principal.tenant_id), d
    )
    objects: list[KpiObject] = []
    for kind, oid in kpi.objects_of(d):
        if (kind, oid) not in seen:
            continue
        name = (
            "" if kind is ObjectKind.CC else (d.groups[oid] if kind is ObjectKind.GROUP else d.employees[oid])
        )
        group_ids = sorted(d.groups_of.get(oid, set())) if kind is ObjectKind.OPERATOR else []
        objects.append(KpiObject(kind=kind, id=oid, name=name, group_ids=group_ids))
    return KpiSnapshot(
        at=now,
        period_start=kpi.period_start(now),
        objects=objects,
        values=[v for (kind, oid, _), v in sorted(values.items()) if (kind, oid) in seen],
    )


# --- push ------------------------------------------------------------------------------------------------


class KpiPusher:
    """Recomputes tenants marked dirty (their facts changed) at most every ``interval``, and every tenant
    once per ``full_interval`` (waits and load grow with time alone); emits ``kpi.changed`` on a change."""

    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        retention: outbox.Retention,
        interval: timedelta = timedelta(seconds=0.5),
        full_interval: timedelta = timedelta(seconds=5),
    ) -> None:
        self._db = db
        self._clock = clock
        self._retention = retention
        self._interval = interval
        self._full_interval = full_interval
        self._lock = threading.Lock()
        self._dirty: set[int] = set()
        self._last: dict[int, dict[tuple[ObjectKind, int, int], KpiValue]] = {}
        self._last_run: datetime | None = None
        self._last_full: datetime | None = None

    def mark(self, tenants: set[int]) -> None:
        with self._lock:
            self._dirty |= tenants

    def tick(self) -> None:
        """Called by the ACD timer: the debounced recompute."""
        now = self._clock()
        with self._lock:
            if self._last_run is not None and now - self._last_run < self._interval:
                return
            full = self._last_full is None or now - self._last_full >= self._full_interval
            tenants, self._dirty = set(self._dirty), set()
            self._last_run = now
            if full:
                self._last_full = now
        if full:
            with self._db.reading() as session:
                tenants |= set(session.execute(select(Tenant.id)).scalars())
        for tenant_id in sorted(tenants):
            self.refresh(tenant_id)

    def refresh(self, tenant_id: int) -> bool:
        """Recompute one tenant now; True if ``kpi.changed`` was emitted."""
        now = self._clock()
        with self._db.transaction() as session:
            d = kpi.directory(session, tenant_id)
            values = coloured(kpi.compute(session, tenant_id, now, d), thresholds(session, tenant_id), d)
            previous = self._last.get(tenant_id)
            self._last[tenant_id] = values
            if previous is None:
                return False  # the first computation after start is the baseline; clients fetch at login
            changed = sorted({(k, o) for (k, o, c), v in values.items() if previous.get((k, o, c)) != v})
            changed += sorted({(k, o) for (k, o, c) in previous if (k, o, c) not in values} - set(changed))
            if not changed:
                return False
            outbox.append(
                session,
                tenant_id=tenant_id,
                type=KPI_CHANGED,
                data=KpiChangedData(at=now, objects=changed).model_dump(mode="json"),
                at=now,
                permission=PERMISSION,
                subject_employee_id=None,
                retention=self._retention,
            )
            return True
