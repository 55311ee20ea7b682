"""«История вызовов» against the real server: a call out the operator made and classified shows in the
history section with its type, the operator, the number, the topic's name and the comment, and the
handset on the row calls the number again through the trunk (CH-04, CH-05, CH-07), and «Скачать запись»
saves the switch's recording of that call as a WAV (part 7 A1.8).

The world of ``tests/carrier.py``: Kamailio plays the carrier, a baresip phone behind it answers, the
server (subprocess, embedded switch) registers its trunk there; the client runs in this process with the
real pjsua2 softphone.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import _add_history_section
from app.services.call_history import CallHistoryService
from app.services.recording_player import RecordingPlayer
from app.state.calls import CallPhase
from tests.carrier import PSTN_USER, TRUNK_MARKS
from tests.gui.live_client import LiveClient, until
from tests.server.switch_helpers import ServerProcess
from tests.softphone.peers import Baresip, Kamailio
from ui.call_history_model import COLUMNS
from ui.call_history_panel import CallHistoryPanel
from ui.call_history_view import handset_rect
from ui.telephony_panel import TelephonyPanel

pytestmark = TRUNK_MARKS

COMMENT = "perezvonit v pyatnicu"  # QTest types ASCII only


def test_a_classified_call_out_shows_in_the_history_and_its_handset_calls_again(
    qtbot: QtBot,
    trunk_server: ServerProcess,
    carrier: Kamailio,
    trunk_id: int,
    pstn_phone: Baresip,
    softphone_client: LiveClient,
    tmp_path: Path,
) -> None:
    client = softphone_client
    established = len(pstn_phone.find_events("CALL_ESTABLISHED"))

    async def scenario() -> None:
        await client.login(trunk_server.url, "300000001/op3", "PultDemo1", "break")
        window = client.window
        await until(lambda: client.outbound.ready, 20, "the lines from the server")
        assert client.outbound.line_id == trunk_id
        window.build_panels()
        window.set_panel_visible("telephony", True)
        telephony = window.panel_dock("telephony").widget()
        assert isinstance(telephony, TelephonyPanel)
        qtbot.keyClicks(telephony.number_edit, PSTN_USER)
        qtbot.keyClick(telephony.number_edit, Qt.Key.Key_Return)
        await until(
            lambda: len(pstn_phone.find_events("CALL_ESTABLISHED")) > established, 30, "the phone answers"
        )
        await until(lambda: _phase(client, "out:1") is CallPhase.TALKING, 20, "talking")
        client.bridge.hangup("out:1")
        await until(lambda: _phase(client, "out:1") is CallPhase.WRAPUP, 20, "post-call work")
        card = window.call_window.card
        await until(lambda: card.topic_combo.count() > 1, 10, "the demo topics on the card")
        card.topic_combo.setCurrentIndex(1)
        topic_id = card.chosen_topic()
        topic_name = dict(client.topics.snapshot)[topic_id]
        qtbot.keyClicks(card.comment_edit, COMMENT)
        card.buttons["ready"].click()
        await until(lambda: _phase(client, "out:1") is None, 15, "post-call work over")

        snapshot = client.session_store.snapshot
        me = snapshot.me
        assert me is not None
        history = CallHistoryService(
            api=lambda: client.session.api,
            spawn=client.session.spawn,
            limit=lambda: 50,
            account_file=lambda: client.paths.account_file(snapshot.server, snapshot.login),
        )
        player = RecordingPlayer(
            api=lambda: client.session.api, spawn=client.session.spawn, speaker=lambda: ("", 100)
        )
        _add_history_section(
            window, history, topics=client.topics, session=client.session_store, player=player
        )
        window.section_buttons.buttons()[-1].click()
        panel = window.sections.currentWidget()
        assert isinstance(panel, CallHistoryPanel)
        model = panel.model

        def classified() -> bool:
            rows = [model.row(r) for r in range(model.rowCount())]
            if any(r.direction == "outgoing" and r.comment == COMMENT for r in rows):
                return True
            panel.refresh()  # the server saves the card's topic and comment a moment after «Готов»
            return False

        await until(classified, 20, "the classified call out in the history")
        index = {key: model.index(0, COLUMNS.index(key)) for key in COLUMNS}
        assert index["type"].data(Qt.ItemDataRole.ToolTipRole) == "Outgoing (connected)"
        assert [index[k].data() for k in ("caller", "callee", "topic", "comment")] == [
            me.full_name,
            PSTN_USER,
            topic_name,
            COMMENT,
        ]

        def recorded() -> bool:
            if model.row(0).recording_ids:
                return True
            panel.refresh()  # the switch closes the recording's file just after the call
            return False

        await until(recorded, 20, "the call's recording in the history")
        saved = tmp_path / "recording.wav"
        panel.choose_save_path = lambda _suggested: saved  # type: ignore[method-assign]
        menu = panel.menu_for(index["callee"])
        [save] = [a for a in menu.actions() if a.objectName() == "save_recording_1"]
        assert save.isEnabled()
        save.trigger()
        await until(saved.is_file, 20, "the saved recording")
        with wave.open(str(saved), "rb") as file:
            assert file.getnframes() > 0  # a WAV header with sound after it
        assert str(saved) in panel.summary.text()

        invites = _invites(carrier)
        panel.view.scrollTo(index["callee"])
        qtbot.mouseClick(
            panel.view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=handset_rect(panel.view.visualRect(index["callee"])).center(),
        )
        await until(lambda: len(_invites(carrier)) > len(invites), 20, "the second INVITE at the carrier")
        again = [c for c in client.calls.snapshot.calls if c.key != "out:1" and c.remote == PSTN_USER]
        assert again, client.calls.snapshot
        client.bridge.hangup(again[0].key)
        await until(lambda: _phase(client, again[0].key) in (None, CallPhase.WRAPUP, CallPhase.ENDED), 20)

    client.run(scenario())


def _invites(carrier: Kamailio) -> list[str]:
    return [r for r in carrier.requests() if r.startswith(f"INVITE sip:{PSTN_USER}@")]


def _phase(client: LiveClient, key: str) -> CallPhase | None:
    call: Any = client.calls.snapshot.get(key)
    return None if call is None else call.phase
