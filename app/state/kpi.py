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
class KpiThreshold:
    """One level of a threshold (MW-40): ``comparator`` is ``le`` (≤), ``between`` or ``ge`` (≥)."""

    kind: str
    object_id: int
    code: int
    level: str
    """``yellow`` («внимание») or ``red`` («предупреждение»)."""
    comparator: str
    low: float | None = None
    high: float | None = None

    @property
    def key(self) -> CellKey:
        return (self.kind, self.object_id, self.code)


@dataclass(frozen=True, slots=True)
class KpiSnapshot:
    objects: tuple[KpiObjectView, ...] = ()
    values: tuple[KpiValue, ...] = ()
    selection: tuple[CellKey, ...] = ()
    loaded: bool = False
    thresholds: tuple[KpiThreshold, ...] = ()
    """The shared thresholds on the objects this user sees (MW-40)."""

    def thresholds_of(self, key: CellKey) -> dict[str, KpiThreshold]:
        """The levels set for one indicator of one object, by level."""
        return {t.level: t for t in self.thresholds if t.key == key}

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
    thresholds_requested = Signal(object, object)
    """A cell's thresholds edited: (:data:`CellKey`, tuple of :class:`KpiThreshold`, empty to delete)."""
    thresholds_wanted = Signal()
    """The threshold editor opened: the KPI service refetches the shared thresholds."""
    thresholds_failed = Signal(object)
    """The server refused a threshold edit (a ``ClientError``; the editor shows it in the user's words)."""

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

    def request_thresholds(self, key: CellKey, levels: tuple[KpiThreshold, ...]) -> None:
        """Replace the thresholds of one cell with ``levels`` (none: «Удалить», MW-41)."""
        self.thresholds_requested.emit(key, levels)
