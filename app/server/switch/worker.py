"""A media worker: one pjsua2 endpoint answering customers and bridging them to operators' legs.

``python -m app.server.switch.worker --sip-port P --rtp-port R --control fd:N --data-dir D`` (or
``pult-server --switch-worker ...`` in a frozen bundle). One thread owns every pjsua2 object from
``libCreate`` to ``libDestroy`` (``threadCnt=0``, ``mainThreadOnly``, polling ``libHandleEvents``); a reader
thread only turns control lines into commands on a queue. The wheel allows 4 call legs per process, so a
worker takes at most 2 conversations (a customer leg plus room for its operator leg) and answers 486 past
that. The bridge runs at 8 kHz, the rate of the G.711 legs, recordings and prompts (no resampling); the
owner thread sleeps in pjsip's poll until a command (which wakes it) or a timer is due; pjmedia's clock and
RTP threads get real-time priority where allowed (see ``bench/switch.py`` for the measurements). Shutdown
order (notes §1.5): hang up all → pump → drop players and recorders while the bridge is
clocked → account shutdown → gc → libDestroy.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import ipaddress
import math
import os
import queue
import re
import secrets
import signal
import socket
import sys
import threading
import time
import wave
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj

from app.protocol.calls import OFFER_TOKEN_HEADER
from app.server.switch import protocol as p
from app.server.switch.link import ATTACHED, LOST, ControlLink
from app.server.switch.sounds import RATE as CLOCK_RATE
from app.server.switch.sounds import Prompts, ensure_prompts, wav_seconds
from app.server.switch.trunks import TrunkAccounts

MAX_CONVERSATIONS = 2
MAX_LEGS = 4  # PJSUA_MAX_CALLS of the wheel (notes §0.1)
OPERATOR_ANSWER_TIMEOUT = 10.0
POLL_MS = 100
"""The longest the owner thread waits in pjsip's poll: a command wakes it at once (``_post``) and a timer
sets its own deadline, so polling every 10 ms (0.8 % of a core per idle worker) bought nothing."""
MEDIA_THREADS = ("clock", "media")
"""pjmedia's conference bridge clock and RTP thread (their names in /proc): the only time-critical ones."""
MEDIA_PRIORITY = 5
"""SCHED_RR priority of those threads, where allowed (root, CAP_SYS_NICE or ``LimitRTPRIO=`` in the unit):
a 20 ms tick must not wait behind the api, a database or a build on the same cores. Low, as each tick is
short; the kernel keeps 5 % of the CPU for ordinary threads whatever real-time ones do."""
WAKE = b"\r\n\r\n"
"""A SIP keep-alive (RFC 5626): pjsip reads and ignores it, which is all a wake-up needs."""
POST_DIAL_PAUSE = 5.0
"""TP-49: the pause before an extension after the main number is dialled as DTMF."""
_OFFER_HEADER = re.compile(rf"^{re.escape(OFFER_TOKEN_HEADER)}\s*:\s*(\S+)\s*$", re.MULTILINE | re.IGNORECASE)
_REQUEST_USER = re.compile(r"^INVITE\s+sips?:([^@;>\s]+)@", re.IGNORECASE)
_FROM_USER = re.compile(r"^(?:From|f)\s*:[^\r\n]*?sips?:([^@;>\s]+)@", re.MULTILINE | re.IGNORECASE)
_TO_USER = re.compile(r"^(?:To|t)\s*:[^\r\n]*?sips?:([^@;>\s]+)@", re.MULTILINE | re.IGNORECASE)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _pj_text(exc: BaseException) -> str:
    info = getattr(exc, "info", None)
    return str(info()) if callable(info) else repr(exc)


@dataclass(eq=False)
class Conversation:
    ref: str
    customer: Leg
    state: str = "greeting"  # greeting → queue → bridged ⇄ held; voicemail
    operator: Leg | None = None
    expected: set[str] = field(default_factory=set)
    cancelled: set[str] = field(default_factory=set)
    bridge_wanted: bool = False
    greeting: Any = None
    greeting_until: float = 0.0
    recorder: Any = None
    record_path: Path | None = None
    voicemail: bool = False
    end_reason: str = ""
    party: Leg | None = None
    """The third party: a consultation or conference target (an operator's leg or a dialled number)."""
    party_expected: set[str] = field(default_factory=set)
    mode: str = ""  # how the party is mixed: "" (not), consult, conference


