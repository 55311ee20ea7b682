"""The SIP front: Kamailio's ``dispatcher`` in front of the media workers.

Customers and carriers reach one public SIP address; Kamailio (Debian ``kamailio``) forwards each new INVITE
to a worker round robin and, when a worker answers 486/503 (full) or does not answer at all (down), tries
the next one. A worker that stops answering is marked inactive and probed with OPTIONS until it answers
again. The dialog stays record-routed through the front, so a customer's BYE finds its worker.

The server writes the configuration into ``<data dir>/sip-front/`` and supervises the process: restarted
when it exits, stopped with the server. A Kamailio left over by a server that was killed is recognised by
the pid file and stopped before a new one starts (it would hold the public port).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from app.server.core.logging import log_event

_MODULES_DIRS = (
    "/usr/lib/x86_64-linux-gnu/kamailio/modules",
    "/usr/lib/aarch64-linux-gnu/kamailio/modules",
    "/usr/lib/kamailio/modules",
    "/usr/local/lib64/kamailio/modules",
    "/usr/local/lib/kamailio/modules",
)
DISPATCH_SET = 1
ROUND_ROBIN = 4
STOP_TIMEOUT = 5.0


def kamailio_binary() -> str | None:
    """The ``kamailio`` program, if installed (Debian puts it in /usr/sbin, which a user PATH may lack)."""
    return shutil.which("kamailio") or shutil.which("kamailio", path="/usr/sbin:/usr/local/sbin")


def modules_dir() -> str | None:
    return next((d for d in _MODULES_DIRS if Path(d, "dispatcher.so").is_file()), None)


def kamailio_available() -> bool:
    return kamailio_binary() is not None and modules_dir() is not None


def dispatcher_list(targets: list[tuple[str, int]]) -> str:
    """``dispatcher.list``: one destination per worker in set 1."""
    lines = [f"{DISPATCH_SET} sip:{host}:{port};transport=udp 0 0" for host, port in targets]
    return "\n".join(lines) + "\n"


TRUNK_CONTACT_PREFIX = "pult-trunk-"
"""User part of a registered trunk's Contact (the front). Only worker 0 holds trunk accounts, and pjsua puts
an account's Contact into the dialogs it answers, so the caller's ACK and BYE come to the front addressed to
the front itself: they belong to worker 0."""


def kamailio_config(
    *, host: str, port: int, modules: str, list_file: Path, fr_timer_ms: int = 1500, trunk_worker: str = ""
) -> str:
    """The routing script. ``fr_timer`` bounds how long a silent (dead) worker holds up a new call: the
    workers answer at once (100 Trying, then 200/486), so 1.5 s without a reply means it is gone."""
    return f"""#!KAMAILIO
# Written by the Pult server (app/server/switch/front.py); rewritten on every start.
debug=2
log_stderror=yes
children=2
disable_tcp=yes
auto_aliases=no
listen=udp:{host}:{port}
alias="{host}:{port}"
mpath="{modules}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "xlog.so"
loadmodule "dispatcher.so"
modparam("tm", "fr_timer", {fr_timer_ms})
modparam("tm", "fr_inv_timer", 120000)
modparam("dispatcher", "list_file", "{list_file}")
modparam("dispatcher", "flags", 2)
modparam("dispatcher", "ds_ping_interval", 1)
modparam("dispatcher", "ds_probing_mode", 1)
modparam("dispatcher", "ds_probing_threshold", 1)
modparam("dispatcher", "ds_inactive_threshold", 1)
modparam("dispatcher", "ds_ping_reply_codes", "class=2;class=4")
modparam("dispatcher", "ds_ping_from", "sip:front@{host}:{port}")

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    if (has_totag()) {{
        if ($rU =~ "^{TRUNK_CONTACT_PREFIX}" && uri == myself) {{
            remove_hf("Route");
            $du = "{trunk_worker}";
            t_relay();
            exit;
        }}
        if (loose_route()) {{ t_relay(); exit; }}
        if (is_method("ACK")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
        sl_send_reply("404", "Not Here");
        exit;
    }}
    if (is_method("OPTIONS") && uri == myself && $rU == $null) {{ sl_send_reply("200", "OK"); exit; }}
    if (!is_method("INVITE")) {{ sl_send_reply("405", "Method Not Allowed"); exit; }}
    remove_hf("Route");
    record_route();
    if (!ds_select_dst("{DISPATCH_SET}", "{ROUND_ROBIN}")) {{
        xlog("L_NOTICE", "PULT-FRONT none $ci\\n");
        sl_send_reply("503", "No Switch Worker");
        exit;
    }}
    xlog("L_NOTICE", "PULT-FRONT route $ci $du\\n");
    t_on_failure("NEXT_WORKER");
    if (!t_relay()) {{ sl_reply_error(); }}
    exit;
}}

