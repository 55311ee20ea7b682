"""The call-handling objects the windows share, built once by the composition root and passed on whole."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.call_control import CallControl, NoCallControl
from app.state.calls import CallsStore, MissedStore, TopicsStore
from app.state.kpi import KpiStore
from app.state.queue import QueueStore


@dataclass(frozen=True, slots=True)
class CallDesk:
    calls: CallsStore
    missed: MissedStore
    kpi: KpiStore
    bridge: CallControl
    queue: QueueStore = field(default_factory=QueueStore)
    topics: TopicsStore = field(default_factory=TopicsStore)
    """The softphone bridge (``app.services.softphone_bridge``), typed as the protocol ``ui`` may see."""

    @classmethod
    def detached(cls) -> CallDesk:
        """Empty stores and no softphone: a window of a build or test that has none."""
        return cls(calls=CallsStore(), missed=MissedStore(), kpi=KpiStore(), bridge=NoCallControl())
