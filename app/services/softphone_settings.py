"""«Софтфон» settings applied to the running softphone (spec TP-25/26, MW-14).

The tab edits :class:`~app.settings.models.SoftphoneSettings`; this service turns them into the engine's
configuration and decides how each change reaches the engine:

* devices, volume, microphone gain, echo cancellation, noise suppression and the ringtone change live;
* codecs, SIP/RTP ports, STUN, transport and SRTP are fixed when pjsua2 creates its endpoint and
  transports, so the engine is stopped and started again with the new values. That never cuts a
  conversation: while a call is live the restart waits for the last call to end (``restart_pending``).

It is the one place that knows the mapping; the bridge only carries it to the engine.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.logs import event as log_event
from app.settings.models import SoftphoneSettings
from app.state.calls import CallOrigin, CallPhase

if TYPE_CHECKING:
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings
    from app.state.calls import CallsSnapshot, CallsStore

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "sounds"
RINGTONE_PREFIX = "ringtone"
"""Built-in melodies are the ``ringtone*.wav`` files of ``resources/sounds``."""

PORT_MIN = 1024
PORT_MAX = 65535
TRANSPORTS = ("udp", "tcp", "tls")
SRTP_MODES = ("off", "optional", "mandatory")
INCOMING_CALL_SOUND = "incoming_call"
"""The key of «Звуковые уведомления» for the ringtone of offered and incoming calls."""
RESTART_FIELDS = (
    "codecs",
    "sip_port_from",
    "sip_port_to",
    "rtp_port_from",
    "rtp_port_to",
    "use_stun",
    "stun_server",
    "transport",
    "tls_ca_file",
    "tls_verify",
    "srtp",
)
"""Fields pjsua2 reads only when the endpoint and its transports are created."""


def builtin_ringtones() -> list[str]:
    """File names of the bundled melodies, the default first."""
    names = sorted(p.name for p in SOUNDS_DIR.glob(f"{RINGTONE_PREFIX}*.wav"))
    return sorted(names, key=lambda n: n != f"{RINGTONE_PREFIX}.wav")


def ringtone_path(value: str) -> str:
    """The file the engine plays for a stored ringtone value (``""``: the engine's built-in tone)."""
    if not value:
        return ""
    if Path(value).name == value:
        return str(SOUNDS_DIR / value)
    return value


@dataclass(frozen=True, slots=True)
class Problem:
    """A refused value: the field it concerns and a message key the tab turns into a sentence."""

    field: str
    key: str
    low: int = 0
    high: int = 0


def problems(value: SoftphoneSettings) -> list[Problem]:
    """What is wrong with the values, in the order of the form; empty when they can be applied."""
    found: list[Problem] = []
    for name, low, high in (("sip", value.sip_port_from, value.sip_port_to),):
        if low == 0 and high == 0:
            continue  # any free port
        if not (PORT_MIN <= low <= PORT_MAX and PORT_MIN <= high <= PORT_MAX):
            found.append(Problem(f"{name}_port", "port_out_of_range", PORT_MIN, PORT_MAX))
        elif high < low:
            found.append(Problem(f"{name}_port", "range_reversed"))
    low, high = value.rtp_port_from, value.rtp_port_to
    if not (PORT_MIN <= low <= PORT_MAX and PORT_MIN <= high <= PORT_MAX):
        found.append(Problem("rtp_port", "port_out_of_range", PORT_MIN, PORT_MAX))
    elif high < low:
        found.append(Problem("rtp_port", "range_reversed"))
    elif high - low + 1 < 2:
        found.append(Problem("rtp_port", "rtp_range_too_small", 2))
    if (
        value.sip_port_from
        and value.sip_port_to >= value.sip_port_from
        and value.sip_port_from <= high
        and low <= value.sip_port_to
    ):
        found.append(Problem("rtp_port", "ranges_overlap"))
    if value.use_stun and not _valid_host_port(value.stun_server):
        found.append(Problem("stun", "stun_invalid"))
    if not value.codecs:
        found.append(Problem("codecs", "no_codec"))
    if value.transport not in TRANSPORTS:
        found.append(Problem("transport", "invalid_choice"))
    if value.transport == "tls" and value.tls_ca_file:
        key = ca_file_problem(value.tls_ca_file)
        if key:
            found.append(Problem("tls_ca", key))
    if value.srtp not in SRTP_MODES:
        found.append(Problem("srtp", "invalid_choice"))
    if value.ringtone and not Path(ringtone_path(value.ringtone)).is_file():
        found.append(Problem("ringtone", "ringtone_missing"))
    return found


def ca_file_problem(path: str) -> str:
    """Why ``path`` cannot serve as the CA list of the TLS transport (``""``: it can): it must be a file
    of PEM certificates, as pjsip's ``CaListFile`` reads it. OpenSSL itself parses it, so what passes
    here is what the engine will load."""
    file = Path(path)
    if not file.is_file():
        return "tls_ca_missing"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cafile=str(file))
    except (ssl.SSLError, OSError, ValueError):
        return "tls_ca_invalid"
    return "" if context.cert_store_stats()["x509"] else "tls_ca_invalid"


