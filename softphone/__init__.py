"""Pult's embedded softphone: pjsua2 on one owning thread, headset audio through sounddevice.

No Qt here; the client marshals the engine's events onto its own loop. Usage::

    engine = SoftphoneEngine(EngineConfig(audio=AudioConfig(speaker="Jabra EVOLVE 20|ALSA")), on_event)
    engine.start()                                   # raises SoftphoneError if SIP transports fail
    engine.register(AccountConfig("sip:pbx.example.com", "101", "secret")).result(20)
    call_id = engine.call("sip:74952000000@pbx.example.com").result(10)
    ...                                              # CallStateEvent / MediaStateEvent arrive in on_event
    engine.stop()

Every command returns a ``concurrent.futures.Future`` (wrap it with ``asyncio.wrap_future``);
``on_event`` is called on one of the engine's threads with the dataclasses of ``softphone.events``.
``SoftphoneEngine`` runs pjsua2 and the headset audio in a child process (``softphone.host``), so a
busy GUI thread never holds up the audio; ``softphone.engine.LocalEngine`` is the same engine in-process.
``softphone.fake.FakeSoftphoneEngine`` has the same API for UI tests; ``softphone.dialing`` turns
what the operator typed into a SIP target (spec TP-49).
"""

from softphone.audiodevice import AudioDevice
from softphone.config import AccountConfig, AudioConfig, EngineConfig, SrtpMode, Transport
from softphone.engine import LevelsSnapshot, SoftphoneEngine
from softphone.errors import SoftphoneError

__all__ = [
    "AccountConfig",
    "AudioConfig",
    "AudioDevice",
    "EngineConfig",
    "LevelsSnapshot",
    "SoftphoneEngine",
    "SoftphoneError",
    "SrtpMode",
    "Transport",
]
