"""Gentle demo traffic: simulated customers calling the demo queues so a newcomer has a call to answer.

The demo server (``--demo`` with the embedded switch) starts :class:`DemoTraffic` unless
``--demo-traffic off``. Once the switch is ready it places the first call within seconds, then one call
per ``60 / rate`` seconds, alternating between the demo queue numbers, never more than ``max_customers``
customers at a time (they would otherwise take the switch's room for real calls). Each customer is the
customer simulator (``python -m app.server.simulate --calls 1``) as a child process: a real SIP call that
speaks a generated phrase in a loop and hangs up after ``patience`` seconds unless the operator ends the
call first. Children are reaped as they end and stopped with the server.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from app.server.core.logging import log_event


def simulator_command() -> list[str]:
    """How to start the customer simulator: the frozen server re-runs itself with a hidden flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--simulate"]
    return [sys.executable, "-m", "app.server.simulate"]


class DemoTraffic:
    """Places simulated customer calls at a gentle rate; thread-safe ``start``/``stop``."""

    def __init__(
        self,
        *,
        numbers: Sequence[str],
        public_sip: Callable[[], str],
        wait_ready: Callable[[float], bool],
        speech: Sequence[Path],
        calls_per_minute: float,
        max_customers: int = 2,
        patience: float = 120.0,
        first_after: float = 3.0,
    ) -> None:
        if not numbers or not speech:
            raise ValueError("demo traffic needs queue numbers and speech")
        self.numbers = list(numbers)
        self.public_sip = public_sip
        self.wait_ready = wait_ready
        self.speech = list(speech)
        self.interval = 60.0 / calls_per_minute
        self.max_customers = max_customers
        self.patience = patience
        self.first_after = first_after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._children: list[subprocess.Popen[bytes]] = []
        self._rng = random.Random()  # noqa: S311 - caller numbers of a demo, not security
        self.placed = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="demo-traffic", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        for child in self._children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGINT)  # the simulator hangs up its call and exits
        for child in self._children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=5)
        self._children.clear()

    def _run(self) -> None:
        while not self._stop.is_set() and not self.wait_ready(1.0):
            pass
        if self._stop.wait(self.first_after):
            return
        log_event(
            "demo.traffic_started", calls_per_minute=round(60.0 / self.interval, 2), numbers=self.numbers
        )
        for index in itertools.count():
            self._children = [c for c in self._children if c.poll() is None]
            if len(self._children) < self.max_customers:
                self._place(index)
            if self._stop.wait(self.interval):
                return

    def _place(self, index: int) -> None:
        number = self.numbers[index % len(self.numbers)]
        caller = f"7999{self._rng.randrange(10**7):07d}"
        speech = self.speech[index % len(self.speech)]
        cmd = [*simulator_command(), "--to", number, "--server-sip", self.public_sip(), "--calls", "1"]
        cmd += ["--play", str(speech), "--hangup-after", str(self.patience), "--caller-base", caller]
        try:
            child = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            log_event("demo.customer_failed", error=repr(exc))
            return
        self._children.append(child)
        self.placed += 1
        log_event("demo.customer_call", number=number, caller=caller, pid=child.pid)
