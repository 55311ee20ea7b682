"""Plain-data configuration of the softphone engine and of a SIP account (no pjsua2 import here)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Transport(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpMode(enum.StrEnum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


# Wideband first; every name here is matched case-insensitively against the wheel's codec ids
# ("G722/16000/1", "PCMA/8000/1", ...). Opus and G.729 are not in the PyPI wheel.
DEFAULT_CODECS: tuple[str, ...] = ("G722", "PCMA", "PCMU", "speex/16000", "speex/8000", "GSM", "iLBC")


@dataclass(frozen=True, slots=True)
class AudioConfig:
    """Which devices carry the conversation and the ringtone; ids are stable ``"name|hostapi"`` strings."""

    enabled: bool = True  # False: no sounddevice streams at all (CLI, server-like use, tests without a sink)
    microphone: str = ""  # "" = system default
    speaker: str = ""
    ringer: str = ""
    ringtone: Path | None = None  # None = the built-in synthesized ringtone
    samplerate: int = 0  # 0 = the device's default rate; the bridge resamples
    fifo_target_ms: int = 30  # slack kept in each headset FIFO (see softphone.fifo)
    speaker_volume: float = 1.0
    mic_gain: float = 1.0
    echo_cancellation: bool = False  # WebRTC APM from the optional ``livekit`` package (softphone.processing)
    noise_suppression: bool = False
    realtime: bool = True  # audio threads ask for SCHED_FIFO where allowed (softphone.priority)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Endpoint-wide settings (spec TP-25/TP-26: port ranges, STUN, codec priority)."""

    transports: tuple[Transport, ...] = (Transport.UDP, Transport.TCP)
    bind_address: str = "0.0.0.0"  # noqa: S104 - a softphone listens where the OS routes SIP
    sip_port: int = 0  # 0 = any free port; else the first port of the range
    sip_port_range: int = 0  # how many ports after sip_port may be tried
    rtp_port: int = 4000
    rtp_port_range: int = 1000
    stun_servers: tuple[str, ...] = ()
    codecs: tuple[str, ...] = DEFAULT_CODECS  # ordered; codecs not named are disabled
    clock_rate: int = 16000
    user_agent: str = "Pult softphone"
    log_file: Path | None = None
    log_level: int = 3
    tls_ca_file: Path | None = None  # CAs that may sign a TLS server's certificate; None = the system's
    tls_verify_server: bool = False  # refuse a server whose certificate fails (MessageKey.TLS_CERTIFICATE)
    tls_cert_file: Path | None = None  # to accept TLS connections (direct calls to this softphone)
    tls_key_file: Path | None = None
    srtp: SrtpMode = SrtpMode.OFF  # for direct, registrar-less calls (contact-center mode)
    no_vad: bool = True
    command_timeout_s: float = 10.0
    register_timeout_s: float = 15.0
    audio: AudioConfig = field(default_factory=AudioConfig)


@dataclass(frozen=True, slots=True)
class AccountConfig:
    """A SIP identity at a registrar (plain SIP mode)."""

    registrar: str  # "sip:pbx.example.com" or "sip:10.0.0.1:5060"
    user: str
    password: str
    domain: str = ""  # default: registrar host
    auth_user: str = ""  # default: user
    display_name: str = ""
    transport: Transport = Transport.UDP
    srtp: SrtpMode = SrtpMode.OFF
    proxy: str = ""
    expires_s: int = 300
    retry_interval_s: int = 30  # re-register after a network loss
    use_stun: bool = False
