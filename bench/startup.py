#!/usr/bin/env python3
"""Startup of the Pult client against a bare PySide6 window, measured in the same run.

    python bench/startup.py [--runs 5]

Starts the demo server, remembers a login («Запомнить»: refresh token in a test keyring backend),
then alternately starts a bare window process (QApplication + QMainWindow shown) and the client,
each from process start to its main window shown, and reports medians, peak RSS, processor time and
the ratios. Both run with a private byte-code cache filled by a warm-up run of each, as installed
clients do (pip, PyInstaller and the Debian package ship compiled modules). Targets: time ≤ 1.6× the
bare window's, peak RSS ≤ 130 MB; the verdict asks both the wall-time and the processor-time ratio
to meet the time target, since on a loaded machine either alone can mislead.

Where the client's processor time goes (2-core box; ~195 ms against ~125 ms for the bare window, of
which ~25 ms is the interpreter and ~95 ms importing PySide6, the same on both sides), measured with
``-X importtime``, a wrapper timing ``enum.EnumType._create_`` and ``time.process_time()`` stamps:

* ~30 ms: PySide6 builds a Python ``enum`` class for every enum of a Qt class the first time Python
  touches the class. ``from PySide6.QtCore import Qt`` alone creates the 94 enums of the ``Qt``
  namespace (~20 ms); then ``QEvent`` (~2 ms), and the first ``changeEvent`` override that receives
  an event makes shiboken resolve five event subclasses to learn its type (~2 ms); then ``QIcon``,
  ``QFont``, ``QPainter``, ``QPalette``, ``QFrame``, ``QAction``. The bare window touches none of
  them. Any widget code needs ``Qt``, icons and its own overrides: this is the floor of a PySide6
  client, and no ``PYSIDE6_OPTION_*`` makes it cheaper (measured: lazy loading off costs more, the
  enum options change nothing).
* ~8 ms: Qt's font database, loaded by the first text laid out (the bare window lays out none).
* ~12 ms: the rest of the main window: its widgets and the icons they paint, ``show()``'s layout and
  the style sheet's polish.
* ~12 ms: Pult's own modules on the first-frame path; ~7 ms of it are the frozen dataclasses of
  ``app.state`` (connection, presence, session and status snapshots) and ``dataclasses`` itself.
* ~6 ms: standard modules PySide6 does not import itself (json, platformdirs, locale through
  argparse's gettext, ``_ctypes`` for ``app.none_guard``, ``_socket`` for the single-instance check).

Cut in the second round (issue #2; the client went from 211-216 ms to 190-195 ms against a bare window of
119-125 ms, 1.70-1.84x to 1.56-1.57x on a quiet box; the parts below add up to ~30 ms, but other work
landed on the first-frame path meanwhile): PySide6's ``__feature__`` import hook read the
whole source of every module named by an import once Qt was loaded (~50 modules, ~8 ms, and hundreds
more before the session is restored): ``app.bootstrap`` gives ``import`` back to Python. No cyclic
garbage collection until the first frame (~40 collections walking long-lived objects, ~6 ms). With
nothing hidden in «Видимость разделов» the shell neither imports that tab nor searches the window
(``findChild`` wrapped every widget for Python, ~6 ms; it now looks at direct children only). The
line selectors (two combo boxes, hidden until the server has lines) are built on first use, the call
shortcuts and their ``QKeySequence`` right after the first frame (~4 ms). ``ClientOptions`` and
``ScriptedLogin`` are plain classes (~2 ms of generated dataclass code); the None guard uses ctypes'
C core instead of the ctypes package (~1.6 ms).

Cut before: pydantic, the wire models, asyncio/qasync, keyring, httpx and websockets are imported after
the first frame; the settings read on the way to the first window are read as plain JSON (the
«Видимость разделов» read validated them and pulled pydantic in, ~90 ms); Fusion comes from
``-style`` on QApplication's command line (``setStyle`` built the QStyle wrapper and its enums,
~9 ms); the logo's brush is set from a QColor (``QBrush(QColor)`` built QImage's and QGradient's
enums). Panels, tray, desk and softphone are built after the window is up.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOGIN = "300000001/op1"
PASSWORD = "PultDemo1"
TIME_TARGET = 1.6
RSS_TARGET_MB = 130

BARE_WINDOW = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1120, 720)
window.show()
def shown():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("shown", rss, int(time.process_time() * 1000), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.server", "--demo", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("Pult server listening on "):
            return proc, line.split()[-1]
    raise RuntimeError("server did not start")


def remember_login(server: str, env: dict[str, str]) -> None:
    """Sign in once with «Запомнить» and store what the client stores, the way the client stores it."""
    import httpx

    from app.settings.models import AppSettings
    from app.settings.paths import SettingsPaths
    from app.settings.secrets import SecretStore
    from tests.e2e.keyring_backend import FileKeyring

    answer = httpx.post(
        f"{server}/api/v1/auth/login",
        json={"login": LOGIN, "password": PASSWORD, "remember": True},
        timeout=10,
    )
    answer.raise_for_status()
    token = answer.json()["refresh_token"]
    os.environ["PULT_TEST_KEYRING_FILE"] = env["PULT_TEST_KEYRING_FILE"]
    assert SecretStore(backend=FileKeyring()).set_refresh_token(server, LOGIN, token)
    paths = SettingsPaths(
        config_dir=Path(env["XDG_CONFIG_HOME"]) / "pult", state_dir=Path(env["XDG_STATE_HOME"]) / "pult"
    )
    paths.app_file().save(AppSettings(last_server=server, last_login=LOGIN, remember=True, language="ru"))


def run_bare(env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds to the window shown, its peak RSS (KiB), processor time used by then (ms)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BARE_WINDOW], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=30)
    if not line.startswith("shown"):
        raise RuntimeError("bare window did not report")
    _, rss, cpu = line.split()
    return elapsed, int(rss), int(cpu)


def run_client(env: dict[str, str]) -> tuple[float, int, int, float]:
    """Seconds to the main window, its peak RSS (KiB), processor time by then (ms), seconds to the
    restored session."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--log-format",
            "json",
            "--no-err-windows",
            "--stdin-commands",
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None
    assert proc.stderr is not None
    shown: tuple[float, int, int] | None = None
    restored = 0.0
    for line in proc.stderr:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == "window.shown" and shown is None:
            shown = (time.perf_counter() - start, int(record["max_rss_kb"]), int(record["cpu_ms"]))
        elif record.get("event") == "login.ok":
            restored = time.perf_counter() - start
            if not record.get("remembered"):
                raise RuntimeError("the session was not restored from the keyring")
        elif record.get("event") == "login.failed":
            raise RuntimeError(f"remembered login failed: {record}")
        if shown is not None and restored:
            break
    proc.stdin.write("quit\n")
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stderr.close()
    if shown is None:
        raise RuntimeError("client did not show its main window")
    return shown[0], shown[1], shown[2], restored


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pult-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_STATE_HOME": str(tmp / "state"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "PYTHON_KEYRING_BACKEND": "tests.e2e.keyring_backend.FileKeyring",
            "PULT_TEST_KEYRING_FILE": str(tmp / "keyring.json"),
            "PYTHONPATH": str(ROOT),
            # Byte-code as an installed client has it (pip, PyInstaller and the Debian package all ship
            # compiled modules): the warm-up runs below fill a private cache for both sides alike.
            "PYTHONPYCACHEPREFIX": str(tmp / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        server, url = start_server(tmp / "server")
        try:
            remember_login(url, env)
            run_bare(env)  # warm the OS file cache for both: the first start of anything is slower
            run_client(env)
            bare_t, bare_rss, client_t, client_rss, restored = [], [], [], [], []
            bare_cpu, client_cpu = [], []
            for _ in range(args.runs):
                t, rss, cpu = run_bare(env)
                bare_t.append(t)
                bare_rss.append(rss)
                bare_cpu.append(cpu)
                t, rss, cpu, r = run_client(env)
                client_t.append(t)
                client_rss.append(rss)
                client_cpu.append(cpu)
                restored.append(r)
        finally:
            server.terminate()
            server.wait(timeout=15)
    bt, ct = statistics.median(bare_t), statistics.median(client_t)
    brss, crss = statistics.median(bare_rss) / 1024, statistics.median(client_rss) / 1024
    ratio = ct / bt
    best_ratio = min(client_t) / min(bare_t)
    print(f"runs: {args.runs} each, alternating, platform {env['QT_QPA_PLATFORM']}; medians (best run)")
    print(
        f"bare PySide6 window : {bt * 1000:5.0f} ms ({min(bare_t) * 1000:4.0f}) to shown, "
        f"peak RSS {brss:5.1f} MB"
    )
    print(
        f"Pult main window    : {ct * 1000:5.0f} ms ({min(client_t) * 1000:4.0f}) to shown, "
        f"peak RSS {crss:5.1f} MB (remembered login)"
    )
    print(f"session restored    : {statistics.median(restored) * 1000:5.0f} ms after process start")
    bc, cc = statistics.median(bare_cpu), statistics.median(client_cpu)
    print(
        f"processor time      : {cc:.0f} ms vs {bc:.0f} ms bare = {cc / bc:.2f}x "
        "(user+system to shown; steadier than wall time on a loaded machine)"
    )
    print(f"time ratio          : {ratio:.2f}x ({best_ratio:.2f}x best runs)   target <= {TIME_TARGET}x")
    print(
        f"RSS                 : {crss:.1f} MB = {crss / brss:.2f}x the bare window   "
        f"target <= {RSS_TARGET_MB} MB"
    )
    ok = ratio <= TIME_TARGET and cc / bc <= TIME_TARGET and crss <= RSS_TARGET_MB
    print("result              :", "OK" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
