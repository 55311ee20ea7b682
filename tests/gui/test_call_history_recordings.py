"""«Прослушать» and «Скачать запись» in «История вызовов» (spec part 7 A1.8): shown but disabled without
``recordings.listen``; saving writes the server's exact bytes where the user chose; listening shows the
strip (what, where, «Стоп»), another recording or a ringing call stops it. The player here is a stand-in
process speaking ``softphone.player``'s protocol; the last test plays through the real player into a
PulseAudio null sink and hears it."""

from __future__ import annotations

import asyncio
import math
import shutil
import struct
import sys
import wave
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.protocol.auth import Me
from app.services.api import ApiClient
from app.services.call_history import CallHistoryService
from app.services.recording_player import RecordingPlayer
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
from app.state.session import SessionSnapshot, SessionStore
from tests.gui.test_main_window import ME
from tests.unit.test_call_history import row
from ui.call_history_model import COLUMNS
from ui.call_history_panel import CallHistoryPanel

WAV_BYTES = b"RIFF\x2c\x00\x00\x00WAVEfmt " + bytes(range(256)) * 4
RECORDED = row(1) | {
    "caller": "79161234567",
    "recordings": [],
    "recording_ids": [7],
    "recording_seconds": [65.0],
}
PLAIN = row(2)

# softphone.player's protocol without sound: «playing», a position, then it waits for «stop» or stdin's end.
FAKE_PLAYER = """
import json, sys, time
def say(**m):
    print(json.dumps(m), flush=True)
say(event="playing", seconds=65.0, device=sys.argv[2], fallback=False)
say(event="position", seconds=1.5)
for line in sys.stdin:
    if line.strip() == "stop":
        break
say(event="stopped")
"""


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


class Server:
    """``/history`` with one recorded and one plain call; ``/recordings/7`` the WAV (or a refusal)."""

    def __init__(self) -> None:
        self.refusal: tuple[int, dict[str, Any]] | None = None
        self.downloads = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/history":
            return httpx.Response(200, json={"items": [RECORDED, PLAIN]})
        assert request.url.path == "/api/v1/recordings/7"
        assert request.headers["authorization"] == "Bearer t"
        self.downloads += 1
        if self.refusal is not None:
            return httpx.Response(self.refusal[0], json=self.refusal[1])
        disposition = "attachment; filename*=utf-8''20261123-120000_79161234567.wav"
        return httpx.Response(
            200, content=WAV_BYTES, headers={"content-type": "audio/wav", "content-disposition": disposition}
        )


def me_with(scope: str) -> Me:
    return ME.model_copy(update={"permission_scopes": {"recordings.listen": scope}})


@pytest.fixture
def calls() -> CallsStore:
    return CallsStore()


def make_panel(
    qtbot: QtBot, server: Server, calls: CallsStore, *, scope: str = "SELF", command: Any = None
) -> tuple[CallHistoryPanel, RecordingPlayer]:
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    history = CallHistoryService(api=lambda: api, spawn=run_now, limit=lambda: 100)
    extra = {} if command is None else {"command": command}
    player = RecordingPlayer(
        api=lambda: api, spawn=run_now, speaker=lambda: ("Headset|ALSA", 80), calls=calls, **extra
    )
    store = SessionStore()
    store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=me_with(scope)))
    panel = CallHistoryPanel(service=history, session=store, player=player)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    return panel, player


def action(menu: QMenu, name: str) -> Any:
    found = [a for a in menu.actions() if a.objectName() == name]
    return found[0] if found else None


def fake_command(path: Path, device: str, volume: int) -> list[str]:
    return [sys.executable, "-c", FAKE_PLAYER, str(path), device, str(volume)]


@pytest.fixture
def player_closed() -> Iterator[list[RecordingPlayer]]:
    players: list[RecordingPlayer] = []
    yield players
    for player in players:
        player.close()


def test_the_recording_items_follow_the_permission(qtbot: QtBot, calls: CallsStore) -> None:
    panel, _ = make_panel(qtbot, Server(), calls, scope="SELF")
    menu = panel.menu_for(panel.model.index(0, 0))
    listen, save = action(menu, "listen_1"), action(menu, "save_recording_1")
    assert (listen.text(), save.text()) == ("Listen", "Save recording")
    assert listen.isEnabled()
    assert save.isEnabled()
    assert action(panel.menu_for(panel.model.index(1, 0)), "listen_1") is None  # no recording, no item
    talk = COLUMNS.index("talk")
    assert panel.model.index(0, talk).data(Qt.ItemDataRole.ToolTipRole) == (
        "1:00\nRecorded (1:05): «Listen» in the row's menu"
    )
    assert panel.model.index(1, talk).data(Qt.ItemDataRole.ToolTipRole) == "1:00"

    refused, _ = make_panel(qtbot, Server(), calls, scope="N")
    menu = refused.menu_for(refused.model.index(0, 0))
    listen, save = action(menu, "listen_1"), action(menu, "save_recording_1")
    assert listen is not None
    assert save is not None
    assert not listen.isEnabled()
    assert not save.isEnabled()
    assert "does not allow" in listen.toolTip()
    assert menu.toolTipsVisible()


