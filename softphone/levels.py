"""Shared level/gain state between audio threads and the engine: plain attributes, no locks needed."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def rms_dbfs(samples: np.ndarray[Any, np.dtype[np.int16]]) -> float:
    """RMS level of int16 samples in dBFS, floored at -96."""
    if samples.size == 0:
        return -96.0
    power = float(np.mean(samples.astype(np.float32) ** 2))
    if power <= 0:
        return -96.0
    return max(-96.0, 10.0 * math.log10(power / (32768.0**2)))


class Levels:
    """Latest input/output levels in dBFS and the gains applied; written by audio threads."""

    def __init__(self) -> None:
        self.mic_dbfs = -96.0
        self.speaker_dbfs = -96.0
        self.speaker_volume = 1.0
        self.mic_gain = 1.0
        self.muted = False
        self.mic_blocks = 0  # PortAudio callbacks seen since the streams (re)opened: "is audio moving?"
        self.speaker_blocks = 0
        self.speaker_buffer_ms = 0.0  # drift FIFO fill, updated by the owner thread
        self.mic_buffer_ms = 0.0
        self.output_latency_ms = 0.0  # as PortAudio reports it for the open streams
        self.input_latency_ms = 0.0
        # Glitch counters since the engine started (the owner copies the FIFOs' own counts here):
        self.speaker_underruns = 0  # the speaker FIFO ran dry mid-stream: a gap the operator hears
        self.mic_underruns = 0  # the bridge found no microphone audio: a gap the far end hears
        self.speaker_overflows = 0  # audio thrown away because a FIFO passed its ceiling
        self.mic_overflows = 0
        self.output_underflows = 0  # PortAudio reported the device starved (``output_underflow``)
        self.input_overflows = 0  # PortAudio reported lost microphone input (``input_overflow``)
        self.realtime_threads = 0  # audio threads running on SCHED_FIFO (softphone.priority)
        self.realtime_refused = 0  # audio threads the system would not promote
