"""Device choice, fallback, «Тест звука» and the ringer, through PortAudio onto PulseAudio null sinks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import PulseAudio, stop_process, wait_until
from tests.softphone.scoring import read_wav, rms

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def _loud_seconds(wav: Path) -> float:
    data, rate = read_wav(wav)
    frames = data[: data.size // 160 * 160].reshape(-1, 160)
    return float(((frames**2).mean(axis=1) ** 0.5 > 300).sum()) * 160 / rate


def _ready(engine: EngineProcess) -> None:
    wait_until(lambda: engine.do("levels")["headset_ready"], 10, "headset streams running", interval=0.2)


def test_absent_headset_falls_back_to_default_and_sound_test_uses_it(
    tmp_path: Path, speech_wav: Path, pulse: PulseAudio, engine_factory: Callable[..., EngineProcess]
) -> None:
    audio = {
        "enabled": True,
        "speaker": "USB Headset|ALSA",
        "microphone": "pult_mic|ALSA",
        "samplerate": 16000,
    }
    engine = engine_factory(env=pulse.env, audio=audio)
    lost = engine.wait_event("DeviceEvent", role="speaker", available=False)
    assert (lost["device_id"], lost["fallback"], lost["message_key"]) == (
        "USB Headset|ALSA",
        "default",
        "audio.device_lost",
    )
    _ready(engine)
    ids = [device["device_id"] for device in engine.do("list_devices")]
    assert "pult_headset|ALSA" in ids
    assert "USB Headset|ALSA" not in ids
    on_default = tmp_path / "default.wav"
    recorder = pulse.record("fallback.monitor", on_default)
    speaker = pulse.play("micsrc", speech_wav)  # the operator says something during the test
    try:
        peak = engine.do("sound_test", seconds=2.5, timeout=15)
    finally:
        stop_process(speaker)
        stop_process(recorder)
    assert peak > -50  # «Тест звука» saw the microphone
    assert _loud_seconds(on_default) > 1.0  # and its melody came out of the default device


def test_no_sound_server_is_a_typed_event_and_calls_still_work(
    tmp_path: Path, engine_factory: Callable[..., EngineProcess]
) -> None:
    home = tmp_path / "empty-home"
    home.mkdir()
    env = {
        "PULSE_SERVER": f"unix:{tmp_path / 'no-such-socket'}",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
    }
    engine = engine_factory(env=env, audio={"enabled": True})
    event = engine.wait_event("DeviceEvent", available=False)
    assert event["message_key"] == "audio.no_device"
    port = engine.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    peer = engine_factory()
    call = peer.do("call", uri=f"sip:op@127.0.0.1:{port}")
    incoming = engine.wait_event("CallStateEvent", state="incoming")
    engine.do("answer", call=incoming["call_id"])
    peer.wait_event("MediaStateEvent", call_id=call, active=True)
    peer.do("hangup", call=call)


def test_incoming_call_rings_on_the_ringing_device_until_answered(
    tmp_path: Path, pulse: PulseAudio, engine_factory: Callable[..., EngineProcess]
) -> None:
    audio = {
        "enabled": True,
        "ringer": "pult_headset|ALSA",
        "microphone": "pult_mic|ALSA",
        "samplerate": 16000,
    }
    engine = engine_factory(env=pulse.env, audio=audio)
    _ready(engine)
    port = engine.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    ringing, after = tmp_path / "ringing.wav", tmp_path / "after.wav"
    recorder = pulse.record("headset.monitor", ringing)
    peer = engine_factory()
    call = peer.do("call", uri=f"sip:op@127.0.0.1:{port}")
    incoming = engine.wait_event("CallStateEvent", state="incoming")
    wait_until(lambda: ringing.exists() and ringing.stat().st_size > 16000 * 2 * 3, 10, "3 s of ringing")
    stop_process(recorder)
    engine.do("answer", call=incoming["call_id"])
    peer.wait_event("MediaStateEvent", call_id=call, active=True)
    recorder = pulse.record("headset.monitor", after)
    wait_until(lambda: after.exists() and after.stat().st_size > 16000 * 2 * 2, 10, "2 s after answering")
    stop_process(recorder)
    peer.do("hangup", call=call)
    assert _loud_seconds(ringing) > 0.8  # the ringtone sounds 1.6 s of every 3.6 s
    assert rms(after) < 50  # and stops once the call is answered


def test_headset_plugged_in_later_is_taken_back_from_the_fallback(
    tmp_path: Path, pulse: PulseAudio, engine_factory: Callable[..., EngineProcess]
) -> None:
    audio = {"enabled": True, "speaker": "pult_late|ALSA", "microphone": "pult_mic|ALSA", "samplerate": 16000}
    engine = engine_factory(env=pulse.env, audio=audio)
    engine.wait_event("DeviceEvent", role="speaker", available=False)
    _ready(engine)
    asoundrc = Path(pulse.env["HOME"]) / ".asoundrc"  # the headset is plugged in: its PCM appears
    asoundrc.write_text(
        asoundrc.read_text()
        + 'pcm.pult_late { type pulse; device "headset"; hint { show on; description "Late headset" } }\n'
    )
    back = engine.wait_event("DeviceEvent", role="speaker", available=True, timeout=15)
    assert (back["device_id"], back["message_key"]) == ("pult_late|ALSA", "audio.device_restored")
    _ready(engine)
    on_headset = tmp_path / "headset.wav"
    recorder = pulse.record("headset.monitor", on_headset)
    try:
        engine.do("sound_test", seconds=2.5, timeout=15)
    finally:
        stop_process(recorder)
    assert _loud_seconds(on_headset) > 1.0  # the test melody now plays on the returned headset
