"""The switch's prompts: a Russian greeting spoken by espeak-ng and hold music synthesized here.

Both are made once into a directory (the server's data dir) and reused; pjsua2's WAV player wants 16-bit
PCM mono. They are kept at the switch's bridge rate (8 kHz, the G.711 rate of the calls) so no player is
resampled on the bridge clock; prompts left at another rate by an older version are remade.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where prompts are made: a worker that finds them made loads none
    import numpy as np  # (12 MiB of RSS in each of N / 2 + 2 workers)

GREETING_TEXT = (
    "Здравствуйте! Вы позвонили в демонстрационную компанию Пульт. "
    "Все операторы заняты. Пожалуйста, оставайтесь на линии, вам обязательно ответят."
)
RATE = 8000
"""The switch's conference bridge rate (``worker.py``) and the prompts' rate."""


@dataclass(frozen=True, slots=True)
class Prompts:
    greeting: Path
    hold: Path


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    import numpy as np

    pcm = np.clip(samples, -1.0, 1.0)
    data = (pcm * 32767).astype("<i2").tobytes()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data)
    tmp.replace(path)


def wav_rate(path: Path) -> int:
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate()


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV as floats in [-1, 1] (the first channel) and its rate."""
    import numpy as np

    with wave.open(str(path), "rb") as wav:
        rate, channels = wav.getframerate(), wav.getnchannels()
        if wav.getsampwidth() != 2:
            raise wave.Error(f"{path.name}: not 16-bit PCM")
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    return data[::channels].astype(np.float64) / 32768, rate


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """``samples`` at ``target`` Hz: a windowed-sinc low-pass below the new Nyquist frequency, then linear
    interpolation (once per prompt, so plain numpy is enough)."""
    import numpy as np

    if rate == target or len(samples) == 0:
        return samples
    if target < rate:
        cutoff = 0.45 * target / rate  # cycles per input sample
        n = np.arange(-64, 65)
        taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(len(n))
        samples = np.convolve(samples, taps / taps.sum(), mode="same")
    times = np.arange(int(len(samples) * target / rate)) * (rate / target)
    out: np.ndarray = np.interp(times, np.arange(len(samples)), samples)
    return out


def hold_music(seconds: float = 16.0, rate: int = RATE) -> np.ndarray:
    """A calm loop: a I–vi–IV–V progression of soft electric-piano chords under a simple arpeggio."""
    import numpy as np

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
        # Overtones at or above the Nyquist frequency would fold back as off-key tones.
        tone = sum(
            level * np.sin(2 * np.pi * k * f * t)
            for k, level in ((1, 1.0), (2, 0.3), (3, 0.08))
            if k * f < rate / 2
        )
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
    import numpy as np

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
    if not _at_rate(greeting):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            speak(GREETING_TEXT, greeting)
        try:  # espeak-ng's speech, or a greeting left at another rate where it is missing now
            speech, rate = read_wav(greeting)
            write_wav(greeting, resample(speech, rate, RATE))
        except (OSError, EOFError, wave.Error):
            write_wav(greeting, chime())
    if not _at_rate(hold):
        write_wav(hold, hold_music())
    return Prompts(greeting=greeting, hold=hold)


def _at_rate(path: Path) -> bool:
    """The prompt exists and is at the bridge rate (an unreadable one is remade too)."""
    try:
        return wav_rate(path) == RATE
    except (OSError, EOFError, wave.Error):
        return False


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
