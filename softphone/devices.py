"""The sounddevice (PortAudio) side of the headset: device model, streams, hot-plug fallback, ringer.

No pjsua2 here: these callbacks run on PortAudio threads and only move bytes through the FIFOs, so no
pjsua2 object is ever touched from an unregistered thread (notes §1.1, §7).

Devices are named by a stable id ``"<name>|<host api>"`` rather than by PortAudio index, which changes
whenever a device is plugged in or out. ``""`` means the system default.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from softphone.audiodevice import AudioDevice as AudioDevice
from softphone.errors import AudioDeviceError
from softphone.events import DeviceRole
from softphone.fifo import DriftFifo
from softphone.levels import Levels
from softphone.priority import ThreadPromoter, thread_ids
from softphone.processing import VoiceProcessor

log = logging.getLogger(__name__)

try:
    import sounddevice as sd
except OSError as exc:  # libportaudio2 missing: the engine runs without a headset and says so
    sd = None
    _IMPORT_ERROR: str = str(exc)
else:
    _IMPORT_ERROR = ""


def rms_dbfs(samples: np.ndarray[Any, np.dtype[np.int16]]) -> float:
    """RMS level of int16 samples in dBFS, floored at -96."""
    if samples.size == 0:
        return -96.0
    power = float(np.mean(samples.astype(np.float32) ** 2))
    if power <= 0:
        return -96.0
    return max(-96.0, 10.0 * math.log10(power / (32768.0**2)))


def portaudio_available() -> bool:
    return sd is not None


def list_devices(*, refresh: bool = False) -> list[AudioDevice]:
    """All devices PortAudio sees; ``refresh`` re-initialises PortAudio to pick up hot-plugged ones."""
    if sd is None:
        raise AudioDeviceError(f"PortAudio is not available: {_IMPORT_ERROR}")
    if refresh:
        sd._terminate()
        sd._initialize()
    hostapis = sd.query_hostapis()
    try:
        default_in, default_out = sd.default.device
        if default_in is None or default_in < 0:
            default_in = hostapis[0]["default_input_device"] if hostapis else -1
        if default_out is None or default_out < 0:
            default_out = hostapis[0]["default_output_device"] if hostapis else -1
    except Exception:
        default_in = default_out = -1
    devices = []
    for index, info in enumerate(sd.query_devices()):
        api = hostapis[info["hostapi"]]["name"]
        devices.append(
            AudioDevice(
                device_id=f"{info['name']}|{api}",
                name=info["name"],
                hostapi=api,
                inputs=info["max_input_channels"],
                outputs=info["max_output_channels"],
                default_samplerate=float(info["default_samplerate"]),
                is_default_input=index == default_in,
                is_default_output=index == default_out,
            )
        )
    return devices


def resolve_device(device_id: str, *, output: bool) -> int | None:
    """PortAudio index for a stable id; ``None`` for the default; raise if the id is not present now."""
    if not device_id:
        return None
    assert sd is not None
    hostapis = sd.query_hostapis()
    for index, info in enumerate(sd.query_devices()):
        channels = info["max_output_channels"] if output else info["max_input_channels"]
        if channels > 0 and f"{info['name']}|{hostapis[info['hostapi']]['name']}" == device_id:
            return index
    raise AudioDeviceError(f"audio device not found: {device_id}")


def device_samplerate(index: int | None, *, output: bool) -> int:
    assert sd is not None
    info = sd.query_devices(index, kind="output" if output else "input")
    return int(info["default_samplerate"])


class _Stream:
    """One PortAudio stream for one role, which falls back to the default device when its own vanishes."""

    def __init__(
        self,
        role: DeviceRole,
        device_id: str,
        rate: int,
        callback: Callable[..., None],
        *,
        output: bool,
        latency: float | str = 0.06,
        on_open: Callable[[], None] | None = None,
        promoter: ThreadPromoter | None = None,
    ) -> None:
        self.role = role
        self._promoter = promoter
        self.latency = latency
        self._on_open = on_open
        self.wanted_id = device_id
        self.rate = rate
        self.output = output
        self._callback = callback
        self.stream: Any = None
        self.on_fallback = False
        self.failed = threading.Event()

    def open(self, device_id: str) -> None:
        assert sd is not None
        index = resolve_device(device_id, output=self.output)
        kind = sd.RawOutputStream if self.output else sd.RawInputStream
        threads_before = thread_ids()
        try:
            stream = kind(
                samplerate=self.rate,
                blocksize=self.rate // 100,
                device=index,
                channels=1,
                dtype="int16",
                latency=self.latency,
                callback=self._callback,
                finished_callback=self.failed.set,
            )
            stream.start()
        except sd.PortAudioError as exc:
            raise AudioDeviceError(f"cannot open {self.role} device {device_id or 'default'}: {exc}") from exc
        self.failed.clear()
        self.stream = stream
        if self._promoter is not None:  # PortAudio's callback thread and the host API's I/O thread
            self._promoter.promote_new(threads_before)
        if self._on_open is not None:
            self._on_open()
        self.on_fallback = bool(self.wanted_id) and device_id != self.wanted_id

    def close(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.finished_callback = None
            try:
                stream.abort()
                stream.close()
            except Exception:
                log.debug("closing %s stream failed", self.role, exc_info=True)
        self.failed.clear()

    @property
    def healthy(self) -> bool:
        return self.stream is not None and not self.failed.is_set() and bool(self.stream.active)


class HeadsetStreams:
    """Microphone and speaker streams (possibly on different devices) feeding the bridge's FIFOs."""

    def __init__(
        self,
        *,
        mic_id: str,
        speaker_id: str,
        rate: int,
        mic: DriftFifo,
        speaker: DriftFifo,
        levels: Levels,
        latency: float | str = 0.06,
        processor: VoiceProcessor | None = None,
        promoter: ThreadPromoter | None = None,
    ) -> None:
        self.levels = levels
        self.processor = processor
        self.mic_fifo = mic
        self.speaker_fifo = speaker
        self.rate = rate
        self.mic = _Stream(
            DeviceRole.MICROPHONE,
            mic_id,
            rate,
            self._on_input,
            output=False,
            latency=latency,
            on_open=self._reset_mic,
            promoter=promoter,
        )
        self.speaker = _Stream(
            DeviceRole.SPEAKER,
            speaker_id,
            rate,
            self._on_output,
            output=True,
            latency=latency,
            on_open=self._reset_speaker,
            promoter=promoter,
        )

    def _reset_mic(self) -> None:
        self.levels.mic_blocks = 0  # "headset ready" again only once the new stream moves audio

    def _reset_speaker(self) -> None:
        self.levels.speaker_blocks = 0

    def _on_input(self, indata: Any, frames: int, time: Any, status: Any) -> None:
        if status and status.input_overflow:
            self.levels.input_overflows += 1
        data = bytes(indata)
        if self.processor is not None:
            data = self.processor.near_end(data)
        self.levels.mic_dbfs = rms_dbfs(np.frombuffer(data, dtype=np.int16))
        self.levels.mic_blocks += 1
        self.mic_fifo.write(data)

    def _on_output(self, outdata: Any, frames: int, time: Any, status: Any) -> None:
        if status and status.output_underflow:
            self.levels.output_underflows += 1
        block = self.speaker_fifo.read(frames * 2)
        outdata[:] = block
        if self.processor is not None:
            self.processor.far_end(block)
        self.levels.speaker_blocks += 1

    def start(self) -> None:
        for stream in (self.mic, self.speaker):
            try:
                stream.open(stream.wanted_id)
            except AudioDeviceError:
                if not stream.wanted_id:
                    raise
                stream.open("")  # the chosen device is absent now: start on the default (on_fallback)

    def stop(self) -> None:
        self.mic.close()
        self.speaker.close()

    def streams(self) -> tuple[_Stream, _Stream]:
        return (self.mic, self.speaker)


