"""A whole contact-center call through the real main window against the real server (issue #5, "Must show").

The server runs as a subprocess with its embedded switch; customers are real SIP calls of
``python -m app.server.simulate``; the operator's client is composed in this process (``live_client``)
with the real pjsua2 softphone, so «Ответить» opens a real media leg to the switch worker. The second
operator, the target of the transfer, is a REST session plus the softphone CLI as its media leg.

What the window shows comes from server events only: the missed-calls badge (``missed.changed``), the
queue panel (``queue.changed``), the call widget (``call.*``, ``wrapup.*``) and the indicators
(``kpi.changed``). Nothing in the test sets a store by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from websockets.sync.client import ClientConnection, connect

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from app.state.calls import CallPhase
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import REPO, ServerProcess, free_udp_ports
from ui.panels import QueuePanel

pytestmark = [pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
PASSWORD = "PultDemo1"
CALLER = "79990000077"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    pytest.importorskip("pjsua2")
    proc = ServerProcess(
        tmp_path / "data", sip_port=free_udp_ports(2), rtp_port=free_udp_ports(80, start=30000)
    )
    try:
        proc.wait_log("switch.started", 30)
        yield proc
    finally:
        proc.stop()


def _customer(server: ServerProcess, log: Path, hangup_after: float) -> subprocess.Popen[bytes]:
    sip_port = server.proc.args[server.proc.args.index("--sip-port") + 1]  # type: ignore[union-attr]
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable, "-m", "app.server.simulate", "--to", SALES_NUMBER,
                "--server-sip", f"127.0.0.1:{sip_port}", "--calls", "1", "--caller-base", CALLER,
                "--play", str(REPO / "resources" / "sounds" / "sound_test.wav"),
                "--hangup-after", str(hangup_after),
            ],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _next_offer(ws: ClientConnection, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if frame.get("kind") == "event" and frame["type"] == "call.offered":
            data: dict[str, Any] = frame["data"]
            return data


def test_offer_answer_hold_resume_transfer_and_post_call_work_through_the_real_window(
    qapp: QApplication, server: ServerProcess, tmp_path: Path
) -> None:
    from softphone.config import EngineConfig
    from softphone.engine import SoftphoneEngine

    rtp = free_udp_ports(40, start=30000)
    client = LiveClient(
        qapp,
        tmp_path / "op1",
        engine_factory=lambda sink: SoftphoneEngine(
            EngineConfig(rtp_port=rtp, rtp_port_range=40, bind_address="127.0.0.1"), sink
        ),
    )
    customers: list[subprocess.Popen[bytes]] = []
    op2_token = server.login("300000001/op2", status="break")
    op2 = {"Authorization": f"Bearer {op2_token}"}
    op2_id = server.http.get("/me", headers=op2).json()["employee_id"]
    events = connect(
        server.url.replace("http://", "ws://") + "/api/v1/events",
        additional_headers={"Authorization": f"Bearer {op2_token}"},
    )
    try:

        async def scenario() -> None:
            await client.login(server.url, "300000001/op1", PASSWORD, "break")
            window = client.window
            window.build_panels()
            window.set_panel_visible("queue", True)
            queue_panel = window.panel_dock("queue").widget()
            assert isinstance(queue_panel, QueuePanel)
            call_window = window.call_window
            me = client.session_store.snapshot.me
            assert me is not None
            await until(lambda: client.status_store.snapshot.current == "break", 15, "signed in on a break")
            await until(lambda: bool(client.topics.snapshot), 15, "the tenant's topics")
            assert window.missed_button.count == 0

            # A customer gives up while nobody is on line: a missed group call (MW-26..29).
            customers.append(_customer(server, tmp_path / "customer1.log", hangup_after=3))
            await until(lambda: queue_panel.row_count == 1, 20, "the waiting call in the queue panel")
            await until(lambda: window.missed_button.count == 1, 30, "the missed-calls badge")
            assert server.http.get("/missed", headers=op2).json()["total"] == 1  # the group's, not only mine
            window.show_missed_calls()
            assert [r.text(0) for r in window.missed_popup.rows.values()] == [CALLER]
            window.missed_popup.hide()
            assert queue_panel.row_count == 0

            # The same customer calls again and waits; the operator goes on line and gets the offer.
            customers.append(_customer(server, tmp_path / "customer2.log", hangup_after=120))
            await until(lambda: queue_panel.row_count == 1, 20, "the second call waiting")
            window.status_control.choose("online")
            await until(lambda: call_window.isVisible() and "answer" in call_window.card.buttons, 20, "offer")
            key = call_window.call_key
            assert call_window.card.title_label.text().endswith(CALLER)
            call_window.card.buttons["answer"].click()
            await until(lambda: _phase(client, key) is CallPhase.TALKING, 20, "talking")
            # Answering the number clears its missed call for everyone (MW-30), the queue empties.
            await until(lambda: window.missed_button.count == 0, 20, "the missed call resolved")
            assert window.missed_popup.rows == {}
            assert server.http.get("/missed", headers=op2).json()["total"] == 0  # gone for everyone
            await until(lambda: queue_panel.row_count == 0, 10, "the queue emptied")

            call_window.card.buttons["hold"].click()
            await until(lambda: _phase(client, key) is CallPhase.HELD, 15, "held")
            call_window.card.buttons["hold"].click()
            await until(lambda: _phase(client, key) is CallPhase.TALKING, 15, "resumed")

            call = client.calls.snapshot.get(key)
            assert call is not None
            assert call.cc_call_id is not None
            call_id = call.cc_call_id
            failures: list[object] = []
            client.actions.failed.connect(failures.append)
            client.actions.transfer(call_id, employee_id=op2_id)
            await until(
                lambda: _phase(client, key) is CallPhase.WRAPUP or bool(failures), 20, "post-call work"
            )
            assert failures == []
            offer = _next_offer(events, 10)
            assert offer["call_id"] == call_id

            card = call_window.card
            assert not card.topic_combo.isHidden()
            topic_id, _name = client.topics.snapshot[0]
            card.topic_combo.setCurrentIndex(1)
            assert card.chosen_topic() == topic_id
            card.comment_edit.setText("Передан коллеге")
            card.buttons["ready"].click()
            await until(lambda: client.calls.snapshot.get(key) is None, 15, "post-call work finished")
            # The indicators came from kpi.changed: this operator's accepted calls (MW-39 №10).
            await until(lambda: _kpi(client, me.employee_id, 10) >= 1, 15, "accepted calls indicator")

            await until(
                lambda: bool(failures) or _history_row(server, client, call_id)["topic_ids"] != [],
                15,
                "the topic saved",
            )
            assert failures == []
            row = _history_row(server, client, call_id)
            assert row["topic_ids"] == [topic_id]
            assert row["comment"] == "Передан коллеге"
            assert row["transfers"] == 1
            assert me.employee_id in row["operators"]

        with events:
            client.run(scenario())
    finally:
        for customer in customers:
            customer.kill()
            customer.wait()
        client.close()


def _phase(client: LiveClient, key: str) -> CallPhase | None:
    call = client.calls.snapshot.get(key)
    return None if call is None else call.phase


def _kpi(client: LiveClient, employee_id: int, code: int) -> float:
    value = client.kpi.snapshot.get(("operator", employee_id, code))
    return -1.0 if value is None or value.value is None else value.value


def _history_row(server: ServerProcess, client: LiveClient, call_id: int) -> dict[str, Any]:
    api = client.session.api
    assert api is not None
    page = server.http.get("/history", headers={"Authorization": f"Bearer {api.token}"})
    row: dict[str, Any] = next(r for r in page.json()["items"] if r["call_id"] == call_id)
    return row
