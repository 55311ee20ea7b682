"""Real-time promotion of audio threads: really applied by the kernel where allowed, counted either way."""

from __future__ import annotations

import ctypes
import os
import threading

from softphone.priority import ThreadPromoter, thread_ids
from tests.softphone.peers import wait_until


def test_each_audio_thread_is_promoted_once_and_the_kernel_reports_its_policy() -> None:
    promoter = ThreadPromoter()
    policies: list[int] = []

    def audio_callback() -> None:
        for _ in range(3):  # a callback runs every block; only its first call may do the work
            promoter()
        policies.append(os.sched_getscheduler(0))

    worker = threading.Thread(target=audio_callback)
    worker.start()
    worker.join()
    assert promoter.promoted + promoter.refused == 1
    if promoter.promoted:
        assert policies == [os.SCHED_FIFO]
    else:  # no CAP_SYS_NICE / RLIMIT_RTPRIO: left as it was, and said so by the counter
        assert policies == [os.SCHED_OTHER]
    assert os.sched_getscheduler(0) == os.SCHED_OTHER  # the test's own thread was not touched


def _native_thread(seconds: int) -> None:
    """Start a thread Python knows nothing about (as PortAudio and pjmedia do): pthread running sleep()."""
    libc = ctypes.CDLL(None)
    start = ctypes.cast(libc.sleep, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p))
    handle = ctypes.c_ulong()
    assert libc.pthread_create(ctypes.byref(handle), None, start, ctypes.c_void_p(seconds)) == 0
    libc.pthread_detach(handle)


def test_native_threads_started_meanwhile_are_promoted_but_python_threads_are_not() -> None:
    promoter = ThreadPromoter()
    stop = threading.Event()
    before = thread_ids()
    python_thread = threading.Thread(target=stop.wait, args=(10,))
    python_thread.start()
    _native_thread(3)
    try:
        new = wait_until(
            lambda: (thread_ids() - before) if len(thread_ids() - before) >= 2 else None, 5, "threads"
        )
        promoter.promote_new(before)
        assert promoter.promoted + promoter.refused == 1  # the native one only
        native = next(tid for tid in new if tid != python_thread.native_id)
        if promoter.promoted:
            assert os.sched_getscheduler(native) == os.SCHED_FIFO
        assert python_thread.native_id is not None
        assert os.sched_getscheduler(python_thread.native_id) == os.SCHED_OTHER
    finally:
        stop.set()
        python_thread.join()
