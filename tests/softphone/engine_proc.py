"""Subprocess host for one SoftphoneEngine, driven over stdin/stdout with JSON lines.

The pjsua2 wheel aborts the process on misuse (notes §4), so each test runs the engine here. stdin
carries commands ``{"id": n, "op": "call", ...}``; stdout carries ``@@{"reply": n, ...}`` and
``@@{"event": "CallStateEvent", ...}`` lines (pjlib's own early log lines lack the prefix).
"""

from __future__ import annotations

import dataclasses
import enum
import faulthandler
import json
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from softphone.config import AccountConfig, AudioConfig, EngineConfig, SrtpMode, Transport
from softphone.engine import LocalEngine, SoftphoneEngine
from softphone.events import DeviceRole, DtmfMethod

_out_lock = threading.Lock()


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def send(obj: dict[str, Any]) -> None:
    with _out_lock:
        sys.stdout.write("@@" + json.dumps(_jsonable(obj)) + "\n")
        sys.stdout.flush()


def on_event(event: Any) -> None:
    send(
        {"event": type(event).__name__, **{f.name: getattr(event, f.name) for f in dataclasses.fields(event)}}
    )


def main() -> None:
    faulthandler.enable()
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    raw = json.loads(sys.argv[1])
    audio = AudioConfig(**raw.pop("audio", {"enabled": False}))
    raw["transports"] = tuple(Transport(t) for t in raw.get("transports", ["udp", "tcp"]))
    if "codecs" in raw:
        raw["codecs"] = tuple(raw["codecs"])
    for key in ("tls_cert_file", "tls_key_file", "tls_ca_file"):
        if key in raw:
            raw[key] = Path(raw[key])
    if "srtp" in raw:
        raw["srtp"] = SrtpMode(raw["srtp"])
    if "log_file" in raw:
        raw["log_file"] = Path(raw["log_file"])
    # "in_process": the engine in this process (LocalEngine), not in a child of it as the client runs it;
    # for a far end that the bench runs real-time as a whole, like a phone with its own CPU.
    kind = LocalEngine if raw.pop("in_process", False) else SoftphoneEngine
    engine: SoftphoneEngine | LocalEngine = kind(EngineConfig(audio=audio, **raw), on_event)
    engine.start()
    send({"reply": 0, "ok": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        op = cmd.pop("op")
        ident = cmd.pop("id")
        if op == "quit":
            break
        try:
            result = dispatch(engine, op, cmd)
            send({"reply": ident, "ok": True, "result": _jsonable(result)})
        except Exception as exc:  # report every failure as data; the test decides
            send({"reply": ident, "ok": False, "error": type(exc).__name__, "detail": str(exc),
                  "message_key": str(getattr(exc, "message_key", ""))})  # fmt: skip
    engine.stop()
    send({"reply": -1, "ok": True, "stopped": True})
    if isinstance(engine, SoftphoneEngine) and engine.process_exit_code:
        sys.exit(f"the engine's own process ended with {engine.process_exit_code}")  # an abort is a defect


def dispatch(engine: SoftphoneEngine | LocalEngine, op: str, a: dict[str, Any]) -> Any:
    timeout = a.pop("timeout", 20.0)
    if op == "register":
        account = AccountConfig(
            registrar=a["registrar"], user=a["user"], password=a["password"],
            transport=Transport(a.get("transport", "udp")), srtp=SrtpMode(a.get("srtp", "off")),
            retry_interval_s=a.get("retry_interval_s", 30), expires_s=a.get("expires_s", 300),
        )  # fmt: skip
        event = engine.register(account).result(timeout)
        return {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    if op == "list_devices":
        return [dataclasses.asdict(d) for d in engine.list_devices().result(timeout)]
    if op == "levels":
        return dataclasses.asdict(engine.levels())
    if op == "mute":
        engine.set_mute(a["muted"])
        return None
    futures = {
        "unregister": lambda: engine.unregister(),
        "call": lambda: engine.call(
            a["uri"],
            a.get("headers"),
            post_dial_dtmf=a.get("dtmf", ""),
            post_dial_delay_s=a.get("dtmf_delay", 5.0),
        ),
        "answer": lambda: engine.answer(a["call"]),
        "hangup": lambda: engine.hangup(a["call"], a.get("code", 0)),
        "hold": lambda: engine.hold(a["call"]),
        "resume": lambda: engine.resume(a["call"]),
        "transfer_blind": lambda: engine.transfer_blind(a["call"], a["uri"]),
        "transfer_attended": lambda: engine.transfer_attended(a["call"], a["other"]),
        "conference": lambda: engine.conference(a["calls"]),
        "dtmf": lambda: engine.send_dtmf(a["call"], a["digits"], DtmfMethod(a.get("method", "rfc4733"))),
        "play": lambda: engine.play_file(a["call"], Path(a["wav"]), loop=a.get("loop", False)),
        "record": lambda: engine.record_file(a["call"], Path(a["wav"])),
        "set_device": lambda: engine.set_device(DeviceRole(a["role"]), a["device"]),
        "sound_test": lambda: engine.sound_test(a.get("seconds", 2.0)),
    }
    return futures[op]().result(timeout)


if __name__ == "__main__":
    main()
