"""«Запускать вместе с системой»: an XDG autostart entry on Linux; other systems say not supported.

The freedesktop autostart spec: a ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart`` starts the
program at login. Windows (Run registry key) and macOS (a LaunchAgent) come with their installers.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

ENTRY_NAME = "pult.desktop"


class Autostart:
    """Reads and writes the autostart entry in ``directory`` (the XDG one by default)."""

    def __init__(self, *, directory: Path | None = None, platform: str = sys.platform) -> None:
        self.supported = platform.startswith("linux")
        if directory is None:
            base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
            directory = Path(base) / "autostart"
        self.path = directory / ENTRY_NAME

    @property
    def enabled(self) -> bool:
        return self.supported and self.path.is_file()

    def set_enabled(self, on: bool, *, command: list[str] | None = None) -> None:
        if not self.supported:
            raise OSError("starting with the system is not supported on this platform")
        if not on:
            self.path.unlink(missing_ok=True)
            return
        argv = command or [sys.executable, str(Path(sys.argv[0]).resolve())]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Pult\n"
            "Comment=Contact-center operator workstation\n"
            f"Exec={shlex.join(argv)}\n"
            "X-GNOME-Autostart-enabled=true\n"
        )
        partial = self.path.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.path)