class Leg(pj.Call):  # type: ignore[misc]
    """One call leg; every callback is wrapped so no exception reaches SWIG (notes §1.4)."""

    def __init__(self, worker: Worker, account: Any, call_id: int, key: int, role: str) -> None:
        super().__init__(account, call_id)
        self.worker: Worker = weakref.proxy(worker)
        self.key = key
        self.role = role  # customer, operator, refused
        self.ref = ""
        self.token = ""
        self.media_active = False
        self.answered = False
        self.asked_at = 0.0
        self.post_dial = ""

    def onCallState(self, prm: Any) -> None:
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED and self.role == "party" and not self.answered:
                self.answered = True
                self.worker.party_answered(self)
            if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.worker.leg_ended(self, int(info.lastStatusCode), str(info.lastReason))
        except Exception as exc:
            self.worker.report_error(f"onCallState: {exc!r}")

    def onDtmfDigit(self, prm: Any) -> None:
        try:
            if self.role == "customer" and self.ref:
                self.worker.send(p.DtmfReceivedEvent(call_ref=self.ref, digit=str(prm.digit)))
        except Exception as exc:
            self.worker.report_error(f"onDtmfDigit: {exc!r}")

    def onCallMediaState(self, prm: Any) -> None:
        try:
            info = self.getInfo()
            self.media_active = any(
                mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE
                for mi in info.media
            )
            self.worker.media_changed(self)
        except Exception as exc:
            self.worker.report_error(f"onCallMediaState: {exc!r}")


class _Account(pj.Account):  # type: ignore[misc]
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker: Worker = weakref.proxy(worker)

    def onIncomingCall(self, prm: Any) -> None:
        try:
            self.worker.incoming(self, prm)
        except Exception as exc:
            self.worker.report_error(f"onIncomingCall: {exc!r}")


