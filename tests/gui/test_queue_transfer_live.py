"""«Перевести» from the queue panel's context menu (MW-33) against the real server with its embedded switch.

A real SIP customer (``python -m app.server.simulate``) waits in «Продажи» while nobody is on line. The
supervisor's client, composed in this process, picks «Перевести» on the row, chooses in the transfer
window and presses «ОК»; what the panel shows afterwards comes from server events only, and the target
operator's own event stream proves the call really moved.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QListWidget
from websockets.sync.client import ClientConnection, connect

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import REPO, ServerProcess, free_udp_ports
from ui.panels import QueuePanel
from ui.transfer_dialog import TransferDialog

pytestmark = [pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
PASSWORD = "PultDemo1"
CALLER = "79990000088"


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


def _customer(server: ServerProcess, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable, "-m", "app.server.simulate", "--to", SALES_NUMBER,
                "--server-sip", f"127.0.0.1:{server.sip_port}", "--calls", "1", "--caller-base", CALLER,
                "--play", str(REPO / "resources" / "sounds" / "sound_test.wav"), "--hangup-after", "120",
            ],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _offers(ws: ClientConnection, timeout: float) -> list[dict[str, Any]]:
    """``call.offered`` events on the stream within ``timeout`` (stops at the first one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frame = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        except TimeoutError:
            break
        if frame.get("kind") == "event" and frame["type"] == "call.offered":
            return [frame["data"]]
    return []


def _pick(listing: QListWidget, starts_with: str) -> None:
    for row in range(listing.count()):
        if listing.item(row).text().startswith(starts_with):
            listing.setCurrentRow(row)
            return
    raise AssertionError(f"no {starts_with!r} in {[listing.item(r).text() for r in range(listing.count())]}")


def test_transfer_from_the_queue_menu_moves_the_waiting_call_to_a_group_then_to_an_operator(
    qapp: QApplication, server: ServerProcess, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    from softphone.config import EngineConfig
    from softphone.fake import FakeSoftphoneEngine

    use_language("ru")
    client = LiveClient(
        qapp, tmp_path / "supervisor", engine_factory=lambda sink: FakeSoftphoneEngine(EngineConfig(), sink)
    )
    customers: list[subprocess.Popen[bytes]] = []
    op4 = {"Authorization": f"Bearer {server.login('300000001/op4', status='break')}"}
    op4_me = server.http.get("/me", headers=op4).json()
    url = server.url.replace("http://", "ws://") + "/api/v1/events"
    try:
        with connect(url, additional_headers=op4) as events:
            customers.append(_customer(server, tmp_path / "customer.log"))
            client.run(_supervisor_transfers(client, server.url, op4_me["full_name"]))
            offered = _offers(events, 20)
        assert [(o["caller"], o["kind"]) for o in offered] == [(CALLER, "transfer")]
        queue = server.http.get("/queue", headers=op4).json()["calls"]
        assert [(c["caller"], c["offered_to"]) for c in queue] == [(CALLER, [op4_me["employee_id"]])]
    finally:
        client.close()
        for customer in customers:
            customer.kill()
            customer.wait(timeout=10)


async def _supervisor_transfers(client: LiveClient, server_url: str, op4_name: str) -> None:
    """The supervisor moves the waiting call to «Поддержка», is refused moving it there again, then
    transfers it to op4, all through the queue panel's menu and the transfer window."""
    await client.login(server_url, "300000001/supervisor", PASSWORD, "break")
    window = client.window
    window.build_panels()
    window.set_panel_visible("queue", True)
    panel = window.panel_dock("queue").widget()
    assert isinstance(panel, QueuePanel)
    await until(lambda: panel.may_transfer, 15, "the supervisor's rights applied")
    await until(lambda: panel.row_count == 1, 30, "the waiting call in the queue panel")
    assert (panel.cell(0, 0), panel.cell(0, 1)) == (CALLER, "Продажи")
    menu = panel.menu_for(0)
    assert [a.text() for a in menu.actions()] == ["Перехватить", "Перевести", "Повесить трубку"]
    assert panel.transfer_action.isEnabled()

    # To a group: the call moves to «Поддержка»'s queue (op4 is on a break: nobody is offered it).
    dialog = await _open_transfer(panel)
    assert dialog.ok_button.isVisible()
    assert not dialog.consult_button.isVisible()
    assert dialog.ok_button.text() == "ОК"
    dialog.tabs.setCurrentIndex(1)
    _pick(dialog.group_list, "Поддержка")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    await until(lambda: panel.row_count == 1 and panel.cell(0, 1) == "Поддержка", 20, "moved to the group")

    # The same group again is refused with the reason under the list; the call stays.
    again = await _open_transfer(panel)
    again.tabs.setCurrentIndex(1)
    _pick(again.group_list, "Поддержка")
    again.ok_button.click()
    await until(lambda: not panel.error_label.isHidden(), 15, "the refusal shown")
    assert "Вызов уже в очереди этой группы" in panel.error_label.text()
    assert panel.row_count == 1

    # To an operator: op4 is offered it (their own stream, checked by the test), it leaves the panel.
    last = await _open_transfer(panel)
    last.tabs.setCurrentIndex(0)
    _pick(last.colleague_list, op4_name)
    last.ok_button.click()
    await until(lambda: panel.row_count == 0, 20, "the call left the queue panel")


async def _open_transfer(panel: QueuePanel) -> TransferDialog:
    panel.choose(0, panel.transfer_action)
    dialog = panel.transfer_dialog
    assert isinstance(dialog, TransferDialog)
    assert dialog.isVisible()
    await until(lambda: dialog.group_list.count() == 2, 15, "the transfer window's lists loaded")
    return dialog
