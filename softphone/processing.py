"""Echo cancellation and noise suppression for the headset, on the sounddevice side.

pjsua's own echo canceller runs only inside a real pjmedia sound port, which the PyPI wheel lacks
(notes §0.7, §2.6), so it is done here: WebRTC's audio processing module from the ``livekit`` wheel
(``livekit.rtc.AudioProcessingModule``; measured in the notes at about 30 dB ERLE and 0.1–0.2 ms per
10 ms frame). The speaker callback feeds it the far end (what we play), the microphone callback gets
back the cleaned near end. Both callbacks already move 10 ms blocks, the frame size the module needs.
The package is optional: without it the engine reports the feature as unavailable and passes audio on.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)

SUPPORTED_RATES = (8000, 16000, 32000, 48000)


class VoiceProcessor:
    """One WebRTC APM instance shared by the speaker (render) and microphone (capture) callbacks."""

    def __init__(self, rate: int, *, echo_cancellation: bool, noise_suppression: bool) -> None:
        if rate not in SUPPORTED_RATES:
            raise ValueError(f"audio processing needs one of {SUPPORTED_RATES} Hz, not {rate}")
        from livekit import rtc  # optional dependency; ImportError tells the caller it is absent

        self._rtc: Any = rtc
        self.rate = rate
        self.samples = rate // 100
        self._apm = rtc.AudioProcessingModule(
            echo_cancellation=echo_cancellation,
            noise_suppression=noise_suppression,
            high_pass_filter=True,
            auto_gain_control=False,
        )
        self._lock = threading.Lock()

    def set_delay_ms(self, delay_ms: float) -> None:
        """Speaker-to-microphone path delay: device output plus input latency."""
        with self._lock:
            self._apm.set_stream_delay_ms(int(max(0.0, delay_ms)))

    def far_end(self, block: bytes) -> None:
        """What is about to be played on the speaker (10 ms of 16-bit mono)."""
        if len(block) != self.samples * 2:
            return
        frame = self._rtc.AudioFrame(block, self.rate, 1, self.samples)
        with self._lock:
            self._apm.process_reverse_stream(frame)

    def near_end(self, block: bytes) -> bytes:
        """The microphone block with echo and noise removed."""
        if len(block) != self.samples * 2:
            return block
        frame = self._rtc.AudioFrame(block, self.rate, 1, self.samples)
        with self._lock:
            self._apm.process_stream(frame)
        return bytes(frame.data)


def make_processor(rate: int, *, echo_cancellation: bool, noise_suppression: bool) -> VoiceProcessor | None:
    """A processor, or None when nothing is asked for; raise ImportError/ValueError when it cannot be had."""
    if not (echo_cancellation or noise_suppression):
        return None
    return VoiceProcessor(rate, echo_cancellation=echo_cancellation, noise_suppression=noise_suppression)