class Worker:
    def __init__(
        self,
        *,
        control: socket.socket,
        sip_port: int,
        rtp_port: int,
        rtp_range: int,
        bind: str,
        prompts: Prompts,
        record_dir: Path,
        log_file: Path | None,
        listen_path: Path | None = None,
        orphan_grace: float = 60.0,
    ) -> None:
        self.control = control
        self.listen_path = listen_path
        self.orphan_grace = orphan_grace
        self.orphan_since = 0.0  # when the api went away with conversations up (0: a manager listens)
        self.link: ControlLink | None = None
        self.sip_port = sip_port
        self.rtp_port = rtp_port
        self.rtp_range = rtp_range
        self.bind = bind
        self.prompts = prompts
        self.greeting_seconds = wav_seconds(prompts.greeting)
        self.record_dir = record_dir
        self.log_file = log_file
        self.commands: queue.Queue[p.Command | str | None] = queue.Queue()
        self._send_lock = threading.Lock()
        self._waker: socket.socket | None = None
        self._wake_to: tuple[str, int] = ("127.0.0.1", 0)
        self.stopping = False
        self.legs: dict[int, Leg] = {}
        self.convs: dict[str, Conversation] = {}
        self.pending_operator: dict[int, Leg] = {}
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self._keys = iter(range(1, 1 << 62))
        self.ep: Any = None
        self.account: Any = None
        self.music: Any = None
        self.trunks = TrunkAccounts(self)

    # --- control channel -------------------------------------------------------------------------

    def send(self, event: p._Message) -> None:
        if self.link is not None:
            self.link.send(event)  # kept in order while no manager listens
            return
        data = p.encode(event)
        with self._send_lock:
            try:
                self.control.sendall(data)
            except OSError:
                self.stopping = True

    def report_error(self, message: str) -> None:
        self.send(p.WorkerErrorEvent(message=message))

    def _read_control(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self.control.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        try:
                            self.commands.put(p.decode_command(line))
                        except ValueError as exc:
                            self.report_error(f"bad command: {exc}")
        except OSError:
            pass
        self.commands.put(None)  # the manager is gone: stop

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        ep = pj.Endpoint()
        self.ep = ep
        with _quiet_stderr():  # pjlib's banner comes before its log settings apply; keep the api's log clean
            ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.maxCalls = 4
        cfg.uaConfig.userAgent = "Pult switch"
        cfg.medConfig.sndAutoCloseTime = -1  # the bridge clock must never stop (notes §0.4)
        cfg.medConfig.noVad = True  # continuous RTP and recordings
        cfg.medConfig.ecTailLen = 0
        # The bridge runs at the G.711 rate of the customers' legs, the recordings and the prompts: at the
        # default 16 kHz every 8 kHz port was resampled both ways, half the worker's CPU (bench/switch.py).
        cfg.medConfig.clockRate = CLOCK_RATE
        cfg.medConfig.sndClockRate = CLOCK_RATE
        cfg.logConfig.consoleLevel = 0
        cfg.logConfig.level = 4 if self.log_file else 0
        if self.log_file:
            cfg.logConfig.filename = str(self.log_file)
        ep.libInit(cfg)
        tc = pj.TransportConfig()
        tc.port = self.sip_port
        tc.boundAddress = self.bind
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
        self.sip_port = int(str(ep.transportGetInfo(tid).localName).rsplit(":", 1)[-1])
        ep.libStart()
        ep.audDevManager().setNullDev()  # no sound device in the wheel; gives the bridge its clock
        _prioritize_media()
        acfg = pj.AccountConfig()
        acfg.idUri = f"sip:switch@{self.bind}:{self.sip_port}"
        media = acfg.mediaConfig
        media.transportConfig.port = self.rtp_port
        media.transportConfig.portRange = self.rtp_range
        media.transportConfig.boundAddress = self.bind
        media.srtpUse = pj.PJMEDIA_SRTP_DISABLED
        media.srtpSecureSignaling = 0
        acfg.natConfig.sdpNatRewriteUse = 0
        acfg.natConfig.contactRewriteUse = 0
        acfg.natConfig.viaRewriteUse = 0
        self.account = _Account(self)
        self.account.create(acfg, True)
        self.music = pj.AudioMediaPlayer()
        self.music.createPlayer(str(self.prompts.hold), 0)  # loops; one player feeds every waiting caller
        gc.freeze()
        self._waker, self._wake_to = _waker(self.bind, self.sip_port)
        self.link = ControlLink(self.control, self.listen_path, self._post)
        self.link.start()
        self.send(p.WorkerReadyEvent(sip_port=self.sip_port, pid=os.getpid()))

    def run(self) -> None:
        self.start()
        try:
            while not self.stopping:
                self.ep.libHandleEvents(self._poll_ms())
                self._drain_commands()
                self._run_timers()
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        ep = self.ep
        if ep is None:
            return
        with contextlib.suppress(pj.Error):
            ep.hangupAllCalls()
        deadline = time.monotonic() + 3.0
        while self.legs and time.monotonic() < deadline:
            ep.libHandleEvents(20)
        for conv in list(self.convs.values()):
            conv.greeting = None
            self._close_recording(conv, report=False)
        self.convs.clear()
        self.pending_operator.clear()
        self.music = None
        for _ in range(5):
            ep.libHandleEvents(20)  # queued bridge removals and WAV finalisation run on the clock
        if self.account is not None:
            self.trunks.shutdown()
            self.account.shutdown()
            self.account = None
        self.legs.clear()
        gc.collect()
        ep.libDestroy()
        self.ep = None
        if self.link is not None:
            self.link.close()
        if self._waker is not None:
            self._waker.close()

    def _post(self, item: p.Command | str | None) -> None:
        """From the control reader thread: queue a command and wake the owner thread out of its poll."""
        self.commands.put(item)
        if self._waker is not None:
            with contextlib.suppress(OSError):
                self._waker.sendto(WAKE, self._wake_to)

    def _poll_ms(self) -> int:
        if not self.timers:
            return POLL_MS
        due = min(t[0] for t in self.timers) - time.monotonic()
        return max(0, min(POLL_MS, math.ceil(due * 1000)))

    def _drain_commands(self) -> None:
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if isinstance(command, str):
                self._link_changed(command)
                continue
            if isinstance(command, p.ShutdownCommand) and command.keep_calls and self.convs:
                self._orphan()  # the api stops, the conversations go on
                continue
            if command is None or isinstance(command, p.ShutdownCommand):
                self.stopping = True
                return
            try:
                self.handle(command)
            except Exception as exc:
                self.report_error(f"{command.kind}: {exc!r}")

    def _link_changed(self, change: str) -> None:
        """The api went away or a (new) manager attached: conversations outlive an api restart."""
        if change == ATTACHED:
            self.orphan_since = 0.0
            self.send(p.WorkerReadyEvent(sip_port=self.sip_port, pid=os.getpid()))
            assert self.link is not None
            self.link.send_kept()
            self.send(p.WorkerStateEvent(call_refs=sorted(self.convs)))
        elif change == LOST and not self.orphan_since:
            if self.convs and self.listen_path is not None:
                self._orphan()
            else:
                self.stopping = True  # nothing is lost by stopping

    def _orphan(self) -> None:
        assert self.link is not None
        self.link.detach()
        self.orphan_since = time.monotonic()
        self.later(1.0, self._orphan_check)

    def _orphan_check(self) -> None:
        if not self.orphan_since:
            return  # a manager attached
        assert self.link is not None
        # Calls that ended while orphaned still owe the next api their end and recording: wait for it.
        idle = not self.convs and not self.link.has_kept
        if idle or time.monotonic() - self.orphan_since > self.orphan_grace:
            self.stopping = True  # nothing left to tell, or no api came back in time: hang up and go
            return
        self.later(1.0, self._orphan_check)

    def _run_timers(self) -> None:
        if not self.timers:
            return
        now = time.monotonic()
        due = [t for t in self.timers if t[0] <= now]
        if not due:
            return
        self.timers = [t for t in self.timers if t[0] > now]
        for _, action in due:
            try:
                action()
            except Exception as exc:
                self.report_error(f"timer: {exc!r}")

    def later(self, seconds: float, action: Callable[[], None]) -> None:
        self.timers.append((time.monotonic() + seconds, action))

    # --- calls -----------------------------------------------------------------------------------

    def incoming(self, account: Any, prm: Any) -> None:
        message = str(prm.rdata.wholeMsg)
        key = next(self._keys)
        token_match = _OFFER_HEADER.search(message)
        role = "operator" if token_match else "customer"
        leg = Leg(self, account, prm.callId, key, role)
        self.legs[key] = leg  # keep it: an unstored Call is declined by its destructor (notes §0.6)
        if token_match:
            if not self.trunks.take_outbound(leg, token_match.group(1)):
                self._incoming_operator(leg, token_match.group(1))
            return
        if len(self.convs) >= MAX_CONVERSATIONS or any(c.party is not None for c in self.convs.values()):
            # A third party takes the leg the second conversation's operator would need (4 legs a process).
            leg.role = "refused"
            self._respond(leg, 486)
            return
        user = _REQUEST_USER.search(message)
        caller = _FROM_USER.search(message)
        dialed = _TO_USER.search(message)
        ref = secrets.token_hex(6)
        leg.ref = ref
        conv = Conversation(ref=ref, customer=leg)
        self.convs[ref] = conv
        self._respond(leg, 200)
        self.send(
            p.CustomerArrivedEvent(
                call_ref=ref,
                to_user=user.group(1) if user else "",
                caller=caller.group(1) if caller else "",
                dialed=dialed.group(1) if dialed else "",
            )
        )

    def _incoming_operator(self, leg: Leg, token: str) -> None:
        digest = _hash(token)
        conv = next((c for c in self.convs.values() if digest in c.expected | c.party_expected), None)
        party = conv is not None and digest in conv.party_expected
        taken = conv is not None and (conv.party if party else conv.operator) is not None
        if conv is None or digest in conv.cancelled or taken:
            leg.role = "refused"
            self._respond(leg, 403)
            return
        if party and len(self.legs) > MAX_LEGS:
            leg.role = "refused"
            self._respond(leg, 486)
            return
        if party:
            leg.role = "party"
        conv.expected.discard(digest)
        conv.party_expected.discard(digest)
        leg.ref = conv.ref
        leg.token = token
        leg.asked_at = time.monotonic()
        self.pending_operator[leg.key] = leg
        self._respond(leg, 180)
        self.send(p.OperatorLegEvent(call_ref=conv.ref, leg=leg.key, token=token))
        self.later(OPERATOR_ANSWER_TIMEOUT + 0.1, lambda: self._operator_timeout(leg.key))

    def _operator_timeout(self, key: int) -> None:
        leg = self.pending_operator.pop(key, None)
        if leg is not None:
            leg.role = "refused"
            self._respond(leg, 408)

    def _respond(self, leg: Leg, code: int) -> None:
        prm = pj.CallOpParam()
        prm.statusCode = code
        try:
            if code < 300:
                leg.answer(prm)
                leg.answered = code == 200
            else:
                leg.hangup(prm)
        except pj.Error as exc:
            self.report_error(f"respond {code}: {_pj_text(exc)}")

    def _hangup(self, leg: Leg | None, code: int = 200) -> None:
        if leg is None:
            return
        prm = pj.CallOpParam()
        prm.statusCode = code
        with contextlib.suppress(pj.Error):
            leg.hangup(prm)

    def leg_ended(self, leg: Leg, code: int, reason: str) -> None:
        self.legs.pop(leg.key, None)
        self.pending_operator.pop(leg.key, None)
        conv = self.convs.get(leg.ref) if leg.ref else None
        if conv is None:
            return
        if leg.role == "customer":
            del self.convs[conv.ref]
            conv.greeting = None
            operator, conv.operator = conv.operator, None
            self._hangup(operator)
            party, conv.party = conv.party, None
            self._hangup(party)
            self._close_recording(conv, report=True)
            self.send(p.CustomerEndedEvent(call_ref=conv.ref, reason=conv.end_reason or "caller_hung_up"))
        elif leg.role == "operator" and conv.operator is leg:
            conv.operator = None
            if conv.state in ("bridged", "held") and not conv.end_reason:
                conv.end_reason = "operator_hung_up"
                self._drop_party(conv)
                self._hangup(conv.customer)
            else:
                self.send(p.OperatorLegEndedEvent(call_ref=conv.ref, reason=f"{code} {reason}"))
        elif leg.role == "party" and conv.party is leg:
            conv.party = None
            conv.mode = ""
            self.apply(conv)
            self.send(p.PartyEndedEvent(call_ref=conv.ref, reason=f"{code} {reason}"))

    def party_answered(self, leg: Leg) -> None:
        conv = self.convs.get(leg.ref)
        if conv is not None and conv.party is leg:
            self.send(p.PartyAnsweredEvent(call_ref=conv.ref))
            if leg.post_dial:  # TP-49: the extension goes as tones after a pause
                digits, key = leg.post_dial, leg.key
                self.later(POST_DIAL_PAUSE, lambda: self._post_dial(key, digits))

    def _post_dial(self, key: int, digits: str) -> None:
        leg = self.legs.get(key)
        if leg is not None:
            with contextlib.suppress(pj.Error):
                leg.dialDtmf(digits)

    def media_changed(self, leg: Leg) -> None:
        conv = self.convs.get(leg.ref)
        if conv is None:
            return
        if leg.role == "customer" and leg.media_active and conv.state == "greeting" and conv.greeting is None:
            player = pj.AudioMediaPlayer()
            player.createPlayer(str(self.prompts.greeting), pj.PJMEDIA_FILE_NO_LOOP)
            conv.greeting = player
            conv.greeting_until = time.monotonic() + self.greeting_seconds
            self.later(self.greeting_seconds + 0.05, lambda: self._greeting_done(conv.ref))
        self.apply(conv)

    def _greeting_done(self, ref: str) -> None:
        conv = self.convs.get(ref)
        if conv is None:
            return
        if conv.state == "greeting":
            conv.state = "queue"
        self.apply(conv)
        conv.greeting = None

    # --- media graph -----------------------------------------------------------------------------

    def apply(self, conv: Conversation) -> None:
        """Connect the conference bridge for the conversation's state; redone on every media change
        because slots change on re-INVITE (notes §7)."""
        cust = self._audio(conv.customer)
        op = self._audio(conv.operator)
        party = self._audio(conv.party)
        if conv.bridge_wanted and cust is not None and op is not None and conv.state in ("greeting", "queue"):
            conv.state = "bridged"
            self._open_recording(conv)
            self.send(p.BridgedEvent(call_ref=conv.ref))
        talking = conv.state in ("bridged", "held")
        consult = conv.mode == "consult" and talking
        conference = conv.mode == "conference" and conv.state == "bridged"
        sources = [s for s in (self.music, conv.greeting, op, party) if s is not None]
        if cust is not None:
            for src in sources:
                self._stop(src, cust)
        for src, dst in ((cust, op), (cust, party), (op, party), (party, op)):
            if src is not None and dst is not None:
                self._stop(src, dst)
        if op is not None and party is not None and (consult or conference):
            op.startTransmit(party)
            party.startTransmit(op)
        if cust is None:
            return
        if consult:
            self.music.startTransmit(cust)  # the customer waits on hold while the operator consults
        elif conv.state == "greeting" and conv.greeting is not None:
            conv.greeting.startTransmit(cust)
        elif conv.state in ("greeting", "queue", "held"):
            # Bridged without a live operator stream (it is ending or re-negotiating) stays silent.
            self.music.startTransmit(cust)
        if conv.state == "bridged" and op is not None and not consult:
            cust.startTransmit(op)
            op.startTransmit(cust)
        if conference and party is not None:
            cust.startTransmit(party)
            party.startTransmit(cust)
        if conv.recorder is not None:
            cust.startTransmit(conv.recorder)
            if op is not None and not conv.voicemail and not consult:
                op.startTransmit(conv.recorder)
            if party is not None and conference:
                party.startTransmit(conv.recorder)

    def _audio(self, leg: Leg | None) -> Any:
        if leg is None or not leg.media_active:
            return None
        try:
            return leg.getAudioMedia(-1)
        except pj.Error:
            return None

    @staticmethod
    def _stop(src: Any, dst: Any) -> None:
        with contextlib.suppress(pj.Error):
            src.stopTransmit(dst)

    def _open_recording(self, conv: Conversation, *, voicemail: bool = False) -> None:
        if conv.recorder is not None:
            return
        self.record_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.record_dir / f"{stamp}-{conv.ref}{'-voicemail' if voicemail else ''}.wav"
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(str(path))
        conv.recorder = recorder
        conv.record_path = path
        conv.voicemail = voicemail

    def _close_recording(self, conv: Conversation, *, report: bool) -> None:
        recorder, conv.recorder = conv.recorder, None
        if recorder is None or conv.record_path is None:
            return
        del recorder  # the destructor removes the port; the WAV header is written on the bridge clock
        path, ref, voicemail = conv.record_path, conv.ref, conv.voicemail
        if report:
            self.later(0.3, lambda: self._report_recording(ref, path, voicemail))

    def _report_recording(self, ref: str, path: Path, voicemail: bool) -> None:
        try:
            seconds = wav_seconds(path)
        except (OSError, EOFError, wave.Error) as exc:
            self.report_error(f"recording {path}: {exc!r}")
            seconds = 0.0
        self.send(p.RecordingClosedEvent(call_ref=ref, path=str(path), voicemail=voicemail, seconds=seconds))

    # --- commands --------------------------------------------------------------------------------

    def handle(self, command: p.Command) -> None:
        if isinstance(command, p.AnswerOperatorCommand):
            self._answer_operator(command.leg, command.accept)
            return
        if isinstance(command, p.RegisterTrunkCommand):
            self.trunks.register(command)
            return
        if isinstance(command, p.UnregisterTrunkCommand):
            self.trunks.remove(command.trunk_id)
            return
        if isinstance(command, p.OutboundCallCommand):
            self.trunks.expect_outbound(command)
            return
        if isinstance(command, p.HangupCommand) and self.trunks.drop_outbound(
            command.call_ref, command.reason
        ):
            return  # an outbound call whose operator's leg has not come
        conv = self.convs.get(command.call_ref) if hasattr(command, "call_ref") else None
        if conv is None:
            return
        match command:
            case p.ExpectOperatorCommand(token_sha256=digest, party=party):
                (conv.party_expected if party else conv.expected).add(digest)
            case p.CancelOperatorCommand(token_sha256=digest):
                conv.expected.discard(digest)
                conv.party_expected.discard(digest)
                conv.cancelled.add(digest)
                for leg in list(self.pending_operator.values()):
                    if leg.ref == conv.ref and _hash(leg.token) == digest:
                        self._answer_operator(leg.key, False)
            case p.BridgeCommand():
                conv.bridge_wanted = True
                if conv.state == "held":
                    conv.state = "bridged"
                self.apply(conv)
            case p.HoldCommand():
                if conv.state == "bridged":
                    conv.state = "held"
                    self.apply(conv)
            case p.ResumeCommand():
                if conv.state == "held":
                    conv.state = "bridged"
                    self.apply(conv)
            case p.DetachOperatorCommand():
                self._detach(conv)
            case p.VoicemailCommand(max_seconds=seconds):
                self._detach(conv)
                conv.state = "voicemail"
                self._close_recording(conv, report=True)
                self._open_recording(conv, voicemail=True)
                self.apply(conv)
                self.later(seconds, lambda: self._hangup(conv.customer))
            case p.HangupCommand(reason=reason, sip_code=code):
                conv.end_reason = reason or "hangup"
                operator, conv.operator = conv.operator, None
                self._hangup(operator)
                self._drop_party(conv)
                self._hangup(conv.customer, code if not conv.customer.answered else 200)
            case p.ThirdPartyCommand(mode=mode):
                if mode == "none":
                    self._drop_party(conv)
                else:
                    conv.mode = mode
                self.apply(conv)
            case p.DialPartyCommand():
                self._dial_party(conv, command)
            case p.MergeCommand():
                self._merge(conv)
            case p.DtmfCommand(digits=digits):
                conv.customer.dialDtmf(digits)

    def _drop_party(self, conv: Conversation) -> None:
        party, conv.party = conv.party, None
        conv.mode = ""
        conv.party_expected.clear()
        if party is not None:
            party.role = "dropped"
            self._hangup(party)

    def _dial_party(self, conv: Conversation, command: p.DialPartyCommand) -> None:
        if conv.party is not None or len(self.legs) >= MAX_LEGS:
            self.send(p.PartyEndedEvent(call_ref=conv.ref, reason="486 switch worker has no free leg"))
            return
        account, prm = self.account, pj.CallOpParam(True)
        if command.line is not None:  # a phone number: out through the trunk as the line's caller ID
            try:
                account = self.trunks.dialer(command.line)
            except pj.Error as exc:
                self.send(
                    p.PartyEndedEvent(call_ref=conv.ref, reason=f"503 no trunk account {_pj_text(exc)}")
                )
                return
            prm = self.trunks.call_param(command.line)
        leg = Leg(self, account, pj.PJSUA_INVALID_ID, next(self._keys), "party")
        leg.ref = conv.ref
        leg.post_dial = command.post_dial
        self.legs[leg.key] = leg
        conv.party = leg
        if command.line is not None:
            self.trunks.reap_when_gone(account, leg.key)
        try:
            leg.makeCall(command.uri, prm)
        except pj.Error as exc:
            self.legs.pop(leg.key, None)
            conv.party = None
            self.send(p.PartyEndedEvent(call_ref=conv.ref, reason=f"failed {_pj_text(exc)}"))

    def _merge(self, conv: Conversation) -> None:
        """«Объединить вызовы»: the party becomes the operator; the old operator leg leaves quietly."""
        party = conv.party
        if party is None:
            return
        old, conv.operator, conv.party = conv.operator, party, None
        party.role = "operator"
        conv.mode = ""
        conv.bridge_wanted = True
        if conv.state in ("held", "queue"):
            conv.state = "bridged"
        if old is not None:
            old.role = "dropped"
            self._hangup(old)
        self.apply(conv)

    def _detach(self, conv: Conversation) -> None:
        conv.bridge_wanted = False
        operator, conv.operator = conv.operator, None
        if conv.state in ("bridged", "held"):
            conv.state = "queue"
        self._hangup(operator)
        self.apply(conv)

    def _answer_operator(self, key: int, accept: bool) -> None:
        leg = self.pending_operator.pop(key, None)
        if leg is None:
            return
        conv = self.convs.get(leg.ref)
        party = leg.role == "party"
        if not accept or conv is None or (conv.party if party else conv.operator) is not None:
            leg.role = "refused"
            self._respond(leg, 403)
            return
        if party:
            conv.party = leg
        else:
            conv.operator = leg
        self._respond(leg, 200)


def _waker(bind: str, port: int) -> tuple[socket.socket, tuple[str, int]]:
    """A UDP socket and the address of our own SIP transport to send wake-ups to."""
    bound = ipaddress.ip_address(bind or "0.0.0.0")  # noqa: S104 (the address the transport listens on)
    if bound.is_unspecified:
        bound = ipaddress.ip_address("::1" if bound.version == 6 else "127.0.0.1")
    family = socket.AF_INET6 if bound.version == 6 else socket.AF_INET
    return socket.socket(family, socket.SOCK_DGRAM), (str(bound), port)


def _prioritize_media() -> None:
    """Real-time round-robin priority for the media threads; without the right to it the worker runs as
    before, and says so once on stderr (the worker's error file in the data dir)."""
    task = Path("/proc/self/task")
    if not hasattr(os, "sched_setscheduler") or not task.is_dir():
        return
    for entry in task.iterdir():
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if name not in MEDIA_THREADS:
            continue
        try:
            os.sched_setscheduler(int(entry.name), os.SCHED_RR, os.sched_param(MEDIA_PRIORITY))
        except PermissionError:
            print("switch worker: no real-time priority for media (LimitRTPRIO=)", file=sys.stderr)
            return
        except OSError:
            continue


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)


