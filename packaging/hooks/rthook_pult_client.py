"""PyInstaller runtime hook of the client: runs before main.py in the frozen program.

The app finds ``translations/`` and ``resources/`` relative to its package files, which in a one-folder
bundle lie under ``sys._MEIPASS``; the spec puts both folders there, so nothing needs moving. What this
hook fixes is the environment a Linux desktop session hands to a frozen Qt program.
"""

from __future__ import annotations

import os
import sys

if sys.platform.startswith("linux"):
    # A session may export QT_PLUGIN_PATH for the system Qt; those plugins were built against another Qt
    # and abort ours on load, so the bundle's own plugins must be the only ones found.
    os.environ.pop("QT_PLUGIN_PATH", None)
