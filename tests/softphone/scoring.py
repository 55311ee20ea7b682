"""Speech quality scoring for the audio tests: align a recording to its reference and run PESQ."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
from pesq import pesq
from scipy import signal

Audio = np.ndarray[Any, np.dtype[np.float64]]


def read_wav(path: Path) -> tuple[Audio, int]:
    with wave.open(str(path), "rb") as src:
        rate, channels, width = src.getframerate(), src.getnchannels(), src.getsampwidth()
        raw = src.readframes(src.getnframes())
    assert width == 2, f"{path}: expected 16-bit PCM"
    data = np.frombuffer(raw, dtype=np.int16).astype(np.float64)
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def to_rate(data: Audio, src: int, dst: int) -> Audio:
    if src == dst:
        return data
    g = np.gcd(src, dst)
    return np.asarray(signal.resample_poly(data, dst // g, src // g))


def align(reference: Audio, recording: Audio) -> Audio:
    """The stretch of ``recording`` that lines up with ``reference`` (zero-padded where it is short)."""
    corr = signal.correlate(
        recording, reference, mode="valid" if recording.size >= reference.size else "full"
    )
    lag = int(np.argmax(corr))
    if recording.size < reference.size:
        lag -= reference.size - 1
    out = np.zeros_like(reference)
    start = max(lag, 0)
    piece = recording[start : start + reference.size]
    out[max(-lag, 0) : max(-lag, 0) + piece.size] = piece[: reference.size - max(-lag, 0)]
    return out


def pesq_nb(reference_wav: Path, recording_wav: Path) -> float:
    """Narrow-band PESQ (8 kHz) of a recording against its reference, after alignment."""
    ref, ref_rate = read_wav(reference_wav)
    rec, rec_rate = read_wav(recording_wav)
    ref8, rec8 = to_rate(ref, ref_rate, 8000), to_rate(rec, rec_rate, 8000)
    aligned = align(ref8, rec8)
    return float(pesq(8000, ref8.astype(np.float32), aligned.astype(np.float32), "nb"))


def ulaw_round_trip(reference_wav: Path, workdir: Path) -> Path:
    """The same speech through G.711 μ-law only (sox): the best a PCMU call can sound."""
    ulaw, back = workdir / "ref.ul.wav", workdir / "ref.ulaw-roundtrip.wav"
    subprocess.run(
        ["sox", str(reference_wav), "-r", "8000", "-e", "u-law", str(ulaw)], check=True, timeout=30
    )
    subprocess.run(["sox", str(ulaw), "-e", "signed-integer", "-b", "16", str(back)], check=True, timeout=30)
    return back


def rms(path: Path) -> float:
    data, _ = read_wav(path)
    return float(np.sqrt(np.mean(data**2))) if data.size else 0.0


def tone_fraction(path: Path, freq: float, *, start_s: float = 0.0) -> float:
    """Share of the signal's energy (after ``start_s``) within ±20 Hz of ``freq``."""
    data, rate = read_wav(path)
    data = data[int(start_s * rate) :]
    if data.size < rate // 10:
        return 0.0
    spectrum = np.abs(np.fft.rfft(data)) ** 2
    freqs = np.fft.rfftfreq(data.size, 1 / rate)
    band = (freqs > freq - 20) & (freqs < freq + 20)
    total = float(spectrum.sum())
    return float(spectrum[band].sum()) / total if total > 0 else 0.0
