"""Pult's embedded softphone: pjsua2 on one owning thread, headset audio through sounddevice.

No Qt here; the client marshals the engine's events onto its own loop. ``FakeSoftphoneEngine`` in
``softphone.fake`` has the same API for UI tests.
"""

from softphone.config import AccountConfig, AudioConfig, EngineConfig, SrtpMode, Transport
from softphone.engine import LevelsSnapshot, SoftphoneEngine
from softphone.errors import SoftphoneError

__all__ = [
    "AccountConfig",
    "AudioConfig",
    "EngineConfig",
    "LevelsSnapshot",
    "SoftphoneEngine",
    "SoftphoneError",
    "SrtpMode",
    "Transport",
]
