"""Real peers for the softphone tests: Kamailio registrar/proxy, baresip far ends, a PulseAudio "headset".

Everything listens on 127.0.0.1 on ports probed free per test; every process is started here and
stopped by its own pid.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KAMAILIO_MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/"


def tools_missing(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def _port_free(port: int) -> bool:
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


_used: set[int] = set()


def free_port_block(size: int = 4) -> int:
    """First port of ``size`` consecutive ports free on UDP and TCP (5070 and friends are avoided)."""
    for _ in range(500):
        base = random.randrange(20000, 60000, 10)
        if any(p in _used for p in range(base, base + size)):
            continue
        if all(_port_free(p) for p in range(base, base + size)):
            _used.update(range(base, base + size))
            return base
    raise RuntimeError("no free port block")


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def _stop(proc: subprocess.Popen[Any] | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


# ---- Kamailio -----------------------------------------------------------------------------------

_KAMAILIO_CFG = """#!KAMAILIO
debug=2
log_stderror=yes
children=1
tcp_children=1
auto_aliases=no
listen=udp:127.0.0.1:{port}
listen=tcp:127.0.0.1:{port}
alias="127.0.0.1:{port}"
mpath="{modules}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "auth.so"
loadmodule "htable.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", 5)
modparam("htable", "htable", "creds=>size=4;")

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    xlog("L_NOTICE", "PULT $rm $ru from=$fu to=$tu\\n");
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    if (has_totag()) {{
        if (is_method("INVITE")) {{
            if (search_body("a=sendonly")) {{ xlog("L_NOTICE", "PULT SDP sendonly\n"); }}
            else if (search_body("a=inactive")) {{ xlog("L_NOTICE", "PULT SDP inactive\n"); }}
            else {{ xlog("L_NOTICE", "PULT SDP sendrecv\n"); }}
        }}
        if (is_method("INFO")) {{ xlog("L_NOTICE", "PULT INFO-BODY $rb\n"); }}
        if (is_method("REFER")) {{ xlog("L_NOTICE", "PULT REFER-TO $hdr(Refer-To)\n"); }}
        loose_route();
        t_relay();
        exit;
    }}
    if (is_method("REGISTER")) {{
        if (!is_present_hf("Authorization")) {{ www_challenge("$td", "0"); exit; }}
        if (!pv_www_authenticate("$td", "$sht(creds=>$fU)", "0")) {{
            xlog("L_NOTICE", "PULT auth failed for $fU: $rc\\n");
            sl_send_reply("403", "Forbidden");
            exit;
        }}
        if (!save("location")) {{ sl_reply_error(); }}
        exit;
    }}
    if (is_method("INVITE|SUBSCRIBE|REFER|MESSAGE|OPTIONS|INFO")) {{
        record_route();
        if (!lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
        t_relay();
        exit;
    }}
    sl_send_reply("405", "Method Not Allowed");
}}

event_route[htable:mod-init] {{
{users}
}}
"""


@dataclass
class Kamailio:
    workdir: Path
    users: dict[str, str]
    port: int = 0
    proc: subprocess.Popen[Any] | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / "kamailio.log"

    def start(self) -> None:
        self.port = self.port or free_port_block(2)
        users = "\n".join(f'    $sht(creds=>{u}) = "{p}";' for u, p in self.users.items())
        cfg = self.workdir / "kamailio.cfg"
        cfg.write_text(_KAMAILIO_CFG.format(port=self.port, modules=KAMAILIO_MODULES, users=users))
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                ["kamailio", "-DD", "-E", "-f", str(cfg), "-m", "32", "-M", "4", "-w", str(self.workdir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(lambda: not _port_free_udp(self.port), 10, "kamailio to listen")

    def stop(self) -> None:
        _stop(self.proc)

    def requests(self) -> list[str]:
        return [
            line.split("PULT ", 1)[1] for line in self.log_path.read_text().splitlines() if "PULT " in line
        ]


# ---- TLS ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsPki:
    """A throw-away CA and a server certificate it signed, for 127.0.0.1 (PEM files)."""

    ca: Path
    cert: Path
    key: Path

    @property
    def bundle(self) -> Path:
        """Certificate followed by its key in one PEM (baresip's ``sip_certificate`` wants that)."""
        path = self.cert.with_suffix(".bundle.pem")
        if not path.exists():
            path.write_text(self.cert.read_text() + self.key.read_text())
        return path


def make_test_pki(directory: Path, name: str = "Pult Test CA") -> TlsPki:
    """Make a self-signed CA and a server certificate (SAN IP:127.0.0.1) with the ``openssl`` tool."""
    directory.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60, cwd=directory)

    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", f"/O=Pult tests/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-sha256",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/O=Pult tests/CN=127.0.0.1",
    )  # fmt: skip
    (directory / "server.ext").write_text(
        "basicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth,clientAuth\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
    )
    openssl(
        "x509", "-req", "-sha256", "-days", "2", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-extfile", "server.ext", "-out", "server.pem",
    )  # fmt: skip
    return TlsPki(ca=directory / "ca.pem", cert=directory / "server.pem", key=directory / "server.key")


