"""The operator's calls as immutable snapshots (spec TP-48..52, §3.1..3.9), and the missed-calls counter.

One store holds every call the operator can see: plain-SIP calls fed by the softphone bridge and
contact-center calls fed by the server's ``call.*`` events. A call's ``phase`` is what the UI shows;
the source-specific ids stay on the snapshot so the services know where to send an intent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal


class CallPhase(enum.StrEnum):
    OFFERED = "offered"
    """Ringing at the operator: the incoming card with «Ответить» / «Отклонить»."""
    DIALING = "dialing"
    TALKING = "talking"
    HELD = "held"
    CONSULTING = "consulting"
    """A consultation leg of an attended transfer: «Объединить вызовы» joins it to the held call."""
    TRANSFERRING = "transferring"
    CONFERENCE = "conference"
    WRAPUP = "wrapup"
    ENDED = "ended"


class CallOrigin(enum.StrEnum):
    SIP = "sip"
    CONTACT_CENTER = "cc"


LIVE_PHASES = frozenset(
    {CallPhase.TALKING, CallPhase.HELD, CallPhase.CONSULTING, CallPhase.TRANSFERRING, CallPhase.CONFERENCE}
)


@dataclass(frozen=True, slots=True)
class CallSnapshot:
    key: str
    """Unique in the store: ``sip:<engine call id>`` or ``cc:<server call id>``."""
    origin: CallOrigin
    phase: CallPhase
    incoming: bool
    remote: str
    """The counterpart's number or SIP address, or «Номер скрыт»."""
    queue: str = ""
    """The number (or its comment) the caller dialled; empty for a personal call."""
    started_at: datetime | None = None
    """When the call started ringing at this operator (the ringing timer of the incoming card)."""
    connected_at: datetime | None = None
    """When the conversation began (the talk timer; not reset by hold, spec §3.3)."""
    waited_seconds: float = 0.0
    """How long the caller had waited in the queue before the offer."""
    end_reason: str = ""
    """A translatable reason key once ``ENDED`` (the softphone's message keys, ``offer.*`` keys)."""
    wrapup_due: datetime | None = None
    sip_call_id: int | None = None
    cc_call_id: int | None = None
    offer_id: int | None = None
    offer_token: str = ""
    worker_uri: str = ""
    consult_of: str = ""
    """Key of the held call this consultation leg belongs to."""
    remote_held: bool = False
    outbound_ref: str = ""
    """The switch's reference of an operator's call out through a trunk (MW-19); its ``call.outbound``
    events name it."""

    @property
    def live(self) -> bool:
        return self.phase in LIVE_PHASES


@dataclass(frozen=True, slots=True)
class CallsSnapshot:
    calls: tuple[CallSnapshot, ...] = ()
    muted: bool = False
    speaker_volume: float = 1.0
    mic_gain: float = 1.0

    def get(self, key: str) -> CallSnapshot | None:
        return next((c for c in self.calls if c.key == key), None)

    def find_sip(self, sip_call_id: int) -> CallSnapshot | None:
        return next((c for c in self.calls if c.sip_call_id == sip_call_id), None)

    def find_cc(self, cc_call_id: int) -> CallSnapshot | None:
        return next((c for c in self.calls if c.cc_call_id == cc_call_id), None)

    @property
    def offered(self) -> tuple[CallSnapshot, ...]:
        return tuple(c for c in self.calls if c.phase is CallPhase.OFFERED)

    @property
    def active(self) -> CallSnapshot | None:
        """The one call in conversation (at most one; the others are held, spec §3.3)."""
        return next(
            (c for c in self.calls if c.live and c.phase is not CallPhase.HELD),
            next((c for c in self.calls if c.phase is CallPhase.DIALING), None),
        )

    @property
    def held(self) -> tuple[CallSnapshot, ...]:
        return tuple(c for c in self.calls if c.phase is CallPhase.HELD)

    @property
    def focus(self) -> CallSnapshot | None:
        """What the call widget shows first: a ringing offer, then the active call, then the rest."""
        order = (
            CallPhase.OFFERED,
            CallPhase.CONSULTING,
            CallPhase.TALKING,
            CallPhase.CONFERENCE,
            CallPhase.TRANSFERRING,
            CallPhase.DIALING,
            CallPhase.HELD,
            CallPhase.WRAPUP,
            CallPhase.ENDED,
        )
        for phase in order:
            for call in self.calls:
                if call.phase is phase:
                    return call
        return None

    @property
    def busy(self) -> bool:
        return any(c.live or c.phase is CallPhase.DIALING for c in self.calls)


