"""``python -m app.server`` as a subprocess: ready line, health, demo table, clean stop on a signal."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]
READY = re.compile(r"^Pult server listening on (http://\S+)$")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path, *extra: str) -> None:
        env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure"}
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.server", "--demo", "--port", str(self.port),
             "--data-dir", str(data_dir), *extra],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_ready(self) -> str:
        while (line := self.lines.get(timeout=60)) is not None:
            self.stdout.append(line)
            if match := READY.match(line):
                return match.group(1)
        raise AssertionError(
            f"server exited before it was ready: {self.proc.stderr.read() if self.proc.stderr else ''}"
        )

    def stop(self, sig: signal.Signals) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_server_starts_answers_health_and_stops_cleanly_on_a_signal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    server = Server(tmp_path)
    try:
        url = server.wait_ready()
        assert url == f"http://127.0.0.1:{server.port}"
        assert httpx.get(f"{url}/api/v1/health", timeout=10).json()["status"] == "ok"
    finally:
        code = server.stop(sig)
    assert code == 0
    assert any("300000001/op1" in line for line in server.stdout)
    assert (tmp_path / "pult.sqlite3").exists()


def test_second_start_keeps_the_demo_company_and_only_reminds_the_logins(tmp_path: Path) -> None:
    first = Server(tmp_path, "--demo-password", "Other123")
    try:
        first.wait_ready()
    finally:
        first.stop(signal.SIGINT)
    second = Server(tmp_path)
    try:
        url = second.wait_ready()
        login = {"login": "300000001/op1", "password": "Other123"}
        assert httpx.post(f"{url}/api/v1/auth/login", json=login, timeout=10).status_code == 200
    finally:
        second.stop(signal.SIGINT)
    assert not any("password for everyone" in line for line in second.stdout)
    assert any("is ready" in line for line in second.stdout)


@pytest.mark.postgres
def test_server_runs_on_postgresql_given_a_database_url(tmp_path: Path, pg_url_template: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_url_template.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE cli_run"))
    try:
        server = Server(tmp_path, "--database-url", pg_url_template.format(db="cli_run"))
        try:
            url = server.wait_ready()
            assert httpx.get(f"{url}/api/v1/health", timeout=10).json()["database"] == "postgresql"
            login = {"login": "300000001/admin", "password": "PultDemo1"}
            assert httpx.post(f"{url}/api/v1/auth/login", json=login, timeout=10).status_code == 200
        finally:
            assert server.stop(signal.SIGTERM) == 0
        assert not (tmp_path / "pult.sqlite3").exists()
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS cli_run WITH (FORCE)"))
        admin.dispose()
