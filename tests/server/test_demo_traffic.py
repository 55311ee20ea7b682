"""Demo traffic: the demo server's simulated customers call the demo queues at a gentle rate, so a newcomer
has a real call to answer within the first minute; ``--demo-traffic off`` stops them, and a bad value is
refused with a reason before anything starts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.server.seed import DEMO_QUEUE_NUMBERS
from tests.server.switch_helpers import REPO, BotProcess, ServerProcess, free_udp_ports

pytestmark = [pytest.mark.sip, pytest.mark.slow]


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """The demo server with its default demo traffic (the README's run command)."""
    proc = ServerProcess(
        tmp_path / "data",
        sip_port=free_udp_ports(4),
        rtp_port=free_udp_ports(80, start=30000) // 2 * 2,
        extra=("--demo-traffic", "2"),
    )
    try:
        yield proc
    finally:
        assert proc.stop() == 0


def test_the_first_minute_brings_a_demo_customer_an_operator_can_answer(demo_server: ServerProcess) -> None:
    bot = BotProcess(demo_server.url, "op1,op2,op3", "--auto-answer", "--hangup-after", "3")
    try:
        offered = bot.wait("offered", 60)  # the promise to a newcomer: a call within the first minute
        assert offered["caller"].startswith("7999")
        assert offered["queue"] in {comment for _, comment in DEMO_QUEUE_NUMBERS.values()}
        leg = bot.wait("leg_ended", 60)
        assert leg["result"] == "answered", leg
        assert leg["media_seconds"] > 2
    finally:
        bot.stop()
    placed = demo_server.events("demo.customer_call")
    assert placed
    assert placed[0]["number"] in {number for number, _ in DEMO_QUEUE_NUMBERS.values()}


def test_demo_traffic_off_places_no_calls(tmp_path: Path) -> None:
    proc = ServerProcess(
        tmp_path / "data", sip_port=free_udp_ports(4), rtp_port=free_udp_ports(80, start=30000) // 2 * 2
    )
    try:
        proc.wait_log("switch.started", 30)
        assert not proc.events("demo.traffic_started")
        assert not any("Demo traffic" in line for line in list(proc.lines.queue))
    finally:
        assert proc.stop() == 0


@pytest.mark.parametrize("value", ["lots", "-1", "100"])
def test_a_bad_demo_traffic_rate_is_refused_with_a_reason(tmp_path: Path, value: str) -> None:
    env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure"}
    done = subprocess.run(
        [sys.executable, "-m", "app.server", "--demo", "--port", "0", "--data-dir", str(tmp_path),
         "--demo-traffic", value],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--demo-traffic" in done.stderr
    assert "refusing to start" in done.stderr
