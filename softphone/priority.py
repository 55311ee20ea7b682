"""Real-time scheduling for the threads that carry headset audio.

Measured on a shared 2-core box (load average 13-28 from other test suites): at ``nice -10`` the
PortAudio callback threads, the ALSA-over-PulseAudio plugin's I/O thread and pjmedia's bridge clock
still went unscheduled for hundreds of milliseconds, the speaker FIFO overflowed 16-24 times and
PortAudio reported 6-10 device underflows per 15 s call (``LevelsSnapshot`` counters), which took the
downlink PESQ from 3.98 to 1.3-1.5. Audio software asks for ``SCHED_FIFO`` for exactly this reason
(PulseAudio itself runs so here); these threads run a few hundred microseconds per 10-20 ms block, so
a low real-time priority costs the rest of the system nothing. Where the process may not (no
``CAP_SYS_NICE`` or ``RLIMIT_RTPRIO``, other systems) it stays as it was and says so in the counters.
"""

from __future__ import annotations

import contextlib
import os
import threading

REALTIME_PRIORITY = 10  # low within 1..99: below PulseAudio's own (typically 5..20 is for clients)


def promote(tid: int = 0) -> bool:
    """Put one thread (``0``: the calling one; else a Linux thread id of this process) on SCHED_FIFO."""
    try:
        os.sched_setscheduler(tid, os.SCHED_FIFO, os.sched_param(REALTIME_PRIORITY))
    except (AttributeError, OSError):
        return False
    return True


def demote(tid: int = 0) -> None:
    """Back to normal scheduling (``promote``'s undo)."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))


def thread_ids() -> set[int]:
    """Linux thread ids of this process (empty where ``/proc`` is not there)."""
    try:
        return {int(name) for name in os.listdir("/proc/self/task")}
    except OSError:
        return set()


class ThreadPromoter:
    """Promotes each distinct calling thread once; cheap enough for an audio callback's first line."""

    def __init__(self) -> None:
        self._seen: set[int] = set()
        self.promoted = 0
        self.refused = 0

    def __call__(self) -> None:
        ident = threading.get_native_id()
        if ident in self._seen:
            return
        self._seen.add(ident)
        if promote():
            self.promoted += 1
        else:
            self.refused += 1

    def promote_new(self, before: set[int]) -> None:
        """Promote the native threads that appeared since ``before`` (those PortAudio's host API or pjmedia
        started). Threads Python started are left alone: one of them busy on SCHED_FIFO would starve the
        rest of the desktop."""
        python_threads = {t.native_id for t in threading.enumerate()}
        for tid in thread_ids() - before - self._seen - python_threads:
            self._seen.add(tid)
            if promote(tid):
                self.promoted += 1
            else:
                self.refused += 1
