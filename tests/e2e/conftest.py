"""e2e fixtures: the real server and real clients as subprocesses, observed through their JSON log lines."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "PultDemo1"
PRODUCT = "300000001"
READY = "Pult server listening on "

Record = dict[str, Any]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """``python -m app.server --demo`` on a fixed port and data dir, so it can be killed and restarted."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure", "PYTHONUNBUFFERED": "1"}
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.data_dir.parent / "server.log"
        with log_path.open("a", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app.server",
                    "--demo",
                    "--port",
                    str(self.port),
                    "--data-dir",
                    str(self.data_dir),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        ready = False
        for line in self.proc.stdout:  # the ready line is printed once the socket is bound
            if line.startswith(READY):
                ready = True
                break
            if time.monotonic() > deadline:
                break
        if not ready:
            self.proc.kill()
            self.proc.wait()
            self._close_pipes()
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the server did not start; its log ends with:\n{tail}")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()  # keep the pipe drained

    def kill(self) -> None:
        """Die like a crashed host would: no clean shutdown, connections reset."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self._close_pipes()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self._close_pipes()

    def _close_pipes(self) -> None:
        assert self.proc is not None
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None


class ClientProcess:
    """``main.py`` with a scripted login, JSON logs on stderr collected by a reader thread."""

    def __init__(
        self,
        *,
        home: Path,
        server: str,
        login: str,
        status: str = "keep",
        extra: Sequence[str] = (),
        scripted: bool = True,
    ) -> None:
        """``scripted=False`` starts without credentials: the client restores a remembered session or asks."""
        self.login = login
        self.records: list[Record] = []
        self._changed = threading.Condition()
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PULT_PASSWORD": PASSWORD if scripted else "",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHON_KEYRING_BACKEND": "tests.e2e.keyring_backend.FileKeyring",
            "PULT_TEST_KEYRING_FILE": str(home / "keyring.json"),
            "PYTHONUNBUFFERED": "1",
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                *(["--server", server, "--login", login, "--status", status] if scripted else []),
                "--lang",
                "ru",
                "--log-format",
                "json",
                "--no-err-windows",
                "--stdin-commands",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            try:
                record = json.loads(line)
            except ValueError:
                record = {"event": "raw", "text": line.rstrip()}
            with self._changed:
                self.records.append(record)
                self._changed.notify_all()
        with self._changed:
            self.records.append({"event": "process.exited"})
            self._changed.notify_all()

    def wait_for(
        self, event: str, where: Callable[[Record], bool] = lambda _r: True, timeout: float = 15.0
    ) -> Record:
        """The first record of ``event`` matching ``where``; waits for it to be logged."""

        def found() -> Record | None:
            for record in self.records:
                if record.get("event") == event and where(record):
                    return record
                if record.get("event") == "process.exited":
                    raise AssertionError(
                        f"{self.login}: client exited while waiting for {event}: {self.tail()}"
                    )
            return None

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(f"{self.login}: no {event} within {timeout}s; log tail: {self.tail()}")
            record = found()
            assert record is not None
            return record

    def events(self, event: str) -> list[Record]:
        with self._changed:
            return [r for r in self.records if r.get("event") == event]

    def tail(self, n: int = 15) -> list[Record]:
        return self.records[-n:]

    def command(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.command("quit")
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=10)
        for pipe in (self.proc.stdin, self.proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        crashes = [r for r in self.records if r.get("event") == "crash" or r.get("level") == "critical"]
        assert not crashes, crashes


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server-data", free_port())
    process.start()
    yield process
    process.stop()


@pytest.fixture
def start_client(tmp_path: Path) -> Iterator[Callable[..., ClientProcess]]:
    clients: list[ClientProcess] = []

    def start(server: ServerProcess, login: str, *, home: str = "", **kw: Any) -> ClientProcess:
        """Start a client; the same ``home`` again is the same computer and user account."""
        folder = tmp_path / (home or f"client-{len(clients)}")
        folder.mkdir(exist_ok=True)
        client = ClientProcess(home=folder, server=server.url, login=f"{PRODUCT}/{login}", **kw)
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.close()
