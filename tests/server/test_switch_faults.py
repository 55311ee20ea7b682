"""Faults around a real contact-center call: the real server with its pjsua2 workers, simulated customers
over SIP, and operator bots (api + websocket + softphone legs) that can vanish like a dying machine.

(A worker killed mid-call is covered in ``test_switch.py``.)
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from tests.server.switch_helpers import (
    BotProcess,
    ServerProcess,
    free_udp_ports,
    read8k,
    running,
    speech,
    speech_quality,
)

pytestmark = [pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def voice(work: Path) -> Path:
    return speech(work / "customer.wav", "Добрый день! Сколько стоит ваш продукт?")


@pytest.fixture(scope="module")
def server(work: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        work / "data", sip_port=free_udp_ports(4), rtp_port=free_udp_ports(80, start=30000) // 2 * 2
    )
    try:
        proc.wait_log("switch.started", 30)
        yield proc
    finally:
        assert proc.stop() == 0


def _customer(server: ServerProcess, voice: Path, caller: str, hangup_after: float = 40) -> list[str]:
    return [
        sys.executable, "-m", "app.server.simulate", "--to", SALES_NUMBER,
        "--server-sip", f"127.0.0.1:{server.sip_port}", "--calls", "1", "--play", str(voice),
        "--hangup-after", str(hangup_after), "--caller-base", caller,
    ]  # fmt: skip


def _result(stdout: str) -> dict[str, Any]:
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    assert lines, stdout
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def _history_row(server: ServerProcess, caller: str) -> dict[str, Any]:
    token = server.login("300000001/admin", status="break")
    rows = server.http.get("/history", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    row: dict[str, Any] = next(r for r in rows if r["caller"] == caller)
    return row


def test_a_call_ringing_at_a_vanished_client_goes_to_the_next_operator(
    server: ServerProcess, voice: Path
) -> None:
    caller = "79992000001"
    ringer = BotProcess(server.url, "op1")  # never answers: it rings until its machine dies
    answerer: BotProcess | None = None
    try:
        op1 = ringer.wait("logged_in", 30)["employee_id"]
        time.sleep(1.1)  # op1 is then the longest idle (statuses are kept to the second)
        answerer = BotProcess(server.url, "op2", "--auto-answer", "--hangup-after", "3")
        answerer.wait("logged_in", 30)
        with running(_customer(server, voice, caller)) as sim:
            offered = ringer.wait("offered", 30)
            assert offered["caller"] == caller
            ringer.vanish()
            taken = answerer.wait("offered", 30)
            assert taken["call_id"] == offered["call_id"]
            leg = answerer.wait("leg_ended", 60)
            assert leg["result"] == "answered", leg
            assert leg["media_seconds"] > 2
            sim_out, _ = sim.communicate(timeout=30)
        assert _result(sim_out)["result"] == "answered"
    finally:
        ringer.stop()
        if answerer is not None:
            answerer.stop()
    vanished = [e for e in server.events("acd.client_vanished") if e["employee_id"] == op1]
    assert vanished, server.events("acd.client_vanished")
    assert vanished[-1]["ringing"], vanished  # the offer was ringing at op1 when it was taken away
    row = _history_row(server, caller)
    assert row["operators"] == [answerer.events("logged_in")[0]["employee_id"]]
    assert row["end_reason"] == "operator_hung_up"


def test_a_call_that_rang_only_at_a_vanished_client_is_a_missed_group_call(
    server: ServerProcess, voice: Path
) -> None:
    caller = "79992000002"
    ringer = BotProcess(server.url, "op3")
    try:
        ringer.wait("logged_in", 30)
        with running(_customer(server, voice, caller, hangup_after=12)) as sim:
            ringer.wait("offered", 30)
            ringer.vanish()
            sim_out, _ = sim.communicate(timeout=60)
        assert _result(sim_out)["result"] == "answered"  # by the switch (greeting, music), nobody else
    finally:
        ringer.stop()
    token = server.login("300000001/supervisor", status="break")
    missed = server.http.get("/missed", headers={"Authorization": f"Bearer {token}"}).json()
    callers = json.dumps(missed, ensure_ascii=False)
    assert caller in callers, missed
    row = _history_row(server, caller)
    assert row["answered_at"] is None
    assert row["end_reason"] == "abandoned"


def _free_tcp_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_conversation_outlives_an_api_restart_and_the_operator_resyncs(work: Path, voice: Path) -> None:
    operator_voice = speech(work / "operator.wav", "Здравствуйте, меня зовут Анна. Чем могу помочь?")
    ports = {"sip_port": free_udp_ports(4), "rtp_port": free_udp_ports(80, start=30000) // 2 * 2}
    ports["http_port"] = _free_tcp_port()
    caller, data = "79992000003", work / "restart-data"
    first = ServerProcess(data, **ports)
    second: ServerProcess | None = None
    bot = BotProcess(first.url, "op1", "--auto-answer", "--hangup-after", "25", "--play", str(operator_voice),
                     "--exit-after-calls", "1")  # fmt: skip
    try:
        first.wait_log("switch.started", 30)
        bot.wait("logged_in", 30)
        cmd = [*_customer(first, voice, caller, hangup_after=120), "--record-dir", str(work / "restart-sim")]
        with running(cmd) as sim:
            bot.wait("leg_started", 30)
            first.wait_log("switch.bridged", 20)
            assert first.stop() == 0  # the api goes; its workers keep the conversation
            second = ServerProcess(data, **ports)
            attached = second.wait_log("switch.worker_attached", 30)
            assert attached
            states = second.wait_log("switch.worker_state", 30)
            assert any(e["calls"] for e in states), states
            bot.wait("reconnected", 30)
            leg = bot.wait("leg_ended", 60)
            sim_out, _ = sim.communicate(timeout=30)
        assert bot.proc.wait(timeout=30) == 0
        assert leg["result"] == "answered", leg
        assert leg["media_seconds"] >= 24  # the operator's leg was never cut
        customer = _result(sim_out)
        assert customer["result"] == "answered", customer
        # The customer still heard the operator after the restart (the last seconds of their recording).
        heard = read8k(Path(customer["record"]))
        tail = heard[-8 * 8000 :]
        control = speech_quality(read8k(voice), tail)[1]  # the customer's own words: not heard back
        assert speech_quality(read8k(operator_voice), tail)[1] > max(0.3, 2 * control)
        row = _history_row(second, caller)
        assert row["end_reason"] == "operator_hung_up"  # told by the new api, from the kept worker
        assert row["ended_at"] is not None
        assert len(row["operators"]) == 1
        deadline = time.monotonic() + 15
        while not _history_row(second, caller)["recordings"]:
            assert time.monotonic() < deadline, "the recording was not reported to the new api"
            time.sleep(0.3)
    finally:
        bot.stop()
        if second is not None:
            assert second.stop() == 0
        elif first.proc.poll() is None:
            first.stop()


def test_a_call_that_ends_while_no_api_runs_is_told_to_the_next_one(work: Path, voice: Path) -> None:
    ports = {"sip_port": free_udp_ports(4), "rtp_port": free_udp_ports(80, start=30000) // 2 * 2}
    ports["http_port"] = _free_tcp_port()
    caller, data = "79992000004", work / "away-data"
    first = ServerProcess(data, **ports)
    second: ServerProcess | None = None
    bot = BotProcess(first.url, "op1", "--auto-answer", "--hangup-after", "8", "--exit-after-calls", "1")
    try:
        first.wait_log("switch.started", 30)
        bot.wait("logged_in", 30)
        with running(_customer(first, voice, caller, hangup_after=120)) as sim:
            bot.wait("leg_started", 30)
            first.wait_log("switch.bridged", 20)
            assert first.stop() == 0
            leg = bot.wait("leg_ended", 60)  # the operator hangs up while no api runs
            assert leg["result"] == "answered", leg
            sim.communicate(timeout=30)
        second = ServerProcess(data, **ports)
        second.wait_log("switch.worker_attached", 30)
        deadline = time.monotonic() + 20
        while True:
            row = _history_row(second, caller)
            if row["ended_at"] is not None and row["recordings"]:
                break
            assert time.monotonic() < deadline, row
            time.sleep(0.3)
        assert row["end_reason"] == "operator_hung_up"  # kept by the worker, told to the new api
        assert not second.events("switch.calls_gone_while_away")
    finally:
        bot.stop()
        if second is not None:
            assert second.stop() == 0
        elif first.proc.poll() is None:
            first.stop()
