"""Two-way speech through the real PortAudio path: PulseAudio null sinks stand in for the headset."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio, PulseAudio, stop_process, wait_until
from tests.softphone.scoring import pesq_nb, rms, ulaw_round_trip

pytestmark = [pytest.mark.sip, pytest.mark.audio, pytest.mark.slow]

GLITCH_COUNTERS = (
    "speaker_underruns", "mic_underruns", "speaker_overflows", "mic_overflows", "output_underflows",
    "input_overflows",
)  # fmt: skip
HEADSET = {
    "enabled": True,
    "microphone": "pult_mic|ALSA",
    "speaker": "pult_headset|ALSA",
    "samplerate": 16000,
}


def _headset_engine(
    engine_factory: Callable[..., EngineProcess], pulse: PulseAudio, kamailio: Kamailio
) -> EngineProcess:
    # Audio applications run their audio at raised priority; on a shared 2-core CI box so must this one.
    engine = engine_factory(env=pulse.env, codecs=["PCMU"], audio=HEADSET, nice=-10)
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw"
    )
    assert result["state"] == "registered"
    # PulseAudio takes a moment to start pulling a new stream; a real call would lose those first words too.
    wait_until(lambda: engine.do("levels")["headset_ready"], 10, "headset streams running", interval=0.2)
    return engine


def _speech_seconds(wav: Path) -> float:
    from tests.softphone.scoring import read_wav

    data, rate = read_wav(wav)
    return data.size / rate


def _conversation(
    attempt: int, tmp_path: Path, speech_wav: Path, pulse: PulseAudio, kamailio: Kamailio, bob: Baresip,
    engine: EngineProcess,
) -> tuple[float, float]:  # fmt: skip
    """One call with speech both ways; returns PESQ (uplink, downlink)."""
    headset_rec = tmp_path / f"headset-{attempt}.wav"
    parec = pulse.record("headset.monitor", headset_rec)
    closed_before = len(bob.find_events("CALL_CLOSED"))
    before = engine.do("levels")
    try:
        call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio.port}")
        engine.wait_event("MediaStateEvent", call_id=call, active=True)
        bob.wait_event("CALL_ESTABLISHED", 10, count=attempt)
        paplay = pulse.play("micsrc", speech_wav)  # the operator speaks into the headset microphone
        wait_until(lambda: engine.do("levels")["mic_dbfs"] > -50, 10, "microphone level", interval=0.1)
        paplay.wait(_speech_seconds(speech_wav) + 10)
        # Let the far end's speech and the last of ours drain through jitter buffers and FIFOs.
        time.sleep(1.0)
        engine.do("hangup", call=call)
        engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
        bob.wait_event("CALL_CLOSED", 10, count=closed_before + 1)
        after = engine.do("levels")
    finally:
        stop_process(parec)
    glitches = {k: after[k] - before[k] for k in GLITCH_COUNTERS}
    print(f"call {attempt} glitches: {glitches}; real-time audio threads: {after['realtime_threads']}")
    heard_by_bob = wait_until(bob.decoded_recordings, 5, "baresip recording")[-1]
    assert rms(heard_by_bob) > 100
    assert rms(headset_rec) > 100
    return pesq_nb(speech_wav, heard_by_bob), pesq_nb(speech_wav, headset_rec)


def test_two_way_speech_scores_close_to_the_codec_alone(
    tmp_path: Path,
    speech_wav: Path,
    pulse: PulseAudio,
    kamailio: Kamailio,
    baresip_factory: Callable[..., Baresip],
    engine_factory: Callable[..., EngineProcess],
) -> None:
    # baresip ends the call when its source file ends: give it silence to outlast the conversation.
    bob_speech = tmp_path / "bob-speech.wav"
    subprocess.run(["sox", str(speech_wav), str(bob_speech), "pad", "0", "15"], check=True, timeout=30)
    bob = baresip_factory("bob", registrar=kamailio, speech=bob_speech)
    engine = _headset_engine(engine_factory, pulse, kamailio)
    baseline = pesq_nb(speech_wav, ulaw_round_trip(speech_wav, tmp_path))
    # On a quiet machine both directions score within 0.05 of the codec alone (4.00 / 4.01 against 3.98).
    # Under load (load average 8-28 on 2 cores while other suites run) the engine's audio threads once
    # went unscheduled for hundreds of ms: 16-24 speaker FIFO overflows and 6-10 device underflows per
    # call, downlink 1.1-1.5; real-time audio threads (softphone.priority) brought that to 3.06-4.01.
    # Since the engine runs in its own process and the rig's PulseAudio runs real-time (tests.softphone
    # .peers), measured here: downlink 3.93-4.00 (Δ ≤ 0.05) in three runs at load 4-7, and 3.46 as the
    # best of two calls at load 21 with no engine glitch counted (so lost outside the headset path: jitter
    # buffer, baresip or parec); uplink 3.22-4.00 (it also crosses paplay and baresip's receiver). Best of
    # two calls, bounds relative to the codec alone measured here; silence or noise score 1.0-1.3.
    scores = []
    for attempt in (1, 2):
        uplink, downlink = _conversation(attempt, tmp_path, speech_wav, pulse, kamailio, bob, engine)
        print(
            f"PESQ nb: μ-law baseline {baseline:.2f}, headset→peer {uplink:.2f}, peer→headset {downlink:.2f}"
        )
        scores.append((uplink, downlink))
        if downlink >= baseline - 0.3 and uplink >= baseline - 0.8:
            break
    best_up, best_down = max(u for u, _ in scores), max(d for _, d in scores)
    assert best_down >= baseline - 0.6, (baseline, scores)
    assert best_up >= baseline - 1.0, (baseline, scores)
