"""Suite-wide fixtures: every config and data dir of the client goes to a temp dir, Qt runs offscreen."""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import none_guard
from tests import process_guard

pytest_plugins = ["tests.carrier"]  # the trunk tests' carrier, phone and server (tests/server and tests/gui)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
none_guard.install()  # PySide6 6.12 on Python 3.11 drops a reference to None per void call


def _free_udp_block(count: int, start: int, stop: int) -> int:
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(start, stop - count)
        socks: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise RuntimeError("no free UDP port block")


# Servers the tests start get no demo customers calling in (queues hold only the tests' calls) and, unless
# a test names its own, a free SIP/RTP block instead of the defaults 5080/40000: parallel runs cannot collide.
os.environ.setdefault("PULT_SERVER_DEMO_TRAFFIC", "off")
os.environ.setdefault("PULT_SERVER_DEMO_LINE", "off")  # no «Демо-линия» unless a test asks for it
os.environ.setdefault("PULT_SERVER_SIP_PORT", str(_free_udp_block(8, 20000, 30000)))
os.environ.setdefault("PULT_SERVER_RTP_PORT", str(_free_udp_block(80, 30000, 60000) // 2 * 2))


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG dirs (platformdirs on Linux) at a fresh temp dir so tests never touch the user's files."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(scope="session", autouse=True)
def _no_leaked_peers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fails the run when a SIP peer, server or media worker a test started outlives the tests (and ends
    it): each runs in its own session, so a skipped teardown would leave it running after pytest."""
    root = tmp_path_factory.getbasetemp()
    yield
    left = process_guard.wait_gone(root, 75.0)  # a worker that kept a call ends within its orphan grace
    if left:
        process_guard.end_groups(left)
        pytest.fail(
            "still running after the tests (now ended): " + "; ".join(f"{p.pid} {p.command}" for p in left)
        )
