"""The switch's control protocol (every message survives a round trip; junk is refused) and how the
server program chooses and starts the switch."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from app.server.__main__ import build_switch
from app.server.core.config import ServerSettings
from app.server.switch import protocol as p
from app.server.switch.manager import DisabledSwitch

COMMANDS: list[p._Message] = [
    p.ExpectOperatorCommand(call_ref="r1", token_sha256="ab" * 32),
    p.CancelOperatorCommand(call_ref="r1", token_sha256="cd" * 32),
    p.AnswerOperatorCommand(leg=3, accept=True),
    p.BridgeCommand(call_ref="r1"),
    p.HoldCommand(call_ref="r1"),
    p.ResumeCommand(call_ref="r1"),
    p.DetachOperatorCommand(call_ref="r1"),
    p.VoicemailCommand(call_ref="r1", max_seconds=30),
    p.HangupCommand(call_ref="r1", reason="unknown_number", sip_code=404),
    p.ShutdownCommand(),
]
EVENTS: list[p._Message] = [
    p.WorkerReadyEvent(sip_port=5080, pid=42),
    p.CustomerArrivedEvent(call_ref="r1", to_user="74950000001", caller="79990000001"),
    p.OperatorLegEvent(call_ref="r1", leg=3, token="t"),
    p.BridgedEvent(call_ref="r1"),
    p.OperatorLegEndedEvent(call_ref="r1", reason="408"),
    p.CustomerEndedEvent(call_ref="r1", reason="caller_hung_up"),
    p.RecordingClosedEvent(call_ref="r1", path="/x.wav"),
    p.WorkerErrorEvent(message="boom"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_command_round_trips_as_one_json_line(command: p._Message) -> None:
    line = p.encode(command)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert p.decode_command(line) == command


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_event_round_trips_as_one_json_line(event: p._Message) -> None:
    assert p.decode_event(p.encode(event)) == event


def test_an_event_is_not_a_command_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        p.decode_command(p.encode(p.BridgedEvent(call_ref="r1")))
    with pytest.raises(ValidationError):
        p.decode_command(b'{"kind": "bridge", "call_ref": "r1", "extra": 1}')


def test_switch_none_disables_calls_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    switch = build_switch(ServerSettings(switch="none"))
    assert isinstance(switch, DisabledSwitch)
    assert switch.worker_uri("r1") == ""
    assert "calls are disabled (--switch none)" in capsys.readouterr().err


def test_the_server_program_runs_a_switch_worker_behind_a_hidden_flag() -> None:
    """A frozen bundle has one program, so ``pult-server --switch-worker ...`` must reach the worker."""
    done = subprocess.run(
        [sys.executable, "-m", "app.server", "--switch-worker", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert "--control" in done.stdout
    help_text = subprocess.run(
        [sys.executable, "-m", "app.server", "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "--switch-worker" not in {word.strip("[]") for word in help_text.split()}  # hidden from help
