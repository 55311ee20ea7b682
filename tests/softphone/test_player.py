"""``python -m softphone.player``: a call recording reaches the chosen speaker (a PulseAudio null sink stands
in for the headset and its monitor is recorded), «Стоп» silences it at once, an unplugged speaker falls back
to the default, and a file that is no WAV is refused with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.softphone.peers import PulseAudio, stop_process, wait_until
from tests.softphone.scoring import rms

HEADSET = "pult_headset|ALSA"


class Player:
    """The player process with its stdout read line by line."""

    def __init__(self, wav: Path, env: dict[str, str], *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "softphone.player", str(wav), *args],
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.events: list[dict[str, Any]] = []

    def next_event(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"the player ended without a word (exit {self.proc.wait(timeout=30)})"
        event: dict[str, Any] = json.loads(line)
        self.events.append(event)
        return event

    def until(self, kind: str) -> dict[str, Any]:
        while True:
            event = self.next_event()
            if event["event"] == kind:
                return event
            assert event["event"] in ("playing", "position"), event

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()


@pytest.fixture
def players() -> Iterator[list[Player]]:
    started: list[Player] = []
    yield started
    for player in started:
        player.close()


def test_a_recording_plays_on_the_chosen_speaker(
    pulse: PulseAudio, speech_wav: Path, tmp_path: Path, players: list[Player]
) -> None:
    heard = tmp_path / "headset.wav"
    parec = pulse.record("headset.monitor", heard)
    try:
        player = Player(speech_wav, pulse.env, "--device", HEADSET)
        players.append(player)
        playing = player.until("playing")
        assert (playing["device"], playing["fallback"]) == (HEADSET, False)
        assert playing["seconds"] > 3
        player.until("finished")
        assert player.proc.wait(timeout=30) == 0
        positions = [e["seconds"] for e in player.events if e["event"] == "position"]
        assert positions == sorted(positions)
        assert positions[-1] == playing["seconds"]
    finally:
        stop_process(parec)
    assert rms(heard) > 100  # the speech, not silence, reached the headset sink


def test_stop_silences_it_and_an_unplugged_speaker_falls_back(
    pulse: PulseAudio, speech_wav: Path, players: list[Player]
) -> None:
    player = Player(speech_wav, pulse.env, "--device", "Гарнитура, которой нет|ALSA")
    players.append(player)
    playing = player.until("playing")
    assert (playing["device"], playing["fallback"]) == ("", True)
    assert player.proc.stdin is not None
    player.proc.stdin.write("stop\n")
    player.proc.stdin.flush()
    player.until("stopped")
    assert player.proc.wait(timeout=30) == 0
    assert not any(e["event"] == "finished" for e in player.events)

    second = Player(speech_wav, pulse.env)
    players.append(second)
    second.until("playing")
    assert second.proc.stdin is not None
    second.proc.stdin.close()  # the client is gone
    wait_until(lambda: second.proc.poll() is not None, 30, "the player to end with its client")


def test_a_file_that_is_no_wav_is_refused(tmp_path: Path, players: list[Player]) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"<html>not a recording</html>")
    player = Player(bad, {})
    players.append(player)
    event = player.next_event()
    assert event["event"] == "error"
    assert "bad.wav" in event["message"]
    assert player.proc.wait(timeout=30) == 1