def test_save_writes_the_exact_bytes_and_a_refusal_writes_nothing(
    qtbot: QtBot, calls: CallsStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server()
    panel, _player = make_panel(qtbot, server, calls)
    suggested: list[str] = []
    dest = tmp_path / "saved.wav"

    def choose(name: str) -> Path:
        suggested.append(name)
        return dest

    monkeypatch.setattr(panel, "choose_save_path", choose)
    action(panel.menu_for(panel.model.index(0, 0)), "save_recording_1").trigger()
    qtbot.waitUntil(lambda: dest.is_file())
    assert dest.read_bytes() == WAV_BYTES
    assert suggested[0].endswith("_79161234567.wav")
    assert str(dest) in panel.summary.text()
    assert list(tmp_path.iterdir()) == [dest]  # no «.part» left behind

    server.refusal = (
        404,
        {"code": "not_found", "message": "gone", "detail": {"reason": "recording_file_missing"}},
    )
    other = tmp_path / "other.wav"
    monkeypatch.setattr(panel, "choose_save_path", lambda _name: other)
    action(panel.menu_for(panel.model.index(0, 0)), "save_recording_1").trigger()
    qtbot.waitUntil(lambda: "missing on the server" in panel.summary.text())
    assert not other.exists()
    assert not (tmp_path / "other.wav.part").exists()


def test_the_strip_shows_the_playback_and_stop_or_a_ringing_call_ends_it(
    qtbot: QtBot, calls: CallsStore, player_closed: list[RecordingPlayer]
) -> None:
    server = Server()
    panel, player = make_panel(qtbot, server, calls, command=fake_command)
    player_closed.append(player)
    strip = panel.player_strip
    assert strip is not None
    assert not strip.isVisible()

    action(panel.menu_for(panel.model.index(0, 0)), "listen_1").trigger()
    qtbot.waitUntil(lambda: strip.position.text() == "0:01 / 1:05", timeout=20000)
    assert strip.isVisible()
    assert "79161234567" in strip.title.text()
    process = player._process
    assert process is not None
    assert process.arguments()[-2:] == ["Headset|ALSA", "80"]  # the «Софтфон» speaker and its volume
    ended: list[str] = []
    process.finished.connect(lambda *_: ended.append("first"))

    strip.stop_button.click()
    assert not strip.isVisible()
    qtbot.waitUntil(lambda: ended == ["first"], timeout=20000)

    action(panel.menu_for(panel.model.index(0, 0)), "listen_1").trigger()  # cached: no second download
    qtbot.waitUntil(lambda: strip.position.text() == "0:01 / 1:05", timeout=20000)
    assert server.downloads == 1
    second = player._process
    assert second is not None
    assert second is not process
    second.finished.connect(lambda *_: ended.append("second"))
    calls.upsert(CallSnapshot("cc:1", CallOrigin.CONTACT_CENTER, CallPhase.OFFERED, True, "79990000001"))
    assert player.playback is None
    assert not strip.title.isVisible()
    qtbot.waitUntil(lambda: ended == ["first", "second"], timeout=20000)

    action(panel.menu_for(panel.model.index(0, 0)), "listen_1").trigger()  # still ringing: refused
    assert player.playback is None
    assert "call is on" in strip.message.text()


def test_a_refused_download_is_said_in_the_strip(qtbot: QtBot, calls: CallsStore) -> None:
    server = Server()
    server.refusal = (
        403,
        {"code": "forbidden", "message": "no", "detail": {"permission": "recordings.listen"}},
    )
    panel, player = make_panel(qtbot, server, calls, command=fake_command)
    strip = panel.player_strip
    assert strip is not None
    action(panel.menu_for(panel.model.index(0, 0)), "listen_1").trigger()
    qtbot.waitUntil(lambda: "does not allow" in strip.message.text())
    assert player.playback is None


def _tone(path: Path, seconds: float = 2.0, rate: int = 8000) -> None:
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        samples = (int(12000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate)))
        file.writeframes(b"".join(struct.pack("<h", s) for s in samples))


def test_listening_plays_through_the_real_player_on_the_speaker(
    qtbot: QtBot, calls: CallsStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.softphone.peers import PulseAudio, stop_process
    from tests.softphone.scoring import rms

    missing = [t for t in ("pulseaudio", "pactl", "parec") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (requirements/debian-test.txt)")
    tone = tmp_path / "tone.wav"
    _tone(tone)
    server = Server()
    server_bytes = tone.read_bytes()

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/recordings/7":
            return httpx.Response(200, content=server_bytes, headers={"content-type": "audio/wav"})
        return server(request)

    (tmp_path / "pulse").mkdir()
    pulse = PulseAudio(tmp_path / "pulse")
    pulse.start()
    try:
        for key, value in pulse.env.items():
            monkeypatch.setenv(key, value)  # the player process inherits the rig's sound server
        api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(serve))
        api.token = "t"
        player = RecordingPlayer(
            api=lambda: api, spawn=run_now, speaker=lambda: ("pult_headset|ALSA", 100), calls=calls
        )
        heard = tmp_path / "headset.wav"
        parec = pulse.record("headset.monitor", heard)
        try:
            failures: list[object] = []
            player.failed.connect(failures.append)
            player.listen(7, "79161234567")
            qtbot.waitUntil(
                lambda: player.playback is not None and not player.playback.loading, timeout=30000
            )
            assert player.playback is not None
            assert player.playback.length == 2.0
            qtbot.waitUntil(lambda: player.playback is None, timeout=30000)  # played to its end
            assert failures == []
        finally:
            stop_process(parec)
            player.close()
        assert rms(heard) > 100
    finally:
        pulse.stop()
