"""The client's face of the softphone engine (the one module of ``app`` that imports ``softphone``).

The engine delivers its events on its own thread; the bridge re-emits them on the Qt main thread
(a queued signal) and turns them into :class:`~app.state.calls.CallSnapshot` changes. User intents
(dial, answer, hold, transfer …) go to the engine as commands; a failed command becomes
``operation_failed`` with a message key the UI translates. The UI never sees a softphone type.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services.logs import event as log_event
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore, MissedStore

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.call_center import CallCenterActions
    from app.services.call_control import TransferTargets
    from app.services.errors import ClientError
    from app.services.outbound import OutboundLines, OutboundTicket
    from softphone.events import CallStateEvent, SoftphoneEvent

# ``softphone`` is imported on first use, never at start: its package brings numpy and sounddevice, which
# would double the time to the first window (bench/startup.py). The keys below are MessageKey values.
INVALID_NUMBER = "dial.invalid_number"
NO_LINE = "dial.no_line"
LINE_REFUSED = "dial.line_refused"
ENGINE_FAILED = "engine.failed"
OPERATION_FAILED = "call.operation_failed"

log = logging.getLogger(__name__)


class Engine(Protocol):
    """What the bridge needs of ``SoftphoneEngine`` (``FakeSoftphoneEngine`` has the same API)."""

    def call(
        self,
        uri: str,
        headers: dict[str, str] | None = None,
        *,
        post_dial_dtmf: str = "",
        post_dial_delay_s: float = 5.0,
    ) -> Future[int]: ...
    def answer(self, call_id: int) -> Future[None]: ...
    def hangup(self, call_id: int, code: int = 0) -> Future[None]: ...
    def hold(self, call_id: int) -> Future[None]: ...
    def resume(self, call_id: int) -> Future[None]: ...
    def transfer_blind(self, call_id: int, uri: str) -> Future[None]: ...
    def transfer_attended(self, call_id: int, other_call_id: int) -> Future[None]: ...
    def conference(self, call_ids: list[int]) -> Future[None]: ...
    def send_dtmf(self, call_id: int, digits: str) -> Future[None]: ...
    def set_mute(self, muted: bool) -> None: ...
    def set_speaker_volume(self, volume: float) -> None: ...
    def set_mic_gain(self, gain: float) -> None: ...
    def list_devices(self) -> Future[list[Any]]: ...
    def set_device(self, role: Any, device_id: str) -> Future[None]: ...
    def set_audio_options(
        self,
        *,
        echo_cancellation: bool,
        noise_suppression: bool,
        ringtone: Path | None = None,
        ring: bool = True,
    ) -> Future[None]: ...
    def ring_offer(self, on: bool) -> Future[None]: ...
    def sound_test(self, seconds: float = 3.0) -> Future[float]: ...
    def levels(self) -> Any: ...
    def start(self, timeout: float = ...) -> None: ...
    def stop(self, timeout: float = ...) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class SoftphoneBridge(QObject):
    """Softphone events → :class:`CallsStore`; call intents → the engine."""

    operation_failed = Signal(str)
    """A message key (``softphone.events.MessageKey`` values) for the user."""
    processing_unavailable = Signal(str)
    """Echo cancellation / noise suppression could not run (the reason, in English, for the log and UI)."""
    engine_started = Signal(object, object)
    """``(sip_ports, codecs)`` of a (re)started engine: ``{"udp": 5060}``, enabled codecs best first."""
    _event_arrived = Signal(object)
    _command_failed = Signal(str)

    def __init__(
        self,
        *,
        calls: CallsStore,
        missed: MissedStore,
        sip_domain: str = "",
        country_code: str = "7",
        ended_linger_ms: int = 4000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._missed = missed
        self._engine: Engine | None = None
        self.call_center: CallCenterActions | None = None
        """Call control of contact-center calls (REST); without it CC offers are answered by SIP alone."""
        self.outbound: OutboundLines | None = None
        """Contact-center mode's outbound calls through the server's trunks (MW-19), used while there is
        no SIP domain: a typed number is ordered from the server and the leg opened to its worker."""
        self._outbound_seq = 0
        self.sip_domain = sip_domain
        self._country_code = country_code
        self._redial_text = ""
        self._linger_ms = ended_linger_ms
        self._pending_consult: str = ""
        self._pending_offer: str = ""
        self._event_arrived.connect(self._on_event_arrived)
        self._command_failed.connect(self.operation_failed)

    # -- wiring -------------------------------------------------------------------------------------

    def attach(self, engine: Engine) -> None:
        self._engine = engine

    def deliver(self, event: SoftphoneEvent) -> None:
        """The engine's event sink: called on the engine's thread, handled on the Qt main thread."""
        self._event_arrived.emit(event)

    @property
    def available(self) -> bool:
        return self._engine is not None

    # -- intents ------------------------------------------------------------------------------------

    def redial_text(self) -> str:
        """The last number dialled in this session (TP-49: not kept across sessions)."""
        return self._redial_text

    def check_number(self, text: str) -> bool:
        from softphone.dialing import parse_dial_string
        from softphone.errors import InvalidNumberError

        try:
            parse_dial_string(text, country_code=self._country_code)
        except InvalidNumberError:
            return False
        return True

    def normalise(self, text: str) -> str:
        """``text`` as the dialling rules (TP-49) dial it (``74951234567``, ``sip:u@h``); "" if invalid."""
        from softphone.dialing import parse_dial_string
        from softphone.errors import InvalidNumberError

        try:
            target = parse_dial_string(text, country_code=self._country_code)
        except InvalidNumberError:
            return ""
        if target.uri:
            return target.uri
        return target.number + (f",{target.dtmf_suffix}" if target.dtmf_suffix else "")

    def dial(self, text: str, *, consult_of: str = "") -> bool:
        """Place an outgoing call from the number field; False (and ``operation_failed``) if refused."""
        engine = self._engine
        if engine is None:
            self.operation_failed.emit(ENGINE_FAILED)
            return False
        from softphone.dialing import parse_dial_string
        from softphone.errors import InvalidNumberError

        try:
            target = parse_dial_string(text, country_code=self._country_code)
            if not self.sip_domain and self.outbound is not None and not target.uri:
                return self._dial_out(target, text)
            uri = target.sip_uri(self.sip_domain)
        except InvalidNumberError:
            self.operation_failed.emit(INVALID_NUMBER)
            return False
        if text.strip():
            self._redial_text = text.strip()
        self._pending_consult = consult_of
        self._watch(
            engine.call(uri, post_dial_dtmf=target.dtmf_suffix, post_dial_delay_s=target.dtmf_delay_s)
        )
        log_event(log, "call.dial", consult=bool(consult_of))
        return True

    def _dial_out(self, target: Any, text: str) -> bool:
        """A number in contact-center mode: the server places it through the chosen line (MW-19); the
        card shows «ringing out» at once and follows the media leg once the worker is known."""
        from app.protocol.trunks import NUMBER_PATTERN

        outbound = self.outbound
        assert outbound is not None
        if not re.match(NUMBER_PATTERN, target.number):  # a carrier takes digits only (no *, #, short codes)
            self.operation_failed.emit(INVALID_NUMBER)
            return False
        if not outbound.ready:
            self.operation_failed.emit(NO_LINE)
            return False
        self._redial_text = text.strip()
        self._outbound_seq += 1
        key = f"out:{self._outbound_seq}"
        self._calls.upsert(
            CallSnapshot(
                key=key,
                origin=CallOrigin.SIP,
                phase=CallPhase.DIALING,
                incoming=False,
                remote=target.number,
                started_at=_now(),
            )
        )
        outbound.call(
            target.number,
            partial(self._open_outbound_leg, key, target.dtmf_suffix, target.dtmf_delay_s),
            partial(self._outbound_refused, key),
        )
        log_event(log, "call.dial_out", line=outbound.line_id)
        return True

    def _open_outbound_leg(self, key: str, dtmf: str, dtmf_delay_s: float, ticket: OutboundTicket) -> None:
        from app.protocol.calls import OFFER_TOKEN_HEADER

        engine, call = self._engine, self._calls.snapshot.get(key)
        if call is None or call.phase is not CallPhase.DIALING:
            return  # hung up while the server placed it: the unused token expires at the worker
        if engine is None:
            self._outbound_refused(key, None)
            return
        # The worker answers this leg at once; the card rings out until the server's ``call.outbound``
        # says the callee answered (CallCenterSync).
        self._calls.upsert(replace(call, outbound_ref=ticket.call_ref, worker_uri=ticket.worker_uri))
        self._pending_offer = key
        self._watch(
            engine.call(
                ticket.worker_uri,
                {OFFER_TOKEN_HEADER: ticket.token},
                post_dial_dtmf=dtmf,
                post_dial_delay_s=dtmf_delay_s,
            )
        )

    def _outbound_refused(self, key: str, error: ClientError | None) -> None:
        call = self._calls.snapshot.get(key)
        if call is not None and call.sip_call_id is None:
            self._calls.remove(key)
        self.operation_failed.emit(ENGINE_FAILED if error is None else LINE_REFUSED)

    def answer(self, key: str) -> None:
        engine, call = self._engine, self._calls.snapshot.get(key)
        if engine is None or call is None:
            return
        if call.origin is CallOrigin.CONTACT_CENTER and call.sip_call_id is None:
            # CC mode: claim the offer, then open the media leg to the worker holding the customer
            # (ARCHITECTURE §1); the answer names the worker, the offer's token authorises the leg.
            self._calls.upsert(replace(call, phase=CallPhase.DIALING))
            if self.call_center is not None and call.offer_id is not None:
                self.call_center.answer(call.offer_id, partial(self._open_cc_leg, key))
            else:
                self._open_cc_leg(key, call.worker_uri)
            return
        if call.sip_call_id is not None:
            self._watch(engine.answer(call.sip_call_id))

    def _open_cc_leg(self, key: str, worker_uri: str) -> None:
        from app.protocol.calls import OFFER_TOKEN_HEADER  # wire models load after the first frame

        engine, call = self._engine, self._calls.snapshot.get(key)
        if engine is None or call is None:
            return
        self._pending_offer = key
        self._watch(engine.call(worker_uri or call.worker_uri, {OFFER_TOKEN_HEADER: call.offer_token}))

    def reject(self, key: str) -> None:
        call = self._calls.snapshot.get(key)
        if call is None:
            return
        if call.origin is CallOrigin.CONTACT_CENTER and call.sip_call_id is None:
            if self.call_center is not None and call.offer_id is not None:
                self.call_center.reject(call.offer_id)  # it stays in the group queue (TP-50)
            self._calls.remove(key)
            return
        if call.sip_call_id is not None and self._engine is not None:
            self._watch(self._engine.hangup(call.sip_call_id, 486 if call.phase is CallPhase.OFFERED else 0))
        else:
            self._calls.remove(key)

    def hangup(self, key: str) -> None:
        call = self._calls.snapshot.get(key)
        if call is None:
            return
        party, held = self._cc_party(key)
        if party is not None and held is not None and self.call_center is not None:
            # Hanging up a consultation or conference card: the third party leaves (back to the client).
            assert held.cc_call_id is not None
            self.call_center.control(held.cc_call_id, "third-party/cancel")
            return
        if (
            call.origin is CallOrigin.CONTACT_CENTER
            and self.call_center is not None
            and call.cc_call_id is not None
        ) and call.live:
            self.call_center.control(call.cc_call_id, "hangup")
        if call.sip_call_id is not None and self._engine is not None:
            self._watch(self._engine.hangup(call.sip_call_id))
        elif call.phase in (CallPhase.ENDED, CallPhase.WRAPUP) or key.startswith("out:"):
            self._calls.remove(key)  # an outbound call the server is still placing is dropped

    def toggle_hold(self, key: str) -> None:
        call, engine = self._calls.snapshot.get(key), self._engine
        if call is not None and call.origin is CallOrigin.CONTACT_CENTER and self.call_center is not None:
            if call.cc_call_id is not None and call.live:  # the switch holds the customer leg
                self.call_center.control(
                    call.cc_call_id, "resume" if call.phase is CallPhase.HELD else "hold"
                )
            return
        if call is None or engine is None or call.sip_call_id is None:
            return
        if call.phase is CallPhase.HELD:
            self.switch_to(key)
        else:
            self._watch(engine.hold(call.sip_call_id))

    def switch_to(self, key: str) -> None:
        """Resume a held call; the call in conversation goes on hold (one active call, spec §3.3)."""
        engine, snapshot = self._engine, self._calls.snapshot
        call = snapshot.get(key)
        if engine is None or call is None or call.sip_call_id is None:
            return
        active = snapshot.active
        if active is not None and active.key != key and active.sip_call_id is not None:
            self._watch(engine.hold(active.sip_call_id))
        self._watch(engine.resume(call.sip_call_id))

    def transfer_blind(self, key: str, target: str) -> bool:
        call, engine = self._calls.snapshot.get(key), self._engine
        if call is not None and call.origin is CallOrigin.CONTACT_CENTER:
            # The switch owns the customer leg (a REFER on our media leg would move the wrong call):
            # the server transfers it to the employee, group or number.
            if self.call_center is None or call.cc_call_id is None or not call.live or not target.strip():
                self.operation_failed.emit(OPERATION_FAILED)
                return False
            self.call_center.transfer_to(call.cc_call_id, target)
            return True
        if call is not None and call.outbound_ref:
            # A call out through a trunk: the switch holds the callee; no transfer of it yet.
            self.operation_failed.emit(OPERATION_FAILED)
            return False
        if call is None or engine is None or call.sip_call_id is None:
            return False
        from softphone.dialing import parse_dial_string
        from softphone.errors import InvalidNumberError

        try:
            uri = parse_dial_string(target, country_code=self._country_code).sip_uri(self.sip_domain)
        except InvalidNumberError:
            self.operation_failed.emit(INVALID_NUMBER)
            return False
        self._calls.upsert(replace(call, phase=CallPhase.TRANSFERRING))
        self._watch(engine.transfer_blind(call.sip_call_id, uri))
        return True

    def start_consultation(self, key: str, target: str, *, label: str = "") -> bool:
        """«С консультацией»: hold the client, dial the target; «Объединить вызовы» joins them."""
        call, engine = self._calls.snapshot.get(key), self._engine
        if call is not None and call.origin is CallOrigin.CONTACT_CENTER:
            return self._cc_third_party(key, target, "consult", label)
        if call is not None and call.outbound_ref:
            self.operation_failed.emit(OPERATION_FAILED)  # as for a transfer: not for calls out yet
            return False
        if call is None or engine is None or call.sip_call_id is None:
            return False
        if not self.check_number(target):
            self.operation_failed.emit(INVALID_NUMBER)
            return False
        if call.phase is not CallPhase.HELD:
            self._watch(engine.hold(call.sip_call_id))
        return self.dial(target, consult_of=key)

    def start_conference(self, key: str, target: str, *, label: str = "") -> bool:
        """«Начать конференцию» with a third party; only contact-center calls (the switch mixes them)."""
        call = self._calls.snapshot.get(key)
        if call is None or call.origin is not CallOrigin.CONTACT_CENTER:
            self.operation_failed.emit(OPERATION_FAILED)
            return False
        return self._cc_third_party(key, target, "conference", label)

    def _cc_third_party(self, key: str, target: str, mode: str, label: str) -> bool:
        from app.services.call_center import party_key

        call = self._calls.snapshot.get(key)
        if (
            call is None
            or self.call_center is None
            or call.cc_call_id is None
            or not call.live
            or not target.strip()
            or self._calls.snapshot.get(party_key(key)) is not None
        ):
            self.operation_failed.emit(OPERATION_FAILED)
            return False
        # The card shows at once with the chosen name; the server's call.third_party moves it on.
        phase = CallPhase.CONSULTING if mode == "consult" else CallPhase.CONFERENCE
        self._calls.upsert(
            CallSnapshot(
                key=party_key(key),
                origin=CallOrigin.CONTACT_CENTER,
                phase=phase,
                incoming=False,
                remote=label or target,
                started_at=_now(),
                consult_of=key,
            )
        )
        self.call_center.third_party(call.cc_call_id, mode, target)
        return True

    def join_conference(self, consult_key: str) -> None:
        """Bring the held customer into a contact-center consultation: a conference of three."""
        party, held = self._cc_party(consult_key)
        if party is not None and held is not None and self.call_center is not None:
            assert held.cc_call_id is not None
            self._calls.upsert(replace(party, phase=CallPhase.CONFERENCE))
            self.call_center.control(held.cc_call_id, "third-party/conference")

    def _cc_party(self, key: str) -> tuple[CallSnapshot | None, CallSnapshot | None]:
        """A contact-center third-party card and the call it belongs to."""
        snapshot = self._calls.snapshot
        party = snapshot.get(key)
        if party is None or party.origin is not CallOrigin.CONTACT_CENTER or not party.consult_of:
            return None, None
        held = snapshot.get(party.consult_of)
        if held is None or held.cc_call_id is None:
            return None, None
        return party, held

    def transfer_targets(self, then: Callable[[TransferTargets], None]) -> None:
        if self.call_center is None:
            from app.services.call_control import TransferTargets

            then(TransferTargets(loaded=True))
            return
        self.call_center.load_targets(then)

    def merge(self, consult_key: str) -> None:
        """«Объединить вызовы»: hand the held client over to the consulted party."""
        snapshot, engine = self._calls.snapshot, self._engine
        party, held_cc = self._cc_party(consult_key)
        if party is not None and held_cc is not None and self.call_center is not None:
            assert held_cc.cc_call_id is not None
            self.call_center.control(held_cc.cc_call_id, "merge")
            return
        consult = snapshot.get(consult_key)
        if consult is None or engine is None or consult.sip_call_id is None:
            return
        held = snapshot.get(consult.consult_of)
        if held is None or held.sip_call_id is None:
            return
        self._calls.upsert(replace(held, phase=CallPhase.TRANSFERRING))
        self._watch(engine.transfer_attended(held.sip_call_id, consult.sip_call_id))

    def conference(self, keys: list[str]) -> None:
        engine, snapshot = self._engine, self._calls.snapshot
        ids = [
            c.sip_call_id for k in keys if (c := snapshot.get(k)) is not None and c.sip_call_id is not None
        ]
        if engine is None or len(ids) < 2:
            return
        for key in keys:
            call = snapshot.get(key)
            if call is not None:
                self._calls.upsert(replace(call, phase=CallPhase.CONFERENCE, consult_of=""))
        self._watch(engine.conference(ids))

    def send_dtmf(self, key: str, digits: str) -> None:
        call, engine = self._calls.snapshot.get(key), self._engine
        if call is not None and call.origin is CallOrigin.CONTACT_CENTER and self.call_center is not None:
            # The switch owns the customer leg: the digits go to the customer, not to the worker.
            if call.cc_call_id is not None and call.live:
                self.call_center.dtmf(call.cc_call_id, digits)
            return
        if call is not None and engine is not None and call.sip_call_id is not None and call.live:
            self._watch(engine.send_dtmf(call.sip_call_id, digits))

    def set_mute(self, muted: bool) -> None:
        if self._engine is not None:
            self._engine.set_mute(muted)
        self._calls.set_audio(muted=muted)

    def set_speaker_volume(self, volume: float) -> None:
        if self._engine is not None:
            self._engine.set_speaker_volume(volume)
        self._calls.set_audio(speaker_volume=volume)

    def set_mic_gain(self, gain: float) -> None:
        if self._engine is not None:
            self._engine.set_mic_gain(gain)
        self._calls.set_audio(mic_gain=gain)

    def finish_wrapup(self, key: str, topic_id: int, comment: str) -> None:
        """«Готов к работе»: report the topic and comment of a CC call and end post-call work."""
        call = self._calls.snapshot.get(key)
        if call is None:
            return
        if self.call_center is not None and call.cc_call_id is not None:  # a queue call or a call out
            self.call_center.finish_wrapup(call.cc_call_id, [topic_id] if topic_id else [], comment.strip())
        self._calls.remove(key)

    def dismiss(self, key: str) -> None:
        call = self._calls.snapshot.get(key)
        if call is not None and call.phase in (CallPhase.ENDED, CallPhase.WRAPUP):
            self._calls.remove(key)

    # -- softphone settings (TP-25/26: app.services.softphone_settings decides what to apply) ---------

    @property
    def engine(self) -> Engine | None:
        return self._engine

    @staticmethod
    def engine_config(values: dict[str, Any]) -> Any:
        """A ``softphone.config.EngineConfig`` from plain values (``softphone_settings.engine_values``)."""
        from softphone.config import AudioConfig, EngineConfig, SrtpMode, Transport

        audio = dict(values["audio"])
        ringtone = audio.pop("ringtone", "")
        return EngineConfig(
            **{k: v for k, v in values.items() if k not in ("audio", "transports", "srtp")},
            transports=tuple(Transport(t) for t in values["transports"]),
            srtp=SrtpMode(values["srtp"]),
            audio=AudioConfig(**audio, ringtone=Path(ringtone) if ringtone else None),
        )

    def list_devices(self) -> Future[list[Any]] | None:
        return None if self._engine is None else self._engine.list_devices()

    def set_device(self, role: str, device_id: str) -> None:
        """``role``: ``microphone``, ``speaker`` or ``ringer``; ``""`` is the system default."""
        if self._engine is not None:
            from softphone.events import DeviceRole

            self._watch(self._engine.set_device(DeviceRole(role), device_id))

    def set_audio_options(
        self, *, echo_cancellation: bool, noise_suppression: bool, ringtone: str, ring: bool
    ) -> None:
        if self._engine is not None:
            self._watch(
                self._engine.set_audio_options(
                    echo_cancellation=echo_cancellation,
                    noise_suppression=noise_suppression,
                    ringtone=Path(ringtone) if ringtone else None,
                    ring=ring,
                )
            )

    def ring_offer(self, on: bool) -> None:
        """Ring locally for a contact-center offer (it comes over the websocket, not as a SIP call)."""
        if self._engine is not None:
            self._watch(self._engine.ring_offer(on))

    def sound_test(self, seconds: float) -> Future[float] | None:
        return None if self._engine is None else self._engine.sound_test(seconds)

    def mic_level(self) -> float | None:
        """The microphone level now, in dBFS (None without an engine)."""
        return None if self._engine is None else float(self._engine.levels().mic_dbfs)

    async def restart_engine(self, config: Any) -> bool:
        """Stop the engine and start one of the same kind with ``config`` (ports, transport, codecs).

        Should the new configuration not start (a port taken, a TLS transport without support), the
        old configuration is started again so the user keeps a working softphone; False says so.
        """
        import asyncio

        old = self._engine
        if old is None:
            return False
        loop = asyncio.get_running_loop()
        self._engine = None
        await loop.run_in_executor(None, old.stop)
        kind = type(old)
        for attempt in (config, old.config):  # type: ignore[attr-defined]
            engine = kind(attempt, self.deliver)  # type: ignore[call-arg]
            try:
                await loop.run_in_executor(None, engine.start)
            except Exception as exc:
                log_event(log, "softphone.restart_failed", error=type(exc).__name__, detail=str(exc))
                await loop.run_in_executor(None, engine.stop)
                continue
            self._engine = engine
            log_event(log, "softphone.restarted", same=attempt is config)
            return attempt is config
        return False

    # -- engine events ------------------------------------------------------------------------------

    def _watch(self, future: Future[Any]) -> None:
        def done(f: Future[Any]) -> None:
            exc = f.exception()
            if exc is None:
                return
            from softphone.errors import SoftphoneError

            key = exc.message_key.value if isinstance(exc, SoftphoneError) else ENGINE_FAILED
            self._command_failed.emit(key)  # from the engine's thread: queued to the main thread

        future.add_done_callback(done)

    @Slot(object)
    def _on_event_arrived(self, event: object) -> None:
        from softphone.events import CallStateEvent, EngineStartedEvent, ErrorEvent, MessageKey

        if isinstance(event, CallStateEvent):
            self._on_call_state(event)
        elif isinstance(event, EngineStartedEvent):
            self.engine_started.emit(dict(event.sip_ports), tuple(event.codecs))
        elif isinstance(event, ErrorEvent) and event.message_key is MessageKey.AUDIO_PROCESSING_UNAVAILABLE:
            self.processing_unavailable.emit(event.detail)

    def _on_call_state(self, event: CallStateEvent) -> None:
        from softphone.events import CallState

        snapshot = self._calls.snapshot
        call = snapshot.find_sip(event.call_id)
        if call is None:
            if event.state is CallState.DISCONNECTED:
                return
            call = self._new_call(event)
        phase = self._phase_for(call, event)
        if phase is CallPhase.ENDED:
            if call.phase is CallPhase.OFFERED and call.incoming and call.origin is CallOrigin.SIP:
                self._missed.add_local()
            ended = replace(call, phase=phase, end_reason=event.message_key.value, sip_call_id=None)
            self._calls.upsert(ended)
            QTimer.singleShot(self._linger_ms, lambda key=ended.key: self._drop_ended(key))
            return
        connected_at = call.connected_at
        if connected_at is None and phase in (CallPhase.TALKING, CallPhase.CONSULTING, CallPhase.CONFERENCE):
            connected_at = _now()
        self._calls.upsert(
            replace(
                call,
                phase=phase,
                connected_at=connected_at,
                remote_held=event.state is CallState.REMOTE_HELD,
            )
        )

    def _new_call(self, event: CallStateEvent) -> CallSnapshot:
        from softphone.events import Direction

        if self._pending_offer and event.direction is Direction.OUTGOING:
            offer = self._calls.snapshot.get(self._pending_offer)
            self._pending_offer = ""
            if offer is not None:
                return replace(offer, sip_call_id=event.call_id)
        consult_of, self._pending_consult = self._pending_consult, ""
        return CallSnapshot(
            key=f"sip:{event.call_id}",
            origin=CallOrigin.SIP,
            phase=CallPhase.OFFERED if event.direction is Direction.INCOMING else CallPhase.DIALING,
            incoming=event.direction is Direction.INCOMING,
            remote=display_remote(event.remote_uri),
            started_at=_now(),
            sip_call_id=event.call_id,
            consult_of=consult_of,
        )

    @staticmethod
    def _phase_for(call: CallSnapshot, event: CallStateEvent) -> CallPhase:
        from softphone.events import CallState

        state = event.state
        if state is CallState.DISCONNECTED:
            return CallPhase.ENDED
        if state is CallState.INCOMING:
            return CallPhase.OFFERED
        if state in (CallState.CALLING, CallState.EARLY, CallState.CONNECTING):
            return (
                CallPhase.OFFERED if call.phase is CallPhase.OFFERED and call.incoming else CallPhase.DIALING
            )
        if state is CallState.HELD:
            return CallPhase.HELD
        if call.outbound_ref and call.connected_at is None:
            return CallPhase.DIALING  # the worker took the leg; the callee has not answered yet
        if call.phase in (CallPhase.CONFERENCE, CallPhase.TRANSFERRING):
            return call.phase
        return CallPhase.CONSULTING if call.consult_of else CallPhase.TALKING

    def _drop_ended(self, key: str) -> None:
        call = self._calls.snapshot.get(key)
        if call is not None and call.phase is CallPhase.ENDED:
            self._calls.remove(key)


def display_remote(uri: str) -> str:
    """``"Name" <sip:74951234567@host>`` → ``74951234567``; other SIP ids keep user@host."""
    text = uri.strip()
    if "<" in text and ">" in text:
        text = text[text.index("<") + 1 : text.index(">")]
    for scheme in ("sips:", "sip:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    text = text.split(";", 1)[0]
    user, _, host = text.partition("@")
    if user.lstrip("+").isdigit():
        return user
    return f"{user}@{host}" if host else user
