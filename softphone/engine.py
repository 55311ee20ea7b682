"""The softphone engine: pjsua2 on one owning thread, commands in as futures, typed events out.

Threading (notes §1.3): one Python thread calls ``libCreate`` and therefore is pjsua2's "main thread";
it polls ``libHandleEvents`` (``threadCnt=0``, ``mainThreadOnly=True``) and runs queued commands between
polls. Every pjsua2 object is created, used and destroyed on it. Public methods may be called from any
thread; they enqueue a command and return a ``concurrent.futures.Future``. A command that is not run
before its deadline fails with ``EngineTimeoutError`` and a dead owner thread fails everything pending,
so callers never hang. Events are delivered by calling ``on_event`` on the owner thread; the caller
marshals them (the Qt side posts them to the GUI thread).

``LocalEngine`` is that engine inside the calling process. ``SoftphoneEngine``, what the client uses,
runs a ``LocalEngine`` in a child process (``softphone.host``) behind the same API: the headset's audio
callbacks are Python and need the interpreter lock, and in the client's process a busy GUI thread holds
it; when the scheduler leaves that thread waiting (a loaded machine), the real-time audio threads wait
with it, for up to a second as measured (docs/decisions.md). In its own process nothing else holds it.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import logging
import mmap
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from softphone.audiodevice import AudioDevice
from softphone.config import AccountConfig, EngineConfig
from softphone.errors import (
    EngineNotRunningError,
    EngineTimeoutError,
    SoftphoneError,
)
from softphone.events import (
    DeviceRole,
    DtmfMethod,
    EngineStoppedEvent,
    ErrorEvent,
    MessageKey,
    RegistrationEvent,
    SoftphoneEvent,
)
from softphone.levels import LEVELS_SIZE, Levels

log = logging.getLogger(__name__)

T = TypeVar("T")

EventSink = Callable[[SoftphoneEvent], None]


@dataclass(frozen=True, slots=True)
class LevelsSnapshot:
    mic_dbfs: float
    speaker_dbfs: float
    muted: bool
    speaker_volume: float
    mic_gain: float
    headset_ready: bool = False  # both headset streams are moving audio
    speaker_buffer_ms: float = 0.0  # latency the headset bridge adds: FIFO fill ...
    mic_buffer_ms: float = 0.0
    output_latency_ms: float = 0.0  # ... plus what PortAudio reports for the device
    input_latency_ms: float = 0.0
    # Glitches since the engine started (``Levels`` documents each); a clean call adds none.
    speaker_underruns: int = 0
    mic_underruns: int = 0
    speaker_overflows: int = 0
    mic_overflows: int = 0
    output_underflows: int = 0
    input_overflows: int = 0
    realtime_threads: int = 0  # audio threads on real-time scheduling; 0 where the system refuses
    realtime_refused: int = 0
    worst_audio_wait_ms: float = 0.0  # the latest the bridge's audio callback ran against its 20 ms clock
    mic_blocks: int = 0  # PortAudio blocks (10 ms) moved since the streams (re)opened
    speaker_blocks: int = 0


@dataclass(slots=True)
class _Command:
    name: str
    run: Callable[[], Any]
    future: Future[Any]
    deadline: float


def snapshot(lv: Levels) -> LevelsSnapshot:
    """A consistent-enough copy of the live levels (each field is read once)."""
    return LevelsSnapshot(
        mic_dbfs=lv.mic_dbfs,
        speaker_dbfs=lv.speaker_dbfs,
        muted=bool(lv.muted),
        speaker_volume=lv.speaker_volume,
        mic_gain=lv.mic_gain,
        headset_ready=lv.mic_blocks > 50 and lv.speaker_blocks > 50,
        speaker_buffer_ms=lv.speaker_buffer_ms,
        mic_buffer_ms=lv.mic_buffer_ms,
        output_latency_ms=lv.output_latency_ms,
        input_latency_ms=lv.input_latency_ms,
        speaker_underruns=lv.speaker_underruns,
        mic_underruns=lv.mic_underruns,
        speaker_overflows=lv.speaker_overflows,
        mic_overflows=lv.mic_overflows,
        output_underflows=lv.output_underflows,
        input_overflows=lv.input_overflows,
        realtime_threads=lv.realtime_threads,
        realtime_refused=lv.realtime_refused,
        worst_audio_wait_ms=lv.worst_audio_wait_ms,
        mic_blocks=lv.mic_blocks,
        speaker_blocks=lv.speaker_blocks,
    )


def set_mute(lv: Levels, muted: bool) -> None:
    lv.muted = muted


def set_speaker_volume(lv: Levels, volume: float) -> None:
    lv.speaker_volume = max(0.0, min(2.0, volume))


def set_mic_gain(lv: Levels, gain: float) -> None:
    lv.mic_gain = max(0.0, min(4.0, gain))


class LocalEngine:
    """The engine in this process; safe to call from any thread."""

    def __init__(self, config: EngineConfig, on_event: EventSink, *, levels: Levels | None = None) -> None:
        self.config = config
        self._on_event = on_event
        self._commands: queue.Queue[_Command] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._started: Future[None] = Future()
        self._stopping = threading.Event()
        self._owner: Any = None  # softphone._owner.Owner, only touched on the owner thread
        self._levels = levels if levels is not None else Levels()

    # ---- lifecycle -------------------------------------------------------------------------------

    def start(self, timeout: float = 20.0) -> None:
        """Create the endpoint and transports; raise ``SoftphoneError`` if that fails."""
        if self._thread is not None:
            raise SoftphoneError("engine already started")
        self._thread = threading.Thread(target=self._run, name="softphone-owner", daemon=True)
        self._thread.start()
        try:
            self._started.result(timeout)
        except TimeoutError as exc:
            raise EngineTimeoutError("softphone engine did not start in time") from exc

    def stop(self, timeout: float = 20.0) -> None:
        """Hang up every call, unregister, release devices and destroy pjsua2; idempotent."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        thread.join(timeout)
        if thread.is_alive():
            log.error("softphone owner thread did not stop within %.1f s", timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopping.is_set()

    @property
    def owner_thread_id(self) -> int | None:
        """The owner thread's native id (``softphone.host`` raises its priority)."""
        return self._thread.native_id if self._thread is not None else None

    def _run(self) -> None:
        from softphone._owner import Owner  # pjsua2 is imported on the owner thread only

        owner: Owner | None = None
        try:
            owner = Owner(self.config, self._emit, self._levels)
            self._owner = owner
            owner.start()
        except BaseException as exc:
            log.exception("softphone engine failed to start")
            if owner is not None:
                owner.shutdown()
            self._owner = None
            self._started.set_exception(
                exc if isinstance(exc, SoftphoneError) else SoftphoneError(f"engine start failed: {exc}")
            )
            self._fail_pending()
            return
        self._started.set_result(None)
        try:
            self._loop(owner)
        except BaseException:
            log.exception("softphone owner loop crashed")
            self._emit(ErrorEvent(MessageKey.ENGINE_FAILED, "softphone engine crashed"))
        finally:
            self._stopping.set()
            self._fail_pending()
            owner.shutdown()
            self._owner = None
            self._emit(EngineStoppedEvent())

    def _loop(self, owner: Any) -> None:
        last_gc = time.monotonic()
        while not self._stopping.is_set():
            owner.poll(10)
            while True:
                try:
                    command = self._commands.get_nowait()
                except queue.Empty:
                    break
                self._execute(command)
            owner.tick()
            now = time.monotonic()
            if now - last_gc > 30.0:
                # Collect cycles here, on the registered thread, so the cyclic GC never runs a pjsua2
                # destructor on a PortAudio or executor thread (notes §1.4).
                gc.collect()
                last_gc = now

    def _execute(self, command: _Command) -> None:
        future = command.future
        if not future.set_running_or_notify_cancel():
            return
        if time.monotonic() > command.deadline:
            future.set_exception(EngineTimeoutError(f"{command.name}: not run before its deadline"))
            return
        try:
            future.set_result(command.run())
        except SoftphoneError as exc:
            future.set_exception(exc)
        except Exception as exc:
            log.exception("softphone command %s failed", command.name)
            future.set_exception(SoftphoneError(f"{command.name} failed: {exc}"))

    def _fail_pending(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if command.future.set_running_or_notify_cancel():
                command.future.set_exception(EngineNotRunningError("softphone engine is not running"))

    def _emit(self, event: SoftphoneEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("softphone event handler failed on %r", event)

    def _submit(self, name: str, fn: Callable[[Any], T], timeout: float | None = None) -> Future[T]:
        future: Future[T] = Future()
        if not self.running:
            future.set_exception(EngineNotRunningError("softphone engine is not running"))
            return future
        deadline = time.monotonic() + (timeout if timeout is not None else self.config.command_timeout_s)

        def run() -> T:
            return fn(self._owner)

        self._commands.put(_Command(name, run, future, deadline))
        if self._stopping.is_set():  # lost a race with stop(): the queue may not be drained
            self._fail_pending()
        return future

    # ---- registration ---------------------------------------------------------------------------

    def register(self, account: AccountConfig) -> Future[RegistrationEvent]:
        """Register (or re-register with new settings); resolves with the first final outcome.

        A wrong password resolves with a ``FAILED`` event carrying 401/403, an unreachable registrar
        with 408/503 once ``register_timeout_s`` passed; pjsua2 keeps retrying every
        ``retry_interval_s`` and later outcomes arrive as events.
        """
        result: Future[RegistrationEvent] = Future()

        def run(owner: Any) -> None:
            owner.register(account, result)

        submitted = self._submit("register", run)
        submitted.add_done_callback(lambda f: _chain_failure(f, result))
        return result

    def unregister(self) -> Future[None]:
        return self._submit("unregister", lambda owner: owner.unregister())

    # ---- calls ----------------------------------------------------------------------------------

    def call(
        self,
        uri: str,
        headers: dict[str, str] | None = None,
        *,
        post_dial_dtmf: str = "",
        post_dial_delay_s: float = 5.0,
    ) -> Future[int]:
        """Dial a SIP URI; resolves with the engine's call id as soon as the INVITE is sent.

        Without a registration the call goes out from a direct (registrar-less) identity: this is the
        contact-center mode, where ``headers`` carry the offer token (``X-Pult-Offer``).
        """
        return self._submit(
            "call", lambda owner: owner.make_call(uri, dict(headers or {}), post_dial_dtmf, post_dial_delay_s)
        )

    def answer(self, call_id: int) -> Future[None]:
        return self._submit("answer", lambda owner: owner.answer(call_id))

    def hangup(self, call_id: int, code: int = 0) -> Future[None]:
        """End a call; ``code`` (e.g. 486, 603) rejects an incoming one with that status."""
        return self._submit("hangup", lambda owner: owner.hangup(call_id, code))

    def hold(self, call_id: int) -> Future[None]:
        return self._submit("hold", lambda owner: owner.hold(call_id))

    def resume(self, call_id: int) -> Future[None]:
        return self._submit("resume", lambda owner: owner.resume(call_id))

    def transfer_blind(self, call_id: int, uri: str) -> Future[None]:
        """REFER the peer to ``uri``; progress comes as ``TransferEvent``s, the call ends on success."""
        return self._submit("transfer_blind", lambda owner: owner.transfer_blind(call_id, uri))

    def transfer_attended(self, call_id: int, other_call_id: int) -> Future[None]:
        """REFER with Replaces: connect the peer of ``call_id`` to the peer of ``other_call_id``."""
        return self._submit(
            "transfer_attended", lambda owner: owner.transfer_attended(call_id, other_call_id)
        )

    def conference(self, call_ids: list[int]) -> Future[None]:
        """Local conference: resume the calls and mix them with each other and with the headset."""
        return self._submit("conference", lambda owner: owner.conference(list(call_ids)))

    def send_dtmf(self, call_id: int, digits: str, method: DtmfMethod = DtmfMethod.RFC4733) -> Future[None]:
        return self._submit("send_dtmf", lambda owner: owner.send_dtmf(call_id, digits, method))

    def play_file(self, call_id: int, wav: Path, *, loop: bool = False) -> Future[None]:
        """Send a 16-bit PCM WAV to the peer of a call (instead of or mixed with the microphone)."""
        return self._submit("play_file", lambda owner: owner.attach_player(call_id, wav, loop))

    def record_file(self, call_id: int, wav: Path) -> Future[None]:
        """Record what the peer of a call sends into a WAV (closed when the call ends)."""
        return self._submit("record_file", lambda owner: owner.attach_recorder(call_id, wav))

    # ---- audio ----------------------------------------------------------------------------------

    def set_mute(self, muted: bool) -> None:
        set_mute(self._levels, muted)

    def set_speaker_volume(self, volume: float) -> None:
        set_speaker_volume(self._levels, volume)

    def set_mic_gain(self, gain: float) -> None:
        set_mic_gain(self._levels, gain)

    def levels(self) -> LevelsSnapshot:
        """Current microphone and speaker levels in dBFS (poll it from a UI timer; lock-free)."""
        return snapshot(self._levels)

    def list_devices(self) -> Future[list[AudioDevice]]:
        """Audio devices as PortAudio sees them now, with their stable ids (for the settings dialog)."""
        return self._submit("list_devices", lambda owner: owner.list_devices())

    def set_device(self, role: DeviceRole, device_id: str) -> Future[None]:
        """Choose the microphone, speaker or ringer by stable id (``""`` = system default)."""
        return self._submit("set_device", lambda owner: owner.set_device(role, device_id))

    def set_audio_options(
        self,
        *,
        echo_cancellation: bool,
        noise_suppression: bool,
        ringtone: Path | None = None,
        ring: bool = True,
    ) -> Future[None]:
        """Turn echo cancellation and noise suppression on or off, change the ringtone and whether it
        sounds at all (``ring``), live."""
        return self._submit(
            "set_audio_options",
            lambda owner: owner.set_audio_options(echo_cancellation, noise_suppression, ringtone, ring),
        )

    def ring_offer(self, on: bool) -> Future[None]:
        """Ring (or stop) for a contact-center offer, which is no SIP call of this engine."""
        return self._submit("ring_offer", lambda owner: owner.ring_offer(on))

    def sound_test(self, seconds: float = 3.0) -> Future[float]:
        """«Тест звука»: play the test melody on the speaker; resolves with the loudest mic level (dBFS)."""
        result: Future[float] = Future()

        def run(owner: Any) -> None:
            owner.start_sound_test(seconds, result)

        submitted = self._submit("sound_test", run)
        submitted.add_done_callback(lambda f: _chain_failure(f, result))
        return result


# The commands ``softphone.host`` runs on its ``LocalEngine``: each returns a Future there.
HOST_COMMANDS = frozenset(
    {
        "register", "unregister", "call", "answer", "hangup", "hold", "resume", "transfer_blind",
        "transfer_attended", "conference", "send_dtmf", "play_file", "record_file", "list_devices",
        "set_device", "set_audio_options", "ring_offer", "sound_test",
    }
)  # fmt: skip
HOST_FLAG = "--softphone-host"  # a frozen client runs itself with this flag to become the host (main.py)


def host_command(levels_path: Path) -> list[str]:
    """The command line of the engine's child process."""
    if getattr(sys, "frozen", False):  # PyInstaller: the program is the interpreter
        return [sys.executable, HOST_FLAG, str(levels_path)]
    return [sys.executable, "-m", "softphone.host", str(levels_path)]


def write_message(stream: Any, message: tuple[Any, ...]) -> None:
    """One pickled message with a 4-byte length in front (the pipe between client and host)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(4, "big") + data)
    stream.flush()


def read_message(stream: Any) -> tuple[Any, ...] | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    message = pickle.loads(data)  # noqa: S301 - our own child process, over a private pipe
    assert isinstance(message, tuple)
    return message


class SoftphoneEngine:
    """The engine in its own child process (``softphone.host``), behind ``LocalEngine``'s API.

    Commands go down a pipe and come back as the same futures; events arrive on a reader thread (not the
    caller's); levels, mute, volume and gain live in shared memory, so ``levels()`` and the setters cost
    no round trip. If the child dies, pending futures fail with ``EngineNotRunningError`` and an
    ``ErrorEvent(ENGINE_FAILED)`` and ``EngineStoppedEvent`` follow; if this process dies, the child sees
    the pipe close and shuts pjsua2 down in order.
    """

    def __init__(self, config: EngineConfig, on_event: EventSink) -> None:
        self.config = config
        self._on_event = on_event
        self._levels = Levels()  # replaced by the shared block at start
        self._shared: mmap.mmap | None = None
        self._levels_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._write_lock = threading.Lock()
        self._pending: dict[int, Future[Any]] = {}
        self._pending_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._started: Future[None] = Future()
        self._stopping = threading.Event()
        self._stopped_event_seen = False

    # ---- lifecycle -------------------------------------------------------------------------------

    def start(self, timeout: float = 20.0) -> None:
        """Start the child and in it the endpoint; raise ``SoftphoneError`` if that fails."""
        if self._proc is not None:
            raise SoftphoneError("engine already started")
        fd, name = tempfile.mkstemp(prefix="pult-softphone-", suffix=".levels")
        try:
            os.ftruncate(fd, LEVELS_SIZE)
            self._shared = mmap.mmap(fd, LEVELS_SIZE)
        finally:
            os.close(fd)
        self._levels_path = Path(name)
        shared = Levels.from_buffer(self._shared)
        shared.reset()
        shared.muted = self._levels.muted
        self._levels = shared
        env = dict(os.environ)
        if not getattr(sys, "frozen", False):
            package_root = str(Path(__file__).resolve().parents[1])
            env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(
                host_command(self._levels_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
            )
        except OSError as exc:
            self._discard_levels_file()
            raise SoftphoneError(f"cannot start the softphone process: {exc}") from exc
        self._reader = threading.Thread(target=self._read, name="softphone-host-reader", daemon=True)
        self._reader.start()
        self._send(("config", self.config))
        try:
            self._started.result(timeout)
        except TimeoutError as exc:
            self._kill()
            raise EngineTimeoutError("softphone engine did not start in time") from exc
        except SoftphoneError:
            self._kill()
            raise
        finally:
            self._discard_levels_file()  # both sides have it mapped now (or never will)

    def stop(self, timeout: float = 20.0) -> None:
        """Hang up every call, unregister, release devices, destroy pjsua2 and end the child; idempotent."""
        proc = self._proc
        if proc is None or self._stopping.is_set():
            if proc is not None and self._reader is not None:
                self._reader.join(timeout)
            return
        self._stopping.set()
        with contextlib.suppress(OSError, ValueError):
            self._send(("stop",))
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.error("softphone process did not stop within %.1f s", timeout)
            self._kill()
        if self._reader is not None:
            self._reader.join(timeout)

    @property
    def running(self) -> bool:
        proc = self._proc
        return (
            proc is not None
            and proc.poll() is None
            and self._started.done()
            and self._started.exception() is None
            and not self._stopping.is_set()
        )

    @property
    def process_exit_code(self) -> int | None:
        """The child's exit status once it ended (0 after a clean stop; negative: killed by a signal,
        e.g. -6 for a pjsua2 assertion), None while it runs or before it started."""
        return self._proc.poll() if self._proc is not None else None

    def _kill(self) -> None:
        self._stopping.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(10)

    def _discard_levels_file(self) -> None:
        if self._levels_path is not None:
            with contextlib.suppress(OSError):
                self._levels_path.unlink()
            self._levels_path = None

    def _send(self, message: tuple[Any, ...]) -> None:
        proc = self._proc
        assert proc is not None
        assert proc.stdin is not None
        with self._write_lock:
            write_message(proc.stdin, message)

    def _read(self) -> None:
        proc = self._proc
        assert proc is not None
        assert proc.stdout is not None
        try:
            while True:
                message = read_message(proc.stdout)
                if message is None:
                    break
                self._dispatch(message)
        except Exception:
            log.exception("softphone process pipe failed")
        finally:
            self._child_gone(proc)

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "event":
            if isinstance(message[1], EngineStoppedEvent):
                self._stopped_event_seen = True
            self._emit(message[1])
        elif kind == "reply":
            _, ident, ok, value = message
            with self._pending_lock:
                future = self._pending.pop(ident, None)
            if future is not None and not future.done():
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        elif kind == "started" and not self._started.done():
            self._started.set_result(None)
        elif kind == "start_failed" and not self._started.done():
            self._started.set_exception(message[1])

    def _child_gone(self, proc: subprocess.Popen[bytes]) -> None:
        expected = self._stopping.is_set()
        self._stopping.set()
        if not self._started.done():
            self._started.set_exception(SoftphoneError("the softphone process exited while starting"))
        with self._pending_lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(EngineNotRunningError("softphone engine is not running"))
        with contextlib.suppress(Exception):
            proc.wait(10)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if not expected:
            log.error("softphone process exited unexpectedly (rc=%s)", proc.returncode)
            self._emit(ErrorEvent(MessageKey.ENGINE_FAILED, f"softphone process exited ({proc.returncode})"))
        if self._started.exception() is None and not self._stopped_event_seen:
            self._stopped_event_seen = True
            self._emit(EngineStoppedEvent())

    def _emit(self, event: SoftphoneEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("softphone event handler failed on %r", event)

    def _submit(self, name: str, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        if not self.running:
            future.set_exception(EngineNotRunningError("softphone engine is not running"))
            return future
        ident = next(self._ids)
        with self._pending_lock:
            self._pending[ident] = future
        try:
            self._send(("command", ident, name, args, kwargs))
        except (OSError, ValueError):
            with self._pending_lock:
                self._pending.pop(ident, None)
            if not future.done():
                future.set_exception(EngineNotRunningError("softphone engine is not running"))
        return future

    # ---- the API of LocalEngine ------------------------------------------------------------------

    def register(self, account: AccountConfig) -> Future[RegistrationEvent]:
        """Register (or re-register with new settings); resolves with the first final outcome."""
        return self._submit("register", account)

    def unregister(self) -> Future[None]:
        return self._submit("unregister")

    def call(
        self,
        uri: str,
        headers: dict[str, str] | None = None,
        *,
        post_dial_dtmf: str = "",
        post_dial_delay_s: float = 5.0,
    ) -> Future[int]:
        """Dial a SIP URI; resolves with the engine's call id as soon as the INVITE is sent."""
        return self._submit(
            "call", uri, headers, post_dial_dtmf=post_dial_dtmf, post_dial_delay_s=post_dial_delay_s
        )

    def answer(self, call_id: int) -> Future[None]:
        return self._submit("answer", call_id)

    def hangup(self, call_id: int, code: int = 0) -> Future[None]:
        """End a call; ``code`` (e.g. 486, 603) rejects an incoming one with that status."""
        return self._submit("hangup", call_id, code)

    def hold(self, call_id: int) -> Future[None]:
        return self._submit("hold", call_id)

    def resume(self, call_id: int) -> Future[None]:
        return self._submit("resume", call_id)

    def transfer_blind(self, call_id: int, uri: str) -> Future[None]:
        return self._submit("transfer_blind", call_id, uri)

    def transfer_attended(self, call_id: int, other_call_id: int) -> Future[None]:
        return self._submit("transfer_attended", call_id, other_call_id)

    def conference(self, call_ids: list[int]) -> Future[None]:
        return self._submit("conference", list(call_ids))

    def send_dtmf(self, call_id: int, digits: str, method: DtmfMethod = DtmfMethod.RFC4733) -> Future[None]:
        return self._submit("send_dtmf", call_id, digits, method)

    def play_file(self, call_id: int, wav: Path, *, loop: bool = False) -> Future[None]:
        return self._submit("play_file", call_id, wav, loop=loop)

    def record_file(self, call_id: int, wav: Path) -> Future[None]:
        return self._submit("record_file", call_id, wav)

    def set_mute(self, muted: bool) -> None:
        set_mute(self._levels, muted)

    def set_speaker_volume(self, volume: float) -> None:
        set_speaker_volume(self._levels, volume)

    def set_mic_gain(self, gain: float) -> None:
        set_mic_gain(self._levels, gain)

    def levels(self) -> LevelsSnapshot:
        """Current levels and glitch counters, read from memory shared with the child (lock-free)."""
        return snapshot(self._levels)

    def list_devices(self) -> Future[list[AudioDevice]]:
        return self._submit("list_devices")

    def set_device(self, role: DeviceRole, device_id: str) -> Future[None]:
        return self._submit("set_device", role, device_id)

    def set_audio_options(
        self,
        *,
        echo_cancellation: bool,
        noise_suppression: bool,
        ringtone: Path | None = None,
        ring: bool = True,
    ) -> Future[None]:
        return self._submit(
            "set_audio_options",
            echo_cancellation=echo_cancellation,
            noise_suppression=noise_suppression,
            ringtone=ringtone,
            ring=ring,
        )

    def ring_offer(self, on: bool) -> Future[None]:
        return self._submit("ring_offer", on)

    def sound_test(self, seconds: float = 3.0) -> Future[float]:
        """«Тест звука»: play the test melody on the speaker; resolves with the loudest mic level (dBFS)."""
        return self._submit("sound_test", seconds)


def _chain_failure(submitted: Future[Any], result: Future[Any]) -> None:
    exc = submitted.exception()
    if exc is not None and not result.done():
        result.set_exception(exc)


_ids = itertools.count(1)


def next_call_key() -> int:
    return next(_ids)


class Timers:
    """Owner-thread timers (post-dial DTMF, registration deadline) checked after every poll."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()

    def after(self, seconds: float, fn: Callable[[], None]) -> None:
        heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._seq), fn))

    def run_due(self) -> None:
        now = time.monotonic()
        while self._heap and self._heap[0][0] <= now:
            _, _, fn = heapq.heappop(self._heap)
            with contextlib.suppress(Exception):
                fn()

    def clear(self) -> None:
        self._heap.clear()
