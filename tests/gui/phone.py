"""A softphone bridge driven by the fake engine, for widget tests of calls (no SIP, no audio)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.services.softphone_bridge import SoftphoneBridge
from app.state.calls import CallsStore, MissedStore
from app.state.kpi import KpiStore
from softphone.config import EngineConfig
from softphone.fake import FakeSoftphoneEngine
from ui.desk import CallDesk


@dataclass
class Phone:
    desk: CallDesk
    bridge: SoftphoneBridge
    engine: FakeSoftphoneEngine

    @property
    def calls(self) -> CallsStore:
        return self.desk.calls


def running_phone() -> Iterator[Phone]:
    """The ``phone`` fixture of ``conftest``: a started fake engine behind a bridge, stopped afterwards."""
    calls, missed = CallsStore(), MissedStore()
    bridge = SoftphoneBridge(calls=calls, missed=missed, sip_domain="pbx.test", ended_linger_ms=60_000)
    engine = FakeSoftphoneEngine(EngineConfig(), bridge.deliver, step_s=0.01)
    engine.start()
    bridge.attach(engine)
    yield Phone(CallDesk(calls=calls, missed=missed, kpi=KpiStore(), bridge=bridge), bridge, engine)
    engine.stop()
