"""A throw-away PostgreSQL server for the test session (Debian's postgresql 15 binaries).

initdb refuses to run as root, so under root the cluster belongs to the ``postgres`` user and every
server binary runs through ``runuser -u postgres --``. The server listens on a unix socket only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _find_bin() -> Path:
    """``PULT_TEST_PG_BIN``, else Debian's newest ``/usr/lib/postgresql/<major>/bin`` (15 on Debian 12)."""
    if override := os.environ.get("PULT_TEST_PG_BIN"):
        return Path(override)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _find_bin()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unavailable_reason() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL binaries not found in {PG_BIN} (Debian package postgresql-15)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a cluster and yield the SQLAlchemy URL prefix ``postgresql+psycopg://postgres@/`` + query."""
    base = Path(tempfile.mkdtemp(prefix="pult-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    port = _free_port()
    log = base / "server.log"
    try:
        subprocess.run(
            _as_owner([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                       "-E", "UTF8", "--no-locale", "--no-sync"]),
            check=True,
            capture_output=True,
        )  # fmt: skip
        options = (
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            f"-c listen_addresses='' -p {port} -k {sock}"
        )
        subprocess.run(
            _as_owner(
                [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql+psycopg://postgres@/{{db}}?host={sock}&port={port}"
        finally:
            subprocess.run(
                _as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                check=False,
                capture_output=True,
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)