def _valid_host_port(text: str) -> bool:
    host, sep, port = text.strip().rpartition(":")
    if not sep:
        host, port = text.strip(), ""
    if not host or any(c.isspace() or c in "/@" for c in host):
        return False
    return not port or (port.isdigit() and 1 <= int(port) <= PORT_MAX)


def engine_values(value: SoftphoneSettings, *, audio_enabled: bool = True) -> dict[str, Any]:
    """Plain keyword values of ``softphone.config.EngineConfig`` (the bridge builds the config)."""
    sip_from = value.sip_port_from
    sip_range = max(0, value.sip_port_to - sip_from) if sip_from else 0
    # The chosen transport listens (and registers, in plain SIP mode); UDP stays open beside it because
    # the contact-center switch's workers speak UDP only, and the media leg to them must still work.
    transports = [value.transport] if value.transport in TRANSPORTS else ["udp"]
    if "udp" not in transports:
        transports.append("udp")
    return {
        "transports": transports,
        "sip_port": sip_from,
        "sip_port_range": sip_range,
        "rtp_port": value.rtp_port_from,
        "rtp_port_range": max(1, value.rtp_port_to - value.rtp_port_from + 1),
        "stun_servers": (value.stun_server.strip(),) if value.use_stun and value.stun_server.strip() else (),
        "codecs": tuple(value.codecs),
        "srtp": value.srtp if value.srtp in SRTP_MODES else "off",
        # Over TLS the server's certificate is checked (against this file, or the system's CAs) unless
        # the user turned «Проверять сертификат сервера» off.
        "tls_ca_file": Path(value.tls_ca_file) if value.tls_ca_file else None,
        "tls_verify_server": value.tls_verify,
        "audio": {
            "enabled": audio_enabled,
            "microphone": value.microphone,
            "speaker": value.speaker,
            "ringer": value.ringer,
            "ringtone": ringtone_path(value.ringtone),
            "speaker_volume": value.speaker_volume / 100,
            "mic_gain": value.mic_gain / 100,
            "echo_cancellation": value.echo_cancellation,
            "noise_suppression": value.noise_suppression,
        },
    }


def needs_restart(old: SoftphoneSettings, new: SoftphoneSettings) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in RESTART_FIELDS)


Spawn = Callable[[Coroutine[Any, Any, None]], object]


class SettingsBridge(Protocol):
    """What the service needs of :class:`~app.services.softphone_bridge.SoftphoneBridge` (``ui`` imports
    this module, and ``ui`` must not reach ``softphone`` even through a type)."""

    engine_started: Any
    """Signal ``(sip_ports, codecs)`` of a (re)started engine."""
    processing_unavailable: Any
    """Signal ``(reason)``: the engine could not start echo cancellation or noise suppression."""

    @property
    def available(self) -> bool: ...
    def engine_config(self, values: dict[str, Any]) -> Any: ...
    def list_devices(self) -> Any: ...
    def set_device(self, role: str, device_id: str) -> None: ...
    def set_speaker_volume(self, volume: float) -> None: ...
    def set_mic_gain(self, gain: float) -> None: ...
    def set_audio_options(
        self, *, echo_cancellation: bool, noise_suppression: bool, ringtone: str, ring: bool
    ) -> None: ...
    def ring_offer(self, on: bool) -> None: ...
    def sound_test(self, seconds: float) -> Any: ...
    def mic_level(self) -> float | None: ...
    async def restart_engine(self, config: Any) -> bool: ...