def tls_module_present() -> bool:
    return (Path(KAMAILIO_MODULES) / "tls.so").exists()


_TLS_GLOBALS = """enable_tls=yes
listen=tls:127.0.0.1:{tls_port}
alias="127.0.0.1:{tls_port}"
"""

_TLS_MODULE = """loadmodule "tls.so"
modparam("tls", "tls_method", "TLSv1.2+")
modparam("tls", "certificate", "{cert}")
modparam("tls", "private_key", "{key}")
modparam("tls", "ca_list", "{ca}")
modparam("tls", "verify_certificate", 0)
modparam("tls", "require_certificate", 0)
modparam("tls", "tls_log", 2)
"""


@dataclass
class KamailioTls(Kamailio):
    """The registrar/proxy of ``Kamailio`` with a TLS listener too (module ``tls.so``, Debian
    ``kamailio-tls-modules``); every request is also logged with the transport it came over."""

    pki: TlsPki | None = None
    tls_port: int = 0

    def config_text(self) -> str:
        assert self.pki is not None
        users = "\n".join(f'    $sht(creds=>{u}) = "{p}";' for u, p in self.users.items())
        text = _KAMAILIO_CFG.format(port=self.port, modules=KAMAILIO_MODULES, users=users)
        alias = f'alias="127.0.0.1:{self.port}"\n'
        text = text.replace(alias, alias + _TLS_GLOBALS.format(tls_port=self.tls_port), 1)
        text = text.replace(
            'loadmodule "htable.so"\n',
            'loadmodule "htable.so"\n'
            + _TLS_MODULE.format(cert=self.pki.cert, key=self.pki.key, ca=self.pki.ca),
            1,
        )
        return text.replace(
            "request_route {\n",
            'request_route {\n    xlog("L_NOTICE", "PULT-PROTO $rm $pr $si:$sp\\n");\n',
            1,
        )

    def start(self) -> None:
        if not self.port:
            base = free_port_block(4)
            self.port, self.tls_port = base, base + 2
        cfg = self.workdir / "kamailio.cfg"
        cfg.write_text(self.config_text())
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                ["kamailio", "-DD", "-E", "-f", str(cfg), "-m", "64", "-M", "8", "-w", str(self.workdir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(lambda: not _port_free_udp(self.port), 10, "kamailio to listen")
        wait_until(lambda: not _port_free(self.tls_port), 10, "kamailio to listen on TLS")

    def transports(self) -> list[tuple[str, str]]:
        """``(method, transport)`` of every request Kamailio received, e.g. ``("REGISTER", "tls")``."""
        found = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            if "PULT-PROTO " in line:
                method, proto = line.split("PULT-PROTO ", 1)[1].split()[:2]
                found.append((method, proto.lower()))
        return found


def _port_free_udp(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# ---- baresip ------------------------------------------------------------------------------------


@dataclass
class Baresip:
    """A baresip far end: auto-answers, sends ``speech`` from a WAV, records what it hears (sndfile)."""

    workdir: Path
    user: str
    speech: Path
    password: str = ""
    registrar_port: int = 0
    answer: str = "auto"
    mediaenc: str = ""  # baresip's media encryption: "" plain RTP, "srtp" best effort, "srtp-mand"
    tls: TlsPki | None = None  # a certificate to accept TLS with (and the CA it trusts)
    registrar_transport: str = "udp"  # "tls": register at ``registrar_port`` over TLS
    port: int = 0
    ctrl_port: int = 0
    proc: subprocess.Popen[Any] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    _sock: socket.socket | None = None

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.port}"

    @property
    def rec_dir(self) -> Path:
        return self.workdir / "rec"

    @property
    def log_path(self) -> Path:
        return self.workdir / "baresip.log"

    def start(self) -> None:
        base = free_port_block(4)
        self.port, self.ctrl_port = base, base + 2  # baresip takes port+1 for TLS
        rtp = free_port_block(20)
        self.rec_dir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "config").write_text(
            "\n".join(
                [
                    "poll_method epoll",
                    f"sip_listen 127.0.0.1:{self.port}",
                    "audio_player alsa,null",
                    f"audio_source aufile,{self.speech}",
                    "audio_alert alsa,null",
                    "module_path /usr/lib/baresip/modules",
                    "module g711.so",
                    "module aufile.so",
                    "module alsa.so",
                    "module sndfile.so",
                    *(["module srtp.so"] if self.mediaenc else []),
                    "module_app account.so",
                    "module_app menu.so",
                    "module_app ctrl_tcp.so",
                    f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}",
                    f"snd_path {self.rec_dir}",
                    f"rtp_ports {rtp}-{rtp + 19}",
                    *(
                        [f"sip_certificate {self.tls.bundle}", f"sip_cafile {self.tls.ca}"]
                        if self.tls
                        else []
                    ),
                    "",
                ]
            )
        )
        params = f";answermode={self.answer}"
        if self.mediaenc:
            params += f";mediaenc={self.mediaenc}"
        if self.registrar_port:
            transport = f";transport={self.registrar_transport}" if self.registrar_transport != "udp" else ""
            outbound = f"sip:127.0.0.1:{self.registrar_port}{transport}"
            params += f';auth_pass={self.password};outbound="{outbound}";regint=60'
        else:
            params += ";regint=0"
        (self.workdir / "accounts").write_text(f"<sip:{self.user}@127.0.0.1>{params}\n")
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                # Media peers run at raised priority, as audio software does, so that a busy CI box
                # (other suites share its two cores) does not turn scheduling delays into glitches.
                # Not SCHED_FIFO: a real-time baresip stalled its REFER handling, transfers never finished.
                ["nice", "-n", "-10", "baresip", "-f", str(self.workdir)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._connect, 10, "baresip control socket")
        threading.Thread(target=self._read_events, name=f"baresip-{self.user}", daemon=True).start()
        if self.registrar_port:  # the REGISTER_OK event may fire before the control socket connects
            wait_until(
                lambda: "200 OK" in self.log_path.read_text(errors="replace"), 10, f"{self.user} registered"
            )

    def _connect(self) -> bool:
        try:
            self._sock = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=1)
        except OSError:
            return False
        self._sock.settimeout(None)
        return True

    def _read_events(self) -> None:
        assert self._sock is not None
        buf = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b":" in buf:  # netstrings: "<len>:<json>,"
                head, _, rest = buf.partition(b":")
                length = int(head)
                if len(rest) < length + 1:
                    break
                payload, buf = rest[:length], rest[length + 1 :]
                with contextlib.suppress(ValueError):
                    self.events.append(json.loads(payload))

    def command(self, command: str, params: str = "") -> None:
        assert self._sock is not None
        body = json.dumps({"command": command, "params": params, "token": str(time.monotonic())}).encode()
        self._sock.sendall(str(len(body)).encode() + b":" + body + b",")

    def find_events(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in list(self.events) if e.get("event") and e.get("type") == kind]

    def wait_event(self, kind: str, timeout: float, count: int = 1) -> list[dict[str, Any]]:
        return wait_until(
            lambda: found if len(found := self.find_events(kind)) >= count else None,
            timeout,
            f"baresip {kind}",
        )

    def decoded_recordings(self) -> list[Path]:
        """WAVs of what baresip heard from its peers (sndfile's ``-dec`` dumps), oldest first."""
        return sorted(self.rec_dir.glob("dump-*-dec.wav"), key=lambda p: p.stat().st_mtime)

    def stop(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self.command("quit")
            with contextlib.suppress(OSError):
                self._sock.close()
        if self.proc is not None:
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                _stop(self.proc)


# ---- PulseAudio ---------------------------------------------------------------------------------


@dataclass
class PulseAudio:
    """A private user-mode PulseAudio with null sinks; ALSA PCMs name them for PortAudio.

    Running as root is fine in user mode as long as HOME, XDG_RUNTIME_DIR and PULSE_RUNTIME_PATH
    point at a private directory (pulseaudio only refuses root for ``--system`` misuse, not here).
    """

    workdir: Path
    proc: subprocess.Popen[Any] | None = None
    modules: dict[str, int] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        runtime = self.workdir / "run"
        return {
            "HOME": str(self.workdir / "home"),
            "XDG_RUNTIME_DIR": str(runtime),
            "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
            "PULSE_SERVER": f"unix:{runtime / 'pulse' / 'native'}",
        }

    def start(self) -> None:
        env = self.env
        Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
        Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
        # ALSA PCMs over the pulse plugin: PortAudio lists them as "pult_headset", "pult_mic".
        (Path(env["HOME"]) / ".asoundrc").write_text(
            'pcm.pult_headset { type pulse; device "headset"; hint { show on; description "Headset" } }\n'
            'pcm.pult_mic { type pulse; device "micsrc.monitor"; hint { show on; description "Pult mic" } }\n'
            # A microphone that hears the speaker, like a laptop without a headset: for echo tests.
            'pcm.pult_echo { type pulse; device "headset.monitor"; hint { show on; description "Echo" } }\n'
        )
        with (self.workdir / "pulseaudio.log").open("wb") as log:
            self.proc = self._spawn(log)
        wait_until(lambda: self.pactl("info", check=False).returncode == 0, 15, "pulseaudio")
        for sink in ("fallback", "headset", "micsrc"):
            self.load_sink(sink)
        self.pactl("set-default-sink", "fallback")
        self.pactl("set-default-source", "fallback.monitor")
        _realtime(self.proc.pid)

    # Measured on the shared 2-core box: PulseAudio's main loop (normal scheduling, nice -11) takes part in
    # every stream's data requests and went unscheduled for up to 1.9 s under load; each time the headset
    # streams stalled, which counted as the engine's glitches although the engine's own frames were on time
    # (bridge frames at most 3 ms late). The null sinks stand in for sound cards, whose clock never stops:
    # all of the rig's sound server runs real-time, above the engine's audio threads (10).

    def _spawn(self, log: Any) -> subprocess.Popen[Any]:
        return subprocess.Popen(
            [
                "pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--disallow-exit",
                "--high-priority=yes", "--realtime=yes",
                "--load=module-native-protocol-unix", "--log-target=stderr",
            ],
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pactl", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
        )

    def load_sink(self, name: str) -> None:
        out = self.pactl("load-module", "module-null-sink", f"sink_name={name}", "rate=16000", "channels=1")
        self.modules[name] = int(out.stdout.strip())

    def unload_sink(self, name: str) -> None:
        self.pactl("unload-module", str(self.modules.pop(name)))

    def record(self, source: str, path: Path) -> subprocess.Popen[Any]:
        """Start recording a source (e.g. ``headset.monitor``) to a WAV; stop it with ``stop_recording``."""
        return subprocess.Popen(
            [
                "parec",
                "-d",
                source,
                "--latency-msec=200",  # the rig's recorder must not drop audio when the box is busy
                "--file-format=wav",
                "--rate=16000",
                "--channels=1",
                "--format=s16le",
                str(path),
            ],
            env={**os.environ, **self.env},
            start_new_session=True,
        )

    def play(self, sink: str, wav: Path) -> subprocess.Popen[Any]:
        """Play into a sink (``micsrc``: the operator speaking); real-time like the server, since a real
        microphone does not stall either."""
        proc = subprocess.Popen(
            ["paplay", "-d", sink, "--latency-msec=200", str(wav)],
            env={**os.environ, **self.env},
            start_new_session=True,
        )
        _realtime(proc.pid)
        return proc

    def stop(self) -> None:
        _stop(self.proc)


RIG_REALTIME_PRIORITY = 20  # softphone.priority.REALTIME_PRIORITY is 10


def _realtime(pid: int) -> None:
    """Every thread of a rig process on SCHED_RR (where the OS allows; else it stays as it was)."""
    try:
        tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return
    for tid in tids:
        with contextlib.suppress(OSError, AttributeError):
            os.sched_setscheduler(tid, os.SCHED_RR, os.sched_param(RIG_REALTIME_PRIORITY))


def stop_process(proc: subprocess.Popen[Any], sig: int = signal.SIGINT) -> None:
    _stop(proc, sig)


@contextlib.contextmanager
def started(*peers: Any) -> Iterator[None]:
    try:
        for peer in peers:
            peer.start()
        yield
    finally:
        for peer in reversed(peers):
            with contextlib.suppress(Exception):
                peer.stop()
