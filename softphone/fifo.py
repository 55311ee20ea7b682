"""A drift-compensating PCM FIFO between two free-running audio clocks (notes §2.3, Option A).

The conference bridge ticks on the null device's clock (system monotonic time), the headset on its own
crystal; the two differ by tens to hundreds of ppm, so a plain FIFO slowly fills or empties. This one
keeps its smoothed fill level near a target by dropping or repeating one sample per read when the level
leaves target ± hysteresis (at 16 kHz and 10 ms reads that corrects up to 6000 ppm, inaudibly), re-primes
after an underrun and trims after an overflow. 16-bit mono little-endian PCM in and out.
"""

from __future__ import annotations

import threading


class DriftFifo:
    """Thread-safe byte FIFO of 16-bit mono samples; one producer thread, one consumer thread."""

    def __init__(self, rate: int, *, target_ms: int = 60, hysteresis_ms: int = 20, max_ms: int = 300) -> None:
        self.bytes_per_ms = rate * 2 // 1000
        self.target = target_ms * self.bytes_per_ms
        self.hysteresis = hysteresis_ms * self.bytes_per_ms
        self.max = max_ms * self.bytes_per_ms
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._primed = False
        self._avg = float(self.target)
        self.underruns = 0
        self.overflows = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._buf += data
            if len(self._buf) > self.max:
                self.overflows += 1
                excess = (len(self._buf) - self.target) & ~1
                del self._buf[:excess]
            if not self._primed and len(self._buf) >= self.target:
                self._primed = True
                self._avg = float(len(self._buf))

    def read(self, nbytes: int) -> bytes:
        """Return exactly ``nbytes``: real audio when primed, silence while (re-)priming."""
        with self._lock:
            if not self._primed or len(self._buf) < nbytes + 2:
                if self._primed:
                    self.underruns += 1
                self._primed = False
                return bytes(nbytes)
            self._avg += 0.05 * (len(self._buf) - self._avg)
            if self._avg > self.target + self.hysteresis:
                out = bytes(self._buf[:nbytes])  # skip one sample after this block
                del self._buf[: nbytes + 2]
            elif self._avg < self.target - self.hysteresis and nbytes >= 4:
                out = bytes(self._buf[: nbytes - 2]) + bytes(self._buf[nbytes - 4 : nbytes - 2])
                del self._buf[: nbytes - 2]  # repeat one sample
            else:
                out = bytes(self._buf[:nbytes])
                del self._buf[:nbytes]
            return out

    def clear(self) -> None:
        with self._lock:
            self._buf.clear()
            self._primed = False

    @property
    def level_ms(self) -> float:
        with self._lock:
            return len(self._buf) / self.bytes_per_ms
