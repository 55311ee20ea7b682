"""Softphone benchmark: answer-to-first-audio and the latency the headset bridge adds.

Both are measured against a reference taken in the same call of the same run: a pjsua2 file recorder
attached to the call, i.e. the direct bridge-to-file path with no sounddevice, FIFO or device in it.

- answer-to-first-audio: from the CONFIRMED event to the first non-silent sample, (a) in the recorder
  (the reference) and (b) at the headset device (first frame the bridge hands the headset port, plus the
  FIFO fill and the PortAudio output latency at that moment);
- added latency: over a few seconds of steady audio, the headset path's FIFO fill plus device latency,
  against the reference's single 20 ms bridge tick.

Needs PulseAudio (the headset is a null sink) and runs a second engine as the far end. Prints ratios.
Run: ``.venv/bin/python bench/softphone.py``.
"""

from __future__ import annotations

import faulthandler
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from softphone.config import AudioConfig, EngineConfig  # noqa: E402
from softphone.devices import list_devices  # noqa: E402
from softphone.engine import SoftphoneEngine  # noqa: E402
from softphone.events import CallState, CallStateEvent, MediaStateEvent  # noqa: E402
from tests.softphone.driver import EngineProcess  # noqa: E402
from tests.softphone.peers import PulseAudio  # noqa: E402

BRIDGE_TICK_MS = 20.0


def _tone(path: Path, seconds: float = 8.0, rate: int = 8000) -> None:
    t = np.arange(int(seconds * rate)) / rate
    pcm = (np.sin(2 * np.pi * 1000 * t) * 12000).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def _first_sound_s(path: Path) -> float:
    with wave.open(str(path), "rb") as src:
        rate = src.getframerate()
        data = np.frombuffer(src.readframes(src.getnframes()), dtype=np.int16)
    loud = np.nonzero(np.abs(data) > 1000)[0]
    return float(loud[0]) / rate if loud.size else float("nan")


def main() -> int:
    faulthandler.dump_traceback_later(100, exit=True)
    with tempfile.TemporaryDirectory(prefix="pult-bench-") as tmp:
        work = Path(tmp)
        pulse = PulseAudio(work / "pulse")
        (work / "pulse").mkdir()
        pulse.start()
        os.environ.update(pulse.env)  # this process is the operator: its PortAudio talks to our PulseAudio
        list_devices(refresh=True)  # PortAudio was initialised at import, before that environment existed
        tone = work / "tone.wav"
        _tone(tone)
        far = EngineProcess({"bind_address": "127.0.0.1", "audio": {"enabled": False}, "codecs": ["PCMU"]})
        try:
            return _run(work, far, tone)
        finally:
            far.close()
            pulse.stop()


def _run(work: Path, far: EngineProcess, tone: Path) -> int:
    far_port = far.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    events: queue.Queue[tuple[float, object]] = queue.Queue()
    stamps: dict[str, float] = {}
    cond = threading.Event()

    def on_event(event: object) -> None:
        now = time.monotonic()
        if isinstance(event, CallStateEvent) and event.state is CallState.CONFIRMED:
            stamps.setdefault("confirmed", now)
        if isinstance(event, MediaStateEvent) and event.active:
            stamps.setdefault("media", now)
            cond.set()
        events.put((now, event))

    audio = AudioConfig(
        enabled=True, speaker="pult_headset|ALSA", microphone="pult_mic|ALSA", samplerate=16000
    )
    engine = SoftphoneEngine(EngineConfig(bind_address="127.0.0.1", codecs=("PCMU",), audio=audio), on_event)
    engine.start()
    try:
        ready_by = time.monotonic() + 20
        while not engine.levels().headset_ready:
            if time.monotonic() > ready_by:
                print("headset streams did not start", file=sys.stderr)
                return 1
            time.sleep(0.05)
        recording = work / "direct.wav"
        call = engine.call(f"sip:bench@127.0.0.1:{far_port}").result(10)
        engine.record_file(call, recording).result(10)  # connected in the same bridge tick as the headset
        incoming = far.wait_event("CallStateEvent", state="incoming")
        far.do("answer", call=incoming["call_id"])
        far.do("play", call=incoming["call_id"], wav=str(tone))
        cond.wait(10)
        deadline = time.monotonic() + 5
        headset_first = float("nan")
        while time.monotonic() < deadline:  # first tone frame handed to the headset port
            lv = engine.levels()
            if lv.speaker_dbfs > -40:
                headset_first = time.monotonic() + (lv.speaker_buffer_ms + lv.output_latency_ms) / 1000.0
                break
            time.sleep(0.001)
        added = []
        for _ in range(60):  # three seconds of steady audio
            lv = engine.levels()
            added.append(lv.speaker_buffer_ms + lv.output_latency_ms)
            time.sleep(0.05)
        engine.hangup(call).result(10)
        time.sleep(0.5)  # let the recorder close its WAV
    finally:
        engine.stop()
    direct_first = stamps["media"] + _first_sound_s(recording)
    ref_a2a = (direct_first - stamps["confirmed"]) * 1000
    head_a2a = (headset_first - stamps["confirmed"]) * 1000
    added_ms = statistics.median(added)
    print(f"answer-to-first-audio: direct file path {ref_a2a:.0f} ms, headset {head_a2a:.0f} ms, "
          f"ratio {head_a2a / ref_a2a:.2f}")  # fmt: skip
    print(f"bridge-to-ear latency: direct file path {BRIDGE_TICK_MS:.0f} ms (one bridge tick), headset "
          f"{BRIDGE_TICK_MS + added_ms:.0f} ms (FIFO + device {added_ms:.0f} ms), "
          f"ratio {(BRIDGE_TICK_MS + added_ms) / BRIDGE_TICK_MS:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
