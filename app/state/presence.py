"""Colleagues and their live statuses (the «Сотрудники онлайн» view; how a supervisor sees «Перерыв»)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class ColleagueSnapshot:
    employee_id: int
    full_name: str
    status: str
    since: datetime | None = None
    extension: str = ""
    login: str = ""
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PresenceSnapshot:
    colleagues: tuple[ColleagueSnapshot, ...] = ()
    loaded: bool = False
    """False until the first list arrived (or when the server has no list to give)."""

    def get(self, employee_id: int) -> ColleagueSnapshot | None:
        return next((c for c in self.colleagues if c.employee_id == employee_id), None)


class PresenceStore(QObject):
    """Holds the :class:`PresenceSnapshot`; ``colleague_changed`` names the one colleague that changed."""

    presence_changed = Signal(object)
    colleague_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = PresenceSnapshot()

    @property
    def snapshot(self) -> PresenceSnapshot:
        return self._snapshot

    def set(self, snapshot: PresenceSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.presence_changed.emit(snapshot)
        return True

    def set_status(self, employee_id: int, status: str, since: datetime | None) -> bool:
        """Apply one status change; unknown colleagues are ignored (the list is refetched instead)."""
        old = self._snapshot.get(employee_id)
        if old is None:
            return False
        new = replace(old, status=status, since=since)
        if new == old:
            return False
        colleagues = tuple(new if c.employee_id == employee_id else c for c in self._snapshot.colleagues)
        self._snapshot = replace(self._snapshot, colleagues=colleagues)
        self.colleague_changed.emit(new)
        self.presence_changed.emit(self._snapshot)
        return True
