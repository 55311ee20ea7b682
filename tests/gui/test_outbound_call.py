"""A number typed in the real client reaches a phone in the "city" through the server's trunk (MW-19).

Kamailio plays the carrier, a baresip phone registered there answers; the server (subprocess, embedded
switch) registers the trunk; the operator's client is composed in this process with the real pjsua2
softphone. The operator picks the second outgoing number in the top bar, types the number in the
telephony panel, and the carrier sees the INVITE with that caller ID; the call widget goes from ringing
out to talking and ends when the operator hangs up; post-call work takes a topic and a comment, and the
history shows them with the call's recording.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.protocol.events import Event
from app.state.calls import CallPhase
from tests.carrier import CALLER_ID, DID, PSTN_USER, TRUNK_MARKS
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import ServerProcess
from tests.softphone.peers import Baresip, Kamailio
from ui.telephony_panel import TelephonyPanel

pytestmark = TRUNK_MARKS


def test_a_typed_number_goes_out_through_the_trunk_with_the_chosen_caller_id(
    qtbot: QtBot,
    trunk_server: ServerProcess,
    carrier: Kamailio,
    trunk_id: int,
    pstn_phone: Baresip,
    softphone_client: LiveClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = softphone_client
    established = len(pstn_phone.find_events("CALL_ESTABLISHED"))
    closed = len(pstn_phone.find_events("CALL_CLOSED"))

    async def scenario() -> None:
        await client.login(trunk_server.url, "300000001/op3", "PultDemo1", "break")
        window = client.window
        selector = window.line_selector
        await until(lambda: selector.isVisible() and client.outbound.ready, 20, "the lines from the server")
        assert client.outbound.line_id == trunk_id
        assert selector.number_box.currentData() == DID
        selector.number_box.setFocus()
        qtbot.keyClick(selector.number_box, Qt.Key.Key_Down)
        assert client.outbound.caller_id == CALLER_ID

        window.build_panels()
        window.set_panel_visible("telephony", True)
        panel = window.panel_dock("telephony").widget()
        assert isinstance(panel, TelephonyPanel)
        qtbot.keyClicks(panel.number_edit, PSTN_USER)
        qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
        await until(lambda: client.calls.snapshot.get("out:1") is not None, 5, "the ringing-out card")
        call = client.calls.snapshot.get("out:1")
        assert call is not None
        assert call.remote == PSTN_USER
        await until(
            lambda: len(pstn_phone.find_events("CALL_ESTABLISHED")) > established, 30, "the phone answers"
        )
        await until(lambda: _phase(client) is CallPhase.TALKING, 20, "talking (the server's call.outbound)")
        invites = [r for r in carrier.requests() if r.startswith(f"INVITE sip:{PSTN_USER}@")]
        assert invites, carrier.requests()
        assert f"from=sip:{CALLER_ID}@" in invites[-1]

        events: list[Event] = []
        sync = client.session.call_center
        assert sync is not None
        apply = sync.apply

        def spy(event: Event) -> bool:
            events.append(event)
            return apply(event)

        monkeypatch.setattr(sync, "apply", spy)
        client.bridge.hangup("out:1")
        await until(lambda: len(pstn_phone.find_events("CALL_CLOSED")) > closed, 20, "the phone hung up")
        # A connected call out is followed by post-call work (TP-34): the card counts it down and takes a
        # topic and a comment, as after a queue call, until «Готов к работе».
        await until(lambda: _phase(client) is CallPhase.WRAPUP, 20, "post-call work after the call out")
        ended = client.calls.snapshot.get("out:1")
        assert ended is not None
        assert ended.cc_call_id is not None
        assert ended.cc_call_id < 0
        assert ended.remote == PSTN_USER
        call_window = window.call_window
        await until(lambda: call_window.call_key == "out:1" and call_window.isVisible(), 5, "the card")
        card = call_window.card
        assert re.fullmatch(r"00:[0-3]\d", card.timer_label.text()), card.timer_label.text()
        await until(lambda: card.topic_combo.count() > 1, 10, "the demo topics on the card")
        assert card.topic_combo.isVisible()
        assert card.comment_edit.isVisible()
        card.topic_combo.setCurrentIndex(1)
        topic = card.chosen_topic()
        assert topic > 0
        card.comment_edit.setText("перезвонить в пятницу")  # QTest types ASCII only
        card.buttons["ready"].click()
        await until(
            lambda: any(
                e.type == "wrapup.ended"
                and e.data["call_id"] == ended.cc_call_id
                and e.data["reason"] == "ready"
                for e in events
            ),
            15,
            "the server ended the post-call work",
        )
        assert _phase(client) is None

        # The call history lists it as outgoing, answered and ended (the server's facts).
        api = client.session.api
        assert api is not None
        outgoing: list[Any] = []
        deadline = time.monotonic() + 20
        while not (outgoing and outgoing[0].ended_at is not None) and time.monotonic() < deadline:
            page = await api.history(since=datetime(2000, 1, 1, tzinfo=UTC), until=None, limit=50)
            outgoing = [r for r in page.items if r.direction == "outgoing"]
            await asyncio.sleep(0.2)
        assert [(r.caller, r.queue) for r in outgoing] == [(PSTN_USER, CALLER_ID)]
        assert outgoing[0].answered_at is not None
        assert outgoing[0].ended_at is not None
        assert (outgoing[0].topic_ids, outgoing[0].comment) == ([topic], "перезвонить в пятницу")
        # Recorded like every bridged call: the file closes after the call, then the row names it.
        deadline = time.monotonic() + 20
        while not outgoing[0].recordings and time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            page = await api.history(since=datetime(2000, 1, 1, tzinfo=UTC), until=None, limit=50)
            outgoing = [r for r in page.items if r.direction == "outgoing"]
        recordings.extend(outgoing[0].recordings)
        assert outgoing[0].recording_seconds[0] > 0  # hung up as soon as it was answered

    recordings: list[str] = []
    client.run(scenario())
    [recording] = recordings
    assert Path(recording).is_file()


def _phase(client: LiveClient) -> CallPhase | None:
    call = client.calls.snapshot.get("out:1")
    return None if call is None else call.phase
