"""The address of the running client and the hand-over a later launch makes to it (spec App. 4, R-URL-2).

Kept apart from :mod:`ui.single_instance` and free of Qt on POSIX: ``main.py`` runs this before the first
window of every launch, so it costs one failed ``connect`` and a few imports that are loaded anyway.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import zlib
from pathlib import Path

ACK = b"ok\n"


def instance_address(config_dir: Path) -> str:
    """The local socket of the client that uses ``config_dir`` (one per user and settings home).

    A full path in the temp dir on POSIX (the config dir may be too long for a Unix socket path), a pipe
    name on Windows.
    """
    # os and zlib only: this runs before the first window, where hashlib and getpass cost milliseconds.
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    key = user + "\0" + str(config_dir.resolve())
    digest = f"{zlib.crc32(key.encode()):08x}"
    name = f"pult-{digest}"
    if sys.platform == "win32":
        return name
    return str(Path(tempfile.gettempdir()) / f"{name}.sock")


def hand_over(address: str, url: str, *, timeout_s: float = 5.0) -> bool:
    """Give ``url`` ("" to just raise the window) to a running client; False when none is running."""
    message = json.dumps({"url": url}).encode() + b"\n"
    if sys.platform == "win32":
        return _hand_over_qt(address, message, timeout_s)
    # The C module, not ``socket``: a first launch pays for this check before its window (bench/startup.py).
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout_s)
        sock.connect(address)
        sock.sendall(message)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(16)
            if not chunk:
                break
            reply += chunk
    except OSError:
        return False
    finally:
        sock.close()
    return reply == ACK


def _hand_over_qt(address: str, message: bytes, timeout_s: float) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(address)
    if not sock.waitForConnected(int(timeout_s * 1000)):
        return False
    sock.write(message)
    sock.waitForBytesWritten(int(timeout_s * 1000))
    ok = sock.waitForReadyRead(int(timeout_s * 1000)) and bytes(sock.readAll().data()) == ACK
    sock.disconnectFromServer()
    return ok
