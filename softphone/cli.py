"""``python -m softphone call|answer``: one call from the command line, a one-line JSON result.

For operators' support staff and for tests: place a call (optionally registered) or wait for one,
play a WAV to the peer, record the peer, send DTMF, and report registration code, call result, media
seconds and codec. No sound device is used: ``--play``/``--record`` go through pjsua2 file ports.
Exit status: 0 when the call had media, 1 when it failed, 2 on bad usage or an engine failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from softphone.config import AccountConfig, AudioConfig, EngineConfig, SrtpMode, Transport
from softphone.engine import SoftphoneEngine
from softphone.errors import SoftphoneError
from softphone.events import (
    CallState,
    CallStateEvent,
    EngineStartedEvent,
    MediaStateEvent,
    SoftphoneEvent,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m softphone", description="Pult softphone command line")
    sub = parser.add_subparsers(dest="mode", required=True)
    for mode in ("call", "answer"):
        p = sub.add_parser(mode, help="place a call" if mode == "call" else "wait for one call and answer it")
        if mode == "call":
            p.add_argument("uri", help="sip:user@host[:port], or a number when registered")
            p.add_argument(
                "--header", action="append", default=[], metavar="NAME:VALUE", help="extra SIP header"
            )
        else:
            p.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the call")
        p.add_argument("--registrar", help="register first, e.g. sip:pbx.example.com:5060")
        p.add_argument("--user")
        p.add_argument("--password", default=os.environ.get("PULT_SIP_PASSWORD", ""))
        p.add_argument("--play", type=Path, help="16-bit PCM WAV to send to the peer")
        p.add_argument("--record", type=Path, help="WAV to record what the peer sends")
        p.add_argument("--duration", type=float, default=10.0, help="seconds of media before hanging up")
        p.add_argument("--codec", action="append", default=[], help="allowed codec (repeat), e.g. PCMU, G722")
        p.add_argument("--transport", choices=[t.value for t in Transport], default="udp")
        p.add_argument("--srtp", choices=[s.value for s in SrtpMode], default="off")
        p.add_argument(
            "--tls-ca",
            type=Path,
            help="PEM file of the CAs that may sign the server's TLS certificate (default: the system's CAs)",
        )
        p.add_argument(
            "--tls-no-verify",
            action="store_true",
            help="do not verify the server's certificate (testing only)",
        )
        p.add_argument("--dtmf", default="", help="digits to send (RFC 4733) one second after answer")
        p.add_argument("--port", type=int, default=0, help="local SIP port (0 = any)")
        p.add_argument("--bind", default="127.0.0.1", help="local address to bind")
        p.add_argument("--log", type=Path, help="pjsip log file")
        p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for answer")
    return parser


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """pjlib prints a few lines to stdout before its log config applies; keep stdout for the result."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


