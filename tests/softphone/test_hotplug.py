"""A headset that disappears mid-call: the call survives and the audio moves to the fallback device."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio, PulseAudio, stop_process, wait_until
from tests.softphone.scoring import read_wav

pytestmark = [pytest.mark.sip, pytest.mark.audio, pytest.mark.slow]

HEADSET = {
    "enabled": True,
    "microphone": "pult_mic|ALSA",
    "speaker": "pult_headset|ALSA",
    "samplerate": 16000,
}


def _loud_seconds(wav: Path) -> float:
    data, rate = read_wav(wav)
    frames = data[: data.size // 160 * 160].reshape(-1, 160)
    loud = (frames.astype(float) ** 2).mean(axis=1) ** 0.5 > 300
    return float(loud.sum()) * 160 / rate


def test_unplugged_headset_keeps_the_call_and_audio_moves_to_the_fallback(
    tmp_path: Path,
    speech_wav: Path,
    pulse: PulseAudio,
    kamailio: Kamailio,
    baresip_factory: Callable[..., Baresip],
    engine_factory: Callable[..., EngineProcess],
) -> None:
    long_speech = tmp_path / "long.wav"
    subprocess.run(
        ["sox", str(speech_wav), str(speech_wav), str(speech_wav), str(long_speech)], check=True, timeout=30
    )
    bob = baresip_factory("bob", registrar=kamailio, speech=long_speech)
    engine = engine_factory(env=pulse.env, codecs=["PCMU"], audio=HEADSET, nice=-10)
    assert engine.do("register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw")
    wait_until(lambda: engine.do("levels")["headset_ready"], 10, "headset streams running", interval=0.2)
    headset_rec, fallback_rec = tmp_path / "headset.wav", tmp_path / "fallback.wav"
    rec_headset = pulse.record("headset.monitor", headset_rec)
    rec_fallback = pulse.record("fallback.monitor", fallback_rec)
    try:
        call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio.port}")
        engine.wait_event("MediaStateEvent", call_id=call, active=True)
        bob.wait_event("CALL_ESTABLISHED", 10)
        time.sleep(3.0)  # three seconds of speech on the headset
        pulse.unload_sink("headset")  # the USB headset is pulled out
        time.sleep(6.0)  # six seconds of conversation after the unplug (PulseAudio needs ~1.5 s to move it)
        assert not engine.events("CallStateEvent", call_id=call, state="disconnected")
        assert not bob.find_events("CALL_CLOSED")
        engine.do("hangup", call=call)
        engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    finally:
        stop_process(rec_headset)
        stop_process(rec_fallback)
    assert _loud_seconds(headset_rec) > 1.0
    assert _loud_seconds(fallback_rec) > 1.0, "speech did not continue on the fallback device"
