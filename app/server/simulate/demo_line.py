"""The demo server's carrier: the far end of «Демо-линия», so the demo company has a line to call out on.

``--demo`` with the embedded switch starts :class:`DemoCarrier` (``--demo-line off``: not) and points the
line at it (:func:`app.server.seed.seed_demo_line`). The carrier is a child process
(``python -m app.server.simulate carrier``) on a free UDP port of 127.0.0.1 that answers every call with
speech; its JSON lines go to ``<data dir>/demo-carrier.log``. It is stopped with the server.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from app.server.core.logging import log_event
from app.server.simulate.traffic import simulator_command
from app.server.switch.sounds import customer_speech, speak

CARRIER_TEXT = (
    "Здравствуйте! Вы позвонили через демонстрационную линию Пульта. Это тестовый абонент: "
    "звонок прошёл через транк и оператора связи. Можно положить трубку."
)


def carrier_speech(directory: Path) -> Path | None:
    """What the called party says: espeak-ng's reading of :data:`CARRIER_TEXT` made once into
    ``directory``, or the customers' speech where espeak-ng is missing."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "carrier.wav"
    if not path.exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            speak(CARRIER_TEXT, path, speed=140)
    if path.exists():
        return path
    found = customer_speech(directory / "customers")
    return found[0] if found else None


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoCarrier:
    """Starts and stops the carrier process; ``start`` returns the ``host:port`` the line points at."""

    def __init__(self, *, speech: Path, log_path: Path) -> None:
        self.speech = speech
        self.log_path = log_path
        self._proc: subprocess.Popen[str] | None = None
        self._ready = threading.Event()

    def start(self, timeout: float = 20.0) -> str | None:
        """The carrier's address once it listens; None (logged) when it did not start."""
        port = _free_udp_port()
        cmd = [*simulator_command(), "carrier", "--sip-port", str(port), "--play", str(self.speech)]
        self._proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True
        )
        threading.Thread(target=self._pump, args=(self._proc,), name="demo-carrier", daemon=True).start()
        deadline = time.monotonic() + timeout
        proc = self._proc
        while not self._ready.wait(0.1):
            if proc.poll() is not None or time.monotonic() > deadline:
                log_event("demo.carrier_failed", code=proc.poll())
                self.stop()
                return None
        log_event("demo.carrier_started", port=port)
        return f"127.0.0.1:{port}"

    def _pump(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        with self.log_path.open("a", encoding="utf-8") as log:
            for line in proc.stdout:
                log.write(line)
                log.flush()
                if '"carrier.ready"' in line:
                    self._ready.set()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)  # the carrier hangs up its calls and exits
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
