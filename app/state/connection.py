"""The realtime connection as the user sees it: connected, reconnecting…, offline."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class ConnectionState(StrEnum):
    OFFLINE = "offline"
    """No session, or the session ended."""
    CONNECTING = "connecting"
    """First connection of a session."""
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    """The connection dropped; retrying with backoff."""


@dataclass(frozen=True, slots=True)
class ConnectionSnapshot:
    state: ConnectionState = ConnectionState.OFFLINE
    attempt: int = 0
    """Failed attempts since the connection was last up."""
    retry_in: float | None = None
    """Seconds until the next attempt while reconnecting."""


class ConnectionStore(QObject):
    """Holds the :class:`ConnectionSnapshot`."""

    connection_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = ConnectionSnapshot()

    @property
    def snapshot(self) -> ConnectionSnapshot:
        return self._snapshot

    def set(self, snapshot: ConnectionSnapshot) -> bool:
        """Replace the snapshot; emits and returns True only on a real change."""
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.connection_changed.emit(snapshot)
        return True
