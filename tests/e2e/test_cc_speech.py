"""The whole contact center with speech: a simulated customer calls the «Продажи» queue, the ACD offers the
call, the operator bot answers over the api and the softphone, and both hear each other.

Speech quality is PESQ narrow band (8 kHz) of the copies of the looped original in what each side
recorded (the best copy: a loaded shared machine may drop a burst in one), against the same speech
through a plain G.711 round trip made by sox (the best a PCMU call can sound). The switch's recording
must hold both sides and the history row must tell the story.
"""

from __future__ import annotations

import json
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
    g711_round_trip,
    read8k,
    running,
    speech,
    speech_quality,
    speech_quality_each,
)

pytestmark = [pytest.mark.e2e, pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
PESQ_MARGIN = 0.3
OPERATOR_TALKS = 12.0


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cc-speech")


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


@pytest.fixture(scope="module")
def voices(work: Path) -> dict[str, Path]:
    return {
        "customer": speech(work / "customer.wav", "Добрый день! Сколько стоит ваш продукт?"),
        "operator": speech(
            work / "operator.wav", "Здравствуйте, меня зовут Анна. Чем могу вам помочь?", lead=1.5
        ),
        "control": speech(work / "control.wav", "Завтра обещают тёплую погоду и небольшой дождь."),
    }


def _customer(server: ServerProcess, voices: dict[str, Path], record_dir: Path, caller: str) -> list[str]:
    return [
        sys.executable, "-m", "app.server.simulate", "--to", SALES_NUMBER,
        "--server-sip", f"127.0.0.1:{server.sip_port}", "--calls", "1", "--play", str(voices["customer"]),
        "--record-dir", str(record_dir), "--hangup-after", "60", "--caller-base", caller,
    ]  # fmt: skip


def _floor(path: Path) -> float:
    return speech_quality(read8k(path), g711_round_trip(path))[0]


def _history_row(server: ServerProcess, token: str, caller: str) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 20
    while True:
        rows = server.http.get("/history", headers=auth).json()["items"]
        row: dict[str, Any] | None = next((r for r in rows if r["caller"] == caller), None)
        if row is not None and row["ended_at"] is not None and row["recordings"]:
            return row
        assert time.monotonic() < deadline, row
        time.sleep(0.2)


def _one_call(
    server: ServerProcess, voices: dict[str, Path], work: Path, attempt: int
) -> tuple[float, float, dict[str, Any], dict[str, Any]]:
    """One call end to end; (PESQ customer→operator, PESQ operator→customer, bot's leg, customer result)."""
    caller = f"7999100000{attempt}"
    bot = BotProcess(
        server.url, "op1", "--auto-answer", "--answer-after", "0.3", "--play", str(voices["operator"]),
        "--record-dir", str(work / f"operator-{attempt}"), "--codec", "PCMU",
        "--hangup-after", str(OPERATOR_TALKS), "--exit-after-calls", "1",
    )  # fmt: skip
    try:
        bot.wait("logged_in", 30)
        with running(_customer(server, voices, work / f"customer-{attempt}", caller)) as sim:
            offered = bot.wait("offered", 30)
            assert offered["caller"] == caller
            assert offered["queue"] == "Продажи"
            leg = bot.wait("leg_ended", 60)
            customer_out, _ = sim.communicate(timeout=30)
        assert bot.proc.wait(timeout=30) == 0
    finally:
        bot.stop()
    assert leg["result"] == "answered", leg
    assert leg["media_seconds"] >= OPERATOR_TALKS - 1
    customer = next(line for line in customer_out.splitlines() if line.startswith("{"))
    result: dict[str, Any] = json.loads(customer)
    assert result["result"] == "answered", result
    by_operator = speech_quality_each(read8k(voices["customer"]), read8k(Path(leg["record"])))
    by_customer = speech_quality_each(read8k(voices["operator"]), read8k(Path(result["record"])))
    print(f"PESQ of each copy heard: by the operator {by_operator}, by the customer {by_customer}")
    return max(by_operator, default=0.0), max(by_customer, default=0.0), leg, result


def test_customer_and_bot_operator_hear_each_other_as_well_as_g711_allows_and_it_is_all_on_record(
    server: ServerProcess, voices: dict[str, Path], work: Path
) -> None:
    floor_customer, floor_operator = _floor(voices["customer"]), _floor(voices["operator"])
    # One burst lost on a loaded shared machine must not fail the build; two bad calls in a row do.
    for attempt in (1, 2):
        heard_by_operator, heard_by_customer, _, customer = _one_call(server, voices, work, attempt)
        print(
            f"PESQ customer→operator {heard_by_operator:.2f} (G.711 floor {floor_customer:.2f}), "
            f"operator→customer {heard_by_customer:.2f} (G.711 floor {floor_operator:.2f})"
        )
        good = (
            heard_by_operator >= floor_customer - PESQ_MARGIN
            and heard_by_customer >= floor_operator - PESQ_MARGIN
        )
        if good:
            break
    assert heard_by_operator >= floor_customer - PESQ_MARGIN
    assert heard_by_customer >= floor_operator - PESQ_MARGIN

    supervisor = server.login("300000001/supervisor", status="break")
    row = _history_row(server, supervisor, customer["caller"])
    assert row["answered_at"] is not None
    assert row["end_reason"] == "operator_hung_up"  # the bot's softphone hung up, not the customer
    assert len(row["operators"]) == 1
    assert OPERATOR_TALKS - 2 <= row["talk_seconds"] <= OPERATOR_TALKS + 5
    [path] = row["recordings"]
    [seconds] = row["recording_seconds"]
    assert OPERATOR_TALKS - 2 <= seconds <= OPERATOR_TALKS + 5
    recording = read8k(Path(path))
    # Both sides are mixed into the one file. They overlap, so each voice is scored by its presence: it
    # must correlate far better than a phrase nobody said.
    control = speech_quality(read8k(voices["control"]), recording)[1]
    in_recording = {w: speech_quality(read8k(voices[w]), recording)[1] for w in ("customer", "operator")}
    print(f"recording correlation {in_recording}, control phrase {control:.2f}")
    assert min(in_recording.values()) > max(0.3, 2 * control)
    saved = [e for e in server.events("switch.recording_closed") if e["path"] == path]
    assert saved, server.events("switch.recording_closed")