class CallsStore(QObject):
    """Holds the :class:`CallsSnapshot`; ``calls_changed`` only on a real change."""

    calls_changed = Signal(object)
    control_failed = Signal(object)
    """The server refused a contact-center call intent (a ``ClientError``); the main window says why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = CallsSnapshot()

    @property
    def snapshot(self) -> CallsSnapshot:
        return self._snapshot

    def set(self, snapshot: CallsSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.calls_changed.emit(snapshot)
        return True

    def upsert(self, call: CallSnapshot) -> bool:
        calls = list(self._snapshot.calls)
        for index, existing in enumerate(calls):
            if existing.key == call.key:
                calls[index] = call
                break
        else:
            calls.append(call)
        return self.set(replace(self._snapshot, calls=tuple(calls)))

    def remove(self, key: str) -> bool:
        calls = tuple(c for c in self._snapshot.calls if c.key != key)
        return self.set(replace(self._snapshot, calls=calls))

    def set_audio(
        self, *, muted: bool | None = None, speaker_volume: float | None = None, mic_gain: float | None = None
    ) -> bool:
        s = self._snapshot
        return self.set(
            replace(
                s,
                muted=s.muted if muted is None else muted,
                speaker_volume=s.speaker_volume if speaker_volume is None else speaker_volume,
                mic_gain=s.mic_gain if mic_gain is None else mic_gain,
            )
        )


@dataclass(frozen=True, slots=True)
class MissedEntry:
    """One missed call as the user may see it (MW-27): who called and when."""

    id: int
    call_id: int
    kind: str
    """``personal``, ``group`` or ``ivr``."""
    caller: str
    arrived_at: datetime
    employee_id: int | None = None
    group_id: int | None = None


@dataclass(frozen=True, slots=True)
class MissedSection:
    """A separator of the missed-calls list with its calls: a group, or the IVR (``group_id`` None)."""

    group_id: int | None
    name: str
    count: int
    entries: tuple[MissedEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class MissedSnapshot:
    total: int = 0
    """The badge: missed personal and group calls available to the user (MW-26)."""
    last_7_days: int = 0
    personal: tuple[MissedEntry, ...] = ()
    """Own missed calls (a supervisor's subordinates' too, own first), not split by group (MW-28)."""
    sections: tuple[MissedSection, ...] = ()
    """The IVR first, then the groups the user may see (MW-29), each with its count."""


class MissedStore(QObject):
    """The missed-calls counter behind the top-bar badge and the tray icon."""

    missed_changed = Signal(object)
    cancel_requested = Signal(int)
    """«Отменить» on a missed call (its id); the contact-center service asks the server."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot = MissedSnapshot()

    @property
    def snapshot(self) -> MissedSnapshot:
        return self._snapshot

    def set(self, snapshot: MissedSnapshot) -> bool:
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        self.missed_changed.emit(snapshot)
        return True

    def request_cancel(self, missed_id: int) -> None:
        self.cancel_requested.emit(missed_id)

    def add_local(self) -> bool:
        """A plain-SIP call rang out unanswered: counted here, the server knows nothing of it."""
        s = self._snapshot
        return self.set(replace(s, total=s.total + 1, last_7_days=s.last_7_days + 1))


class TopicsStore(QObject):
    """The tenant's call topics («Тематика», TP-28) offered in post-call work: (id, "Folder / Topic")."""

    topics_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._topics: tuple[tuple[int, str], ...] = ()

    @property
    def snapshot(self) -> tuple[tuple[int, str], ...]:
        return self._topics

    def set(self, topics: tuple[tuple[int, str], ...]) -> bool:
        if topics == self._topics:
            return False
        self._topics = topics
        self.topics_changed.emit(topics)
        return True
