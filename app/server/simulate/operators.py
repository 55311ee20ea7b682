"""``python -m app.server.simulate operators``: operators who sign in over the real api and answer calls.

    python -m app.server.simulate operators --server http://127.0.0.1:8765 --logins op1,op2 \\
        --password PW --auto-answer [--answer-after S] [--play WAV] [--record-dir DIR] \\
        [--hangup-after S] [--wrapup-topic ID] [--exit-after-calls N]

Each login gets a session (status «На линии», the available one) and follows the realtime websocket, as
the desktop client does. A ``call.offered`` is answered over the api (``POST /offers/{id}/answer``) and
the media leg is the softphone's own command line, ``python -m softphone call <worker URI> --header
X-Pult-Offer: <token>``, run as a child process: ``app.server`` may not import the softphone package, and
one process per conversation also keeps clear of the pjsua2 wheel's four legs per process, so one bot can
carry as many operators as the machine can. What the operator says comes from ``--play``; what they hear
is recorded into ``--record-dir``. When the server starts post-call work for the operator, the bot files
it (``--wrapup-topic``) and presses «Готов к работе». The websocket reconnects after a drop (an api
restart) and resumes after the last event it saw; the media leg goes on meanwhile.

Every step prints one JSON line on stdout (``t``, ``login``, ``event`` and details). SIGINT or SIGTERM
ends the conversations (the legs hang up), signs the operators out and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import signal
import sys
import tempfile
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus, WebSocketException

from app.protocol.calls import CALL_OFFER_WITHDRAWN, CALL_OFFERED, OFFER_TOKEN_HEADER, WRAPUP_STARTED
from app.server.seed import DEMO_PRODUCT

RECONNECT_DELAYS = (0.2, 0.5, 1.0, 2.0, 3.0)
LEG_START_TIMEOUT = 20.0
LOOPED_SECONDS = 180.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m app.server.simulate operators",
        description="operators answering contact-center calls over the real api and softphone",
    )
    parser.add_argument("--server", required=True, help="api base URL, e.g. http://127.0.0.1:8765")
    parser.add_argument("--logins", required=True, help="comma-separated logins (op1 or 300000001/op1)")
    parser.add_argument("--password", required=True)
    parser.add_argument("--product", default=DEMO_PRODUCT, help="product number for bare logins")
    parser.add_argument("--auto-answer", action="store_true", help="answer every offer (else let it ring)")
    parser.add_argument("--answer-after", type=float, default=0.5, help="seconds of ringing before answer")
    parser.add_argument("--play", type=Path, help="16-bit PCM WAV the operator speaks, over and over")
    parser.add_argument("--record-dir", type=Path, help="record what each operator hears here")
    parser.add_argument(
        "--hangup-after",
        type=float,
        default=0.0,
        help="operator hangs up this many seconds into the conversation (0: wait for the customer)",
    )
    parser.add_argument("--wrapup-topic", type=int, action="append", default=[], help="topic id to file")
    parser.add_argument("--wrapup-after", type=float, default=0.5, help="seconds of post-call work")
    parser.add_argument("--codec", action="append", default=[], help="codec of the media leg (repeat)")
    parser.add_argument(
        "--exit-after-calls", type=int, default=0, help="exit once this many conversations ended (all bots)"
    )
    parser.add_argument("--log-dir", type=Path, help="pjsip logs of the media legs")
    args = parser.parse_args(argv)
    if args.play is not None and not args.play.is_file():
        parser.error(f"--play: no such file {args.play}")
    return args


class Output:
    """One JSON object per line; the one place the bots write to stdout."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def emit(self, login: str, event: str, **details: Any) -> None:
        line = {"t": round(time.time(), 3), "login": login, "event": event, **details}
        print(json.dumps(line, ensure_ascii=False, default=str), file=self.stream, flush=True)


@dataclass
class Shared:
    args: argparse.Namespace
    out: Output
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    ended_calls: int = 0

    def conversation_ended(self) -> None:
        self.ended_calls += 1
        limit = self.args.exit_after_calls
        if limit and self.ended_calls >= limit:
            self.stop.set()


def full_login(login: str, product: str) -> str:
    if "/" in login or "@" in login or login.lstrip("+").isdigit():
        return login
    return f"{product}/{login}"


