"""Normalising the server address a user types into the login window."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class BadAddressError(ValueError):
    """The text is not a usable server address."""


def normalize_server(text: str) -> str:
    """``pult.example.com`` → ``https://pult.example.com``, ``127.0.0.1:8765`` → ``http://127.0.0.1:8765``.

    Without a scheme, loopback and private-looking hosts with a port get ``http``, everything else
    ``https``. The result has no trailing slash.
    """
    raw = text.strip()
    if not raw:
        raise BadAddressError("empty")
    if "://" not in raw:
        host = raw.split("/")[0].split(":")[0].lower()
        local = host in {"localhost", "127.0.0.1", "::1"} or host.startswith(("10.", "192.168.", "127."))
        raw = ("http://" if local else "https://") + raw
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"}:
        raise BadAddressError(f"unsupported scheme {parts.scheme!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadAddressError("bad port") from exc
    if not parts.hostname or " " in raw or (port is not None and not 0 < port < 65536):
        raise BadAddressError("no host")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def websocket_url(server: str, path: str) -> str:
    """The ``ws``/``wss`` URL of ``path`` on ``server``."""
    parts = urlsplit(server)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + path, "", ""))
