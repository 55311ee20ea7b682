"""The worker's end of the control channel, made to outlive the api.

A worker starts with the socket its manager gave it and also listens on a Unix socket in the server's data
dir (``--listen``). When the api goes away (a restart, a crash) while conversations are up, the worker keeps
them: events it would have sent are kept in order, and the next api's manager connects to the listening
socket, gets ``ready``, the kept events, then the list of conversations still up, and carries on. The
worker decides what an orphaned state means (see ``Worker``); this class only moves bytes and says when the
manager went or came (:data:`LOST`, :data:`ATTACHED` on the command queue).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from app.server.switch import protocol as p

LOST = "lost"
ATTACHED = "attached"
KEPT_EVENTS = 10_000
"""Events kept while no manager listens (a minute of a busy worker is far less)."""

Inbox = Callable[[p.Command | str], None]


class ControlLink:
    def __init__(self, first: socket.socket, listen: Path | None, inbox: Inbox) -> None:
        self._sock: socket.socket | None = first
        self._listen_path = listen
        self._inbox = inbox
        self._lock = threading.Lock()
        self._kept: deque[bytes] = deque(maxlen=KEPT_EVENTS)
        self._listener: socket.socket | None = None

    def start(self) -> None:
        assert self._sock is not None
        self._read_in_thread(self._sock)
        if self._listen_path is not None:
            self._listener = _listen(self._listen_path)
            threading.Thread(target=self._accept, name="control-listener", daemon=True).start()

    @property
    def attached(self) -> bool:
        return self._sock is not None

    @property
    def has_kept(self) -> bool:
        return bool(self._kept)

    def send(self, message: p._Message) -> None:
        data = p.encode(message)
        with self._lock:
            sock = self._sock
            if sock is None:
                self._kept.append(data)
                return
            try:
                sock.sendall(data)
            except OSError:
                self._kept.append(data)  # the reader sees the close and reports LOST

    def send_kept(self) -> None:
        """After ``ATTACHED`` and ``ready``: what happened while nobody listened, in order."""
        with self._lock:
            sock = self._sock
            while sock is not None and self._kept:
                data = self._kept.popleft()
                try:
                    sock.sendall(data)
                except OSError:
                    self._kept.appendleft(data)
                    return

    def detach(self) -> None:
        """Close the current manager's socket (it asked us to keep our calls and let it go)."""
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.detach()
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if self._listen_path is not None:
            with contextlib.suppress(OSError):
                self._listen_path.unlink()

    def _read_in_thread(self, sock: socket.socket) -> None:
        threading.Thread(target=self._read, args=(sock,), name="control-reader", daemon=True).start()

    def _read(self, sock: socket.socket) -> None:
        buffer = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        try:
                            self._inbox(p.decode_command(line))
                        except ValueError as exc:
                            self.send(p.WorkerErrorEvent(message=f"bad command: {exc}"))
        with self._lock:
            current = self._sock is sock
            if current:
                self._sock = None
        with contextlib.suppress(OSError):
            sock.close()
        if current:
            self._inbox(LOST)

    def _accept(self) -> None:
        listener = self._listener
        while listener is not None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                old, self._sock = self._sock, conn
            if old is not None:  # a newer manager wins
                with contextlib.suppress(OSError):
                    old.shutdown(socket.SHUT_RDWR)
            self._read_in_thread(conn)
            self._inbox(ATTACHED)
            listener = self._listener


def _listen(path: Path) -> socket.socket:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)  # only the server's own user may drive the switch
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(2)
    return sock


def socket_path(data_dir: Path, index: int) -> Path:
    """Where worker ``index`` of the server whose data dir this is listens for its manager."""
    return data_dir / "switch" / f"worker-{index}.sock"
