"""Softphone benchmark: answer-to-first-audio, the latency the headset bridge adds, speech quality and
glitches over a long call while the main thread is kept busy.

Each figure is printed with a reference taken in the same run:

- answer-to-first-audio: from the CONFIRMED event to the first non-silent sample, (a) in a pjsua2 file
  recorder attached to the call (the direct bridge-to-file path, no sounddevice, FIFO or device: the
  reference) and (b) at the headset device (first frame the bridge hands the headset port, plus the
  FIFO fill and the PortAudio output latency at that moment);
- added latency: over a few seconds of steady audio, the headset path's FIFO fill plus device latency,
  against the reference's single 20 ms bridge tick;
- speech quality: PESQ (narrow band) of espeak-ng speech from the far end heard at the headset sink, and
  spoken into the headset microphone heard at the far end, against the same speech through the μ-law
  codec alone (sox) — the best a PCMU call can sound;
- glitches: speaker/microphone FIFO underruns and overflows and PortAudio device under/overflows over a
  ``--soak-seconds`` call (default 600) while the main thread runs Python without pause (as a busy GUI
  thread would: it competes for the GIL with the audio callbacks), against the same counters over an
  idle-main-thread stretch of the same call.

The engine runs as the client runs it, in its own child process (``softphone.host``); ``--engine local``
runs it inside the bench's process instead, where the busy main thread competes with the audio callbacks
for the interpreter lock (the design before; for comparison). The soak also prints how late the latest
bridge frame reached the headset port in each stretch (``worst_audio_wait_ms``).

``--load N`` starts N busy-loop processes for the whole run, as other jobs on a shared CI box would.
Needs PulseAudio (the headset is a null sink), espeak-ng and sox; a second engine is the far end.
Run: ``.venv/bin/python bench/softphone.py [--soak-seconds 600] [--load 2] [--engine local]``.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from softphone.config import AudioConfig, EngineConfig  # noqa: E402
from softphone.devices import list_devices  # noqa: E402
from softphone.engine import LocalEngine, SoftphoneEngine  # noqa: E402
from softphone.events import CallState, CallStateEvent, MediaStateEvent  # noqa: E402
from tests.softphone.driver import EngineProcess  # noqa: E402
from tests.softphone.peers import PulseAudio, stop_process, wait_until  # noqa: E402
from tests.softphone.scoring import pesq_nb, ulaw_round_trip  # noqa: E402

Engine = SoftphoneEngine | LocalEngine
BRIDGE_TICK_MS = 20.0
GLITCHES = (
    "speaker_underruns", "mic_underruns", "speaker_overflows", "mic_overflows", "output_underflows",
    "input_overflows",
)  # fmt: skip
SPEECH_TEXT = (
    "Здравствуйте, вы позвонили в службу поддержки. Оператор ответит вам через несколько секунд. "
    "Пожалуйста, оставайтесь на линии, ваш звонок очень важен для нас. Спасибо за ожидание."
)


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


def _speech(work: Path) -> Path:
    raw, wav = work / "speech-raw.wav", work / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "ru", "-s", "140", "-w", str(raw), SPEECH_TEXT], check=True, timeout=60
    )
    subprocess.run(
        ["sox", str(raw), "-r", "8000", "-c", "1", "-b", "16", str(wav), "pad", "0.5", "0.5"],
        check=True,
        timeout=60,
    )
    return wav


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as src:
        return src.getnframes() / src.getframerate()


def _glitches(engine: Engine) -> dict[str, int]:
    lv = engine.levels()
    return {name: int(getattr(lv, name)) for name in GLITCHES}


def _busy_main_thread(seconds: float) -> int:
    """Pure-Python work without pause, with the small garbage a GUI thread makes; returns rounds done."""
    rounds = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        rows = [{"id": i, "name": f"row {i}", "v": i * i} for i in range(200)]
        rows.sort(key=lambda r: -r["v"])
        rounds += 1
    return rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--soak-seconds", type=float, default=600.0, help="length of the busy-main-thread call"
    )
    parser.add_argument("--load", type=int, default=0, help="busy-loop processes beside the bench")
    parser.add_argument(
        "--engine",
        choices=("process", "local"),
        default="process",
        help="the engine in its own process as the client runs it, or in the bench's process (as before)",
    )
    args = parser.parse_args()
    faulthandler.dump_traceback_later(args.soak_seconds * 2 + 300, exit=True)
    loaders = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(args.load)
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="pult-bench-") as tmp:
            work = Path(tmp)
            pulse = PulseAudio(work / "pulse")
            (work / "pulse").mkdir()
            pulse.start()
            os.environ.update(
                pulse.env
            )  # this process is the operator: its PortAudio talks to our PulseAudio
            list_devices(refresh=True)  # PortAudio was initialised at import, before that environment existed
            tone = work / "tone.wav"
            _tone(tone)
            speech = _speech(work)
            far = EngineProcess(
                {
                    "bind_address": "127.0.0.1",
                    "audio": {"enabled": False},
                    "codecs": ["PCMU"],
                    "in_process": True,
                }
            )
            try:
                return _run(work, far, tone, speech, pulse, args.soak_seconds, args.engine)
            finally:
                far.close()
                pulse.stop()
    finally:
        for proc in loaders:
            proc.kill()
            proc.wait(5)


def _run(
    work: Path, far: EngineProcess, tone: Path, speech: Path, pulse: PulseAudio, soak_s: float, kind: str
) -> int:
    far_port = far.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    # The far end stands in for a phone with its own CPU: run all its threads as audio software runs
    # (real-time where allowed), so its scheduling delays on a shared box are not charged to the headset.
    subprocess.run(["chrt", "-a", "-f", "-p", "10", str(far.proc.pid)], capture_output=True, check=False)
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
    config = EngineConfig(bind_address="127.0.0.1", codecs=("PCMU",), audio=audio)
    engine: Engine = SoftphoneEngine(config, on_event) if kind == "process" else LocalEngine(config, on_event)
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
        pesq_up, pesq_down = _speech_call(engine, far, far_port, speech, pulse, work)
        soak = _soak_call(engine, far, far_port, speech, soak_s)
        rt_threads = engine.levels().realtime_threads
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
    baseline = pesq_nb(speech, ulaw_round_trip(speech, work))
    print(f"speech quality (PESQ nb): μ-law codec alone {baseline:.2f}; far end→headset {pesq_down:.2f} "
          f"(Δ {pesq_down - baseline:+.2f}); headset→far end {pesq_up:.2f} "
          f"(Δ {pesq_up - baseline:+.2f})")  # fmt: skip
    print(f"glitches ({kind} engine): idle main thread {soak.idle_s:.0f} s {soak.idle}; busy main thread "
          f"{soak.busy_s:.0f} s ({soak.rounds} rounds of Python work) {soak.busy}; total "
          f"{sum(soak.busy.values())} vs {sum(soak.idle.values())}; real-time audio threads {rt_threads}; "
          f"latest bridge frame {soak.idle_worst_wait_ms:.0f} ms late while idle, "
          f"{soak.busy_worst_wait_ms:.0f} ms while busy; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    return 0


def _next_incoming(far: EngineProcess, seen: int) -> dict[str, Any]:
    found = wait_until(
        lambda: calls[seen:] if len(calls := far.events("CallStateEvent", state="incoming")) > seen else None,
        10,
        "the far end to ring",
    )
    return dict(found[0])


def _speech_call(
    engine: Engine, far: EngineProcess, far_port: int, speech: Path, pulse: PulseAudio, work: Path
) -> tuple[float, float]:
    """Speech both ways in one call; PESQ (headset→far end, far end→headset)."""
    heard_at_headset, heard_at_far = work / "headset.wav", work / "far.wav"
    parec = pulse.record("headset.monitor", heard_at_headset)
    try:
        seen = len(far.events("CallStateEvent", state="incoming"))
        call = engine.call(f"sip:bench@127.0.0.1:{far_port}").result(10)
        incoming = _next_incoming(far, seen)
        far.do("answer", call=incoming["call_id"])
        far.wait_event("MediaStateEvent", call_id=incoming["call_id"], active=True)
        far.do("record", call=incoming["call_id"], wav=str(heard_at_far))
        time.sleep(1.0)
        far.do("play", call=incoming["call_id"], wav=str(speech))
        paplay = pulse.play("micsrc", speech)
        paplay.wait(_wav_seconds(speech) + 10)
        time.sleep(1.5)  # the tail drains through jitter buffers and FIFOs
        engine.hangup(call).result(10)
        far.wait_event("CallStateEvent", call_id=incoming["call_id"], state="disconnected")
        time.sleep(0.5)
    finally:
        stop_process(parec)
    return pesq_nb(speech, heard_at_far), pesq_nb(speech, heard_at_headset)


@dataclass
class Soak:
    idle_s: float
    idle: dict[str, int]
    idle_worst_wait_ms: float  # the latest a bridge frame reached the headset port in the idle stretch
    busy_s: float
    busy: dict[str, int]
    busy_worst_wait_ms: float  # ... and in the busy one
    rounds: int


def _soak_call(engine: Engine, far: EngineProcess, far_port: int, speech: Path, soak_s: float) -> Soak:
    """One long call with speech looping from the far end: an idle stretch, then the busy one."""
    seen = len(far.events("CallStateEvent", state="incoming"))
    call = engine.call(f"sip:soak@127.0.0.1:{far_port}").result(10)
    incoming = _next_incoming(far, seen)
    far.do("answer", call=incoming["call_id"])
    far.wait_event("MediaStateEvent", call_id=incoming["call_id"], active=True)
    far.do("play", call=incoming["call_id"], wav=str(speech), loop=True)
    wait_until(lambda: engine.levels().speaker_dbfs > -40, 10, "far-end speech at the headset port")
    time.sleep(2.0)  # past the stream's start-up
    idle_s = min(60.0, max(10.0, soak_s / 10))
    shared = engine._levels  # the bench restarts the engine's worst-lateness mark for each stretch
    shared.worst_audio_wait_ms = 0.0
    start = _glitches(engine)
    time.sleep(idle_s)
    mid = _glitches(engine)
    idle_wait = engine.levels().worst_audio_wait_ms
    shared.worst_audio_wait_ms = 0.0
    rounds = _busy_main_thread(soak_s)
    end = _glitches(engine)
    busy_wait = engine.levels().worst_audio_wait_ms
    engine.hangup(call).result(10)
    idle = {k: mid[k] - start[k] for k in GLITCHES}
    busy = {k: end[k] - mid[k] for k in GLITCHES}
    return Soak(idle_s, idle, idle_wait, soak_s, busy, busy_wait, rounds)


if __name__ == "__main__":
    raise SystemExit(main())