failure_route[NEXT_WORKER] {{
    if (t_is_canceled()) {{ exit; }}
    if (t_branch_timeout() && !t_branch_replied()) {{
        xlog("L_NOTICE", "PULT-FRONT down $ci $du\\n");
        ds_mark_dst("ip");
    }} else if (!t_check_status("486|503|500|408")) {{
        exit;
    }}
    if (ds_next_dst()) {{
        xlog("L_NOTICE", "PULT-FRONT failover $ci $du\\n");
        t_on_failure("NEXT_WORKER");
        t_relay();
        exit;
    }}
    xlog("L_NOTICE", "PULT-FRONT exhausted $ci\\n");
}}
"""


class SipFront:
    """A supervised Kamailio dispatching ``host:port`` to the workers' SIP ports."""

    def __init__(self, *, work_dir: Path, host: str, port: int, log_file: Path | None = None) -> None:
        binary, modules = kamailio_binary(), modules_dir()
        if binary is None or modules is None:
            raise RuntimeError("kamailio with its dispatcher module is not installed")
        self.binary, self.modules = binary, modules
        self.work_dir = work_dir
        self.host = host
        self.port = port
        self.log_file = log_file or work_dir / "kamailio.log"
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None

    @property
    def config_file(self) -> Path:
        return self.work_dir / "kamailio.cfg"

    @property
    def list_file(self) -> Path:
        return self.work_dir / "dispatcher.list"

    @property
    def pid_file(self) -> Path:
        return self.work_dir / "kamailio.pid"

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def write_config(self, targets: list[tuple[str, int]]) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.list_file.write_text(dispatcher_list(targets))
        self.config_file.write_text(
            kamailio_config(
                host=self.host,
                port=self.port,
                modules=self.modules,
                list_file=self.list_file,
                trunk_worker=f"sip:{targets[0][0]}:{targets[0][1]}" if targets else "",
            )
        )

    def check_config(self) -> str:
        """Kamailio's own syntax check of the written script; the error text, or '' when it is fine."""
        done = subprocess.run(
            [self.binary, "-c", "-f", str(self.config_file)], capture_output=True, text=True, check=False
        )
        return "" if done.returncode == 0 else (done.stderr or done.stdout).strip()[-2000:]

    def start(self, targets: list[tuple[str, int]]) -> None:
        self.write_config(targets)
        self._stop_leftover()
        self._stopping.clear()
        self._spawn()
        self._supervisor = threading.Thread(target=self._supervise, name="sip-front", daemon=True)
        self._supervisor.start()
        log_event(
            "sip_front.started",
            listen=f"{self.host}:{self.port}",
            workers=[f"{h}:{p}" for h, p in targets],
            pid=self.pid,
            config=str(self.config_file),
        )

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            with self.log_file.open("ab") as log:
                command = [self.binary, "-DD", "-E", "-f", str(self.config_file), "-P", str(self.pid_file)]
                command += ["-w", str(self.work_dir), "-m", "32", "-M", "4"]
                self._proc = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own group: Ctrl-C is the server's to handle; killed as one
                )

    def _supervise(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            proc = self._proc
            if proc is None:
                return
            started = time.monotonic()
            code = proc.wait()
            if self._stopping.is_set():
                return
            failures = failures + 1 if time.monotonic() - started < 10.0 else 1
            delay = min(30.0, 0.5 * 2 ** (failures - 1))
            log_event("sip_front.exited", exit_code=code, restart_in=delay, log=str(self.log_file))
            if self._stopping.wait(delay):
                return
            self.restarts += 1
            self._spawn()
            log_event("sip_front.restarted", pid=self.pid, restarts=self.restarts)

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            _kill_group(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=STOP_TIMEOUT)
        if self._supervisor is not None:
            self._supervisor.join(timeout=STOP_TIMEOUT)
        with contextlib.suppress(OSError):
            self.pid_file.unlink()
        log_event("sip_front.stopped")

    def _stop_leftover(self) -> None:
        """A Kamailio started on this config by a server that died without stopping it."""
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return
        if str(self.config_file).encode() not in cmdline:
            return
        log_event("sip_front.leftover_stopped", pid=pid)
        _kill_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if Path(f"/proc/{pid}").exists():
            _kill_group(pid, signal.SIGKILL)


def _kill_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
