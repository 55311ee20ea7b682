"""The switch's prompts: a Russian greeting spoken by espeak-ng and hold music synthesized here.

Both are made once into a directory (the server's data dir) and reused; pjsua2's WAV player wants 16-bit
PCM mono at any rate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

GREETING_TEXT = (
    "Здравствуйте! Вы позвонили в демонстрационную компанию Пульт. "
    "Все операторы заняты. Пожалуйста, оставайтесь на линии, вам обязательно ответят."
)
RATE = 16000


@dataclass(frozen=True, slots=True)
class Prompts:
    greeting: Path
    hold: Path


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    pcm = np.clip(samples, -1.0, 1.0)
    data = (pcm * 32767).astype("<i2").tobytes()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data)
    tmp.replace(path)


def hold_music(seconds: float = 16.0, rate: int = RATE) -> np.ndarray:
    """A calm loop: a I–vi–IV–V progression of soft electric-piano chords under a simple arpeggio."""
    beat = 0.5
    chords = [  # MIDI notes
        (60, 64, 67),
        (57, 60, 64),
        (53, 57, 60),
        (55, 59, 62),
    ]
    total = int(seconds * rate)
    out = np.zeros(total)

    def note(midi: int, start: float, length: float, level: float) -> None:
        begin = int(start * rate)
        n = min(int(length * rate), total - begin)
        if n <= 0:
            return
        t = np.arange(n) / rate
        f = 440.0 * 2 ** ((midi - 69) / 12)
        tone = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) + 0.08 * np.sin(6 * np.pi * f * t)
        env = (1 - np.exp(-t / 0.01)) * np.exp(-t / (length * 0.6))
        out[begin : begin + n] += level * tone * env

    bar = 4 * beat
    bars = int(seconds / bar)
    for b in range(bars):
        chord = chords[b % len(chords)]
        for midi in chord:
            note(midi - 12, b * bar, bar, 0.10)
        pattern = [chord[0], chord[1], chord[2], chord[1] + 12 if b % 2 else chord[2] + 12]
        for i, midi in enumerate(pattern * 2):
            note(midi + 12, b * bar + i * beat / 2, beat * 1.5, 0.07)
    fade = int(0.05 * rate)
    out[:fade] *= np.linspace(0, 1, fade)
    out[-fade:] *= np.linspace(1, 0, fade)
    peak = float(np.max(np.abs(out))) or 1.0
    return 0.5 * out / peak


def chime(rate: int = RATE) -> np.ndarray:
    """The greeting when espeak-ng is missing: two soft tones."""
    t = np.arange(int(0.4 * rate)) / rate
    env = np.exp(-t / 0.15)
    first = np.sin(2 * np.pi * 660 * t) * env
    second = np.sin(2 * np.pi * 880 * t) * env
    return 0.4 * np.concatenate([first, second, np.zeros(int(0.3 * rate))])


def speak(text: str, path: Path, *, voice: str = "ru", speed: int = 150) -> bool:
    """Synthesize ``text`` with espeak-ng into ``path`` (22.05 kHz mono PCM). False without espeak-ng."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return False
    tmp = path.with_suffix(f".{os.getpid()}.espeak.wav")
    subprocess.run(
        [exe, "-v", voice, "-s", str(speed), "-w", str(tmp), text],
        check=True,
        capture_output=True,
        timeout=60,
    )
    tmp.replace(path)
    return True


def ensure_prompts(directory: Path) -> Prompts:
    directory.mkdir(parents=True, exist_ok=True)
    greeting = directory / "greeting.wav"
    hold = directory / "hold.wav"
    if not greeting.exists():
        try:
            spoken = speak(GREETING_TEXT, greeting)
        except (OSError, subprocess.SubprocessError):
            spoken = False
        if not spoken and not greeting.exists():
            write_wav(greeting, chime())
    if not hold.exists():
        write_wav(hold, hold_music())
    return Prompts(greeting=greeting, hold=hold)


CUSTOMER_PHRASES = (
    "Добрый день! Сколько стоит ваш продукт? Меня интересует подключение для небольшого офиса.",
    "Здравствуйте! У меня не проходит оплата по счёту. Подскажите, пожалуйста, что делать.",
    "Алло, добрый день. Хочу узнать, когда приедет курьер с моим заказом.",
)
BUNDLED_SPEECH = Path(__file__).resolve().parents[3] / "resources" / "sounds" / "demo_customer.wav"
"""Speech for the demo customers when espeak-ng is missing (made by espeak-ng from the first phrase)."""


def customer_speech(directory: Path) -> list[Path]:
    """What the demo's simulated customers say: the phrases spoken by espeak-ng into ``directory`` once,
    or the bundled recording where espeak-ng is missing."""
    directory.mkdir(parents=True, exist_ok=True)
    found: list[Path] = []
    for index, text in enumerate(CUSTOMER_PHRASES, start=1):
        path = directory / f"customer-{index}.wav"
        if not path.exists():
            try:
                if not speak(text, path, speed=140):
                    break
            except (OSError, subprocess.SubprocessError):
                break
        found.append(path)
    if not found and BUNDLED_SPEECH.is_file():
        found.append(BUNDLED_SPEECH)
    return found


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())
