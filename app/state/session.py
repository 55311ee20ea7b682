"""Who is signed in, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.protocol.auth import Me


@dataclass(frozen=True, slots=True)
class SessionSnapshot:
    server: str = ""
    login: str = ""
    me: Me | None = None

    @property
    def signed_in(self) -> bool:
        return self.me is not None


class SessionStore(QObject):
    """Holds the :class:`SessionSnapshot`."""

    session_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = SessionSnapshot()

    @property
    def snapshot(self) -> SessionSnapshot:
        return self._snapshot

    def set(self, snapshot: SessionSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.session_changed.emit(snapshot)
        return True
