"""Plays one WAV file (a call recording) on a speaker device, in a process of its own.

``python -m softphone.player FILE [--device ID] [--volume PERCENT]``: started by the client's
``app.services.recording_player`` so that the GUI process never loads numpy or PortAudio. The device is a
stable ``"name|host api"`` id as in «Софтфон» (``""`` = the system default; one that is not plugged in
now falls back to the default and says so). Stdout carries one JSON object a line:

- ``{"event": "playing", "seconds": LENGTH, "device": ID, "fallback": BOOL}`` once the sound starts;
- ``{"event": "position", "seconds": S}`` about four times a second;
- ``{"event": "finished"}`` at the end of the file, ``{"event": "stopped"}`` when told to stop;
- ``{"event": "error", "message": TEXT}`` when the file or the device cannot be used (exit status 1).

A line ``stop`` on stdin, or its end (the client closed it, exited or died), stops the sound at once.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np

from softphone import devices
from softphone.errors import AudioDeviceError

CHUNK_SECONDS = 0.05
POSITION_EVERY = 0.25
Pcm = np.ndarray[Any, np.dtype[np.int16]]


def _say(**message: object) -> None:
    try:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass  # the client is gone; stdin's end stops us


def read_wav(path: Path) -> tuple[Pcm, int]:
    """Mono int16 samples and their rate; stereo is mixed down, 8-bit and 32-bit PCM are converted."""
    with wave.open(str(path), "rb") as file:
        width, channels, rate = file.getsampwidth(), file.getnchannels(), file.getframerate()
        raw = file.readframes(file.getnframes())
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.int32) - 128) << 8
    elif width == 2:
        samples = np.frombuffer(raw, dtype="<i2").astype(np.int32)
    elif width == 4:
        samples = np.frombuffer(raw, dtype="<i4").astype(np.int32) >> 16
    else:
        raise wave.Error(f"unsupported sample width: {width} bytes")
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return np.asarray(samples, dtype=np.int16), rate


def resample(samples: Pcm, rate: int, target: int) -> Pcm:
    """Linear interpolation: enough for telephone speech going to a sound card's rate."""
    if rate == target or samples.size == 0:
        return samples
    count = round(samples.size * target / rate)
    positions = np.arange(count) * (rate / target)
    result = np.interp(positions, np.arange(samples.size), samples.astype(np.float64))
    return np.asarray(result, dtype=np.int16)


def scaled(samples: Pcm, volume: int) -> Pcm:
    """«Громкость динамика» in percent (0–200), clipped rather than wrapped."""
    if volume == 100:
        return samples
    louder = samples.astype(np.float64) * (max(0, volume) / 100.0)
    return np.asarray(np.clip(louder, -32768, 32767), dtype=np.int16)


def _watch_stdin(stop: threading.Event) -> None:
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    stop.set()


def play(path: Path, device_id: str, volume: int, stop: threading.Event) -> int:
    if not devices.portaudio_available():
        _say(event="error", message="PortAudio is not available")
        return 1
    import sounddevice as sd

    try:
        samples, rate = read_wav(path)
    except (OSError, EOFError, wave.Error) as exc:
        _say(event="error", message=f"cannot read {path.name}: {exc}")
        return 1
    fallback = False
    try:
        index = devices.resolve_device(device_id, output=True)
    except AudioDeviceError:
        index, fallback = None, bool(device_id)  # unplugged since it was chosen: the default, as calls do
    try:
        target = devices.device_samplerate(index, output=True)
        pcm = scaled(resample(samples, rate, target), volume)
        stream = sd.OutputStream(samplerate=target, channels=1, dtype="int16", device=index, latency="high")
    except Exception as exc:  # PortAudio's own errors and a device that vanished between the two calls
        _say(event="error", message=f"cannot open the speaker: {exc}")
        return 1
    length = samples.size / rate if rate else 0.0
    chunk = max(1, int(target * CHUNK_SECONDS))
    _say(
        event="playing", seconds=round(length, 2), device=device_id if not fallback else "", fallback=fallback
    )
    reported = 0.0
    with stream:
        for start in range(0, pcm.size, chunk):
            if stop.is_set():
                stream.abort()
                _say(event="stopped")
                return 0
            stream.write(pcm[start : start + chunk].reshape(-1, 1))
            position = min(length, (start + chunk) / target)
            if position - reported >= POSITION_EVERY:
                reported = position
                _say(event="position", seconds=round(position, 2))
    _say(event="position", seconds=round(length, 2))
    _say(event="finished")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m softphone.player", description="Play a WAV on a speaker."
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--device", default="", help='speaker id "name|host api"; "" = the system default')
    parser.add_argument("--volume", type=int, default=100, help="percent, 0-200")
    args = parser.parse_args(argv)
    stop = threading.Event()
    threading.Thread(target=_watch_stdin, args=(stop,), name="player-stdin", daemon=True).start()
    return play(args.file, args.device, min(200, max(0, args.volume)), stop)


if __name__ == "__main__":
    sys.exit(main())
