"""Finding and ending the processes a test run started: SIP peers (Kamailio, baresip), servers and the
media workers and SIP fronts those servers start.

Every such process names a directory under the run's temp root on its command line (its config, work or
data dir), and each runs in its own session, so a test that dies or a teardown that is skipped leaves it
running after pytest exits. :func:`leftovers` finds them by that root; :func:`end_groups` ends each one's
whole process group (Kamailio forks its children into it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Leftover:
    pid: int
    command: str


def _ancestors() -> set[int]:
    """This process and its parents: a run started with ``--basetemp`` names the root too."""
    found, pid = set(), os.getpid()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return found


PEERS = ("kamailio", "baresip", "app.server", "pult-server", "sipp")
"""What the check looks for: SIP peers, servers and their media workers (``app.server.switch.worker``)."""


def leftovers(root: Path) -> list[Leftover]:
    """Live peers (not zombies) whose command line names a path under ``root``."""
    if not Path("/proc").is_dir():
        return []
    marker = str(root.resolve())
    mine = _ancestors()
    found: list[Leftover] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        command = " ".join(a.decode(errors="replace") for a in args if a)
        if state != "Z" and marker in command and any(name in command for name in PEERS):
            found.append(Leftover(int(entry.name), command))
    return sorted(found, key=lambda p: p.pid)


def end_groups(processes: list[Leftover], timeout: float = 5.0) -> None:
    """SIGTERM each one's process group, then SIGKILL what is still there after ``timeout``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for proc in processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(os.getpgid(proc.pid), sig)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(proc.pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(_alive(p.pid) for p in processes):
            time.sleep(0.1)
        if not any(_alive(p.pid) for p in processes):
            return


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(root: Path, timeout: float) -> list[Leftover]:
    """What is still running under ``root`` after up to ``timeout`` seconds (media workers that kept a
    conversation when their api stopped end by themselves within their orphan grace)."""
    deadline = time.monotonic() + timeout
    while (found := leftovers(root)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return found
