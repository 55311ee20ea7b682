"""The softphone engine: pjsua2 on one owning thread, commands in as futures, typed events out.

Threading (notes §1.3): one Python thread calls ``libCreate`` and therefore is pjsua2's "main thread";
it polls ``libHandleEvents`` (``threadCnt=0``, ``mainThreadOnly=True``) and runs queued commands between
polls. Every pjsua2 object is created, used and destroyed on it. Public methods may be called from any
thread; they enqueue a command and return a ``concurrent.futures.Future``. A command that is not run
before its deadline fails with ``EngineTimeoutError`` and a dead owner thread fails everything pending,
so callers never hang. Events are delivered by calling ``on_event`` on the owner thread; the caller
marshals them (the Qt side posts them to the GUI thread).
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from softphone.config import AccountConfig, EngineConfig
from softphone.devices import AudioDevice
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


@dataclass(slots=True)
class _Command:
    name: str
    run: Callable[[], Any]
    future: Future[Any]
    deadline: float


class SoftphoneEngine:
    """Public face of the engine; safe to call from any thread."""

    def __init__(self, config: EngineConfig, on_event: EventSink) -> None:
        self.config = config
        self._on_event = on_event
        self._commands: queue.Queue[_Command] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._started: Future[None] = Future()
        self._stopping = threading.Event()
        self._owner: Any = None  # softphone._owner.Owner, only touched on the owner thread
        self._levels: Any = None

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

    def _run(self) -> None:
        from softphone._owner import Owner  # pjsua2 is imported on the owner thread only

        owner: Owner | None = None
        try:
            owner = Owner(self.config, self._emit)
            self._owner = owner
            self._levels = owner.levels
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
        if self._levels is not None:
            self._levels.muted = muted

    def set_speaker_volume(self, volume: float) -> None:
        if self._levels is not None:
            self._levels.speaker_volume = max(0.0, min(2.0, volume))

    def set_mic_gain(self, gain: float) -> None:
        if self._levels is not None:
            self._levels.mic_gain = max(0.0, min(4.0, gain))

    def levels(self) -> LevelsSnapshot:
        """Current microphone and speaker levels in dBFS (poll it from a UI timer; lock-free)."""
        lv = self._levels
        if lv is None:
            return LevelsSnapshot(-96.0, -96.0, False, 1.0, 1.0)
        return LevelsSnapshot(
            mic_dbfs=lv.mic_dbfs,
            speaker_dbfs=lv.speaker_dbfs,
            muted=lv.muted,
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
        )

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
