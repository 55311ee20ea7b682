"""Our own synthesized sounds: the default ringtone and the «Тест звука» melody.

``python -m softphone.sounds`` writes them to ``resources/sounds/``; at runtime they are loaded from
there, or synthesized again when the files are missing.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "resources" / "sounds"
RINGTONE_FILE = "ringtone.wav"
SOUND_TEST_FILE = "sound_test.wav"

Pcm = np.ndarray[Any, np.dtype[np.int16]]


def _note(
    freq: float, seconds: float, rate: int, *, decay: float = 6.0
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """A soft bell: fundamental plus two gentle partials, fast attack, exponential decay."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.exp(-decay * t) * np.minimum(1.0, t / 0.005)
    tone = (
        np.sin(2 * np.pi * freq * t)
        + 0.35 * np.sin(4 * np.pi * freq * t)
        + 0.12 * np.sin(6 * np.pi * freq * t)
    )
    return np.asarray(envelope * tone / 1.47)


def ringtone(rate: int = 16000) -> Pcm:
    """Two rising arpeggios (E5 G#5 B5, then E6), 1.6 s of sound and 2 s of silence: one 3.6 s cycle."""
    pattern = [(659.25, 0.0), (830.61, 0.15), (987.77, 0.30), (1318.51, 0.45), (987.77, 0.8), (1318.51, 0.95)]
    total = np.zeros(int(3.6 * rate))
    for freq, start in pattern:
        note = _note(freq, 0.6, rate)
        begin = int(start * rate)
        total[begin : begin + note.size] += note
    return np.asarray(np.clip(total * 0.35, -1, 1) * 32767, dtype=np.int16)


def sound_test_melody(rate: int = 16000) -> Pcm:
    """C major scale up and down, 2.4 s, for «Тест звука»."""
    freqs = [523.25, 587.33, 659.25, 698.46, 783.99, 698.46, 659.25, 587.33]
    parts = [_note(f, 0.3, rate, decay=4.0) for f in freqs]
    return np.asarray(np.clip(np.concatenate(parts) * 0.5, -1, 1) * 32767, dtype=np.int16)


def write_wav(path: Path, pcm: Pcm, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def read_wav(path: Path) -> tuple[Pcm, int]:
    """16-bit PCM WAV as mono int16 samples and the rate (stereo is mixed down)."""
    with wave.open(str(path), "rb") as src:
        if src.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM WAV is supported")
        channels, rate = src.getnchannels(), src.getframerate()
        data = np.frombuffer(src.readframes(src.getnframes()), dtype=np.int16)
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return data, rate


def resample(pcm: Pcm, src_rate: int, dst_rate: int) -> Pcm:
    """Linear-interpolation resampling; good enough for ringtones and test tones."""
    if src_rate == dst_rate or pcm.size == 0:
        return pcm
    n = round(pcm.size * dst_rate / src_rate)
    x = np.linspace(0, pcm.size - 1, n)
    return np.interp(x, np.arange(pcm.size), pcm.astype(np.float64)).astype(np.int16)


def load_ringtone(path: Path | None, rate: int) -> Pcm:
    """The user's ringtone, else the bundled one, else a freshly synthesized one, at ``rate``."""
    for candidate in (path, SOUNDS_DIR / RINGTONE_FILE):
        if candidate is not None and candidate.is_file():
            try:
                pcm, src_rate = read_wav(candidate)
                return resample(pcm, src_rate, rate)
            except (OSError, ValueError, EOFError):
                continue
    return ringtone(rate)


def main() -> None:
    SOUNDS_DIR.mkdir(parents=True, exist_ok=True)
    write_wav(SOUNDS_DIR / RINGTONE_FILE, ringtone(16000), 16000)
    write_wav(SOUNDS_DIR / SOUND_TEST_FILE, sound_test_melody(16000), 16000)


if __name__ == "__main__":
    main()