class Ringer:
    """Plays the ringtone in a loop on the ringing device while a call is offered."""

    def __init__(self, device_id: str, tone: np.ndarray[Any, np.dtype[np.int16]], rate: int) -> None:
        self.device_id = device_id
        self.tone = tone
        self.rate = rate
        self._pos = 0
        self._stream: Any = None

    def _on_output(self, outdata: Any, frames: int, time: Any, status: Any) -> None:
        out = np.empty(frames, dtype=np.int16)
        filled = 0
        while filled < frames:
            chunk = self.tone[self._pos : self._pos + frames - filled]
            out[filled : filled + chunk.size] = chunk
            filled += chunk.size
            self._pos = (self._pos + chunk.size) % self.tone.size
        outdata[:] = out.tobytes()

    @property
    def ringing(self) -> bool:
        return self._stream is not None

    def start(self) -> None:
        if self._stream is not None or sd is None:
            return
        self._pos = 0
        try:
            index = resolve_device(self.device_id, output=True)
        except AudioDeviceError:
            index = None  # ring on the default device rather than not at all
        stream = sd.RawOutputStream(
            samplerate=self.rate, device=index, channels=1, dtype="int16", callback=self._on_output
        )
        stream.start()
        self._stream = stream

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:
                log.debug("closing ringer failed", exc_info=True)
