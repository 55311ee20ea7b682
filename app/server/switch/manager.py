"""The switch manager: spawns and supervises the media workers and implements ``SwitchPort``.

Each worker is a child process with its own SIP port and RTP range, talking the :mod:`.protocol` over a
``socketpair``. With the Kamailio front (:mod:`.front`) Kamailio takes the public SIP port and spreads new
calls over the workers (ports above it) with failover; without it, worker 0 takes the public SIP port and
customers reach worker 0 only. Orders from the domain are queued to the
worker holding the call and never block. Worker events are handled on one dispatcher thread that calls the
``AcdEngine`` entry points (thread-safe: they take the engine's lock and their own transactions). A worker
that dies is replaced on the same ports and the domain is told that its calls are gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.protocol.trunks import TrunkRegistration
from app.server.core.errors import NotFoundError
from app.server.core.logging import log_event
from app.server.models import QueueNumber
from app.server.services import trunks
from app.server.services.switch_port import OutboundLine
from app.server.switch import protocol as p
from app.server.switch.front import TRUNK_CONTACT_PREFIX, SipFront
from app.server.switch.link import socket_path
from app.server.switch.sounds import ensure_prompts

if TYPE_CHECKING:
    from app.server.core.db import Database
    from app.server.services.acd import AcdEngine

READY_TIMEOUT = 20.0
TRUNK_WORKER = 0
"""The worker holding the trunks' registrations; inbound calls come in through the public address like any
other, and any worker calls out through a trunk."""


def pjsua2_available() -> bool:
    try:
        import pjsua2  # noqa: F401 - probing the optional media engine
    except ImportError:
        return False
    return True


def worker_command() -> list[str]:
    """How to start a worker: the frozen server re-runs itself with a hidden flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--switch-worker"]
    return [sys.executable, "-m", "app.server.switch.worker"]


@dataclass(eq=False)
class _Worker:
    index: int
    sip_port: int
    rtp_port: int
    process: subprocess.Popen[bytes] | None = None
    sock: socket.socket | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    generation: int = 0
    started_at: float = 0.0
    failures: int = 0
    attached: bool = False  # taken over from the previous api (its process is not our child)
    state_seen: threading.Event = field(default_factory=threading.Event)


@dataclass(slots=True)
class _CallInfo:
    worker: int
    operator_id: int | None = None
    recording_id: int | None = None
    token_hashes: set[str] = field(default_factory=set)


