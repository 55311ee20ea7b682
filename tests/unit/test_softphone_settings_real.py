"""The «Софтфон» values reach the real pjsua2 engine: the SIP port it binds and the codecs it enables.

pjsua2 aborts the process on a failed assert, so the engine runs in a child process (as every pjsua2
test here does); the child drives the real bridge and settings service and reports what pjsua2 says.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pjsua2")

CHILD = r"""
import asyncio, json, socket, sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from app.services.softphone_bridge import SoftphoneBridge
from app.services.softphone_settings import SoftphoneSettingsService
from app.settings.files import VersionedFile
from app.settings.migrations import ACCOUNT_MIGRATIONS, ACCOUNT_SETTINGS_VERSION
from app.settings.models import AccountSettings, SoftphoneSettings
from app.state.calls import CallsStore, MissedStore
from softphone.engine import SoftphoneEngine

first_port, second_port, rtp = (int(a) for a in sys.argv[2:5])
file = VersionedFile(path=Path(sys.argv[1]), model=AccountSettings, version=ACCOUNT_SETTINGS_VERSION,
                     migrations=ACCOUNT_MIGRATIONS)
file.save(AccountSettings(softphone=SoftphoneSettings(
    codecs=["PCMU"], sip_port_from=first_port, sip_port_to=first_port,
    rtp_port_from=rtp, rtp_port_to=rtp + 99)))
calls = CallsStore()
bridge = SoftphoneBridge(calls=calls, missed=MissedStore())
started = []
bridge.engine_started.connect(lambda ports, codecs: started.append({"ports": ports, "codecs": list(codecs)}))
service = SoftphoneSettingsService(bridge=bridge, calls=calls, account_file=lambda: file,
                                   spawn=asyncio.run, audio_enabled=False)
outcomes = []
service.applied.connect(outcomes.append)
engine = SoftphoneEngine(service.engine_config(), bridge.deliver)
engine.start()
bridge.attach(engine)

def wait(n):
    deadline = time.monotonic() + 20
    while len(started) < n and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)

def taken(port):
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.bind(("0.0.0.0", port))
    except OSError:
        return True
    finally:
        probe.close()
    return False

wait(1)
before = {"first_taken": taken(first_port)}
second = service.saved().model_copy(update={
    "codecs": ["PCMA", "G722"], "sip_port_from": second_port, "sip_port_to": second_port})
answer = service.apply(second)
wait(2)
after = {"first_taken": taken(first_port), "second_taken": taken(second_port)}
failures = []
bridge.operation_failed.connect(failures.append)
live = service.apply(second.model_copy(update={
    "echo_cancellation": False, "noise_suppression": False, "ringtone": "ringtone.wav", "mic_gain": 150}))
service.set_ring(False)
deadline = time.monotonic() + 2
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
after["live"] = live
after["failures"] = failures
after["gain"] = bridge.engine.levels().mic_gain
bridge.engine.stop()
print("RESULT " + json.dumps({"started": started, "answer": answer, "outcomes": outcomes,
                  "before": before, "after": after}), flush=True)
"""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_saved_ports_and_codecs_are_what_pjsua2_binds_and_enables_after_a_restart(tmp_path: Path) -> None:
    first, second = free_udp_port(), free_udp_port()
    rtp = 42000 + first % 1000 * 10
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "account.json"), str(first), str(second), str(rtp)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))  # pjlib prints too
    report = json.loads(line.removeprefix("RESULT "))
    assert report["started"][0] == {"ports": {"udp": first}, "codecs": ["PCMU/8000/1"]}
    assert report["before"] == {"first_taken": True}
    assert report["answer"] == "restarting"
    assert report["outcomes"] == ["restarted", "live"]
    assert report["started"][1] == {"ports": {"udp": second}, "codecs": ["PCMA/8000/1", "G722/16000/1"]}
    assert report["after"] == {
        "first_taken": False,
        "second_taken": True,
        "live": "live",  # processing, ringtone and gain change without a restart ...
        "failures": [],  # ... and the engine took every command
        "gain": 1.5,
    }
