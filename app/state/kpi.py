"""Indicators shown on the KPI panel (MW-36..42): one value per indicator, with its threshold level."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class KpiValue:
    key: str
    """``queue_calls``, ``accepted``, ``outgoing``, ``lost``, ``avg_incoming_talk`` (catalogue MW-39)."""
    value: float
    unit: str = "count"
    """``count`` or ``seconds``."""
    level: str = ""
    """``""``, ``yellow`` or ``red`` (MW-42)."""


@dataclass(frozen=True, slots=True)
class KpiSnapshot:
    values: tuple[KpiValue, ...] = ()

    def get(self, key: str) -> KpiValue | None:
        return next((v for v in self.values if v.key == key), None)

    @property
    def alert(self) -> str:
        """The top-bar button's colour (MW-22): red if any value is red, else yellow if any is."""
        levels = {v.level for v in self.values}
        return "red" if "red" in levels else "yellow" if "yellow" in levels else ""


class KpiStore(QObject):
    kpi_changed = Signal(object)

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
