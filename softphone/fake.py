"""A fake softphone for UI tests: the same API and event stream as ``SoftphoneEngine``, no SIP, no audio.

It is honest about what it is: calls move through the usual states on timers (calling → early →
confirmed → disconnected), registration succeeds unless the password is ``"wrong"`` (401) or the
registrar host is ``"unreachable"`` (408), and the test drives the remote side with ``simulate_*``.
Events are delivered on the fake's own thread, like the real engine's owner thread.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from softphone.audiodevice import AudioDevice
from softphone.config import AccountConfig, EngineConfig
from softphone.engine import EventSink, LevelsSnapshot
from softphone.errors import EngineNotRunningError, InvalidNumberError, NoSuchCallError, SoftphoneError
from softphone.events import (
    CallState,
    CallStateEvent,
    DeviceRole,
    Direction,
    DtmfEvent,
    DtmfMethod,
    EngineStartedEvent,
    EngineStoppedEvent,
    MediaStateEvent,
    MessageKey,
    RegistrationEvent,
    RegistrationState,
    TransferEvent,
    message_key_for_sip,
)


@dataclass
class FakeCall:
    call_id: int
    direction: Direction
    remote_uri: str
    state: CallState
    headers: dict[str, str] = field(default_factory=dict)
    dtmf_sent: list[str] = field(default_factory=list)
    in_conference: bool = False


class FakeSoftphoneEngine:
    """Drop-in stand-in for ``SoftphoneEngine`` in UI tests (``step_s`` scales the simulated delays)."""

    def __init__(self, config: EngineConfig, on_event: EventSink, *, step_s: float = 0.05) -> None:
        self.config = config
        self._on_event = on_event
        self.step_s = step_s
        self.calls: dict[int, FakeCall] = {}
        self.registered = False
        self.muted = False
        self.devices: dict[DeviceRole, str] = {}
        self.audio_options: dict[str, Any] = {}
        self.ringing_offer = False
        self._volume = 1.0
        self._gain = 1.0
        self.next_call_result = 200  # the far end's answer to the next outgoing call (e.g. 486)
        self._ids = itertools.count(1)
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    # ---- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = 5.0) -> None:
        self._thread = threading.Thread(target=self._run, name="fake-softphone", daemon=True)
        self._thread.start()
        self._do(
            lambda: self._emit(EngineStartedEvent({"udp": 5060}, ("G722/16000/1", "PCMA/8000/1")))
        ).result(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                job = self._jobs.get(timeout=0.01)
            except queue.Empty:
                job = None
            if job is not None:
                job()
            now = time.monotonic()
            while self._timers and self._timers[0][0] <= now:
                heapq.heappop(self._timers)[2]()
        for call in list(self.calls.values()):
            self._set_state(call, CallState.DISCONNECTED, 200, "Normal call clearing")
        self._emit(EngineStoppedEvent())

    def _emit(self, event: Any) -> None:
        self._on_event(event)

    def _after(self, steps: float, fn: Callable[[], None]) -> None:
        heapq.heappush(self._timers, (time.monotonic() + steps * self.step_s, next(self._seq), fn))

    def _do(self, fn: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        if not self.running:
            future.set_exception(EngineNotRunningError("fake softphone is not running"))
            return future

        def job() -> None:
            try:
                future.set_result(fn())
            except SoftphoneError as exc:
                future.set_exception(exc)

        self._jobs.put(job)
        return future

    def _call(self, call_id: int) -> FakeCall:
        call = self.calls.get(call_id)
        if call is None:
            raise NoSuchCallError(f"no call {call_id}")
        return call

    def _set_state(self, call: FakeCall, state: CallState, code: int = 0, reason: str = "") -> None:
        call.state = state
        key = MessageKey.OK
        if state is CallState.DISCONNECTED:
            key = MessageKey.NORMAL_CLEARING if code in (0, 200) else message_key_for_sip(code)
            self.calls.pop(call.call_id, None)
        self._emit(
            CallStateEvent(
                call.call_id,
                state,
                call.direction,
                call.remote_uri,
                code,
                reason,
                key,
                headers=dict(call.headers),
            )
        )

    def _set_live(self, call: FakeCall, state: CallState, code: int = 0, reason: str = "") -> None:
        if call.call_id in self.calls:
            self._set_state(call, state, code, reason)

    def _connect(self, call: FakeCall) -> None:
        if call.call_id not in self.calls:
            return
        self._set_state(call, CallState.CONFIRMED, 200, "OK")
        self._emit(MediaStateEvent(call.call_id, True, "G722", 16000))

    # ---- registration ---------------------------------------------------------------------------

    def register(self, account: AccountConfig) -> Future[RegistrationEvent]:
        def run() -> RegistrationEvent:
            self._emit(RegistrationEvent(RegistrationState.REGISTERING, 0, "", MessageKey.OK))
            if "unreachable" in account.registrar:
                event = RegistrationEvent(
                    RegistrationState.FAILED, 408, "Request Timeout", MessageKey.REGISTRAR_UNREACHABLE
                )
            elif account.password == "wrong":  # noqa: S105 - the fake's documented trigger
                event = RegistrationEvent(
                    RegistrationState.FAILED, 401, "Unauthorized", MessageKey.WRONG_CREDENTIALS
                )
            else:
                event = RegistrationEvent(
                    RegistrationState.REGISTERED, 200, "OK", MessageKey.OK, account.expires_s
                )
            self.registered = event.state is RegistrationState.REGISTERED
            self._emit(event)
            return event

        return self._do(run)

    def unregister(self) -> Future[None]:
        def run() -> None:
            self.registered = False
            self._emit(RegistrationEvent(RegistrationState.UNREGISTERED, 200, "OK", MessageKey.OK))

        return self._do(run)

    # ---- calls ----------------------------------------------------------------------------------

    def call(
        self,
        uri: str,
        headers: dict[str, str] | None = None,
        *,
        post_dial_dtmf: str = "",
        post_dial_delay_s: float = 5.0,
    ) -> Future[int]:
        def run() -> int:
            if not uri.strip() or " " in uri.strip():
                raise InvalidNumberError(f"invalid SIP URI: {uri!r}")
            call = FakeCall(next(self._ids), Direction.OUTGOING, uri, CallState.CALLING, dict(headers or {}))
            self.calls[call.call_id] = call
            self._set_state(call, CallState.CALLING)
            result, self.next_call_result = self.next_call_result, 200
            self._after(
                1,
                lambda: self._set_live(call, CallState.EARLY, 180, "Ringing"),
            )
            if result == 200:
                self._after(2, lambda: self._connect(call))
                if post_dial_dtmf:  # simulated time: one step stands for the 5 s pause
                    self._after(3, lambda: call.dtmf_sent.append(post_dial_dtmf))
            else:
                self._after(2, lambda: self._set_live(call, CallState.DISCONNECTED, result, ""))
            return call.call_id

        return self._do(run)

    def simulate_incoming(self, remote_uri: str, headers: dict[str, str] | None = None) -> Future[int]:
        """The far end calls us; the call rings until ``answer`` or ``hangup``."""

        def run() -> int:
            call = FakeCall(
                next(self._ids), Direction.INCOMING, remote_uri, CallState.INCOMING, dict(headers or {})
            )
            self.calls[call.call_id] = call
            self._set_state(call, CallState.INCOMING, 180, "Ringing")
            return call.call_id

        return self._do(run)

    def simulate_remote_hangup(self, call_id: int) -> Future[None]:
        return self._do(
            lambda: self._set_state(self._call(call_id), CallState.DISCONNECTED, 200, "Normal call clearing")
        )

    def simulate_dtmf(self, call_id: int, digit: str) -> Future[None]:
        return self._do(lambda: self._emit(DtmfEvent(self._call(call_id).call_id, digit, DtmfMethod.RFC4733)))

    def answer(self, call_id: int) -> Future[None]:
        def run() -> None:
            call = self._call(call_id)
            for other in list(self.calls.values()):
                if other is not call and other.state is CallState.CONFIRMED and not other.in_conference:
                    self._set_state(other, CallState.HELD)
            self._connect(call)

        return self._do(run)

    def hangup(self, call_id: int, code: int = 0) -> Future[None]:
        return self._do(
            lambda: self._set_state(
                self._call(call_id), CallState.DISCONNECTED, code or 200, "Normal call clearing"
            )
        )

    def hold(self, call_id: int) -> Future[None]:
        return self._do(lambda: self._set_state(self._call(call_id), CallState.HELD))

    def resume(self, call_id: int) -> Future[None]:
        return self._do(lambda: self._set_state(self._call(call_id), CallState.CONFIRMED))

    def transfer_blind(self, call_id: int, uri: str) -> Future[None]:
        def run() -> None:
            call = self._call(call_id)
            self._emit(TransferEvent(call_id, 100, "Trying", False))
            self._after(1, lambda: self._emit(TransferEvent(call_id, 200, "OK", True)))
            self._after(1.5, lambda: self._set_live(call, CallState.DISCONNECTED, 200, ""))

        return self._do(run)

    def transfer_attended(self, call_id: int, other_call_id: int) -> Future[None]:
        def run() -> None:
            other = self._call(other_call_id)
            self.transfer_blind(call_id, other.remote_uri)
            self._after(1.5, lambda: self._set_live(other, CallState.DISCONNECTED, 200, ""))

        return self._do(run)

    def conference(self, call_ids: list[int]) -> Future[None]:
        def run() -> None:
            calls = [self._call(c) for c in call_ids]
            if len(calls) < 2:
                raise SoftphoneError("a conference needs at least two calls")
            for call in calls:
                call.in_conference = True
                if call.state is CallState.HELD:
                    self._set_state(call, CallState.CONFIRMED)

        return self._do(run)

    def send_dtmf(self, call_id: int, digits: str, method: DtmfMethod = DtmfMethod.RFC4733) -> Future[None]:
        return self._do(lambda: self._call(call_id).dtmf_sent.append(digits))

    def play_file(self, call_id: int, wav: Path, *, loop: bool = False) -> Future[None]:
        return self._do(lambda: self._call(call_id) and None)

    def record_file(self, call_id: int, wav: Path) -> Future[None]:
        return self._do(lambda: self._call(call_id) and None)

    # ---- audio ----------------------------------------------------------------------------------

    def set_mute(self, muted: bool) -> None:
        self.muted = muted

    def set_speaker_volume(self, volume: float) -> None:
        self._volume = volume

    def set_mic_gain(self, gain: float) -> None:
        self._gain = gain

    def levels(self) -> LevelsSnapshot:
        return LevelsSnapshot(-40.0, -30.0, self.muted, self._volume, self._gain)

    def list_devices(self) -> Future[list[AudioDevice]]:
        headset = AudioDevice("Fake headset|Fake", "Fake headset", "Fake", 1, 1, 48000.0, True, True)
        return self._do(lambda: [headset])

    def set_device(self, role: DeviceRole, device_id: str) -> Future[None]:
        return self._do(lambda: self.devices.__setitem__(role, device_id))

    def set_audio_options(
        self,
        *,
        echo_cancellation: bool,
        noise_suppression: bool,
        ringtone: Path | None = None,
        ring: bool = True,
    ) -> Future[None]:
        def run() -> None:
            self.audio_options = {
                "echo_cancellation": echo_cancellation,
                "noise_suppression": noise_suppression,
                "ringtone": ringtone,
                "ring": ring,
            }

        return self._do(run)

    def ring_offer(self, on: bool) -> Future[None]:
        def run() -> None:
            self.ringing_offer = on

        return self._do(run)

    def sound_test(self, seconds: float = 3.0) -> Future[float]:
        return self._do(lambda: -30.0)