class SoftphoneSettingsService(QObject):
    """Applies the saved «Софтфон» values of the signed-in account to the engine behind the bridge."""

    applied = Signal(str)
    """``live`` (nothing needed a restart), ``restarted`` or ``restart_failed`` (the old values run on)."""
    restart_pending = Signal(bool)
    engine_ready = Signal()
    """An engine (re)started: its devices can be listed and the sound checked."""
    processing_unavailable = Signal(str)
    """Echo cancellation and noise suppression were asked for but cannot run here (the reason)."""
    """True while a restart waits for the calls to end; False once it ran (or was not needed)."""

    def __init__(
        self,
        *,
        bridge: SettingsBridge,
        calls: CallsStore,
        account_file: Callable[[], VersionedFile[AccountSettings] | None],
        spawn: Spawn,
        audio_enabled: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._calls = calls
        self._account_file = account_file
        self._spawn = spawn
        self._audio_enabled = audio_enabled
        self.running: SoftphoneSettings | None = None
        """The values the engine runs with (None before it started)."""
        self._pending: SoftphoneSettings | None = None
        self.restarting = False
        self.ring = True
        """«Звуковые уведомления» → «Входящий звонок»: the ringtone sounds for offers and incoming calls."""
        self.offer_ringing = False
        self._test_restore: dict[str, str] = {}
        calls.calls_changed.connect(self._on_calls_changed)
        bridge.engine_started.connect(self._on_bridge_engine_started)
        bridge.processing_unavailable.connect(self.processing_unavailable)

    # -- reading ---------------------------------------------------------------------------------------

    def saved(self) -> SoftphoneSettings:
        file = self._account_file()
        return SoftphoneSettings() if file is None else file.load().softphone

    def saved_ring(self) -> bool:
        file = self._account_file()
        return True if file is None else file.load().sound_notifications.get(INCOMING_CALL_SOUND, True)

    def engine_config(self) -> Any:
        """The engine configuration for the first start: the saved values of the signed-in account."""
        value = self.saved()
        self.running = value
        return self._bridge.engine_config(engine_values(value, audio_enabled=self._audio_enabled))

    @property
    def available(self) -> bool:
        return self._bridge.available

    @property
    def waiting_for_calls(self) -> bool:
        return self._pending is not None

    # -- the tab's helpers -----------------------------------------------------------------------------

    def list_devices(self) -> Any:
        """A future of the engine's devices (``device_id``, ``name``, ``inputs``, ``outputs``) or None."""
        return self._bridge.list_devices()

    def sound_test(self, seconds: float, *, microphone: str, speaker: str) -> Any:
        """«Проверить звук» on the devices chosen on the form, saved or not: they are switched to for
        the check (commands run in order on the engine) and back by :meth:`sound_test_finished`."""
        running = self.running
        if running is not None and self._bridge.available:
            chosen = {"microphone": microphone, "speaker": speaker}
            self._test_restore = {
                role: getattr(running, role)
                for role, device in chosen.items()
                if device != getattr(running, role)
            }
            for role in self._test_restore:
                self._bridge.set_device(role, chosen[role])
        return self._bridge.sound_test(seconds)

    def sound_test_finished(self) -> None:
        restore, self._test_restore = self._test_restore, {}
        for role, device in restore.items():
            self._bridge.set_device(role, device)

    def mic_level(self) -> float | None:
        return self._bridge.mic_level()

    # -- applying --------------------------------------------------------------------------------------

    def apply_saved(self) -> None:
        """After a sign-in or a save of «Пользовательские»: the account's values, if the engine runs."""
        if self.running is not None:
            self.apply(self.saved())
        self.set_ring(self.saved_ring())

    def set_ring(self, on: bool) -> None:
        if on == self.ring:
            return
        self.ring = on
        if self.running is not None:
            self._push_audio_options(self.running)

    def apply(self, new: SoftphoneSettings) -> str:
        """Bring the engine to ``new``; answers ``live``, ``restarting``, ``after_calls`` or ``no_engine``."""
        old = self.running
        if self.restarting:  # a second save while the engine restarts: it follows with these values
            self._pending = new
            return "restarting"
        if old is None or not self._bridge.available:
            self.running = None if old is None else new
            return "no_engine"
        self._apply_live(old, new)
        if not needs_restart(old, new) and self._pending is None:
            self.running = new
            self.applied.emit("live")
            return "live"
        if self._calls_live():
            self._pending = new
            self.running = old.model_copy(update={k: getattr(new, k) for k in _LIVE_FIELDS})
            log_event(log, "softphone.settings_waiting", reason="calls")
            self.restart_pending.emit(True)
            return "after_calls"
        self._start_restart(new)
        return "restarting"

    def _apply_live(self, old: SoftphoneSettings, new: SoftphoneSettings) -> None:
        bridge = self._bridge
        for role in ("microphone", "speaker", "ringer"):
            if getattr(old, role) != getattr(new, role):
                bridge.set_device(role, getattr(new, role))
        if old.speaker_volume != new.speaker_volume:
            bridge.set_speaker_volume(new.speaker_volume / 100)
        if old.mic_gain != new.mic_gain:
            bridge.set_mic_gain(new.mic_gain / 100)
        if (old.echo_cancellation, old.noise_suppression, old.ringtone) != (
            new.echo_cancellation,
            new.noise_suppression,
            new.ringtone,
        ):
            self._push_audio_options(new)
        log_event(log, "softphone.settings_live")

    def _push_audio_options(self, value: SoftphoneSettings) -> None:
        self._bridge.set_audio_options(
            echo_cancellation=value.echo_cancellation,
            noise_suppression=value.noise_suppression,
            ringtone=ringtone_path(value.ringtone),
            ring=self.ring,
        )

    def _start_restart(self, new: SoftphoneSettings) -> None:
        self._pending = None
        self.restarting = True
        config = self._bridge.engine_config(engine_values(new, audio_enabled=self._audio_enabled))
        self._spawn(self._restart(new, config))

    async def _restart(self, new: SoftphoneSettings, config: Any) -> None:
        try:
            ok = await self._bridge.restart_engine(config)
        finally:
            self.restarting = False
        if ok:
            self.running = new
        log_event(log, "softphone.settings_restart", ok=ok)
        self.restart_pending.emit(False)
        self.applied.emit("restarted" if ok else "restart_failed")
        follow, self._pending = self._pending, None
        if follow is not None:  # from the event loop, not from inside this finished task
            QTimer.singleShot(0, self, lambda: self.apply(follow))

    def _on_bridge_engine_started(self, _ports: object, _codecs: object) -> None:
        # A new engine starts from its config, which knows nothing of these two switches.
        if not self.ring and self.running is not None:
            self._push_audio_options(self.running)
        if self.offer_ringing:
            self._bridge.ring_offer(True)
        self.engine_ready.emit()

    def _calls_live(self) -> bool:
        return any(call.live for call in self._calls.snapshot.calls)

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        # A contact-center offer arrives over the websocket; the engine rings for it as for a SIP call.
        offered = any(
            c.phase is CallPhase.OFFERED and c.origin is CallOrigin.CONTACT_CENTER and c.sip_call_id is None
            for c in snapshot.calls
        )
        if offered != self.offer_ringing:
            self.offer_ringing = offered
            self._bridge.ring_offer(offered)
        pending = self._pending
        if pending is not None and not self._calls_live() and not self.restarting:
            self._start_restart(pending)


_LIVE_FIELDS = tuple(name for name in SoftphoneSettings.model_fields if name not in RESTART_FIELDS)
