"""Owner-thread state: the pjsua2 endpoint, accounts, calls, media wiring and the headset.

Everything in this module runs on the engine's owner thread (``SoftphoneEngine._run``). It is the
only place that imports pjsua2 besides the shims in ``_pjobjects`` and the bridge port in ``headset``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import sys
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj

from softphone import devices, sounds
from softphone._pjobjects import SipAccount, SipCall
from softphone.config import AccountConfig, EngineConfig, SrtpMode, Transport
from softphone.engine import Timers, next_call_key
from softphone.errors import (
    AudioDeviceError,
    InvalidNumberError,
    NoSuchCallError,
    NotRegisteredError,
    SoftphoneError,
    TooManyCallsError,
)
from softphone.events import (
    CallState,
    CallStateEvent,
    DeviceEvent,
    DeviceRole,
    Direction,
    DtmfEvent,
    DtmfMethod,
    EngineStartedEvent,
    ErrorEvent,
    MediaStateEvent,
    MessageKey,
    RegistrationEvent,
    RegistrationState,
    SoftphoneEvent,
    TransferEvent,
    message_key_for_sip,
)
from softphone.fifo import DriftFifo
from softphone.headset import HeadsetPort
from softphone.levels import Levels
from softphone.priority import ThreadPromoter, thread_ids
from softphone.processing import VoiceProcessor, make_processor

log = logging.getLogger(__name__)

MAX_CALLS = 4  # PJSUA_MAX_CALLS of the PyPI wheel (notes §0.1); makeCall beyond it raises
PJ_ETOOMANY = 70010
PJ_EINVALIDOP = 70013
RESTORE_CHECK_S = 5.0
GIL_SWITCH_INTERVAL_S = 0.001
SAVP_BIT = 0x4000  # PJMEDIA_TP_PROFILE_SRTP within pjmedia_tp_proto
PJSIP_TLS_ECACERT = 171162  # sip_errno.h; the wheel's SWIG module does not export pjsip's error codes
PJSIP_TLS_ECERTVERIF = 171173


SYSTEM_CA_BUNDLES = (Path("/etc/ssl/certs/ca-certificates.crt"), Path("/etc/pki/tls/certs/ca-bundle.crt"))


def _system_ca_bundle() -> Path | None:
    """The distribution's CA bundle: the wheel's own OpenSSL does not know where the system keeps it."""
    return next((path for path in SYSTEM_CA_BUNDLES if path.is_file()), None)


def _tls_refused(status: int, reason: str) -> bool:
    """The server's certificate failed verification (unknown CA, wrong name, expired) or our CA list
    could not be loaded: pjsip reports it as a 503 with the TLS status in the reason."""
    return status in (PJSIP_TLS_ECACERT, PJSIP_TLS_ECERTVERIF) or any(
        name in reason for name in ("PJSIP_TLS_ECERTVERIF", "PJSIP_TLS_ECACERT")
    )


_HEADER_LINE = re.compile(r"^(X-[A-Za-z0-9\-]+)\s*:\s*(.*)$", re.MULTILINE)

_TRANSPORT_TYPES = {
    Transport.UDP: pj.PJSIP_TRANSPORT_UDP,
    Transport.TCP: pj.PJSIP_TRANSPORT_TCP,
    Transport.TLS: pj.PJSIP_TRANSPORT_TLS,
}


@dataclass
class _CallRecord:
    key: int
    call: SipCall
    account: SipAccount
    direction: Direction
    remote_uri: str = ""
    state: CallState = CallState.CALLING
    locally_held: bool = False
    remote_held: bool = False
    media_active: bool = False
    media_since: float = 0.0
    in_conference: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    post_dial_dtmf: str = ""
    post_dial_delay_s: float = 5.0
    players: list[Any] = field(default_factory=list)
    recorders: list[Any] = field(default_factory=list)
    transfer_pending: bool = False
    replaces: int = 0  # attended transfer: the consultation call the peer is asked to replace
    local_crypto: bool = False  # a=crypto in our latest SDP (optional SRTP offers it over RTP/AVP)
    remote_crypto: bool = False  # a=crypto in the peer's latest SDP
    media_reported: tuple[bool, str, int, bool] | None = None  # the last MediaStateEvent's fields


def _pj_error_text(exc: Any) -> str:
    try:
        return f"{exc.title}: {exc.reason} ({exc.status})"
    except Exception:
        return repr(exc)


class Owner:
    """All pjsua2 state. Constructed, used and shut down on the owner thread only."""

    def __init__(self, config: EngineConfig, emit: Any, levels: Levels) -> None:
        self.config = config
        self._emit_fn = emit
        self.levels = levels
        self.levels.speaker_volume = config.audio.speaker_volume
        self.levels.mic_gain = config.audio.mic_gain
        self.ep: Any = None
        self.transports: dict[Transport, int] = {}
        self.sip_ports: dict[str, int] = {}
        self.direct_account: SipAccount | None = None
        self.account: SipAccount | None = None
        self.account_config: AccountConfig | None = None
        self.calls: dict[int, _CallRecord] = {}
        self.timers = Timers()
        self._register_waiters: list[Future[RegistrationEvent]] = []
        self._reg_attempt = 0
        # headset
        self.port: HeadsetPort | None = None
        self.streams: devices.HeadsetStreams | None = None
        self.ringer: devices.Ringer | None = None
        self._headset_rate = 0
        self._device_check_at = 0.0
        self._sound_test: dict[str, Any] | None = None
        self._lost_roles: set[DeviceRole] = set()
        self._restore_check_at = 0.0
        self._aec_delay_ms = -100.0
        self._ring_enabled = True  # «Звуковые уведомления»: the incoming-call ringtone may sound
        self._ring_offer = False  # a contact-center offer rings although no SIP call is incoming
        self.promoter = ThreadPromoter() if config.audio.realtime else None

    def emit(self, event: SoftphoneEvent) -> None:
        self._emit_fn(event)

    # ---- startup / shutdown ---------------------------------------------------------------------

    def start(self) -> None:
        cfg = self.config
        threads_before = thread_ids()
        ep = pj.Endpoint()
        self.ep = ep
        ep.libCreate()
        ep_cfg = pj.EpConfig()
        ua = ep_cfg.uaConfig
        ua.threadCnt = 0
        ua.mainThreadOnly = True
        ua.maxCalls = MAX_CALLS
        ua.userAgent = cfg.user_agent
        for server in cfg.stun_servers:
            ua.stunServer.append(server)
        ua.stunIgnoreFailure = True
        med = ep_cfg.medConfig
        med.sndAutoCloseTime = -1  # keep the bridge clocked: queued conference ops, WAV close (notes §0.4)
        med.clockRate = cfg.clock_rate
        med.noVad = cfg.no_vad
        med.ecTailLen = 0  # pjsua's EC never runs without a sound port (notes §0.7)
        log_cfg = ep_cfg.logConfig
        log_cfg.consoleLevel = 0
        log_cfg.level = cfg.log_level if cfg.log_file else 0
        if cfg.log_file:
            log_cfg.filename = str(cfg.log_file)
        ep.libInit(ep_cfg)
        for transport in cfg.transports:
            self._create_transport(transport)
        ep.libStart()
        ep.audDevManager().setNullDev()  # the wheel has no sound device; the headset is our port
        if cfg.audio.enabled and self.promoter is not None:
            # pjmedia's RTP/jitter-buffer thread and the null device's bridge clock carry the headset's
            # audio too: a late RTP read overfills the jitter buffer, a late tick starves the FIFOs.
            self.promoter.promote_new(threads_before)
        self._apply_codecs()
        self.direct_account = self._create_direct_account()
        if cfg.audio.enabled:
            self._start_headset()
        gc.freeze()  # keep startup garbage out of later collections (notes §1.4)
        self.emit(EngineStartedEvent(sip_ports=dict(self.sip_ports), codecs=self.enabled_codecs()))

    def _create_transport(self, transport: Transport) -> None:
        cfg = self.config
        tc = pj.TransportConfig()
        tc.port = cfg.sip_port
        tc.portRange = cfg.sip_port_range
        if cfg.bind_address not in ("", "0.0.0.0"):  # noqa: S104
            tc.boundAddress = cfg.bind_address
        if transport is Transport.TLS:
            tls = tc.tlsConfig
            tls.method = pj.PJSIP_TLSV1_2_METHOD
            tls.verifyServer = cfg.tls_verify_server
            ca_file = cfg.tls_ca_file
            if ca_file is None and cfg.tls_verify_server:
                ca_file = _system_ca_bundle()
            if ca_file:
                if not ca_file.is_file():  # pjsip would only fail at the first connection
                    raise SoftphoneError(
                        f"TLS CA file not found: {ca_file}", message_key=MessageKey.TRANSPORT_FAILED
                    )
                tls.CaListFile = str(ca_file)
            if cfg.tls_cert_file and cfg.tls_key_file:
                tls.certFile = str(cfg.tls_cert_file)
                tls.privKeyFile = str(cfg.tls_key_file)
            if not cfg.sip_port:
                tc.port = 0
        try:
            tid = self.ep.transportCreate(_TRANSPORT_TYPES[transport], tc)
        except pj.Error as exc:
            raise SoftphoneError(
                f"cannot create {transport} transport: {_pj_error_text(exc)}",
                message_key=MessageKey.TRANSPORT_FAILED,
            ) from exc
        self.transports[transport] = tid
        info = self.ep.transportGetInfo(tid)
        self.sip_ports[str(transport)] = int(str(info.localName).rsplit(":", 1)[-1])

    def _apply_codecs(self) -> None:
        wanted = [name.lower() for name in self.config.codecs]
        for info in self.ep.codecEnum2():
            codec_id = str(info.codecId)
            rank = next((i for i, name in enumerate(wanted) if codec_id.lower().startswith(name)), None)
            priority = 0 if rank is None else max(1, 250 - rank * 10)
            self.ep.codecSetPriority(codec_id, priority)

    def enabled_codecs(self) -> tuple[str, ...]:
        infos = [(int(i.priority), str(i.codecId)) for i in self.ep.codecEnum2() if int(i.priority) > 0]
        return tuple(codec for _, codec in sorted(infos, reverse=True))

    def _account_media(self, acfg: Any, srtp: SrtpMode) -> None:
        mc = acfg.mediaConfig
        mc.transportConfig.port = self.config.rtp_port
        mc.transportConfig.portRange = self.config.rtp_port_range
        mc.srtpUse = {
            SrtpMode.OFF: pj.PJMEDIA_SRTP_DISABLED,
            SrtpMode.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
            SrtpMode.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
        }[srtp]
        mc.srtpSecureSignaling = (
            0  # explicit: pjsua2 reads back 0 although pjsua's C default is 1 (notes §3.9)
        )
        nat = acfg.natConfig
        nat.sdpNatRewriteUse = 0
        nat.contactRewriteUse = 0  # our own proxy or a LAN: no surprising Contact rewrites
        nat.viaRewriteUse = 0

    def _create_direct_account(self) -> SipAccount:
        acfg = pj.AccountConfig()
        host = self.config.bind_address if self.config.bind_address not in ("", "0.0.0.0") else "127.0.0.1"  # noqa: S104
        port = next(iter(self.sip_ports.values()), 5060)
        acfg.idUri = f"sip:pult@{host}:{port}"
        self._account_media(acfg, self.config.srtp)
        account = SipAccount(self, registered=False)
        account.create(acfg, True)
        return account

    def shutdown(self) -> None:
        """Ordered teardown (notes §1.5): calls → media → accounts → gc → libDestroy."""
        ep = self.ep
        if ep is None:
            return
        self.timers.clear()
        try:
            if self.calls:
                ep.hangupAllCalls()
                deadline = time.monotonic() + 3.0
                while self.calls and time.monotonic() < deadline:
                    ep.libHandleEvents(20)
            for record in list(self.calls.values()):
                self._release_media(record)
            self.calls.clear()
            self._stop_headset()
            for account in (self.account, self.direct_account):
                if account is not None:
                    try:
                        account.shutdown()
                    except pj.Error:
                        log.debug("account shutdown failed", exc_info=True)
            if self.account is not None:
                deadline = time.monotonic() + 1.0  # give the un-REGISTER a moment to leave
                while time.monotonic() < deadline:
                    ep.libHandleEvents(20)
            self.account = None
            self.direct_account = None
            for waiter in self._register_waiters:
                if not waiter.done():
                    waiter.set_exception(SoftphoneError("engine stopped"))
            self._register_waiters.clear()
            gc.unfreeze()
            gc.collect()
            ep.libDestroy()
        finally:
            self.ep = None

    # ---- loop hooks -----------------------------------------------------------------------------

    def poll(self, ms: int) -> None:
        self.ep.libHandleEvents(ms)

    def tick(self) -> None:
        self.timers.run_due()
        now = time.monotonic()
        if self.streams is not None:
            self._update_latency(self.streams)
        if self.streams is not None and now >= self._device_check_at:
            self._device_check_at = now + 0.5
            self._supervise_devices()
        if self._sound_test is not None:
            self._tick_sound_test(now)

    # ---- registration ---------------------------------------------------------------------------

    def register(self, acc: AccountConfig, waiter: Future[RegistrationEvent]) -> None:
        if acc.transport not in self.transports:
            raise SoftphoneError(
                f"transport {acc.transport} is not enabled", message_key=MessageKey.TRANSPORT_FAILED
            )
        registrar = acc.registrar if acc.registrar.startswith(("sip:", "sips:")) else f"sip:{acc.registrar}"
        domain = acc.domain or registrar.split(":", 1)[1].split(";")[0].rsplit(":", 1)[0]
        acfg = pj.AccountConfig()
        acfg.idUri = (f'"{acc.display_name}" ' if acc.display_name else "") + f"sip:{acc.user}@{domain}"
        reg = acfg.regConfig
        reg.registrarUri = registrar + (
            f";transport={acc.transport}" if acc.transport is not Transport.UDP else ""
        )
        reg.timeoutSec = acc.expires_s
        reg.retryIntervalSec = acc.retry_interval_s
        reg.firstRetryIntervalSec = min(acc.retry_interval_s, 10)
        reg.dropCallsOnFail = False
        acfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", "*", acc.auth_user or acc.user, 0, acc.password)
        )
        acfg.sipConfig.transportId = self.transports[acc.transport]
        if acc.proxy:
            acfg.sipConfig.proxies.append(acc.proxy)
        self._account_media(acfg, acc.srtp)
        acfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DEFAULT if acc.use_stun else pj.PJSUA_STUN_USE_DISABLED
        acfg.natConfig.mediaStunUse = (
            pj.PJSUA_STUN_USE_DEFAULT if acc.use_stun else pj.PJSUA_STUN_USE_DISABLED
        )
        self._reg_attempt += 1
        attempt = self._reg_attempt
        self._register_waiters.append(waiter)
        self.emit(RegistrationEvent(RegistrationState.REGISTERING, 0, "", MessageKey.OK))
        try:
            if self.account is None:
                account = SipAccount(self, registered=True)
                account.create(acfg, True)
                self.account = account
            else:
                self.account.modify(acfg)
                self.account.setRegistration(True)
        except pj.Error as exc:
            self._register_waiters.remove(waiter)
            raise SoftphoneError(
                f"cannot register: {_pj_error_text(exc)}", message_key=MessageKey.CLIENT_ERROR
            ) from exc
        self.account_config = acc

        def deadline() -> None:
            if attempt != self._reg_attempt or not self._register_waiters:
                return
            self._finish_registration(
                RegistrationEvent(
                    RegistrationState.FAILED,
                    408,
                    "No response from registrar",
                    MessageKey.REGISTRAR_UNREACHABLE,
                )
            )

        self.timers.after(self.config.register_timeout_s, deadline)

    def _finish_registration(self, event: RegistrationEvent) -> None:
        self.emit(event)
        waiters, self._register_waiters = self._register_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(event)

    def on_reg_state(self, account: SipAccount, prm: Any) -> None:
        if account is not self.account:
            return
        code, reason, expires = int(prm.code), str(prm.reason), int(prm.expiration)
        if 200 <= code < 300:
            state = RegistrationState.REGISTERED if expires > 0 else RegistrationState.UNREGISTERED
        elif code < 200:
            return
        else:
            state = RegistrationState.FAILED
        if state is RegistrationState.FAILED and _tls_refused(int(prm.status), reason):
            key = MessageKey.TLS_CERTIFICATE
        elif code in (408, 502, 503) and state is RegistrationState.FAILED:
            key = MessageKey.REGISTRAR_UNREACHABLE
        elif code in (401, 403, 407):  # a registrar answers bad credentials with either (RFC 3261 §22.4)
            key = MessageKey.WRONG_CREDENTIALS
        else:
            key = message_key_for_sip(code)
        self._finish_registration(RegistrationEvent(state, code, reason, key, expires))

    def unregister(self) -> None:
        if self.account is None:
            return
        try:
            self.account.setRegistration(False)
        except pj.Error as exc:
            raise NotRegisteredError(f"unregister failed: {_pj_error_text(exc)}") from exc

    # ---- calls ----------------------------------------------------------------------------------

    def _record(self, key: int) -> _CallRecord:
        record = self.calls.get(key)
        if record is None:
            raise NoSuchCallError(f"no call {key}")
        return record

    def make_call(self, uri: str, headers: dict[str, str], dtmf: str, dtmf_delay: float) -> int:
        uri = uri.strip()
        if not uri.lower().startswith(("sip:", "sips:")):
            if self.account_config is None:
                raise InvalidNumberError(f"not a SIP URI and no registrar domain: {uri!r}")
            domain = self.account_config.domain or self.account_config.registrar.split(":", 1)[-1]
            uri = f"sip:{uri}@{domain.split(';')[0]}"
        if self.ep.utilVerifySipUri(uri) != 0:
            raise InvalidNumberError(f"invalid SIP URI: {uri!r}")
        if len(self.calls) >= MAX_CALLS:
            raise TooManyCallsError("all call slots of this softphone are in use")
        account = self.account if self.account is not None else self.direct_account
        assert account is not None
        key = next_call_key()
        call = SipCall(self, account, key)
        record = _CallRecord(key, call, account, Direction.OUTGOING, remote_uri=uri, headers=headers)
        record.post_dial_dtmf, record.post_dial_delay_s = dtmf, dtmf_delay
        self.calls[key] = record
        prm = pj.CallOpParam(True)
        prm.opt.audioCount = 1
        prm.opt.videoCount = 0
        for name, value in headers.items():
            header = pj.SipHeader()
            header.hName = name
            header.hValue = value
            prm.txOption.headers.append(header)
        try:
            call.makeCall(uri, prm)
        except pj.Error as exc:
            self.calls.pop(key, None)
            if int(exc.status) == PJ_ETOOMANY:
                raise TooManyCallsError("all call slots are in use") from exc
            text = _pj_error_text(exc)
            if "URI" in text or "uri" in text:
                raise InvalidNumberError(f"invalid SIP URI {uri!r}: {text}") from exc
            raise SoftphoneError(f"call failed: {text}", message_key=MessageKey.OPERATION_FAILED) from exc
        return key

    def on_incoming_call(self, account: SipAccount, prm: Any) -> None:
        key = next_call_key()
        call = SipCall(self, account, key, prm.callId)
        headers = {m.group(1): m.group(2).strip() for m in _HEADER_LINE.finditer(str(prm.rdata.wholeMsg))}
        record = _CallRecord(key, call, account, Direction.INCOMING, headers=headers)
        self.calls[key] = record  # store it, or ~Call declines the call with 603 (notes §1.4)
        ci = call.getInfo()
        record.remote_uri = str(ci.remoteUri)
        record.state = CallState.INCOMING
        op = pj.CallOpParam()
        op.statusCode = 180
        call.answer(op)
        self.emit(
            CallStateEvent(
                key,
                CallState.INCOMING,
                Direction.INCOMING,
                record.remote_uri,
                180,
                "Ringing",
                sip_call_id=str(ci.callIdString),
                headers=dict(headers),
            )
        )
        self._update_ringer()

    def answer(self, key: int) -> None:
        record = self._record(key)
        for other in self.calls.values():  # answering puts the active conversation on hold (spec §3)
            if other is not record and other.state is CallState.CONFIRMED and not other.in_conference:
                self.hold(other.key)
        op = pj.CallOpParam(True)
        op.statusCode = 200
        try:
            record.call.answer(op)
        except pj.Error as exc:
            raise SoftphoneError(f"answer failed: {_pj_error_text(exc)}") from exc

    def hangup(self, key: int, code: int) -> None:
        record = self._record(key)
        op = pj.CallOpParam(True)
        if code:
            op.statusCode = code
        try:
            record.call.hangup(op)
        except pj.Error as exc:
            raise SoftphoneError(f"hangup failed: {_pj_error_text(exc)}") from exc

    def hold(self, key: int) -> None:
        record = self._record(key)
        if record.locally_held:
            return
        self._reinvite(record, "hold", lambda: record.call.setHold(pj.CallOpParam(True)))
        record.locally_held = True

    def resume(self, key: int) -> None:
        record = self._record(key)

        def unhold() -> None:
            op = pj.CallOpParam(True)
            op.opt.flag = pj.PJSUA_CALL_UNHOLD
            record.call.reinvite(op)

        self._reinvite(record, "resume", unhold)
        record.locally_held = False

    def _reinvite(self, record: _CallRecord, what: str, send: Any, attempt: int = 0) -> None:
        """Send a re-INVITE; while the previous INVITE transaction is still finishing pjsua says
        PJ_EINVALIDOP, so retry for up to 3 s instead of failing a user's quick hold→resume."""
        try:
            send()
        except pj.Error as exc:
            if int(exc.status) != PJ_EINVALIDOP or attempt >= 30:
                if attempt:
                    self.emit(
                        ErrorEvent(MessageKey.OPERATION_FAILED, f"{what}: {_pj_error_text(exc)}", record.key)
                    )
                    return
                raise SoftphoneError(f"{what} failed: {_pj_error_text(exc)}") from exc
            key = record.key

            def retry() -> None:
                if key in self.calls:
                    self._reinvite(record, what, send, attempt + 1)

            self.timers.after(0.1, retry)

    def transfer_blind(self, key: int, uri: str) -> None:
        record = self._record(key)
        if self.ep.utilVerifySipUri(uri) != 0:
            raise InvalidNumberError(f"invalid transfer target {uri!r}")
        record.transfer_pending = True
        try:
            record.call.xfer(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            record.transfer_pending = False
            raise SoftphoneError(f"transfer failed: {_pj_error_text(exc)}") from exc

    def transfer_attended(self, key: int, other_key: int) -> None:
        record, other = self._record(key), self._record(other_key)
        record.transfer_pending = True
        record.replaces = other_key
        try:
            record.call.xferReplaces(other.call, pj.CallOpParam(True))
        except pj.Error as exc:
            record.transfer_pending = False
            raise SoftphoneError(f"attended transfer failed: {_pj_error_text(exc)}") from exc

    def conference(self, keys: list[int]) -> None:
        records = [self._record(k) for k in keys]
        if len(records) < 2:
            raise SoftphoneError("a conference needs at least two calls")
        for record in records:
            record.in_conference = True
            if record.locally_held:
                self.resume(record.key)
        self._route_media()

    def send_dtmf(self, key: int, digits: str, method: DtmfMethod) -> None:
        record = self._record(key)
        if not digits or any(d not in "0123456789*#ABCDabcd" for d in digits):
            raise InvalidNumberError(f"not DTMF digits: {digits!r}")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.duration = 160
        prm.method = (
            pj.PJSUA_DTMF_METHOD_SIP_INFO if method is DtmfMethod.SIP_INFO else pj.PJSUA_DTMF_METHOD_RFC2833
        )
        try:
            record.call.sendDtmf(prm)
        except pj.Error as exc:
            if method is DtmfMethod.SIP_INFO:
                raise SoftphoneError(f"DTMF failed: {_pj_error_text(exc)}") from exc
            # The peer negotiated no telephone-event payload: fall back to SIP INFO rather than fail.
            prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            try:
                record.call.sendDtmf(prm)
            except pj.Error as exc2:
                raise SoftphoneError(f"DTMF failed: {_pj_error_text(exc2)}") from exc2

    def attach_player(self, key: int, wav: Path, loop: bool) -> None:
        record = self._record(key)
        player = pj.AudioMediaPlayer()
        try:
            player.createPlayer(str(wav), 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
        except pj.Error as exc:
            raise SoftphoneError(f"cannot play {wav}: {_pj_error_text(exc)}") from exc
        record.players.append(player)
        self._route_media()

    def attach_recorder(self, key: int, wav: Path) -> None:
        record = self._record(key)
        recorder = pj.AudioMediaRecorder()
        try:
            recorder.createRecorder(str(wav))
        except pj.Error as exc:
            raise SoftphoneError(f"cannot record to {wav}: {_pj_error_text(exc)}") from exc
        record.recorders.append(recorder)
        self._route_media()

    # ---- call callbacks -------------------------------------------------------------------------

    def on_call_state(self, call: SipCall) -> None:
        record = self.calls.get(call.key)
        if record is None:
            return
        ci = call.getInfo()
        if record.direction is Direction.OUTGOING and ci.remoteUri:
            record.remote_uri = str(ci.remoteUri)
        state_map = {
            pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
            pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
            pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
            pj.PJSIP_INV_STATE_EARLY: CallState.EARLY
            if record.direction is Direction.OUTGOING
            else CallState.INCOMING,
            pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
            pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
            pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
        }
        state = state_map.get(ci.state, CallState.CALLING)
        code, reason = int(ci.lastStatusCode), str(ci.lastReason)
        if state is record.state and state is not CallState.EARLY:
            return
        record.state = state
        key = MessageKey.OK
        if state is CallState.DISCONNECTED:
            key = MessageKey.NORMAL_CLEARING if code in (0, 200) else message_key_for_sip(code)
            if _tls_refused(0, reason):
                key = MessageKey.TLS_CERTIFICATE
        self.emit(
            CallStateEvent(
                record.key,
                state,
                record.direction,
                record.remote_uri,
                code,
                reason,
                key,
                sip_call_id=str(ci.callIdString),
                headers=dict(record.headers),
            )
        )
        if state is CallState.CONFIRMED and record.post_dial_dtmf:
            digits, record.post_dial_dtmf = record.post_dial_dtmf, ""
            self.timers.after(record.post_dial_delay_s, lambda: self._post_dial(record.key, digits))
        if state is CallState.DISCONNECTED:
            self._release_media(record)
            self.calls.pop(record.key, None)  # last ref: the C++ Call dies after this callback (notes §1.4)
            self._route_media()
        self._update_ringer()

    def _post_dial(self, key: int, digits: str) -> None:
        if key in self.calls:
            try:
                self.send_dtmf(key, digits, DtmfMethod.RFC4733)
            except SoftphoneError as exc:
                self.emit(ErrorEvent(MessageKey.OPERATION_FAILED, str(exc), call_id=key))

    def on_call_media_state(self, call: SipCall) -> None:
        record = self.calls.get(call.key)
        if record is None:
            return
        ci = call.getInfo()
        status = pj.PJSUA_CALL_MEDIA_NONE
        media_index = -1
        for media in ci.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO:
                status, media_index = media.status, media.index
                break
        was_active = record.media_active
        record.media_active = status == pj.PJSUA_CALL_MEDIA_ACTIVE
        if record.media_active and not was_active:
            record.media_since = time.monotonic()
        held = status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD
        remote_held = status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
        codec, rate, srtp = "", 0, False
        if media_index >= 0 and status != pj.PJSUA_CALL_MEDIA_NONE:
            try:
                si = call.getStreamInfo(media_index)
                codec, rate = str(si.codecName), int(si.codecClockRate)
                srtp = self._srtp_active(record, int(si.proto))
            except pj.Error:
                pass
        record.media_reported = (record.media_active, codec, rate, srtp)
        self.emit(MediaStateEvent(record.key, record.media_active, codec, rate, srtp))
        record.locally_held, record.remote_held = held, remote_held
        new_state = CallState.HELD if held else CallState.REMOTE_HELD if remote_held else CallState.CONFIRMED
        in_dialog = (CallState.CONFIRMED, CallState.HELD, CallState.REMOTE_HELD)
        if record.state in in_dialog and new_state is not record.state and status != pj.PJSUA_CALL_MEDIA_NONE:
            record.state = new_state
            self.emit(CallStateEvent(record.key, new_state, record.direction, record.remote_uri))
        self._route_media()

    def _srtp_active(self, record: _CallRecord, proto: int) -> bool:
        """RTP/SAVP, an account that allows nothing else, or optional SRTP that both SDPs took up (pjsua
        keeps RTP/AVP then, and pjsua2 2.15's StreamInfo does not say whether SRTP runs)."""
        mode = self._srtp_mode(record)
        if bool(proto & SAVP_BIT) or mode is SrtpMode.MANDATORY:
            return True
        return mode is SrtpMode.OPTIONAL and record.local_crypto and record.remote_crypto

    def on_sdp(self, call: SipCall, local: str, remote: str) -> None:
        """Our SDP as created (with the peer's offer when we answer), or the peer's answer to our offer."""
        record = self.calls.get(call.key)
        if record is None:
            return
        if local:
            record.local_crypto = "a=crypto:" in local
        if remote:
            record.remote_crypto = "a=crypto:" in remote
        reported = record.media_reported
        if reported is None or not reported[0] or self._srtp_mode(record) is not SrtpMode.OPTIONAL:
            return
        srtp = record.local_crypto and record.remote_crypto
        if srtp != reported[3]:
            # The answer was read after the media came up: correct what the UI was told.
            record.media_reported = (True, reported[1], reported[2], srtp)
            self.emit(MediaStateEvent(record.key, True, reported[1], reported[2], srtp))

    def _srtp_mode(self, record: _CallRecord) -> SrtpMode:
        if record.account is self.account and self.account_config is not None:
            return self.account_config.srtp
        return self.config.srtp

    def on_dtmf(self, call: SipCall, prm: Any) -> None:
        method = (
            DtmfMethod.SIP_INFO if int(prm.method) == pj.PJSUA_DTMF_METHOD_SIP_INFO else DtmfMethod.RFC4733
        )
        self.emit(DtmfEvent(call.key, str(prm.digit), method))

    def on_transfer_status(self, call: SipCall, prm: Any) -> None:
        code, final = int(prm.statusCode), bool(prm.finalNotify)
        self.emit(
            TransferEvent(
                call.key,
                code,
                str(prm.reason),
                final,
                message_key_for_sip(code) if code >= 300 else MessageKey.OK,
            )
        )
        record = self.calls.get(call.key)
        if final and record is not None:
            record.transfer_pending = False
            if 200 <= code < 300:
                # REFER leaves our legs up (notes §3.6). After an attended transfer the target should end
                # the replaced consultation dialog itself; peers without Replaces support do not, so we do.
                self.timers.after(0.0, lambda: self._hangup_quietly(call.key))
                if record.replaces:
                    other = record.replaces
                    self.timers.after(2.0, lambda: self._hangup_quietly(other))

    def _hangup_quietly(self, key: int) -> None:
        if key in self.calls:
            try:
                self.hangup(key, 0)
            except SoftphoneError:
                log.debug("hangup after transfer failed", exc_info=True)

    def on_transfer_request(self, call: SipCall, prm: Any) -> None:
        record = self.calls.get(call.key)
        if record is None or len(self.calls) >= MAX_CALLS:
            prm.statusCode = 486
            return
        key = next_call_key()
        new_call = SipCall(self, record.account, key)
        self.calls[key] = _CallRecord(
            key, new_call, record.account, Direction.OUTGOING, remote_uri=str(prm.dstUri)
        )
        prm.newCall = new_call  # pjsua2 keeps only a raw pointer: the registry above owns it

    def on_call_replaced(self, call: SipCall, prm: Any) -> None:
        record = self.calls.get(call.key)
        if record is None:
            return
        key = next_call_key()
        new_call = SipCall(self, record.account, key, prm.newCallId)
        self.calls[key] = _CallRecord(
            key, new_call, record.account, Direction.INCOMING, state=CallState.CONFIRMED
        )
        prm.newCall = new_call

    # ---- media wiring ---------------------------------------------------------------------------

    def _call_media(self, record: _CallRecord) -> Any:
        if not record.media_active:
            return None
        try:
            return record.call.getAudioMedia(-1)  # re-fetched every time: slots change on re-INVITE
        except pj.Error:
            return None

    def _route_media(self) -> None:
        """Connect each active call to the headset, players and recorders; mix conference members."""
        medias = {key: self._call_media(rec) for key, rec in self.calls.items()}
        conference = [key for key, rec in self.calls.items() if rec.in_conference and medias[key] is not None]
        for key, record in self.calls.items():
            media = medias[key]
            if media is None:
                continue
            try:
                if self.port is not None and not record.locally_held:
                    media.startTransmit(self.port)
                    self.port.startTransmit(media)
                for player in record.players:
                    player.startTransmit(media)
                for recorder in record.recorders:
                    media.startTransmit(recorder)
                if key in conference:
                    for other in conference:
                        if other != key:
                            media.startTransmit(medias[other])
            except pj.Error as exc:
                self.emit(
                    ErrorEvent(
                        MessageKey.OPERATION_FAILED, f"media routing: {_pj_error_text(exc)}", call_id=key
                    )
                )

    def _release_media(self, record: _CallRecord) -> None:
        # Destroy players and recorders while the null device still clocks the bridge (notes §0.4).
        record.players.clear()
        record.recorders.clear()

    def media_seconds(self, key: int) -> float:
        record = self.calls.get(key)
        if record is None or not record.media_active:
            return 0.0
        return time.monotonic() - record.media_since

    # ---- headset --------------------------------------------------------------------------------

    def _start_headset(self) -> None:
        audio = self.config.audio
        if audio.realtime:
            # The audio callbacks are Python and need the GIL; a busy GUI thread hands it over only
            # every switch interval (5 ms by default). 1 ms bounds that wait (notes §2.2).
            sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        if not devices.portaudio_available():
            self.emit(DeviceEvent(DeviceRole.SPEAKER, "", False, message_key=MessageKey.NO_AUDIO_DEVICE))
            return
        try:
            index = devices.resolve_device(audio.speaker, output=True)
        except AudioDeviceError:
            index = None
        try:
            rate = audio.samplerate or devices.device_samplerate(index, output=True)
        except Exception as exc:
            self.emit(
                DeviceEvent(DeviceRole.SPEAKER, audio.speaker, False, message_key=MessageKey.NO_AUDIO_DEVICE)
            )
            self.emit(ErrorEvent(MessageKey.NO_AUDIO_DEVICE, f"no audio device: {exc}"))
            return
        self._headset_rate = rate
        speaker = DriftFifo(rate, target_ms=audio.fifo_target_ms)
        mic = DriftFifo(rate, target_ms=audio.fifo_target_ms)
        self.port = HeadsetPort(
            rate=rate, speaker=speaker, microphone=mic, levels=self.levels, promoter=self.promoter
        )
        self.streams = devices.HeadsetStreams(
            mic_id=audio.microphone,
            speaker_id=audio.speaker,
            rate=rate,
            mic=mic,
            speaker=speaker,
            levels=self.levels,
            processor=self._make_processor(rate),
            promoter=self.promoter,
        )
        try:
            self.streams.start()
        except AudioDeviceError as exc:
            self.emit(
                DeviceEvent(DeviceRole.SPEAKER, audio.speaker, False, message_key=MessageKey.NO_AUDIO_DEVICE)
            )
            self.emit(ErrorEvent(MessageKey.NO_AUDIO_DEVICE, str(exc)))
            self._lost_roles = {DeviceRole.MICROPHONE, DeviceRole.SPEAKER}
        for stream in self.streams.streams():
            if stream.on_fallback:  # the chosen device is not plugged in: run on the default meanwhile
                self._device_lost(stream)
        tone = sounds.load_ringtone(audio.ringtone, rate)
        self.ringer = devices.Ringer(audio.ringer, tone, rate)

    def _make_processor(self, rate: int) -> VoiceProcessor | None:
        audio = self.config.audio
        try:
            return make_processor(
                rate, echo_cancellation=audio.echo_cancellation, noise_suppression=audio.noise_suppression
            )
        except (ImportError, ValueError) as exc:
            self.emit(
                ErrorEvent(MessageKey.AUDIO_PROCESSING_UNAVAILABLE, f"echo cancellation unavailable: {exc}")
            )
            return None

    def _stop_headset(self) -> None:
        if self.ringer is not None:
            self.ringer.stop()
        if self.streams is not None:
            self.streams.stop()
            log.info(
                "headset FIFOs: speaker %s; microphone %s",
                self.streams.speaker_fifo.stats(),
                self.streams.mic_fifo.stats(),
            )
        self.streams = None
        self._sound_test = None
        self.port = None  # destroyed here, on the owner thread, while the bridge is clocked

    def _update_ringer(self) -> None:
        if self.ringer is None:
            return
        incoming = self._ring_offer or any(r.state is CallState.INCOMING for r in self.calls.values())
        ringing = incoming and self._ring_enabled
        try:
            if ringing and not self.ringer.ringing:
                self.ringer.start()
            elif not ringing and self.ringer.ringing:
                self.ringer.stop()
        except Exception as exc:
            self.emit(ErrorEvent(MessageKey.NO_AUDIO_DEVICE, f"ringer: {exc}"))

    def _update_latency(self, streams: devices.HeadsetStreams) -> None:
        lv = self.levels
        lv.speaker_buffer_ms = streams.speaker_fifo.level_ms
        lv.mic_buffer_ms = streams.mic_fifo.level_ms
        lv.speaker_underruns = streams.speaker_fifo.underruns
        lv.mic_underruns = streams.mic_fifo.underruns
        lv.speaker_overflows = streams.speaker_fifo.overflows
        lv.mic_overflows = streams.mic_fifo.overflows
        if self.promoter is not None:
            lv.realtime_threads = self.promoter.promoted
            lv.realtime_refused = self.promoter.refused
        for stream, attr in ((streams.speaker, "output_latency_ms"), (streams.mic, "input_latency_ms")):
            if stream.stream is not None:
                with contextlib.suppress(Exception):
                    setattr(lv, attr, float(stream.stream.latency) * 1000.0)
        delay = lv.output_latency_ms + lv.input_latency_ms
        if streams.processor is not None and abs(delay - self._aec_delay_ms) > 5:
            self._aec_delay_ms = delay
            streams.processor.set_delay_ms(delay)

    def _device_lost(self, stream: Any) -> None:
        if stream.role not in self._lost_roles:
            self._lost_roles.add(stream.role)
            self.emit(
                DeviceEvent(
                    stream.role,
                    stream.wanted_id,
                    False,
                    fallback="default",
                    message_key=MessageKey.DEVICE_LOST,
                )
            )

    def _supervise_devices(self) -> None:
        """Hot-plug: a stream whose device vanished moves to the default without touching the call; while
        a role runs on its fallback, the chosen device is looked for again every few seconds."""
        streams = self.streams
        assert streams is not None
        for stream in streams.streams():
            if stream.healthy:
                continue
            self._device_lost(stream)
            stream.close()
            try:
                stream.open("")
                stream.on_fallback = True
            except AudioDeviceError:
                log.debug("no fallback device for %s yet", stream.role)  # the DeviceEvent above said so
        now = time.monotonic()
        if any(s.on_fallback for s in streams.streams()) and now >= self._restore_check_at:
            self._restore_check_at = now + RESTORE_CHECK_S
            self._try_restore(streams)

    def _try_restore(self, streams: devices.HeadsetStreams) -> None:
        """PortAudio sees a re-plugged device only after a full re-initialisation, which closes every
        stream: a gap of some tens of ms, paid only while a role runs on its fallback."""
        ringing = self.ringer is not None and self.ringer.ringing
        streams.stop()
        if self.ringer is not None:
            self.ringer.stop()
        try:
            devices.list_devices(refresh=True)
        except AudioDeviceError:
            log.debug("PortAudio refresh failed", exc_info=True)
        for stream in streams.streams():
            back = stream.on_fallback and bool(stream.wanted_id) and self._device_present(stream)
            try:
                stream.open(stream.wanted_id if back or not stream.on_fallback else "")
            except AudioDeviceError as exc:
                self.emit(ErrorEvent(MessageKey.NO_AUDIO_DEVICE, str(exc)))
                continue
            if back:
                self._lost_roles.discard(stream.role)
                self.emit(
                    DeviceEvent(stream.role, stream.wanted_id, True, message_key=MessageKey.DEVICE_RESTORED)
                )
        if ringing:
            self._update_ringer()

    def _device_present(self, stream: Any) -> bool:
        try:
            devices.resolve_device(stream.wanted_id, output=stream.output)
        except AudioDeviceError:
            return False
        return True

    def _reopen(self, stream: Any, device_id: str) -> None:
        stream.close()
        try:
            stream.open(device_id)
        except AudioDeviceError:
            self._device_lost(stream)
            stream.open("")
            stream.on_fallback = True
            return
        if stream.role in self._lost_roles and not stream.on_fallback:
            self._lost_roles.discard(stream.role)
            self.emit(
                DeviceEvent(stream.role, stream.wanted_id, True, message_key=MessageKey.DEVICE_RESTORED)
            )

    def list_devices(self) -> list[devices.AudioDevice]:
        if not devices.portaudio_available():
            return []
        return devices.list_devices()

    def set_device(self, role: DeviceRole, device_id: str) -> None:
        if role is DeviceRole.RINGER:
            if self.ringer is not None:
                self.ringer.device_id = device_id
            return
        if self.streams is None:
            raise AudioDeviceError("no headset streams")
        stream = self.streams.mic if role is DeviceRole.MICROPHONE else self.streams.speaker
        stream.wanted_id = device_id
        self._lost_roles.discard(stream.role)
        self._reopen(stream, device_id)

    def set_audio_options(
        self, echo_cancellation: bool, noise_suppression: bool, ringtone: Path | None, ring: bool = True
    ) -> None:
        """Echo cancellation, noise suppression and the ringtone, changed while running (the settings tab)."""
        from dataclasses import replace

        audio = replace(
            self.config.audio,
            echo_cancellation=echo_cancellation,
            noise_suppression=noise_suppression,
            ringtone=ringtone,
        )
        self.config = replace(self.config, audio=audio)
        if self.streams is not None:
            # The PortAudio callbacks read ``processor`` once per block: swapping the reference is atomic.
            self.streams.processor = self._make_processor(self._headset_rate)
            self._aec_delay_ms = -100.0
        if self.ringer is not None:
            self.ringer.tone = sounds.load_ringtone(ringtone, self.ringer.rate)
        self._ring_enabled = ring
        self._update_ringer()

    def ring_offer(self, on: bool) -> None:
        """Ring for a contact-center offer (it arrives over the websocket, not as a SIP call)."""
        self._ring_offer = on
        self._update_ringer()

    def start_sound_test(self, seconds: float, result: Future[float]) -> None:
        """Play the test melody through the speaker FIFO and track the mic level; resolves at the end."""
        if self.streams is None or self.port is None:
            raise AudioDeviceError("no headset to test")
        melody = sounds.resample(sounds.sound_test_melody(16000), 16000, self._headset_rate)
        self.streams.speaker_fifo.clear()
        self._sound_test = {
            "until": time.monotonic() + seconds,
            "peak": -96.0,
            "pcm": melody.tobytes(),
            "pos": 0,
            "future": result,
            "frame": self._headset_rate // 50 * 2,
        }

    def _tick_sound_test(self, now: float) -> None:
        test = self._sound_test
        assert test is not None
        assert self.streams is not None
        fifo = self.streams.speaker_fifo
        while fifo.level_ms < 100 and test["pos"] < len(test["pcm"]):
            fifo.write(test["pcm"][test["pos"] : test["pos"] + test["frame"]])
            test["pos"] += test["frame"]
        test["peak"] = max(test["peak"], self.levels.mic_dbfs)
        if now >= test["until"]:
            self._sound_test = None
            test["future"].set_result(test["peak"])
