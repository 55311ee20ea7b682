"""A drift-compensating PCM FIFO between two free-running audio clocks (notes §2.3, Option A).

The conference bridge ticks on the null device's clock (system monotonic time), the headset on its own
clock. Crystal drift is tens to hundreds of ppm; on top of that, sound servers are bursty: measured
here, PortAudio over PulseAudio delivered ±3 % per second around the right long-term rate, and stalled
for up to 1.5 s when a stream started. So the fill level is a noisy sawtooth whose average says little.

The FIFO watches the **slack** — the lowest fill level over a window of reads, i.e. how close the
consumer came to running dry. While the slack stays within target ± deadband nothing is touched. Outside
it, one sample per read is dropped or repeated (at 16 kHz and 10 ms reads up to 6000 ppm, far beyond
drift, and inaudible). A grossly overfull FIFO (a late-starting consumer, a stall) is cut in one jump;
an underrun returns silence and re-primes. An earlier version resampled by a ratio driven by the slack:
it chased the bursts, bent the pitch, and cost more than one PESQ point on the uplink.
16-bit mono little-endian PCM in and out.
"""

from __future__ import annotations

import threading


class DriftFifo:
    """Thread-safe byte FIFO of 16-bit mono samples; one producer thread, one consumer thread."""

    def __init__(
        self, rate: int, *, target_ms: int = 30, deadband_ms: int = 20, max_ms: int = 400, window: int = 50
    ) -> None:
        self.bytes_per_ms = rate * 2 // 1000
        self.target = target_ms * self.bytes_per_ms
        self.deadband = deadband_ms * self.bytes_per_ms
        self.max = max_ms * self.bytes_per_ms
        self.window = window
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._primed = False
        self._window_min = 1 << 30
        self._window_reads = 0
        self._mode = 0  # +1 drop one sample per read, -1 repeat one, 0 pass through
        self.underruns = 0
        self.overflows = 0
        self.jumps = 0
        self.adjustments = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._buf += data
            if len(self._buf) > self.max:
                self.overflows += 1
                excess = (len(self._buf) - self.target * 2) & ~1
                del self._buf[:excess]
            if not self._primed and len(self._buf) >= self.target * 2:
                self._primed = True

    def read(self, nbytes: int) -> bytes:
        """Return exactly ``nbytes``: real audio when primed, silence while (re-)priming."""
        with self._lock:
            if not self._primed or len(self._buf) < nbytes + 2:
                if self._primed:
                    self.underruns += 1
                self._primed = False
                self._mode = 0
                return bytes(nbytes)
            if self._mode > 0:
                out = bytes(self._buf[:nbytes])
                del self._buf[: nbytes + 2]
                self.adjustments += 1
            elif self._mode < 0 and nbytes >= 4:
                out = bytes(self._buf[: nbytes - 2]) + bytes(self._buf[nbytes - 4 : nbytes - 2])
                del self._buf[: nbytes - 2]
                self.adjustments += 1
            else:
                out = bytes(self._buf[:nbytes])
                del self._buf[:nbytes]
            self._track_slack(len(self._buf))
            return out

    def _track_slack(self, level: int) -> None:
        self._window_min = min(self._window_min, level)
        self._window_reads += 1
        if self._window_reads < self.window:
            return
        slack = self._window_min
        self._window_min, self._window_reads = 1 << 30, 0
        if slack > self.target + 100 * self.bytes_per_ms:
            del self._buf[: (slack - self.target) & ~1]  # one jump beats seconds of extra latency
            self.jumps += 1
            self._mode = 0
        elif slack > self.target + self.deadband:
            self._mode = 1
        elif slack < self.target - self.deadband:
            self._mode = -1
        elif (self._mode > 0 and slack <= self.target) or (self._mode < 0 and slack >= self.target):
            self._mode = 0

    def stats(self) -> str:
        return (
            f"underruns={self.underruns} overflows={self.overflows} jumps={self.jumps} "
            f"adjustments={self.adjustments}"
        )

    def clear(self) -> None:
        with self._lock:
            self._buf.clear()
            self._primed = False
            self._mode = 0

    @property
    def level_ms(self) -> float:
        with self._lock:
            return len(self._buf) / self.bytes_per_ms
