"""Indicators of the KPI panel (MW-36..42) as the server computed them: objects, values with their
threshold colour, and the cells this user chose to show (MW-37)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

CellKey = tuple[str, int, int]
"""(object kind, object id, indicator code); kinds ``cc``, ``group``, ``operator``."""


@dataclass(frozen=True, slots=True)
class KpiObjectView:
    kind: str
    id: int
    name: str
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class KpiValue:
    kind: str
    object_id: int
    code: int
    value: float | None
    level: str = ""
    """``""``, ``yellow`` or ``red`` (MW-42)."""

    @property
    def key(self) -> CellKey:
        return (self.kind, self.object_id, self.code)


@dataclass(frozen=True, slots=True)
class KpiSnapshot:
    objects: tuple[KpiObjectView, ...] = ()
    values: tuple[KpiValue, ...] = ()
    selection: tuple[CellKey, ...] = ()
    loaded: bool = False

    def get(self, key: CellKey) -> KpiValue | None:
        return next((v for v in self.values if v.key == key), None)

    def shown(self) -> tuple[KpiValue, ...]:
        chosen = set(self.selection)
        return tuple(v for v in self.values if v.key in chosen)

    @property
    def alert(self) -> str:
        """The top-bar button's colour (MW-22): red if a shown value is red, else yellow if one is."""
        levels = {v.level for v in self.shown()}
        return "red" if "red" in levels else "yellow" if "yellow" in levels else ""


class KpiStore(QObject):
    kpi_changed = Signal(object)
    selection_requested = Signal(object)
    """The user chose other cells to show (a tuple of :data:`CellKey`); the KPI service saves them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = KpiSnapshot()

    @property
    def snapshot(self) -> KpiSnapshot:
        return self._snapshot

    def set(self, snapshot: KpiSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.kpi_changed.emit(snapshot)
        return True

    def request_selection(self, cells: tuple[CellKey, ...]) -> None:
        self.selection_requested.emit(cells)
