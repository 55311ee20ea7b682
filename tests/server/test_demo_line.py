"""«Демо-линия» (MW-19 on the demo): the demo server's line to a simulated carrier, so a newcomer sees both
selectors with commented numbers and can really call out on the embedded default."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from app.protocol.calls import OFFER_TOKEN_HEADER
from app.server.core.clock import system_clock
from app.server.core.db import Database
from app.server.models import Tenant, Trunk
from app.server.seed import DEMO_LINE, DEMO_PRODUCT, seed_demo_line
from app.server.services import trunks
from tests.server.switch_helpers import REPO, ServerProcess, free_udp_ports

SALES, SUPPORT = "74950000001", "74950000002"


def _lines(db: Database) -> list[tuple[str, list[tuple[str, str]]]]:
    with db.reading() as session:
        tenant = session.execute(select(Tenant).where(Tenant.product_number == DEMO_PRODUCT)).scalar_one()
        return [
            (line.name, [(c.number, c.comment) for c in line.caller_ids])
            for line in trunks.lines(session, tenant.id)
        ]


def test_the_demo_line_calls_out_with_the_queue_numbers_and_is_switched_off_without_a_carrier(
    db: Database,
) -> None:
    with db.transaction() as session:
        first = seed_demo_line(session, host="127.0.0.1:5999", now=system_clock())
    assert _lines(db) == [(DEMO_LINE, [(SALES, "Продажи"), (SUPPORT, "Поддержка")])]
    with db.transaction() as session:  # the next start: the carrier listens elsewhere, same line
        assert seed_demo_line(session, host="127.0.0.1:6001", now=system_clock()) == first
        assert session.get_one(Trunk, first).host == "127.0.0.1:6001"
    with db.transaction() as session:
        assert seed_demo_line(session, host=None, now=system_clock()) is None
    assert _lines(db) == []


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    pytest.importorskip("pjsua2")
    proc = ServerProcess(
        tmp_path / "data",
        sip_port=free_udp_ports(2),
        rtp_port=free_udp_ports(80, start=30000),
        extra=("--demo-line", "on"),
    )
    try:
        proc.wait_log("switch.started", 30)
        yield proc
    finally:
        proc.stop()


def _carrier_pids(server: ServerProcess) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == server.proc.pid and b"carrier" in cmdline:
            found.append(int(entry.name))
    return found


def _rms(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).astype(float)
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


@pytest.mark.sip
def test_an_operator_calls_out_on_the_demo_line_and_hears_the_carrier(
    server: ServerProcess, tmp_path: Path
) -> None:
    auth = {"Authorization": f"Bearer {server.login('300000001/op1')}"}
    lines = server.http.get("/lines", headers=auth).json()
    assert [(line["name"], [(c["number"], c["comment"]) for c in line["caller_ids"]]) for line in lines] == [
        (DEMO_LINE, [(SALES, "Продажи"), (SUPPORT, "Поддержка")])
    ]
    assert len(_carrier_pids(server)) == 1
    ordered = server.http.post(
        f"/trunks/{lines[0]['id']}/calls", json={"number": "79161234567", "caller_id": SUPPORT}, headers=auth
    )
    assert ordered.status_code == 201, ordered.text
    call = ordered.json()
    heard = tmp_path / "heard.wav"
    leg = subprocess.run(
        [sys.executable, "-m", "softphone", "call", call["worker_uri"], "--header",
         f"{OFFER_TOKEN_HEADER}: {call['token']}", "--duration", "6", "--timeout", "30",
         "--record", str(heard)],
        cwd=REPO, capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip
    assert '"answered"' in leg.stdout, leg.stdout + leg.stderr
    assert _rms(heard) > 300  # the carrier's speech crossed the trunk, the switch and the operator's leg
    log = tmp_path / "data" / "demo-carrier.log"
    deadline = time.monotonic() + 20
    while not log.exists() or '"carrier.call"' not in log.read_text():
        assert time.monotonic() < deadline, "the carrier did not report the call"
        time.sleep(0.2)
    report = [json.loads(x) for x in log.read_text().splitlines() if '"carrier.call"' in x][-1]
    assert (report["to"], report["from"], report["answered"]) == ("79161234567", SUPPORT, True)
    deadline = time.monotonic() + 20
    while not (history := [h for h in server.http.get("/history", headers=auth).json()["items"]
                           if h["direction"] == "outgoing"]):  # fmt: skip
        assert time.monotonic() < deadline, "no outgoing call in the history"
        time.sleep(0.2)
    assert (history[0]["caller"], history[0]["queue"]) == ("79161234567", SUPPORT)
    pids = _carrier_pids(server)
    server.stop()
    for pid in pids:  # stopped with the server
        deadline = time.monotonic() + 15
        while Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]:
            assert time.monotonic() < deadline, "the carrier outlived the server"
            time.sleep(0.2)
