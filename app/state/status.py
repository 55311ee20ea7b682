"""The signed-in user's status and the statuses they may choose from (spec MW-23..25)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.protocol.status import StatusDefinition

# The keys of app.protocol.status as plain strings: windows use them before pydantic is imported
# (startup time); tests/unit/test_stores.py checks they match the protocol.
OFFLINE = "offline"
KEEP = "keep"
BUILTIN_KEYS = ("online", "break", "outbound", "all_calls", "dnd")


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    current: str = OFFLINE
    since: datetime | None = None
    definitions: tuple[StatusDefinition, ...] = ()
    pending: str | None = None
    """A change the user asked for that the server has not confirmed yet."""

    def definition(self, key: str) -> StatusDefinition | None:
        return next((d for d in self.definitions if d.key == key), None)

    @property
    def selectable(self) -> tuple[StatusDefinition, ...]:
        return tuple(d for d in self.definitions if d.selectable and d.key != OFFLINE)


class StatusStore(QObject):
    """Holds the :class:`StatusSnapshot`."""

    status_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = StatusSnapshot()

    @property
    def snapshot(self) -> StatusSnapshot:
        return self._snapshot

    def set(self, snapshot: StatusSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.status_changed.emit(snapshot)
        return True

    def set_current(self, key: str, since: datetime | None = None) -> bool:
        pending = None if self._snapshot.pending == key else self._snapshot.pending
        return self.set(replace(self._snapshot, current=key, since=since, pending=pending))

    def set_pending(self, key: str | None) -> bool:
        return self.set(replace(self._snapshot, pending=key))
