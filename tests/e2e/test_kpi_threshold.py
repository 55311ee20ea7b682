"""A supervisor's detached KPI panel turns red within 2 s of the customer call that causes it: a real
simulated call (SIP, ``python -m app.server.simulate``) enters the «Продажи» queue while the threshold
«Количество вызовов в очереди» ≥ 1 is red for that group (MW-36..42). Measured from the switch's
``switch.customer_arrived`` log line to the panel's ``kpi.shown`` log line, both on this machine's clock."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import PASSWORD, PRODUCT, ROOT, ClientProcess, ServerProcess, free_port

pytestmark = pytest.mark.e2e

SALES_NUMBER = "74950000001"


@pytest.fixture
def sip_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServerProcess, int]]:
    """The demo server with its embedded switch on free SIP and RTP ports."""
    pytest.importorskip("pjsua2")
    sip_port = free_port()
    monkeypatch.setenv("PULT_SERVER_SWITCH", "embedded")
    monkeypatch.setenv("PULT_SERVER_SIP_PORT", str(sip_port))
    monkeypatch.setenv("PULT_SERVER_RTP_PORT", str(42000 + sip_port % 1000 * 8))
    process = ServerProcess(tmp_path / "server-data", free_port())
    process.start()
    yield process, sip_port
    process.stop()


def _token(http: httpx.Client, login: str) -> dict[str, str]:
    answer = http.post("/api/v1/auth/login", json={"login": f"{PRODUCT}/{login}", "password": PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_queue_call_colours_the_supervisors_kpi_panel_red_within_two_seconds(
    sip_server: tuple[ServerProcess, int], start_client: Callable[..., ClientProcess], tmp_path: Path
) -> None:
    server, sip_port = sip_server
    with httpx.Client(base_url=server.url, timeout=10) as http:
        boss = _token(http, "supervisor")
        groups = http.get("/api/v1/groups", headers=boss).json()["items"]
        sales = next(g["id"] for g in groups if g["name"] == "Продажи")
        cell = {"kind": "group", "object_id": sales, "code": 1}
        rule = {**cell, "level": "red", "comparator": "ge", "low": 1}
        http.put("/api/v1/kpi/thresholds", headers=boss, json={"items": [rule]}).raise_for_status()
        http.put("/api/v1/me/kpi-selection", headers=boss, json={"items": [cell]}).raise_for_status()
    red_key = f"group:{sales}:1"

    supervisor = start_client(server, "supervisor", status="break")
    supervisor.wait_for("login.ok")
    first = supervisor.wait_for("kpi.shown", lambda r: r["shown"] == 1)
    assert first["red"] == []
    supervisor.command("float kpi")  # «Открепить»: its own always-on-top window
    supervisor.wait_for("command.received", lambda r: r["command"] == "float")

    caller_log = (tmp_path / "caller.log").open("w", encoding="utf-8")
    caller = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.server.simulate",
            "--to",
            SALES_NUMBER,
            "--server-sip",
            f"127.0.0.1:{sip_port}",
            "--play",
            str(ROOT / "resources" / "sounds" / "sound_test.wav"),
            "--hangup-after",
            "20",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=caller_log,
    )
    try:
        changed = supervisor.wait_for("kpi.changed", timeout=20)
        shown = supervisor.wait_for("kpi.shown", lambda r: red_key in r["red"], timeout=20)
        assert shown["floating"] is True
        assert shown["ts"] - changed["ts"] < 2.0
        arrived = _server_log(tmp_path / "server.log", "switch.customer_arrived")
        print(f"call → red row of the floating panel: {shown['ts'] - arrived:.2f} s")
        assert shown["ts"] - arrived < 2.0, f"{shown['ts'] - arrived:.2f} s from the call to the red row"
    finally:
        caller.kill()
        caller.wait()
        caller_log.close()


def _server_log(path: Path, event: str) -> float:
    """The time (epoch seconds) of the first ``event`` in the server's JSON log."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == event:
                return datetime.fromisoformat(record["at"]).timestamp()
    raise AssertionError(f"no {event} in {path}")
