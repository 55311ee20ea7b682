"""The call intents the windows send, as a protocol: ``ui`` types against this, never the bridge module.

The softphone bridge implements it (and is the one module of ``app`` that imports ``softphone``);
import-linter forbids ``ui`` to reach ``softphone`` even through another module, so windows receive
the bridge from the composition root typed as :class:`CallControl`. :class:`NoCallControl` stands in
where a window has no softphone (a build without pjsua2, widget tests of other parts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance


@dataclass(frozen=True, slots=True)
class TransferColleague:
    employee_id: int
    name: str
    status: str
    extension: str = ""
    group_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TransferGroup:
    group_id: int
    name: str
    free: int
    """Members «На линии» now (TP-51 shows free/total next to the name)."""
    total: int


@dataclass(frozen=True, slots=True)
class TransferTargets:
    """Whom a contact-center call can be transferred to or conferenced with (the transfer dialog's lists)."""

    colleagues: tuple[TransferColleague, ...] = ()
    groups: tuple[TransferGroup, ...] = ()
    loaded: bool = False


def employee_target(employee_id: int) -> str:
    """The ``target`` text of a transfer to an employee (a number or SIP address is passed as typed)."""
    return f"employee:{employee_id}"


def group_target(group_id: int) -> str:
    return f"group:{group_id}"


class CallControl(Protocol):
    @property
    def operation_failed(self) -> SignalInstance: ...
    def redial_text(self) -> str: ...
    def dial(self, text: str, *, consult_of: str = "") -> bool: ...
    def answer(self, key: str) -> None: ...
    def reject(self, key: str) -> None: ...
    def hangup(self, key: str) -> None: ...
    def toggle_hold(self, key: str) -> None: ...
    def switch_to(self, key: str) -> None: ...
    def transfer_blind(self, key: str, target: str) -> bool: ...
    def start_consultation(self, key: str, target: str, *, label: str = "") -> bool: ...
    def start_conference(self, key: str, target: str, *, label: str = "") -> bool: ...
    def join_conference(self, consult_key: str) -> None: ...
    def transfer_targets(self, then: Callable[[TransferTargets], None]) -> None: ...
    def merge(self, consult_key: str) -> None: ...
    def send_dtmf(self, key: str, digits: str) -> None: ...
    def set_mute(self, muted: bool) -> None: ...
    def set_speaker_volume(self, volume: float) -> None: ...
    def set_mic_gain(self, gain: float) -> None: ...
    def finish_wrapup(self, key: str, topic_id: int, comment: str) -> None: ...
    def dismiss(self, key: str) -> None: ...


class NoCallControl(QObject):
    """Refuses every call intent with ``engine.failed``: there is no softphone behind this window."""

    operation_failed = Signal(str)

    def _refuse(self) -> None:
        self.operation_failed.emit("engine.failed")

    def redial_text(self) -> str:
        return ""

    def dial(self, text: str, *, consult_of: str = "") -> bool:
        self._refuse()
        return False

    def answer(self, key: str) -> None:
        self._refuse()

    def reject(self, key: str) -> None:
        self._refuse()

    def hangup(self, key: str) -> None:
        self._refuse()

    def toggle_hold(self, key: str) -> None:
        self._refuse()

    def switch_to(self, key: str) -> None:
        self._refuse()

    def transfer_blind(self, key: str, target: str) -> bool:
        self._refuse()
        return False

    def start_consultation(self, key: str, target: str, *, label: str = "") -> bool:
        self._refuse()
        return False

    def start_conference(self, key: str, target: str, *, label: str = "") -> bool:
        self._refuse()
        return False

    def join_conference(self, consult_key: str) -> None:
        self._refuse()

    def transfer_targets(self, then: Callable[[TransferTargets], None]) -> None:
        then(TransferTargets(loaded=True))

    def merge(self, consult_key: str) -> None:
        self._refuse()

    def send_dtmf(self, key: str, digits: str) -> None:
        self._refuse()

    def set_mute(self, muted: bool) -> None:
        self._refuse()

    def set_speaker_volume(self, volume: float) -> None:
        self._refuse()

    def set_mic_gain(self, gain: float) -> None:
        self._refuse()

    def finish_wrapup(self, key: str, topic_id: int, comment: str) -> None:
        self._refuse()

    def dismiss(self, key: str) -> None:
        self._refuse()
