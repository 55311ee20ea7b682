"""What the About dialog and every error report say about this client: versions of Pult and what it runs on.

The product version is ``app.__version__`` (the one place it lives). The build is ``$PULT_BUILD``, else the
``build.txt`` a package carries next to the program, else the git commit of a source checkout. pjsua2's
version is read from its package metadata, so asking does not load the native library.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class AboutFacts:
    version: str
    build: str
    pjsua2: str
    qt: str
    pyside: str
    python: str
    system: str

    def one_line(self) -> str:
        """For error reports: everything support needs to reproduce, on one line."""
        return (
            f"Pult {self.version} (build {self.build}); pjsua2 {self.pjsua2}; Qt {self.qt}; "
            f"PySide6 {self.pyside}; Python {self.python}; {self.system}"
        )


@cache
def about_facts() -> AboutFacts:
    from PySide6 import QtCore

    return AboutFacts(
        version=__version__,
        build=build_id(),
        pjsua2=_package_version("pjsua2-python", "pjsua2"),
        qt=QtCore.qVersion(),
        pyside=str(getattr(QtCore, "__version__", "unknown")),
        python=platform.python_version(),
        system=f"{platform.system()} {platform.release()} {platform.machine()}".strip(),
    )


def build_id() -> str:
    explicit = os.environ.get("PULT_BUILD", "").strip()
    if explicit:
        return explicit
    bundle = Path(getattr(sys, "_MEIPASS", ROOT))
    for candidate in (bundle / "build.txt", Path(sys.executable).parent / "build.txt"):
        try:
            text = candidate.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if text:
            return text[:100]
    if (ROOT / ".git").exists():
        try:
            done = subprocess.run(
                ["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=10"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
        if done.returncode == 0 and done.stdout.strip():
            return "git " + done.stdout.strip()
    return "unknown"


def _package_version(distribution: str, module: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    try:  # a PyInstaller bundle may carry the module without its metadata
        found = __import__(f"{module}._version", fromlist=["__version__"])
    except ImportError:
        return "not installed"
    return str(getattr(found, "__version__", "unknown"))
