"""The headset drift FIFO: steady flow passes untouched, drift is absorbed, gross excess is cut."""

from __future__ import annotations

import numpy as np

from softphone.fifo import DriftFifo

RATE = 16000
FRAME = RATE // 50 * 2  # 20 ms written by the bridge
BLOCK = RATE // 100 * 2  # 10 ms read by the device


def _ramp(n: int, start: int) -> bytes:
    return ((np.arange(start, start + n // 2) % 20000 + 1).astype(np.int16)).tobytes()


def test_matched_clocks_pass_audio_through_unchanged() -> None:
    fifo = DriftFifo(RATE)
    written = b"".join(_ramp(FRAME, i * FRAME // 2) for i in range(200))
    out = bytearray()
    for i in range(200):
        fifo.write(written[i * FRAME : (i + 1) * FRAME])
        out += fifo.read(BLOCK)
        out += fifo.read(BLOCK)
    samples = np.frombuffer(bytes(out), dtype=np.int16)
    audio = samples[np.argmax(samples != 0) :].tobytes()  # after the priming silence
    assert len(audio) > len(written) * 0.9
    assert written.startswith(audio)
    assert fifo.underruns == 0
    assert fifo.adjustments == 0


def test_a_faster_producer_is_absorbed_without_overflow() -> None:
    fifo = DriftFifo(RATE)
    extra = 0.0
    for _ in range(3000):  # 60 s, producer 0.3 % fast
        fifo.write(bytes(FRAME))
        extra += FRAME * 0.003
        if extra >= 2:
            fifo.write(bytes(2))
            extra -= 2
        fifo.read(BLOCK)
        fifo.read(BLOCK)
    assert fifo.overflows == 0
    assert fifo.underruns == 0
    assert fifo.adjustments > 0
    assert fifo.level_ms < 80


def test_a_slower_producer_is_stretched_without_underruns() -> None:
    fifo = DriftFifo(RATE)
    for i in range(3000):  # the producer skips one sample every 400 ms: -0.16 %
        fifo.write(bytes(FRAME - 2) if i % 20 == 0 else bytes(FRAME))
        fifo.read(BLOCK)
        fifo.read(BLOCK)
    assert fifo.underruns <= 1
    assert fifo.adjustments > 0


def test_backlog_from_a_late_consumer_is_cut_in_one_jump() -> None:
    fifo = DriftFifo(RATE)
    for _ in range(15):  # 300 ms buffered before anyone reads
        fifo.write(bytes(FRAME))
    for _ in range(200):
        fifo.write(bytes(FRAME))
        fifo.read(BLOCK)
        fifo.read(BLOCK)
    assert fifo.jumps == 1
    assert fifo.level_ms < 80


def test_underrun_returns_silence_and_reprimes() -> None:
    fifo = DriftFifo(RATE)
    fifo.write(b"\x01\x00" * (FRAME // 2) * 4)
    for _ in range(8):
        fifo.read(BLOCK)
    assert fifo.read(BLOCK) == bytes(BLOCK)
    assert fifo.underruns == 1
