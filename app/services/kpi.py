"""Server KPIs on this client: fetched at login, after ``kpi.changed`` and after a resync; the user's
selection of shown cells is saved to the server (MW-37, any computer)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.protocol.kpi import KPI_CHANGED, KpiSelection, KpiSelectionItem, ObjectKind
from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.kpi import CellKey, KpiObjectView, KpiSnapshot, KpiStore, KpiValue

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

    def refresh(self, *, selection: bool = True) -> None:
        api = self._api()
        if api is None:
            return

        async def run() -> None:
            try:
                answer = await api.kpi()
                chosen = await api.kpi_selection() if selection else None
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


def _cells(selection: KpiSelection) -> tuple[CellKey, ...]:
    return tuple((i.kind.value, i.object_id, i.code) for i in selection.items)
