"""Server KPIs on this client: fetched at login, after ``kpi.changed`` and after a resync; the user's
selection of shown cells is saved to the server (MW-37, any computer)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.protocol.kpi import (
    KPI_CHANGED,
    Comparator,
    KpiSelection,
    KpiSelectionItem,
    Level,
    ObjectKind,
    Threshold,
    ThresholdList,
)
from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.kpi import CellKey, KpiObjectView, KpiSnapshot, KpiStore, KpiThreshold, KpiValue

if TYPE_CHECKING:
    from app.protocol.events import Event
    from app.services.api import ApiClient

log = logging.getLogger(__name__)


class KpiService(QObject):
    failed = Signal(object)

    def __init__(self, *, store: KpiStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        store.selection_requested.connect(self.save_selection)
        store.thresholds_requested.connect(self.save_thresholds)
        store.thresholds_wanted.connect(lambda: self.refresh(selection=False, thresholds=True))
        self._api: Callable[[], ApiClient | None] = lambda: None
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] = lambda coro: coro.close()

    def bind(
        self, *, api: Callable[[], ApiClient | None], spawn: Callable[[Coroutine[Any, Any, None]], object]
    ) -> None:
        self._api = api
        self._spawn = spawn

    def apply(self, event: Event) -> bool:
        """``kpi.changed``: refetch (the event names objects, values come from ``GET /kpi``)."""
        if event.type != KPI_CHANGED:
            return False
        log_event(log, "kpi.changed", seq=event.seq)
        self.refresh(selection=False)
        return True

    def refresh(self, *, selection: bool = True, thresholds: bool = False) -> None:
        api = self._api()
        if api is None:
            return

        async def run() -> None:
            try:
                answer = await api.kpi()
                chosen = await api.kpi_selection() if selection else None
                # The colours come with the values; the rules themselves only serve the editor, which
                # refetches them when it opens (another supervisor may have changed them).
                rules = await api.kpi_thresholds() if selection or thresholds else None
            except ClientError as exc:
                log_event(log, "kpi.failed", error=type(exc).__name__)
                self.failed.emit(exc)
                return
            current = self._store.snapshot
            self._store.set(
                KpiSnapshot(
                    objects=tuple(
                        KpiObjectView(o.kind.value, o.id, o.name, tuple(o.group_ids)) for o in answer.objects
                    ),
                    values=tuple(
                        KpiValue(
                            v.kind.value,
                            v.object_id,
                            v.code,
                            v.value,
                            "" if v.colour.value == "none" else v.colour.value,
                        )
                        for v in answer.values
                    ),
                    selection=current.selection if chosen is None else _cells(chosen),
                    loaded=True,
                    thresholds=current.thresholds if rules is None else _thresholds(rules),
                )
            )

        self._spawn(run())

    def save_selection(self, cells: tuple[CellKey, ...]) -> None:
        """Show these cells (the store changes at once; the server keeps them for the next login)."""
        self._store.set(replace(self._store.snapshot, selection=cells))
        api = self._api()
        if api is None:
            return
        body = KpiSelection(
            items=[KpiSelectionItem(kind=ObjectKind(k), object_id=o, code=c) for k, o, c in cells]
        )

        async def run() -> None:
            try:
                await api.set_kpi_selection(body)
            except ClientError as exc:
                log_event(log, "kpi.selection_failed", error=type(exc).__name__)
                self.failed.emit(exc)

        self._spawn(run())

    def save_thresholds(self, key: CellKey, levels: tuple[KpiThreshold, ...]) -> None:
        """Make ``levels`` the thresholds of one cell (MW-40); none deletes them (MW-41). The panel's
        colours follow from the refetch (and from ``kpi.changed`` on every other client)."""
        api = self._api()
        if api is None:
            return
        kind, object_id, code = key
        before = set(self._store.snapshot.thresholds_of(key))
        body = ThresholdList(
            items=[
                Threshold(
                    kind=ObjectKind(t.kind),
                    object_id=t.object_id,
                    code=t.code,
                    level=Level(t.level),
                    comparator=Comparator(t.comparator),
                    low=t.low,
                    high=t.high,
                )
                for t in levels
            ]
        )

        async def run() -> None:
            try:
                if not levels or not before <= {t.level for t in levels}:
                    await api.delete_kpi_threshold(kind, object_id, code)
                if levels:
                    await api.set_kpi_thresholds(body)
            except ClientError as exc:
                log_event(log, "kpi.thresholds_failed", error=type(exc).__name__)
                self._store.thresholds_failed.emit(exc)
            self.refresh(selection=False, thresholds=True)

        self._spawn(run())


def _thresholds(rules: ThresholdList) -> tuple[KpiThreshold, ...]:
    return tuple(
        KpiThreshold(t.kind.value, t.object_id, t.code, t.level.value, t.comparator.value, t.low, t.high)
        for t in rules.items
    )


def _cells(selection: KpiSelection) -> tuple[CellKey, ...]:
    return tuple((i.kind.value, i.object_id, i.code) for i in selection.items)
