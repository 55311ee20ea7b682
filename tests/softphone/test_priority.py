"""Real-time promotion of audio threads: really applied by the kernel where allowed, counted either way."""

from __future__ import annotations

import os
import threading

from softphone.priority import ThreadPromoter, thread_ids


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


def test_threads_started_by_a_host_api_are_found_and_promoted() -> None:
    promoter = ThreadPromoter()
    stop = threading.Event()
    before = thread_ids()
    started = threading.Event()
    tids: list[int] = []

    def io_thread() -> None:
        tids.append(threading.get_native_id())
        started.set()
        stop.wait(10)

    worker = threading.Thread(target=io_thread)
    worker.start()
    started.wait(10)
    try:
        promoter.promote_new(before)
        assert promoter.promoted + promoter.refused == 1
        if promoter.promoted:
            assert os.sched_getscheduler(tids[0]) == os.SCHED_FIFO
    finally:
        stop.set()
        worker.join()
