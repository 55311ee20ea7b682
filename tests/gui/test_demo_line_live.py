"""The demo as a newcomer meets it (MW-19): after signing in to ``--demo`` with the embedded switch, the top
bar shows «Демо-линия» and its outgoing numbers with their comments, and a number typed in the telephony
panel is really answered by the demo's carrier through the trunk.

The server is a subprocess with its demo line on; the operator's client is composed in this process with
the real pjsua2 softphone; what the card shows comes from the server's events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.server.seed import DEMO_LINE
from app.state.calls import CallPhase
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import ServerProcess, free_udp_ports
from ui.telephony_panel import TelephonyPanel

pytestmark = [pytest.mark.sip, pytest.mark.slow]

NUMBER = "79161234567"


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[ServerProcess]:
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


def _phase(client: LiveClient) -> CallPhase | None:
    call = client.calls.snapshot.get("out:1")
    return None if call is None else call.phase


def test_a_newcomer_sees_the_demo_line_and_a_typed_number_is_answered(
    qtbot: QtBot, demo_server: ServerProcess, softphone_client: LiveClient, tmp_path: Path
) -> None:
    client = softphone_client

    async def scenario() -> None:
        await client.login(demo_server.url, "300000001/op1", "PultDemo1", "break")
        window = client.window
        selector = window.line_selector
        await until(lambda: selector.isVisible() and client.outbound.ready, 20, "the demo line")
        assert [selector.line_box.itemText(i) for i in range(selector.line_box.count())] == [DEMO_LINE]
        assert [selector.number_box.itemText(i) for i in range(selector.number_box.count())] == [
            "74950000001 — Продажи",
            "74950000002 — Поддержка",
        ]
        selector.number_box.setFocus()
        qtbot.keyClick(selector.number_box, Qt.Key.Key_Down)
        assert client.outbound.caller_id == "74950000002"

        window.build_panels()
        window.set_panel_visible("telephony", True)
        panel = window.panel_dock("telephony").widget()
        assert isinstance(panel, TelephonyPanel)
        qtbot.keyClicks(panel.number_edit, NUMBER)
        qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
        await until(lambda: _phase(client) is not None, 5, "the ringing-out card")
        await until(lambda: _phase(client) is CallPhase.TALKING, 30, "the carrier answered (call.outbound)")
        client.bridge.hangup("out:1")
        # A connected call out is followed by post-call work (TP-34); «Готов к работе» ends it.
        await until(lambda: _phase(client) is CallPhase.WRAPUP, 20, "post-call work after the call")
        client.bridge.finish_wrapup("out:1", 0, "")
        # At the far end: the carrier was called at that number with the chosen caller ID, and answered.
        log = tmp_path / "data" / "demo-carrier.log"
        await until(lambda: log.exists() and '"carrier.call"' in log.read_text(), 20, "the carrier's report")
        report = [json.loads(x) for x in log.read_text().splitlines() if '"carrier.call"' in x][-1]
        assert (report["to"], report["from"], report["answered"]) == (NUMBER, "74950000002", True)

    client.run(scenario())
