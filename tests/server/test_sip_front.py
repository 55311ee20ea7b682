"""The SIP front: the real server with two pjsua2 workers behind its supervised Kamailio dispatcher, called by
SIPp customers on the public SIP port.

A worker carries two conversations and answers 486 past that; Kamailio spreads new calls round robin and
fails over on 486 or on silence (a worker that is stopped or killed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from app.server.switch.front import SipFront, dispatcher_list, kamailio_available
from tests.server.switch_helpers import ServerProcess, free_udp_ports

pytestmark = [
    pytest.mark.sip,
    pytest.mark.slow,
    pytest.mark.skipif(not kamailio_available(), reason="kamailio with dispatcher is not installed"),
]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
SCENARIO = Path(__file__).resolve().parents[2] / "bench" / "sipp" / "customer.xml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    work = tmp_path_factory.mktemp("front")
    sip = free_udp_ports(3)
    rtp = free_udp_ports(80, start=30000)
    proc = ServerProcess(work / "data", sip_port=sip, rtp_port=rtp, sip_front="kamailio")
    proc.sip_port = sip  # type: ignore[attr-defined]
    proc.data_dir = work / "data"  # type: ignore[attr-defined]
    try:
        proc.wait_log("sip_front.started", 40)
        proc.wait_log("switch.started", 10)
        yield proc
    finally:
        assert proc.stop() == 0
    assert proc.events("sip_front.stopped")


def _call(server: ServerProcess, seconds: float) -> subprocess.Popen[str]:
    """One SIPp customer (``bench/sipp/customer.xml``) to the public port; exit status 0 when answered."""
    local = free_udp_ports(1, start=45000)
    cmd = [
        "sipp", "-sf", str(SCENARIO), "-s", SALES_NUMBER, f"127.0.0.1:{server.sip_port}",  # type: ignore[attr-defined]
        "-i", "127.0.0.1", "-p", str(local), "-m", "1", "-d", str(int(seconds * 1000)),
        "-timeout", "30", "-timeout_error", "-nostdin",
    ]  # fmt: skip
    return subprocess.Popen(
        cmd,
        cwd=server.data_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,  # type: ignore[attr-defined]
    )


def _arrivals(server: ServerProcess, since: int) -> list[int]:
    return [e["worker"] for e in server.events("switch.customer_arrived")[since:]]


def _front_log(server: ServerProcess) -> list[str]:
    path: Path = server.data_dir / "sip-front" / "kamailio.log"  # type: ignore[attr-defined]
    return [
        line.split("PULT-FRONT ", 1)[1] for line in path.read_text().splitlines() if "PULT-FRONT " in line
    ]


def test_the_front_writes_a_dispatcher_list_of_every_worker_and_kamailio_accepts_its_config(
    tmp_path: Path,
) -> None:
    front = SipFront(work_dir=tmp_path, host="127.0.0.1", port=25060)
    front.write_config([("127.0.0.1", 25061), ("127.0.0.1", 25062)])
    assert front.check_config() == ""
    assert dispatcher_list([("127.0.0.1", 25061)]) == "1 sip:127.0.0.1:25061;transport=udp 0 0\n"
    assert front.list_file.read_text().count("sip:127.0.0.1:") == 2


def test_calls_on_the_public_port_spread_over_both_workers_and_a_fifth_gets_busy(
    server: ServerProcess,
) -> None:
    since = len(server.events("switch.customer_arrived"))
    calls = [_call(server, 6) for _ in range(4)]
    _wait_arrivals(server, since, 4)
    late = _call(server, 1)  # both workers are full: 486 from one, failover, 486 from the other
    assert late.wait(timeout=40) != 0
    assert [c.wait(timeout=40) for c in calls] == [0, 0, 0, 0]
    assert sorted(_arrivals(server, since)) == [0, 0, 1, 1]
    assert any(line.startswith("exhausted") for line in _front_log(server))


def test_a_stopped_worker_share_fails_over_to_the_other(server: ServerProcess) -> None:
    pids = server.worker_pids()
    first = pids[server.sip_port + 1]  # type: ignore[attr-defined]
    since = len(server.events("switch.customer_arrived"))
    os.kill(first, signal.SIGSTOP)  # alive but silent, like a hung worker: only the front can route around it
    try:
        for _ in range(2):
            assert _call(server, 0.5).wait(timeout=40) == 0
    finally:
        os.kill(first, signal.SIGCONT)
    assert _arrivals(server, since) == [1, 1]
    assert any(line.startswith("down") for line in _front_log(server))


def test_a_killed_worker_share_fails_over_and_the_replaced_worker_takes_calls_again(
    server: ServerProcess,
) -> None:
    port = server.sip_port + 2  # type: ignore[attr-defined]
    old = server.worker_pids()[port]
    since = len(server.events("switch.customer_arrived"))
    os.kill(old, signal.SIGKILL)
    results = [_call(server, 0.5).wait(timeout=40) for _ in range(3)]
    assert results == [0, 0, 0]
    server.wait_log("switch.worker_lost", 10)
    deadline = time.monotonic() + 30
    while (new := server.worker_pids().get(port)) in (None, old) or not [
        e for e in server.events("switch.worker_ready") if e.get("pid") == new
    ]:
        assert time.monotonic() < deadline, "worker 1 was not replaced"
        time.sleep(0.2)
    # The front probes the replaced worker back in (OPTIONS every second); then it gets its share again.
    deadline = time.monotonic() + 30
    while 1 not in _arrivals(server, since):
        assert time.monotonic() < deadline, _arrivals(server, since)
        assert _call(server, 0.3).wait(timeout=40) == 0
    assert 0 in _arrivals(server, since)


def test_kamailio_that_exits_is_restarted(server: ServerProcess) -> None:
    pid = int((server.data_dir / "sip-front" / "kamailio.pid").read_text())  # type: ignore[attr-defined]
    os.killpg(pid, signal.SIGKILL)
    server.wait_log("sip_front.restarted", 20)
    deadline = time.monotonic() + 20
    while _call(server, 0.3).wait(timeout=40) != 0:
        assert time.monotonic() < deadline, "no call through the restarted front"


def _wait_arrivals(server: ServerProcess, since: int, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(_arrivals(server, since)) < count:
        assert time.monotonic() < deadline, _arrivals(server, since)
        time.sleep(0.1)