class OperatorBot:
    """One operator: a session, the event stream, and at most one conversation at a time."""

    def __init__(self, login: str, shared: Shared) -> None:
        self.login = full_login(login, shared.args.product)
        self.name = login
        self.shared = shared
        self.args = shared.args
        self.token = ""
        self.employee_id = 0
        self.last_seq = 0
        self.withdrawn: set[int] = set()
        self.busy_with: int | None = None  # offer id being answered or talked
        self.legs: set[asyncio.subprocess.Process] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self.http: httpx.AsyncClient | None = None

    def emit(self, event: str, **details: Any) -> None:
        self.shared.out.emit(self.name, event, **details)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def run(self) -> None:
        async with httpx.AsyncClient(base_url=self.args.server.rstrip("/") + "/api/v1", timeout=15) as http:
            self.http = http
            try:
                await self._sign_in()
                await self._follow_events()
            finally:
                await self._finish()

    async def _sign_in(self) -> None:
        assert self.http is not None
        body = {"login": self.login, "password": self.args.password, "status": "online", "client": "bot"}
        response = await self.http.post("/auth/login", json=body)
        if response.status_code != 200:
            self.emit("login_failed", status=response.status_code, detail=_detail(response))
            raise SystemExit(1)
        data = response.json()
        self.token = data["token"]
        self.employee_id = int(data["me"]["employee_id"])
        self.emit("logged_in", employee_id=self.employee_id, status="online")

    async def _follow_events(self) -> None:
        base = self.args.server.rstrip("/").replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        attempt = 0
        while not self.shared.stop.is_set():
            url = f"{base}/api/v1/events?after={self.last_seq}"
            try:
                async with connect(url, additional_headers=self.auth, open_timeout=10) as ws:
                    if attempt:
                        self.emit("reconnected", after=self.last_seq)
                    attempt = 0
                    await self._read(ws)
            except InvalidStatus as exc:
                if exc.response.status_code == 401:
                    self.emit("session_ended")
                    await self._sign_in()
                    continue
                self.emit("stream_refused", status=exc.response.status_code)
            except (OSError, WebSocketException, TimeoutError) as exc:
                if self.shared.stop.is_set():
                    return
                if attempt == 0:
                    self.emit("disconnected", reason=type(exc).__name__)
            delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
            attempt += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.shared.stop.wait(), delay)

    async def _read(self, ws: ClientConnection) -> None:
        stop = asyncio.ensure_future(self.shared.stop.wait())
        try:
            while True:
                frame_task = asyncio.ensure_future(ws.recv())
                done, _ = await asyncio.wait({frame_task, stop}, return_when=asyncio.FIRST_COMPLETED)
                if stop in done:
                    frame_task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketException):
                        await frame_task
                    return
                self._on_frame(json.loads(frame_task.result()))
        finally:
            stop.cancel()

    def _on_frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("kind")
        if kind == "resync":
            self.emit("resync", last_seq=frame["last_seq"])
            self.last_seq = int(frame["last_seq"])
            return
        if kind != "event":
            return
        self.last_seq = max(self.last_seq, int(frame["seq"]))
        kind, data = frame["type"], frame["data"]
        if kind == CALL_OFFER_WITHDRAWN:
            self.withdrawn.add(int(data["offer_id"]))
            if self.busy_with == data["offer_id"]:
                self.emit("offer_withdrawn", offer_id=data["offer_id"], reason=data.get("reason"))
        elif kind == CALL_OFFERED:
            self._on_offer(data)
        elif kind == WRAPUP_STARTED and data.get("employee_id") == self.employee_id:
            self._spawn(self._wrapup(int(data["call_id"])))

    def _on_offer(self, data: dict[str, Any]) -> None:
        offer_id = int(data["offer_id"])
        expires = _parse_time(data["expires_at"])
        # Replayed offers (after a reconnect, or from before this bot) are taken only while still ringing.
        if offer_id in self.withdrawn or expires <= time.time():
            return
        self.emit(
            "offered",
            offer_id=offer_id,
            call_id=data["call_id"],
            caller=data["caller"],
            queue=data["queue"],
            waiting_seconds=round(float(data["waiting_seconds"]), 2),
        )
        if not self.args.auto_answer or self.busy_with is not None:
            return
        self.busy_with = offer_id
        self._spawn(self._take(data))

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _take(self, offer: dict[str, Any]) -> None:
        offer_id, call_id = int(offer["offer_id"]), int(offer["call_id"])
        try:
            await asyncio.sleep(self.args.answer_after)
            if offer_id in self.withdrawn:
                return
            assert self.http is not None
            response = await self.http.post(f"/offers/{offer_id}/answer", headers=self.auth)
            if response.status_code != 200:
                self.emit("answer_refused", offer_id=offer_id, status=response.status_code,
                          detail=_detail(response))  # fmt: skip
                return
            uri = response.json()["worker_uri"]
            self.emit("answered", offer_id=offer_id, call_id=call_id, worker_uri=uri)
            await self._media_leg(call_id, uri, offer["token"])
        finally:
            self.busy_with = None

    async def _media_leg(self, call_id: int, uri: str, token: str) -> None:
        args = self.args
        duration = args.hangup_after if args.hangup_after > 0 else 24 * 3600.0
        cmd = [sys.executable, "-m", "softphone", "call", uri, "--header", f"{OFFER_TOKEN_HEADER}: {token}",
               "--duration", str(duration), "--timeout", str(LEG_START_TIMEOUT)]  # fmt: skip
        for codec in args.codec:
            cmd += ["--codec", codec]
        if args.play is not None:
            cmd += ["--play", str(args.play)]
        record: Path | None = None
        if args.record_dir is not None:
            args.record_dir.mkdir(parents=True, exist_ok=True)
            record = args.record_dir / f"{self.name.replace('/', '_')}-call-{call_id}.wav"
            cmd += ["--record", str(record)]
        if args.log_dir is not None:
            args.log_dir.mkdir(parents=True, exist_ok=True)
            cmd += ["--log", str(args.log_dir / f"{self.name.replace('/', '_')}-call-{call_id}.log")]
        proc = await asyncio.create_subprocess_exec(
            *cmd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        self.legs.add(proc)
        self.emit("leg_started", call_id=call_id, pid=proc.pid)
        try:
            stdout, _ = await proc.communicate()
        finally:
            self.legs.discard(proc)
        result = _last_json(stdout.decode(errors="replace"))
        self.emit(
            "leg_ended",
            call_id=call_id,
            result=result.get("result", "failed"),
            code=result.get("code", 0),
            reason=result.get("reason", ""),
            media_seconds=result.get("media_seconds", 0.0),
            codec=result.get("codec", ""),
            record=str(record) if record is not None and result.get("media_seconds") else None,
            exit_code=proc.returncode,
        )
        self.shared.conversation_ended()

    async def _wrapup(self, call_id: int) -> None:
        assert self.http is not None
        self.emit("wrapup_started", call_id=call_id)
        await asyncio.sleep(self.args.wrapup_after)
        if self.args.wrapup_topic:
            body = {"topic_ids": self.args.wrapup_topic, "comment": "operator bot"}
            response = await self.http.post(f"/calls/{call_id}/wrapup", json=body, headers=self.auth)
            self.emit("wrapup_filed", call_id=call_id, status=response.status_code,
                      topic_ids=self.args.wrapup_topic)  # fmt: skip
        response = await self.http.post("/me/ready", headers=self.auth)
        self.emit("ready", call_id=call_id, status=response.status_code)

    async def _finish(self) -> None:
        for proc in list(self.legs):
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)  # the leg hangs up and stops its engine
        for proc in list(self.legs):
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.token and self.http is not None:
            with contextlib.suppress(httpx.HTTPError):
                await self.http.post("/auth/logout", headers=self.auth)
            self.emit("logged_out")


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        return str(body.get("message") or body.get("detail") or body)
    return str(body)


