"""Outbound calls in contact-center mode (MW-18/19): the top bar's line and outgoing-number selectors, the
choice kept per account, and a typed number ordered from the server on the chosen line, then the media leg
opened to the worker with the token (fake softphone engine, recorded REST calls)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.protocol.calls import OFFER_TOKEN_HEADER, HistoryRow
from app.protocol.calls import CallState as WireCallState
from app.protocol.events import Event
from app.protocol.trunks import CallerIdInfo, LineInfo, OutboundCallInfo
from app.services.call_center import CallCenterSync
from app.services.errors import ConflictError
from app.services.outbound import OutboundLines
from app.settings.paths import SettingsPaths
from app.state.calls import CallPhase, CallsStore
from softphone.events import CallState
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import make_window
from ui.call_history_panel import CallHistoryPanel
from ui.line_selector import LineSelector
from ui.telephony_panel import TelephonyPanel

TOKEN = "t" * 40
WORKER = "sip:cc-abc123@127.0.0.1:5071"


class FakeLinesApi:
    """``GET /lines`` and ``POST /trunks/{id}/calls`` as the server answers them."""

    def __init__(self, *, refuse: bool = False) -> None:
        self.orders: list[tuple[int, str, str]] = []
        self.refuse = refuse
        self.removed: set[int] = set()

    async def lines(self) -> list[LineInfo]:
        return [line for line in self._lines() if line.id not in self.removed]

    @staticmethod
    def _lines() -> list[LineInfo]:
        return [
            LineInfo(
                id=3,
                name="Городская",
                caller_ids=[
                    CallerIdInfo(number="74950000001", comment="Продажи"),
                    CallerIdInfo(number="74950000002", comment="Поддержка"),
                ],
            ),
            LineInfo(id=7, name="Мобильная", caller_ids=[CallerIdInfo(number="79260000000")]),
        ]

    async def call_out(self, line_id: int, number: str, caller_id: str) -> OutboundCallInfo:
        self.orders.append((line_id, number, caller_id))
        if self.refuse:
            raise ConflictError("POST /api/v1/trunks/3/calls: conflict: the trunk is disabled", status=409)
        return OutboundCallInfo(call_ref="abc123", worker_uri=WORKER, token=TOKEN, caller_id=caller_id)


def outbound_lines(tmp_path: Path, api: FakeLinesApi) -> OutboundLines:
    file = SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state").account_file(
        "http://127.0.0.1:8765", "300000001/op1"
    )
    lines = OutboundLines(account_file=lambda: file)
    lines.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    lines.refresh()
    return lines


def cc_mode(phone: Phone, lines: OutboundLines) -> None:
    phone.bridge.sip_domain = ""  # contact-center mode: no PBX domain of its own
    phone.bridge.outbound = lines


def phase_of(phone: Phone, key: str) -> CallPhase | None:
    call = phone.calls.snapshot.get(key)
    return None if call is None else call.phase


def test_the_selectors_show_the_lines_and_numbers_with_comments_and_keep_the_choice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    api = FakeLinesApi()
    lines = outbound_lines(tmp_path, api)
    selector = LineSelector()
    qtbot.addWidget(selector)
    selector.bind(lines)
    selector.show()
    assert selector.isVisible()
    assert [selector.line_box.itemText(i) for i in range(selector.line_box.count())] == [
        "Городская",
        "Мобильная",
    ]
    numbers = [selector.number_box.itemText(i) for i in range(selector.number_box.count())]
    assert numbers == ["74950000001 — Продажи", "74950000002 — Поддержка"]
    assert (lines.line_id, lines.caller_id) == (3, "74950000001")

    selector.number_box.setFocus()
    qtbot.keyClick(selector.number_box, Qt.Key.Key_Down)
    assert lines.caller_id == "74950000002"
    qtbot.keyClick(selector.line_box, Qt.Key.Key_Down)
    assert (lines.line_id, lines.caller_id) == (7, "79260000000")
    assert selector.number_box.currentText() == "79260000000"
    qtbot.keyClick(selector.line_box, Qt.Key.Key_Up)
    qtbot.keyClick(selector.number_box, Qt.Key.Key_Down)
    assert (lines.line_id, lines.caller_id) == (3, "74950000002")

    # The next sign-in of this account on this machine starts with the same choice.
    again = outbound_lines(tmp_path, FakeLinesApi())
    assert (again.line_id, again.caller_id) == (3, "74950000002")


def test_a_typed_number_goes_out_on_the_chosen_line_and_number_and_the_card_follows_the_call(
    qtbot: QtBot, phone: Phone, tmp_path: Path
) -> None:
    api = FakeLinesApi()
    lines = outbound_lines(tmp_path, api)
    lines.choose_caller_id("74950000002")
    cc_mode(phone, lines)
    panel = TelephonyPanel(calls=phone.calls, bridge=phone.bridge)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.number_edit, "8 (916) 123-45-67")
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert api.orders == [(3, "79161234567", "74950000002")]
    # The worker answers the leg at once; the card rings out until the server says the callee answered.
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED for c in phone.engine.calls.values()))
    qtbot.wait(200)  # the engine's event reaches the bridge through the Qt event queue
    call = phone.calls.snapshot.get("out:1")
    assert call is not None
    assert call.phase is CallPhase.DIALING
    assert call.remote == "79161234567"
    assert not call.incoming
    assert call.outbound_ref == "abc123"
    leg = phone.engine.calls[call.sip_call_id or 0]
    assert leg.remote_uri == WORKER
    assert leg.headers == {OFFER_TOKEN_HEADER: TOKEN}
    sync = CallCenterSync(calls=phone.calls)
    other = {"call_ref": "zzz", "state": "talking", "reason": ""}
    assert sync.apply(Event(seq=1, type="call.outbound", at=datetime.now(UTC), data=other))
    assert phase_of(phone, "out:1") is CallPhase.DIALING  # another call's event changes nothing
    answered = {"call_ref": "abc123", "state": "talking", "reason": ""}
    assert sync.apply(Event(seq=2, type="call.outbound", at=datetime.now(UTC), data=answered))
    assert phase_of(phone, "out:1") is CallPhase.TALKING
    failures: list[str] = []
    phone.bridge.operation_failed.connect(failures.append)
    assert not phone.bridge.transfer_blind("out:1", "101")  # not for calls out through a trunk yet
    assert not phone.bridge.start_consultation("out:1", "101")
    assert failures == ["call.operation_failed", "call.operation_failed"]
    phone.bridge.toggle_hold("out:1")
    qtbot.waitUntil(lambda: phase_of(phone, "out:1") is CallPhase.HELD)
    phone.bridge.toggle_hold("out:1")
    qtbot.waitUntil(lambda: phase_of(phone, "out:1") is CallPhase.TALKING)
    phone.bridge.hangup("out:1")
    qtbot.waitUntil(lambda: phase_of(phone, "out:1") is CallPhase.ENDED, timeout=10_000)
    # Redial repeats it on the line chosen now.
    lines.choose_line(7)
    assert phone.bridge.dial(phone.bridge.redial_text())
    assert api.orders[-1] == (7, "79161234567", "79260000000")


def test_without_a_line_or_when_the_server_refuses_the_user_is_told_and_nothing_rings(
    qtbot: QtBot, phone: Phone, tmp_path: Path
) -> None:
    failures: list[str] = []
    phone.bridge.operation_failed.connect(failures.append)
    empty = OutboundLines()
    cc_mode(phone, empty)
    assert not phone.bridge.dial("79161234567")
    assert failures == ["dial.no_line"]

    cc_mode(phone, outbound_lines(tmp_path, FakeLinesApi()))
    assert not phone.bridge.dial("*100#")  # a service code cannot go out through a carrier
    assert not phone.bridge.dial("5")
    assert failures[1:] == ["dial.invalid_number", "dial.invalid_number"]

    api = FakeLinesApi(refuse=True)
    cc_mode(phone, outbound_lines(tmp_path, api))
    assert phone.bridge.dial("79161234567")
    assert api.orders == [(3, "79161234567", "74950000001")]
    qtbot.waitUntil(lambda: failures[-1:] == ["dial.line_refused"])
    assert phone.calls.snapshot.calls == ()
    assert phone.engine.calls == {}


def test_plain_sip_mode_dials_the_pbx_as_before(qtbot: QtBot, phone: Phone, tmp_path: Path) -> None:
    api = FakeLinesApi()
    phone.bridge.outbound = outbound_lines(tmp_path, api)  # the PBX domain stays set
    assert phone.bridge.dial("79161234567")
    qtbot.waitUntil(lambda: phone.engine.calls != {})
    assert next(iter(phone.engine.calls.values())).remote_uri == "sip:79161234567@pbx.test"
    assert api.orders == []


def test_the_top_bar_has_the_selectors_once_there_are_lines(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    tmp_path: Path,
) -> None:
    use_language("ru")
    window, _presence, _connection = make_window(qtbot, fake_session)
    assert not window.line_selector.isVisible()
    window.line_selector.bind(outbound_lines(tmp_path, FakeLinesApi()))
    assert window.line_selector.isVisible()
    assert window.line_selector.line_box.toolTip() == "Выбор активной линии для совершения вызовов"
    assert window.line_selector.number_box.toolTip() == (
        "Выбор линии в качестве исходящего номера, с пояснительным комментарием к номеру"
    )


def test_the_call_history_tells_calls_out_from_incoming_calls(use_language: Callable[[str], None]) -> None:
    use_language("ru")
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    row = HistoryRow(
        call_id=-1, caller="79161234567", queue="74957654321", group_id=None, arrived_at=at,
        answered_at=at, ended_at=at, state=WireCallState.ENDED, end_reason="caller_hung_up", operators=[6],
        wait_seconds=None, talk_seconds=30.0, hold_seconds=0.0, transfers=0, topic_ids=[], comment="",
        recordings=[], direction="outgoing",
    )  # fmt: skip
    assert CallHistoryPanel._result(row) == "Исходящий, отвечен"
    assert CallHistoryPanel._result(row.model_copy(update={"answered_at": None})) == "Исходящий, без ответа"
    assert CallHistoryPanel._result(row.model_copy(update={"direction": "incoming"})) == "Принят"


def test_the_selectors_follow_a_lines_changed_event(qtbot: QtBot, tmp_path: Path) -> None:
    api = FakeLinesApi()
    lines = outbound_lines(tmp_path, api)
    lines.choose_line(7)
    selector = LineSelector()
    qtbot.addWidget(selector)
    selector.bind(lines)
    sync = CallCenterSync(calls=CallsStore())
    sync.lines_changed = lines.refresh
    api.removed.add(7)  # an administrator deleted the chosen line
    assert sync.apply(Event(seq=1, type="lines.changed", at=datetime.now(UTC), data={"trunk_id": 7}))
    assert [selector.line_box.itemText(i) for i in range(selector.line_box.count())] == ["Городская"]
    assert (lines.line_id, lines.caller_id) == (3, "74950000001")
    api.removed.add(3)
    sync.apply(Event(seq=2, type="lines.changed", at=datetime.now(UTC), data={"trunk_id": 3}))
    assert selector.isHidden()
    assert not lines.ready


def test_hanging_up_while_the_server_places_the_call_opens_no_leg(
    qtbot: QtBot, phone: Phone, tmp_path: Path
) -> None:
    api = FakeLinesApi()
    lines = outbound_lines(tmp_path, api)
    pending: list[Coroutine[Any, Any, None]] = []
    lines.bind(api=lambda: api, spawn=pending.append)  # type: ignore[arg-type, return-value]
    cc_mode(phone, lines)
    assert phone.bridge.dial("79161234567")
    assert phase_of(phone, "out:1") is CallPhase.DIALING  # ringing out at once, before the server answers
    phone.bridge.hangup("out:1")
    assert phone.calls.snapshot.get("out:1") is None
    asyncio.run(pending.pop())  # the server's answer comes after all
    assert api.orders == [(3, "79161234567", "74950000001")]
    qtbot.wait(100)
    assert phone.engine.calls == {}
    assert phone.calls.snapshot.calls == ()
