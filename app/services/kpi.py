"""The operator's own indicators, counted on this client from the calls it saw (until the server's KPI
feed exists): calls in the queue, accepted and outgoing calls, lost calls, average incoming talk.

Thresholds (MW-40) are the tenant's and live on the server; the local ones here are the defaults a
fresh tenant gets: red at 3 lost calls, yellow at 1; yellow at 3 calls waiting, red at 6.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.state.calls import CallOrigin, CallPhase, CallsSnapshot, CallsStore, MissedSnapshot, MissedStore
from app.state.kpi import KpiSnapshot, KpiStore, KpiValue
from app.state.queue import QueueSnapshot, QueueStore


def _level(value: float, yellow: float, red: float) -> str:
    return "red" if value >= red else "yellow" if value >= yellow else ""


class KpiTracker:
    """Watches the calls and missed stores and keeps :class:`KpiStore` current."""

    def __init__(
        self, *, calls: CallsStore, missed: MissedStore, kpi: KpiStore, queue: QueueStore | None = None
    ) -> None:
        self._calls = calls
        self._queue = queue
        self._missed = missed
        self._kpi = kpi
        self._seen_talking: set[str] = set()
        self._accepted = 0
        self._outgoing = 0
        self._incoming_talk = 0.0
        self._incoming_finished = 0
        calls.calls_changed.connect(self._on_calls_changed)
        missed.missed_changed.connect(self._on_missed_changed)
        if queue is not None:
            queue.queue_changed.connect(self._on_queue_changed)
        self._publish()

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        now = datetime.now(UTC)
        for call in snapshot.calls:
            if call.phase in (CallPhase.TALKING, CallPhase.CONFERENCE) and call.key not in self._seen_talking:
                self._seen_talking.add(call.key)
                if call.incoming:
                    self._accepted += 1
                else:
                    self._outgoing += 1
            if call.phase in (CallPhase.ENDED, CallPhase.WRAPUP) and call.key in self._seen_talking:
                self._seen_talking.discard(call.key)
                if call.incoming and call.connected_at is not None:
                    self._incoming_talk += (now - call.connected_at) / timedelta(seconds=1)
                    self._incoming_finished += 1
        self._publish()

    def _on_missed_changed(self, _snapshot: MissedSnapshot) -> None:
        self._publish()

    def _on_queue_changed(self, _snapshot: QueueSnapshot) -> None:
        self._publish()

    def _publish(self) -> None:
        if self._queue is not None and self._queue.snapshot.loaded:
            queue = len(self._queue.snapshot.calls)
        else:  # no queue from the server (yet): the contact-center calls ringing here
            queue = sum(
                1
                for c in self._calls.snapshot.calls
                if c.phase is CallPhase.OFFERED and c.origin is CallOrigin.CONTACT_CENTER
            )
        lost = self._missed.snapshot.total
        average = self._incoming_talk / self._incoming_finished if self._incoming_finished else 0.0
        self._kpi.set(
            KpiSnapshot(
                (
                    KpiValue("queue_calls", queue, level=_level(queue, 3, 6)),
                    KpiValue("accepted", self._accepted),
                    KpiValue("outgoing", self._outgoing),
                    KpiValue("lost", lost, level=_level(lost, 1, 3)),
                    KpiValue("avg_incoming_talk", average, unit="seconds"),
                )
            )
        )