def _parse_time(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                found: dict[str, Any] = json.loads(line)
                return found
    return {}


def looped(play: Path, seconds: float, directory: Path) -> Path:
    """``play`` repeated to last ``seconds``: the softphone's file player plays once, and an operator
    keeps talking for the whole conversation."""
    with wave.open(str(play), "rb") as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    if not frames:
        return play
    copies = max(1, math.ceil(seconds * params.framerate * params.sampwidth * params.nchannels / len(frames)))
    target = directory / f"looped-{play.stem}.wav"
    with wave.open(str(target), "wb") as dst:
        dst.setparams(params)
        dst.writeframes(frames * copies)
    return target


async def run_bots(args: argparse.Namespace, out: TextIO) -> int:
    with tempfile.TemporaryDirectory(prefix="pult-bot-") as scratch:
        if args.play is not None:
            talk = args.hangup_after + 5 if args.hangup_after > 0 else LOOPED_SECONDS
            args.play = looped(args.play, min(talk, LOOPED_SECONDS), Path(scratch))
        return await _run_bots(args, out)


async def _run_bots(args: argparse.Namespace, out: TextIO) -> int:
    shared = Shared(args=args, out=Output(out))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, shared.stop.set)
    logins = [name.strip() for name in args.logins.split(",") if name.strip()]
    bots = [OperatorBot(login, shared) for login in logins]
    results = await asyncio.gather(*(bot.run() for bot in bots), return_exceptions=True)
    failed = [r for r in results if isinstance(r, BaseException)]
    for exc in failed:
        if not isinstance(exc, SystemExit):
            shared.out.emit("-", "error", error=repr(exc))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return asyncio.run(run_bots(args, sys.stdout))