def _control_socket(spec: str) -> socket.socket:
    kind, _, value = spec.partition(":")
    if kind == "fd":
        return socket.socket(fileno=int(value))
    if kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(value)
        return sock
    raise SystemExit(f"--control: expected fd:N or unix:PATH, got {spec!r}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app.server.switch.worker")
    parser.add_argument("--sip-port", type=int, required=True, help="UDP SIP port (0 = any)")
    parser.add_argument("--rtp-port", type=int, required=True, help="first RTP port of this worker")
    parser.add_argument("--rtp-range", type=int, default=40, help="how many RTP ports it may use")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--control", required=True, help="fd:N (inherited socket) or unix:PATH")
    parser.add_argument("--data-dir", type=Path, required=True, help="sounds/ and recordings/ live here")
    parser.add_argument("--log", type=Path, help="pjsip log file")
    parser.add_argument("--listen", type=Path, help="Unix socket where a restarted api's manager attaches")
    parser.add_argument(
        "--orphan-grace", type=float, default=60.0, help="seconds conversations wait for an api to attach"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C in a terminal reaches the whole process group; the manager decides when a worker stops
    # (shutdown command, or the control socket closing when the api is gone).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = _control_socket(args.control)
    prompts = ensure_prompts(args.data_dir / "sounds")
    # pjlib prints a banner to stdout before its log settings apply; stdout is not ours to fill.
    os.dup2(2, 1)
    worker = Worker(
        control=control,
        sip_port=args.sip_port,
        rtp_port=args.rtp_port,
        rtp_range=args.rtp_range,
        bind=args.bind,
        prompts=prompts,
        record_dir=args.data_dir / "recordings",
        log_file=args.log,
        listen_path=args.listen,
        orphan_grace=args.orphan_grace,
    )
    try:
        worker.run()
    except pj.Error as exc:
        print(f"switch worker: {_pj_text(exc)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