class _Session:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.events: queue.Queue[SoftphoneEvent] = queue.Queue()
        codecs = tuple(args.codec) if args.codec else EngineConfig().codecs
        self.engine = SoftphoneEngine(
            EngineConfig(
                transports=(Transport(args.transport),),
                bind_address=args.bind,
                sip_port=args.port,
                codecs=codecs,
                log_file=args.log,
                log_level=5 if args.log else 0,
                tls_ca_file=args.tls_ca,
                tls_verify_server=not args.tls_no_verify,
                audio=AudioConfig(enabled=False),
            ),
            self.events.put,
        )
        self.result: dict[str, Any] = {
            "mode": args.mode,
            "registration": None,
            "result": "failed",
            "code": 0,
            "reason": "",
            "media_seconds": 0.0,
            "codec": "",
        }

    def next_event(self, deadline: float) -> SoftphoneEvent | None:
        try:
            return self.events.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def run(self) -> int:
        args = self.args
        with _stdout_to_stderr():
            self.engine.start()
        try:
            return self._run(args)
        finally:
            self.engine.stop()

    def _run(self, args: argparse.Namespace) -> int:
        if args.registrar:
            if not args.user:
                raise SoftphoneError("--registrar needs --user")
            account = AccountConfig(
                registrar=args.registrar,
                user=args.user,
                password=args.password,
                transport=Transport(args.transport),
                srtp=SrtpMode(args.srtp),
            )
            registration = self.engine.register(account).result(args.timeout)
            self.result["registration"] = registration.code
            if registration.code != 200:
                self.result.update(
                    result="registration_failed", code=registration.code, reason=registration.reason
                )
                return 1
        if args.mode == "call":
            headers = dict(h.split(":", 1) for h in args.header)
            call_id = self.engine.call(args.uri, {k.strip(): v.strip() for k, v in headers.items()}).result(
                10
            )
        else:
            incoming = self._wait_incoming(args.wait)
            if incoming is None:
                self.result.update(result="no_call")
                return 1
            call_id = incoming
            self.engine.answer(call_id).result(10)
        return self._converse(call_id)

    def _wait_incoming(self, seconds: float) -> int | None:
        deadline = time.monotonic() + seconds
        while (event := self.next_event(deadline)) is not None:
            if isinstance(event, EngineStartedEvent):
                self.result["sip_ports"] = event.sip_ports
            if isinstance(event, CallStateEvent) and event.state is CallState.INCOMING:
                self.result["remote"] = event.remote_uri
                return event.call_id
        return None

    def _converse(self, call_id: int) -> int:
        args = self.args
        answer_deadline = time.monotonic() + args.timeout
        media_since = hangup_at = dtmf_at = 0.0
        while True:
            wakeups = [t for t in (dtmf_at, hangup_at) if t] or [answer_deadline]
            event = self.next_event(min(wakeups))
            now = time.monotonic()
            if dtmf_at and now >= dtmf_at:
                dtmf_at = 0.0
                self.engine.send_dtmf(call_id, args.dtmf).result(10)
            if event is None:
                if hangup_at and now >= hangup_at:
                    self.engine.hangup(call_id).result(10)
                    hangup_at = now + 30.0  # then wait for DISCONNECTED
                elif not media_since and now >= answer_deadline:
                    self.engine.hangup(call_id).result(10)
                    self.result.update(result="timeout")
                    self._drain_until_disconnected(call_id)
                    return 1
                continue
            if (
                isinstance(event, MediaStateEvent)
                and event.call_id == call_id
                and event.active
                and not media_since
            ):
                media_since = now
                self.result["codec"] = event.codec
                if args.play:
                    self.engine.play_file(call_id, args.play).result(10)
                if args.record:
                    self.engine.record_file(call_id, args.record).result(10)
                hangup_at = now + args.duration
                dtmf_at = now + 1.0 if args.dtmf else 0.0
            if isinstance(event, CallStateEvent) and event.call_id == call_id:
                if event.state is CallState.CONFIRMED:
                    self.result["result"] = "answered"
                elif event.state is CallState.DISCONNECTED:
                    if media_since:
                        self.result["media_seconds"] = round(now - media_since, 2)
                    if self.result["result"] == "answered":
                        self.result.update(code=event.code, reason=event.reason)
                    else:
                        self.result.update(result="failed", code=event.code, reason=event.reason)
                    return 0 if media_since else 1

    def _drain_until_disconnected(self, call_id: int) -> None:
        deadline = time.monotonic() + 10
        while (event := self.next_event(deadline)) is not None:
            if (
                isinstance(event, CallStateEvent)
                and event.call_id == call_id
                and event.state is CallState.DISCONNECTED
            ):
                self.result.update(code=event.code, reason=event.reason)
                return


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    session = _Session(args)
    try:
        status = session.run()
    except (SoftphoneError, TimeoutError, ValueError) as exc:
        session.result.update(result="error", reason=str(exc))
        status = 2
    print(json.dumps(session.result, ensure_ascii=False), flush=True)
    return status
