"""The demo's telephone carrier: ``python -m app.server.simulate carrier --sip-port P --play WAV``.

The demo tenant's line («Демо-линия», :func:`app.server.seed.seed_demo_line`) is a SIP trunk that points
here, so an operator's call out on the embedded default really leaves through a trunk and is really
answered: every INVITE rings for ``--answer-after`` seconds, is answered, hears ``--play`` in a loop and is
hung up after ``--hangup-after`` seconds unless the caller hangs up first. The wheel allows 4 call legs a
process; a fourth concurrent call is answered 486 (busy), as a carrier at capacity would.

Each call prints one JSON line (who called whom, when answered, how it ended) to stdout. SIGTERM or SIGINT
hangs up the calls and exits 0; so does the end of the process that started it (the demo server).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pjsua2 as pj

from app.server.simulate.caller import prefer_codecs, start_endpoint

MAX_CALLS = 3


@dataclass(eq=False)
class _State:
    answer_at: float
    hangup_after: float
    to: str = ""
    caller: str = ""
    answered_at: float = 0.0
    ended: bool = False
    hung_up: bool = False
    code: int = 0
    media: list[Any] = field(default_factory=list)


class _CarrierCall(pj.Call):  # type: ignore[misc]
    def __init__(self, account: Any, call_id: int, state: _State, play: Path) -> None:
        super().__init__(account, call_id)
        self.state = state
        self.play = play

    def onCallState(self, prm: Any) -> None:
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.state.ended = True
                self.state.code = int(info.lastStatusCode)
        except Exception as exc:  # never into SWIG
            print(f"carrier: onCallState failed: {exc!r}", file=sys.stderr)

    def onCallMediaState(self, prm: Any) -> None:
        try:
            if self.state.media:
                return
            info = self.getInfo()
            if not any(m.status == pj.PJSUA_CALL_MEDIA_ACTIVE for m in info.media):
                return
            player = pj.AudioMediaPlayer()
            player.createPlayer(str(self.play), 0)  # loops: the called person keeps talking
            player.startTransmit(self.getAudioMedia(-1))
            self.state.media.append(player)
        except Exception as exc:
            print(f"carrier: media failed: {exc!r}", file=sys.stderr)


class _CarrierAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, carrier: Carrier) -> None:
        super().__init__()
        self.carrier = carrier

    def onIncomingCall(self, prm: Any) -> None:
        try:
            self.carrier.incoming(self, int(prm.callId))
        except Exception as exc:
            print(f"carrier: incoming call failed: {exc!r}", file=sys.stderr)


class Carrier:
    """One pjsua2 endpoint on the main thread answering every call it is sent."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.calls: list[_CarrierCall] = []
        self.stopping = False

    def incoming(self, account: Any, call_id: int) -> None:
        now = time.monotonic()
        state = _State(answer_at=now + self.args.answer_after, hangup_after=self.args.hangup_after)
        call = _CarrierCall(account, call_id, state, self.args.play)
        info = call.getInfo()
        state.to, state.caller = _user(info.localUri), _user(info.remoteUri)
        live = [c for c in self.calls if not c.state.ended]
        self.calls.append(call)
        op = pj.CallOpParam()
        op.statusCode = 486 if len(live) >= MAX_CALLS else 180
        call.answer(op)

    def step(self) -> None:
        now = time.monotonic()
        for call in self.calls:
            state = call.state
            if state.ended:
                continue
            if not state.answered_at and now >= state.answer_at:
                state.answered_at = now
                op = pj.CallOpParam()
                op.statusCode = 200
                with contextlib.suppress(pj.Error):
                    call.answer(op)
            elif state.answered_at and not state.hung_up and now - state.answered_at >= state.hangup_after:
                state.hung_up = True
                with contextlib.suppress(pj.Error):
                    call.hangup(pj.CallOpParam(True))
        for call in [c for c in self.calls if c.state.ended]:
            state = call.state
            seconds = round(now - state.answered_at, 1) if state.answered_at else 0.0
            report = {
                "event": "carrier.call",
                "to": state.to,
                "from": state.caller,
                "answered": bool(state.answered_at),
                "seconds": seconds,
                "code": state.code,
            }
            print(json.dumps(report), file=self.out, flush=True)
            state.media.clear()
            self.calls.remove(call)


def _user(uri: str) -> str:
    """``"Name" <sip:74950000001@host>`` → ``74950000001``."""
    text = uri.split("<", 1)[-1].split(">", 1)[0]
    return text.removeprefix("sip:").removeprefix("sips:").split("@", 1)[0].split(";", 1)[0]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app.server.simulate carrier", description=__doc__)
    parser.add_argument(
        "--sip-port", type=int, required=True, help="UDP port on 127.0.0.1 to receive calls on"
    )
    parser.add_argument("--play", type=Path, required=True, help="16-bit PCM mono WAV the called party says")
    parser.add_argument("--answer-after", type=float, default=1.5, help="seconds of ringing before answering")
    parser.add_argument("--hangup-after", type=float, default=120.0, help="seconds after the answer")
    parser.add_argument("--log", type=Path, help="pjsip log file")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # stdout carries the JSON lines; pjlib prints a banner before its log settings apply.
    saved = os.dup(1)
    os.dup2(2, 1)
    out = os.fdopen(saved, "w", buffering=1)
    carrier = Carrier(args, out)

    def stop(_signum: int, _frame: object) -> None:
        carrier.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    ep = start_endpoint(user_agent="Pult demo carrier", port=args.sip_port, log=args.log)
    prefer_codecs(ep, ["PCMU", "PCMA"])  # G.711 only, as a telephone carrier
    acfg = pj.AccountConfig()
    acfg.idUri = "sip:carrier@127.0.0.1"
    account = _CarrierAccount(carrier)
    account.create(acfg, True)
    print(json.dumps({"event": "carrier.ready", "sip_port": args.sip_port}), file=out, flush=True)
    parent = os.getppid()
    try:
        while not carrier.stopping and os.getppid() == parent:  # the server gone (even killed): stop too
            ep.libHandleEvents(20)
            carrier.step()
    finally:
        with contextlib.suppress(pj.Error):
            ep.hangupAllCalls()
        for _ in range(25):
            ep.libHandleEvents(20)
            carrier.step()
        for call in carrier.calls:
            call.state.media.clear()
        # No Call or Account may outlive libDestroy (an assert aborts the process): drop them here.
        carrier.calls.clear()
        account.shutdown()
        del account
        gc.collect()
        ep.libDestroy()
    return 0
