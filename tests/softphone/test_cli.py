"""``python -m softphone call|answer`` against real peers: exit code and one-line JSON result."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import ROOT
from tests.softphone.peers import Baresip, Kamailio, free_port_block, wait_until
from tests.softphone.scoring import rms

pytestmark = [pytest.mark.sip, pytest.mark.slow]


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "softphone", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _udp_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _result(proc: subprocess.Popen[str]) -> tuple[int, dict[str, object]]:
    out, _ = proc.communicate(timeout=60)
    lines = out.strip().splitlines()
    assert len(lines) == 1, out  # exactly one line on stdout
    return proc.returncode, json.loads(lines[0])


def test_cli_call_registers_plays_records_and_sends_dtmf(
    tmp_path: Path, speech_wav: Path, kamailio: Kamailio, baresip_factory: Callable[..., Baresip]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    recording = tmp_path / "heard.wav"
    proc = _cli(
        "call", f"sip:bob@127.0.0.1:{kamailio.port}",
        "--registrar", f"sip:127.0.0.1:{kamailio.port}", "--user", "alice", "--password", "alicepw",
        "--play", str(speech_wav), "--record", str(recording), "--duration", "3", "--codec", "PCMU",
        "--dtmf", "42",
    )  # fmt: skip
    code, result = _result(proc)
    assert code == 0
    assert result["registration"] == 200
    assert result["result"] == "answered"
    assert result["codec"] == "PCMU"
    assert 2.5 <= float(result["media_seconds"]) <= 6  # type: ignore[arg-type]
    assert [e["param"] for e in bob.wait_event("CALL_DTMF_START", 5, count=2)] == ["4", "2"]
    assert rms(recording) > 300  # bob's speech, recorded through a pjsua2 file port
    heard_by_bob = wait_until(bob.decoded_recordings, 10, "bob's recording")[-1]
    wait_until(lambda: rms(heard_by_bob) > 300, 10, "our WAV in bob's recording")


def test_cli_answer_takes_one_call(tmp_path: Path, baresip_factory: Callable[..., Baresip]) -> None:
    port = free_port_block(2)
    recording = tmp_path / "answered.wav"
    proc = _cli("answer", "--port", str(port), "--record", str(recording), "--duration", "2", "--wait", "30")
    bob = baresip_factory("bob")
    wait_until(lambda: not _udp_free(port), 20, "the CLI to listen")
    bob.command("dial", f"sip:pult@127.0.0.1:{port}")
    code, result = _result(proc)
    assert code == 0
    assert result["result"] == "answered"
    assert rms(recording) > 300


def test_cli_wrong_password_exits_1_with_the_code(kamailio: Kamailio) -> None:
    proc = _cli(
        "call", f"sip:bob@127.0.0.1:{kamailio.port}",
        "--registrar", f"sip:127.0.0.1:{kamailio.port}", "--user", "alice", "--password", "bad",
    )  # fmt: skip
    code, result = _result(proc)
    assert code == 1
    assert (result["result"], result["registration"]) == ("registration_failed", 403)
