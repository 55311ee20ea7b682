"""Shared level/gain state between the audio threads, the engine and its owner process.

``Levels`` is a flat C structure so that it can live in memory shared with the process that owns the
engine (``softphone.engine.SoftphoneEngine`` runs the engine in a child process, ``softphone.host``): the
child's audio threads write levels and glitch counters, the client reads them and writes mute, volume
and gain without a message round trip. Each field has one writer; aligned 8-byte fields are read and
written whole, so no lock is needed (a reader may see one field a block newer than another).
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING

_FIELDS: list[tuple[str, type[ctypes.c_double] | type[ctypes.c_int64]]] = [
    ("mic_dbfs", ctypes.c_double),
    ("speaker_dbfs", ctypes.c_double),
    ("speaker_volume", ctypes.c_double),
    ("mic_gain", ctypes.c_double),
    ("muted", ctypes.c_int64),
    ("mic_blocks", ctypes.c_int64),  # PortAudio callbacks seen since the streams (re)opened
    ("speaker_blocks", ctypes.c_int64),
    ("speaker_buffer_ms", ctypes.c_double),  # drift FIFO fill, updated by the owner thread
    ("mic_buffer_ms", ctypes.c_double),
    ("output_latency_ms", ctypes.c_double),  # as PortAudio reports it for the open streams
    ("input_latency_ms", ctypes.c_double),
    # Glitch counters since the engine started (the owner copies the FIFOs' own counts here):
    ("speaker_underruns", ctypes.c_int64),  # the speaker FIFO ran dry mid-stream: a gap the operator hears
    ("mic_underruns", ctypes.c_int64),  # the bridge found no microphone audio: a gap the far end hears
    ("speaker_overflows", ctypes.c_int64),  # audio thrown away because a FIFO passed its ceiling
    ("mic_overflows", ctypes.c_int64),
    ("output_underflows", ctypes.c_int64),  # PortAudio reported the device starved (``output_underflow``)
    ("input_overflows", ctypes.c_int64),  # PortAudio reported lost microphone input (``input_overflow``)
    ("realtime_threads", ctypes.c_int64),  # audio threads running on SCHED_FIFO (softphone.priority)
    ("realtime_refused", ctypes.c_int64),  # audio threads the system would not promote
    ("worst_audio_wait_ms", ctypes.c_double),  # the longest an audio callback ran late (see headset)
]


class Levels(ctypes.Structure):
    """Latest input/output levels in dBFS, the gains applied and the glitch counters."""

    _fields_ = _FIELDS

    if TYPE_CHECKING:
        mic_dbfs: float
        speaker_dbfs: float
        speaker_volume: float
        mic_gain: float
        muted: int
        mic_blocks: int
        speaker_blocks: int
        speaker_buffer_ms: float
        mic_buffer_ms: float
        output_latency_ms: float
        input_latency_ms: float
        speaker_underruns: int
        mic_underruns: int
        speaker_overflows: int
        mic_overflows: int
        output_underflows: int
        input_overflows: int
        realtime_threads: int
        realtime_refused: int
        worst_audio_wait_ms: float

    def __init__(self) -> None:
        super().__init__()
        self.reset()

    def reset(self) -> None:
        """Start values (a structure mapped over fresh shared memory is all zeros)."""
        ctypes.memset(ctypes.addressof(self), 0, ctypes.sizeof(self))
        self.mic_dbfs = -96.0
        self.speaker_dbfs = -96.0
        self.speaker_volume = 1.0
        self.mic_gain = 1.0


LEVELS_SIZE = ctypes.sizeof(Levels)