class SwitchManager:
    """The embedded media switch (implements :class:`~app.server.services.switch_port.SwitchPort`)."""

    def __init__(
        self,
        *,
        data_dir: Path,
        workers: int = 2,
        sip_host: str = "127.0.0.1",
        sip_port: int = 5080,
        rtp_port: int = 40000,
        rtp_range: int = 40,
        log_dir: Path | None = None,
        front: str = "none",
    ) -> None:
        self.data_dir = data_dir
        self.sip_host = sip_host
        self.rtp_range = rtp_range
        self.log_dir = log_dir
        self.front: SipFront | None = None
        first_worker_port = sip_port
        if front == "kamailio":
            self.front = SipFront(
                work_dir=data_dir / "sip-front",
                host=sip_host,
                port=sip_port or _free_udp_port(sip_host),
                log_file=log_dir / "kamailio.log" if log_dir is not None else None,
            )
            first_worker_port = sip_port + 1 if sip_port else 0
        self._workers = [
            _Worker(
                index=i,
                sip_port=first_worker_port + i if first_worker_port else 0,
                rtp_port=rtp_port + i * rtp_range,
            )
            for i in range(workers)
        ]
        self._calls: dict[str, _CallInfo] = {}
        self._lock = threading.Lock()
        self._events: queue.Queue[tuple[_Worker, int, p.Event | None] | Callable[[], None] | None] = (
            queue.Queue()
        )
        self._acd: AcdEngine | None = None
        self._db: Database | None = None
        self._stopping = False
        self._dispatcher: threading.Thread | None = None
        self.lost_calls = 0
        self._trunk_accounts: dict[int, trunks.TrunkAccount] = {}
        self._trunk_states: dict[int, tuple[TrunkRegistration, int | None]] = {}

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self, acd: AcdEngine, db: Database) -> None:
        self._acd, self._db = acd, db
        ensure_prompts(self.data_dir / "sounds")  # once, before the workers (they would race to make them)
        self._dispatcher = threading.Thread(target=self._dispatch_loop, name="switch-events", daemon=True)
        self._dispatcher.start()
        for worker in self._workers:
            self._attach_or_spawn(worker)
        deadline = time.monotonic() + READY_TIMEOUT
        for worker in self._workers:
            if not worker.ready.wait(max(0.0, deadline - time.monotonic())):
                # The api stays up without media; the supervisor keeps retrying with a backoff.
                log_event("switch.worker_not_ready", worker=worker.index, sip_port=worker.sip_port)
        for worker in self._workers:
            if worker.attached:
                worker.state_seen.wait(max(0.0, deadline - time.monotonic()))
        self._events.put(self._reconcile)  # after every kept event and state of the attached workers
        if self.front is not None:
            self.front.start([(self.sip_host, w.sip_port) for w in self._workers if w.sip_port])
        log_event(
            "switch.started",
            workers=len(self._workers),
            sip=[f"{self.sip_host}:{w.sip_port}" for w in self._workers],
            public=self.public_sip(),
            front=(
                f"kamailio dispatcher on {self.public_sip()}"
                if self.front is not None
                else "none (customers reach worker 0)"
            ),
        )

    def stop(self) -> None:
        self._stopping = True
        if self.front is not None:  # first: no new call may reach a worker that is going away
            self.front.stop()
        for worker in self._workers:
            # The api stops, the switch need not: conversations go on and the next api attaches.
            self._send(worker, p.ShutdownCommand(keep_calls=True))
        with self._lock:
            busy = {info.worker for info in self._calls.values()}
        for worker in self._workers:
            proc = worker.process
            if proc is None:
                continue
            if worker.index in busy:  # it keeps its conversations (its orphan grace ends them otherwise)
                log_event("switch.worker_kept", worker=worker.index, pid=proc.pid)
                continue
            try:
                proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                log_event("switch.worker_kept", worker=worker.index, pid=proc.pid)
            if worker.sock is not None:
                worker.sock.close()
        self._events.put(None)
        if self._dispatcher is not None:
            self._dispatcher.join(timeout=5)

    def public_sip(self) -> str:
        if self.front is not None:
            return f"{self.front.host}:{self.front.port}"
        return f"{self.sip_host}:{self._workers[0].sip_port}"

    def worker_pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process is not None]

    def _attach_or_spawn(self, worker: _Worker) -> None:
        """Take over a worker the previous api left running with conversations (they outlive an api
        restart), else start a new one."""
        path = socket_path(self.data_dir, worker.index)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
        except OSError:
            sock.close()
            self._spawn(worker)
            return
        worker.started_at = time.monotonic()
        worker.generation += 1
        worker.ready.clear()
        worker.attached, worker.process, worker.sock = True, None, sock
        log_event("switch.worker_attached", worker=worker.index, socket=str(path))
        threading.Thread(
            target=self._read_worker,
            args=(worker, sock, worker.generation),
            name=f"switch-worker-{worker.index}",
            daemon=True,
        ).start()

    def _reconcile(self) -> None:
        """Calls the domain holds as live that no worker has (they ended while no api listened, or their
        worker died with it) are over."""
        assert self._acd is not None
        with self._lock:
            alive = set(self._calls)
        lost = self._acd.reconcile_calls(alive)
        if lost:
            log_event("switch.calls_gone_while_away", calls=lost)

    def _spawn(self, worker: _Worker) -> None:
        if self._stopping:
            return
        parent, child = socket.socketpair()
        worker.started_at = time.monotonic()
        worker.generation += 1
        worker.ready.clear()
        cmd = [
            *worker_command(),
            "--sip-port",
            str(worker.sip_port),
            "--rtp-port",
            str(worker.rtp_port),
            "--rtp-range",
            str(self.rtp_range),
            "--bind",
            self.sip_host,
            "--control",
            f"fd:{child.fileno()}",
            "--data-dir",
            str(self.data_dir),
        ]
        listen = socket_path(self.data_dir, worker.index)
        if len(str(listen)) < 100:  # AF_UNIX paths are short; without it calls end with the api
            cmd += ["--listen", str(listen)]
        if self.log_dir is not None:
            cmd += ["--log", str(self.log_dir / f"switch-worker-{worker.index}.log")]
        # Its stderr goes to a file, not the api's: a worker outlives an api restart, and writing into the
        # closed pipe of a gone api would kill it.
        errors = socket_path(self.data_dir, worker.index).with_suffix(".log")
        errors.parent.mkdir(parents=True, exist_ok=True)
        with errors.open("ab") as stderr:
            worker.process = subprocess.Popen(
                cmd,
                pass_fds=[child.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # a terminal's signals to the api's group are the api's
            )
        child.close()
        worker.sock = parent
        generation = worker.generation
        threading.Thread(
            target=self._read_worker,
            args=(worker, parent, generation),
            name=f"switch-worker-{worker.index}",
            daemon=True,
        ).start()

    def _read_worker(self, worker: _Worker, sock: socket.socket, generation: int) -> None:
        with contextlib.suppress(OSError), sock.makefile("rb") as lines:
            for line in lines:
                try:
                    event = p.decode_event(line)
                except ValueError as exc:
                    log_event("switch.bad_event", worker=worker.index, error=str(exc))
                    continue
                if isinstance(event, p.WorkerReadyEvent):
                    worker.sip_port = event.sip_port
                    worker.ready.set()
                self._events.put((worker, generation, event))
                if isinstance(event, p.WorkerStateEvent):
                    worker.state_seen.set()
        self._events.put((worker, generation, None))  # the worker is gone

    def _send(self, worker: _Worker, command: p._Message) -> None:
        sock = worker.sock
        if sock is None:
            return
        with worker.send_lock:
            try:
                sock.sendall(p.encode(command))
            except OSError as exc:
                log_event("switch.send_failed", worker=worker.index, error=repr(exc))

    def _send_call(self, call_ref: str, command: p._Message) -> None:
        with self._lock:
            info = self._calls.get(call_ref)
        if info is None:
            log_event("switch.unknown_call", call_ref=call_ref, command=type(command).__name__)
            return
        self._send(self._workers[info.worker], command)

    # --- worker events → domain ------------------------------------------------------------------

    def _dispatch_loop(self) -> None:
        while True:
            item = self._events.get()
            if item is None:
                return
            if callable(item):
                item()  # a job for this thread, in order with the events before it
                continue
            worker, generation, event = item
            if generation != worker.generation:
                continue
            try:
                if event is None:
                    self._worker_lost(worker)
                else:
                    self._on_event(worker, event)
            except Exception as exc:
                log_event("switch.event_failed", worker=worker.index, error=repr(exc))

    def _on_event(self, worker: _Worker, event: p.Event) -> None:
        acd = self._acd
        assert acd is not None
        match event:
            case p.CustomerArrivedEvent(call_ref=ref, to_user=number, caller=caller, dialed=dialed):
                tenant_id = self._tenant_of(number)
                if tenant_id is None and dialed:  # a provider's call to the trunk's Contact: To has it
                    number, tenant_id = dialed, self._tenant_of(dialed)
                if tenant_id is None:
                    self._send(worker, p.HangupCommand(call_ref=ref, reason="unknown_number", sip_code=404))
                    return
                with self._lock:
                    self._calls[ref] = _CallInfo(worker=worker.index)
                log_event("switch.customer_arrived", call_ref=ref, worker=worker.index, to=number)
                try:
                    acd.customer_call_arrived(
                        tenant_id=tenant_id, queue_number=number, caller_number=caller, call_id=ref
                    )
                except NotFoundError:
                    self._send(worker, p.HangupCommand(call_ref=ref, reason="unknown_number", sip_code=404))
            case p.OperatorLegEvent(call_ref=ref, leg=leg, token=token):
                accepted = acd.operator_leg_answered(token)
                self._send(worker, p.AnswerOperatorCommand(leg=leg, accept=accepted))
            case p.OutboundLegEvent(call_ref=ref):
                log_event("switch.outbound_leg", call_ref=ref, worker=worker.index)
                acd.outbound_leg_arrived(ref)
            case p.CustomerEndedEvent(call_ref=ref, reason=reason):
                log_event("switch.customer_ended", call_ref=ref, reason=reason)
                acd.customer_hung_up(ref, reason)
                with self._lock:
                    self._calls.pop(ref, None)
            case p.RecordingClosedEvent(call_ref=ref, path=path, seconds=seconds, voicemail=voicemail):
                # Every recording gets its row and ``recording.saved``, also after the call ended.
                log_event("switch.recording_closed", call_ref=ref, path=path, seconds=round(seconds, 2))
                acd.recording_closed(ref, path, seconds, voicemail=voicemail)
            case p.OperatorLegEndedEvent(call_ref=ref, reason=reason):
                log_event("switch.operator_leg_ended", call_ref=ref, reason=reason)
            case p.BridgedEvent(call_ref=ref):
                log_event("switch.bridged", call_ref=ref)
                acd.recording_started(ref)  # every bridged call is recorded
            case p.PartyAnsweredEvent(call_ref=ref):
                log_event("switch.party_answered", call_ref=ref)
                acd.party_answered(ref)
            case p.PartyEndedEvent(call_ref=ref, reason=reason):
                log_event("switch.party_ended", call_ref=ref, reason=reason)
                acd.party_ended(ref, reason)
            case p.DtmfReceivedEvent(call_ref=ref, digit=digit):
                acd.customer_dtmf(ref, digit)
            case p.WorkerStateEvent(call_refs=refs):
                log_event("switch.worker_state", worker=worker.index, calls=refs)
                with self._lock:
                    for ref in refs:
                        self._calls.setdefault(ref, _CallInfo(worker=worker.index))
            case p.WorkerErrorEvent(message=message):
                log_event("switch.worker_error", worker=worker.index, message=message)
            case p.WorkerReadyEvent(sip_port=port, pid=pid):
                log_event("switch.worker_ready", worker=worker.index, sip_port=port, pid=pid)
                if worker.index == TRUNK_WORKER:  # a new process: register the trunks again
                    self.trunks_changed(fresh=True)
            case p.TrunkStateEvent(trunk_id=trunk_id, code=code, reason=reason, registered=registered):
                self._trunk_states[trunk_id] = (_registration(code, registered), code or None)
                log_event(
                    "switch.trunk_state", trunk_id=trunk_id, code=code, reason=reason, registered=registered
                )

    def _worker_lost(self, worker: _Worker) -> None:
        acd = self._acd
        assert acd is not None
        proc = worker.process
        # A stopping api's workers may live on with their conversations: nothing to reap then.
        code = proc.wait(timeout=5) if proc is not None and not self._stopping else None
        with self._lock:
            lost = {ref: info for ref, info in self._calls.items() if info.worker == worker.index}
            for ref in lost:
                del self._calls[ref]
        if self._stopping:
            return
        log_event("switch.worker_lost", worker=worker.index, exit_code=code, calls=sorted(lost))
        self.lost_calls += len(lost)
        if worker.sock is not None:
            worker.sock.close()
            worker.sock = None
        if worker.ready.is_set() and time.monotonic() - worker.started_at > 10.0:
            worker.failures = 0
        else:  # died at start (port taken, missing sounds...): don't spin
            worker.failures += 1
        delay = min(30.0, 2.0 ** (worker.failures - 1)) if worker.failures else 0.0
        worker.ready.clear()
        if delay:
            timer = threading.Timer(delay, self._spawn, args=(worker,))
            timer.daemon = True
            timer.start()
        else:
            self._spawn(worker)
        for ref in lost:
            # Both legs died with the process: the conversation is over (not requeued: the customer's
            # leg is gone too, so ``leg_failed`` would offer a call nobody is on).
            log_event("switch.call_lost", call_ref=ref, reason="switch_worker_lost", worker=worker.index)
            try:
                acd.customer_hung_up(ref, "switch_worker_lost")
            except Exception as exc:
                log_event("switch.lost_call_report_failed", call_ref=ref, error=repr(exc))

    def _tenant_of(self, number: str) -> int | None:
        assert self._db is not None
        with self._db.reading() as session:
            return session.execute(
                select(QueueNumber.tenant_id).where(QueueNumber.number == number)
            ).scalar_one_or_none()

    # --- SwitchPort: domain orders → workers -----------------------------------------------------

    def worker_uri(self, call_ref: str) -> str:
        with self._lock:
            info = self._calls.get(call_ref)
        worker = self._workers[info.worker if info is not None else 0]
        return f"sip:cc-{call_ref}@{self.sip_host}:{worker.sip_port}"

    def offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            info = self._calls.get(call_ref)
            if info is not None:
                info.token_hashes.add(digest)
        self._send_call(call_ref, p.ExpectOperatorCommand(call_ref=call_ref, token_sha256=digest))

    def offer_cancelled(self, call_ref: str, token_sha256: str) -> None:
        self._send_call(call_ref, p.CancelOperatorCommand(call_ref=call_ref, token_sha256=token_sha256))

    def bridge(self, call_ref: str, operator_id: int) -> None:
        with self._lock:
            info = self._calls.get(call_ref)
            if info is not None:
                info.operator_id = operator_id
        self._send_call(call_ref, p.BridgeCommand(call_ref=call_ref))

    def hold(self, call_ref: str) -> None:
        self._send_call(call_ref, p.HoldCommand(call_ref=call_ref))

    def resume(self, call_ref: str) -> None:
        self._send_call(call_ref, p.ResumeCommand(call_ref=call_ref))

    def transfer(self, call_ref: str, operator_id: int | None) -> None:
        with self._lock:
            info = self._calls.get(call_ref)
            if info is not None:
                info.operator_id = None
        self._send_call(call_ref, p.DetachOperatorCommand(call_ref=call_ref))

    def to_voicemail(self, call_ref: str) -> None:
        self._send_call(call_ref, p.VoicemailCommand(call_ref=call_ref))

    def start_recording(self, call_ref: str, recording_id: int) -> None:
        """Every bridged call is recorded anyway; the id is where the path is reported when it closes."""
        with self._lock:
            info = self._calls.get(call_ref)
            if info is not None:
                info.recording_id = recording_id

    def hangup(self, call_ref: str, reason: str) -> None:
        self._send_call(call_ref, p.HangupCommand(call_ref=call_ref, reason=reason))

    # third party (consultation, conference, external transfer) and DTMF

    def party_offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        self._send_call(call_ref, p.ExpectOperatorCommand(call_ref=call_ref, token_sha256=digest, party=True))

    def third_party(self, call_ref: str, mode: str) -> None:
        assert mode in ("consult", "conference", "none")
        self._send_call(call_ref, p.ThirdPartyCommand(call_ref=call_ref, mode=mode))

    def dial_party(
        self, call_ref: str, uri: str, line: OutboundLine | None = None, post_dial: str = ""
    ) -> None:
        through = None
        if line is not None:  # any worker dials through a trunk with a short-lived account of its own
            through = p.TrunkLine(
                registrar=line.registrar,
                username=line.username,
                password=line.password,
                domain=line.domain,
                caller_id=line.caller_id,
            )
        self._send_call(
            call_ref, p.DialPartyCommand(call_ref=call_ref, uri=uri, line=through, post_dial=post_dial)
        )

    def merge(self, call_ref: str, operator_id: int | None) -> None:
        with self._lock:
            info = self._calls.get(call_ref)
            if info is not None:
                info.operator_id = operator_id
        self._send_call(call_ref, p.MergeCommand(call_ref=call_ref))

    def send_dtmf(self, call_ref: str, digits: str) -> None:
        self._send_call(call_ref, p.DtmfCommand(call_ref=call_ref, digits=digits))

    # --- trunks (TrunkRegistrar) ------------------------------------------------------------------

    def trunks_changed(self, *, fresh: bool = False) -> None:
        """Bring worker 0's trunk accounts in line with the database (``fresh``: it has none yet)."""
        if self._db is None:
            return
        with self._db.reading() as session:
            wanted = {a.trunk_id: a for a in trunks.accounts(session)}
        with self._lock:
            known = {} if fresh else dict(self._trunk_accounts)
            self._trunk_accounts = wanted
        worker = self._workers[TRUNK_WORKER]
        for trunk_id in known.keys() - wanted.keys():
            self._trunk_states.pop(trunk_id, None)
            self._send(worker, p.UnregisterTrunkCommand(trunk_id=trunk_id))
        for trunk_id, account in wanted.items():
            if known.get(trunk_id) == account:
                continue
            self._trunk_states[trunk_id] = (
                TrunkRegistration.REGISTERING if account.register else TrunkRegistration.OFF,
                None,
            )
            user, host = account.username, self.public_sip()
            self._send(
                worker,
                p.RegisterTrunkCommand(
                    trunk_id=trunk_id,
                    registrar=account.registrar,
                    username=user,
                    password=account.password,
                    domain=account.domain,
                    registers=account.register,
                    # The front sends in-dialog requests to this Contact on to worker 0 (front.py).
                    contact=f"<sip:{TRUNK_CONTACT_PREFIX}{trunk_id}@{host}>",
                ),
            )

    def outbound_call(
        self, *, trunk: trunks.TrunkAccount, number: str, caller_id: str
    ) -> tuple[str, str, str]:
        """An operator's call out through ``trunk`` (TrunkDialer); the least busy worker answers the
        operator's leg carrying the token, then dials."""
        ref, token = secrets.token_hex(6), secrets.token_urlsafe(32)
        with self._lock:
            worker = self._least_busy()
            self._calls[ref] = _CallInfo(worker=worker.index)
        self._send(
            worker,
            p.OutboundCallCommand(
                call_ref=ref,
                token_sha256=hashlib.sha256(token.encode()).hexdigest(),
                uri=f"sip:{number}@{trunk.registrar.removeprefix('sip:')}",
                caller_id=caller_id,
                registrar=trunk.registrar,
                username=trunk.username,
                password=trunk.password,
                domain=trunk.domain,
            ),
        )
        log_event(
            "switch.outbound_call", call_ref=ref, trunk_id=trunk.trunk_id, number=number, caller_id=caller_id
        )
        return ref, f"sip:cc-{ref}@{self.sip_host}:{worker.sip_port}", token

    def _least_busy(self) -> _Worker:
        """The ready worker with the fewest conversations (under ``_lock``): operators' calls out spread
        over the pool like customers' calls in; each dials with its own short-lived trunk account."""
        load = {w.index: 0 for w in self._workers}
        for info in self._calls.values():
            load[info.worker] = load.get(info.worker, 0) + 1
        ready = [w for w in self._workers if w.ready.is_set()] or self._workers
        return min(ready, key=lambda w: (load.get(w.index, 0), w.index))

    def trunk_state(self, trunk_id: int) -> tuple[TrunkRegistration, int | None]:
        return self._trunk_states.get(trunk_id, (TrunkRegistration.UNKNOWN, None))

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> bool:
        deadline = time.monotonic() + timeout
        return all(w.ready.wait(max(0.0, deadline - time.monotonic())) for w in self._workers)


def _registration(code: int, registered: bool) -> TrunkRegistration:
    if code == 0:
        return TrunkRegistration.OFF
    if registered and 200 <= code < 300:
        return TrunkRegistration.REGISTERED
    return TrunkRegistration.FAILED if code >= 300 else TrunkRegistration.REGISTERING


def _free_udp_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class DisabledSwitch:
    """The switch when media is off (``--switch none``, or pjsua2 missing): orders are logged and dropped,
    so customers cannot call in and offers lead nowhere."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _drop(self, order: str, call_ref: str) -> None:
        log_event("switch.disabled_order", order=order, call_ref=call_ref, reason=self.reason)

    def worker_uri(self, call_ref: str) -> str:
        return ""

    def offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        self._drop("offer_ready", call_ref)

    def offer_cancelled(self, call_ref: str, token_sha256: str) -> None:
        self._drop("offer_cancelled", call_ref)

    def bridge(self, call_ref: str, operator_id: int) -> None:
        self._drop("bridge", call_ref)

    def hold(self, call_ref: str) -> None:
        self._drop("hold", call_ref)

    def resume(self, call_ref: str) -> None:
        self._drop("resume", call_ref)

    def transfer(self, call_ref: str, operator_id: int | None) -> None:
        self._drop("transfer", call_ref)

    def to_voicemail(self, call_ref: str) -> None:
        self._drop("to_voicemail", call_ref)

    def start_recording(self, call_ref: str, recording_id: int) -> None:
        self._drop("start_recording", call_ref)

    def hangup(self, call_ref: str, reason: str) -> None:
        self._drop("hangup", call_ref)

    def party_offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        self._drop("party_offer_ready", call_ref)

    def third_party(self, call_ref: str, mode: str) -> None:
        self._drop("third_party", call_ref)

    def dial_party(
        self, call_ref: str, uri: str, line: OutboundLine | None = None, post_dial: str = ""
    ) -> None:
        self._drop("dial_party", call_ref)

    def merge(self, call_ref: str, operator_id: int | None) -> None:
        self._drop("merge", call_ref)

    def send_dtmf(self, call_ref: str, digits: str) -> None:
        self._drop("send_dtmf", call_ref)
