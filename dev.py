#!/usr/bin/env python3
"""Set up Pult from a fresh clone and run it or test it.

    python3 dev.py run     install everything, start the server with its demo tenant and the client
    python3 dev.py test    install everything the tests need, run the checks and the whole suite

Only the standard library is used here, because this runs before the virtual environment exists.
Debian packages are installed with apt-get when run as root; otherwise the exact apt line is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
REQ = ROOT / "requirements"


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def run(cmd: list[str], **kw: object) -> None:
    say(" ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def check_python() -> None:
    if not ((3, 11) <= sys.version_info[:2] <= (3, 12)):
        found = sys.version.split()[0]
        sys.exit(f"Pult needs Python 3.11 or 3.12 (the pjsua2 wheel stops at 3.12); this is {found}.")


def debian_packages(kind: str) -> list[str]:
    names = (REQ / "debian-run.txt").read_text().split()
    if kind == "test":
        names += (REQ / "debian-test.txt").read_text().split()
    return names


def ensure_debian(kind: str) -> None:
    if not shutil.which("dpkg-query"):
        say("not a Debian-like system: install PortAudio and the Qt xcb libraries with your package manager")
        return
    wanted = debian_packages(kind)
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Status}\n", *wanted],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    installed = {line.split()[0] for line in out.splitlines() if line.endswith(" installed")}
    missing = [n for n in wanted if n not in installed]
    if not missing:
        return
    line = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0:
        sys.exit("Missing Debian packages. Run as root:\n  sudo apt-get update && sudo " + " ".join(line))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(line, env=env)


def ensure_venv(kind: str) -> None:
    lock = REQ / ("dev.lock" if kind == "test" else "run.lock")
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".pult-{kind}.stamp"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run([str(PY), "-m", "pip", "install", "--quiet", "-r", str(lock)])
    run([str(PY), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)])
    stamp.write_text(digest)


def build_translations() -> None:
    run([str(PY), str(ROOT / "scripts" / "i18n.py"), "build"])


def setup(kind: str) -> None:
    check_python()
    ensure_debian(kind)
    if not PY.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
        run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    ensure_venv(kind)
    build_translations()


def cmd_run(args: argparse.Namespace) -> int:
    setup("run")
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        if shutil.which("Xvfb") is None:
            say("no display: the server runs, the client needs a desktop session (or Debian's xvfb)")
        else:
            say("no display: the client starts on a virtual screen :77 (Xvfb); run it from a desktop")
            subprocess.Popen(["Xvfb", ":77", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
            env["DISPLAY"] = ":77"
            time.sleep(1)
    server_cmd = [str(PY), "-m", "app.server", "--demo", "--port", str(args.port)]
    server = subprocess.Popen([*server_cmd, "--demo-traffic", args.demo_traffic], cwd=ROOT, env=env)
    try:
        client = subprocess.run(
            [str(PY), str(ROOT / "main.py"), "--server", f"http://127.0.0.1:{args.port}"], cwd=ROOT, env=env
        )
        return client.returncode
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def cmd_test(args: argparse.Namespace) -> int:
    setup("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    checks: list[list[str]] = [
        [str(PY), "-m", "ruff", "check", "."],
        [str(PY), "-m", "ruff", "format", "--check", "."],
        [str(PY), "-m", "mypy"],
        [str(BIN / "lint-imports")],
        [str(PY), str(ROOT / "scripts" / "i18n.py"), "check"],
    ]
    if not args.only_pytest:
        for check in checks:
            say("check: " + " ".join(Path(c).name if i == 0 else c for i, c in enumerate(check)))
            if subprocess.run(check, cwd=ROOT, env=env, check=False).returncode != 0:
                say("a check failed (see above)")
                return 1
    return subprocess.run(
        [str(PY), "-m", "pytest", *args.pytest_args], cwd=ROOT, env=env, check=False
    ).returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="install everything and start server (demo tenant) + client")
    p_run.add_argument("--port", type=int, default=8765)
    p_run.add_argument(
        "--demo-traffic", default="2", help="simulated customer calls per minute into the demo queues, or off"
    )
    p_test = sub.add_parser("test", help="install everything the tests need and run the whole suite")
    p_test.add_argument("--only-pytest", action="store_true", help="skip lint, types, import and i18n checks")
    p_test.add_argument("pytest_args", nargs="*", help="passed to pytest")
    sub.add_parser("setup", help="install everything the tests need and stop")
    args = parser.parse_args()
    if args.command == "run":
        return cmd_run(args)
    if args.command == "test":
        return cmd_test(args)
    setup("test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
