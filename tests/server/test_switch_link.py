"""The worker's control link: events reach the manager while it listens, are kept in order while none
does, and reach the next manager that attaches to the worker's Unix socket."""

from __future__ import annotations

import queue
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.server.switch import protocol as p
from app.server.switch.link import ATTACHED, LOST, ControlLink


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """AF_UNIX paths are short: pytest's tmp_path can be too long."""
    with tempfile.TemporaryDirectory(prefix="pult-link-") as name:
        yield Path(name)


def _lines(sock: socket.socket, count: int) -> list[p.Event]:
    sock.settimeout(10)
    data = b""
    while data.count(b"\n") < count:
        chunk = sock.recv(65536)
        assert chunk, "closed early"
        data += chunk
    return [p.decode_event(line) for line in data.splitlines()[:count]]


def _next(inbox: queue.Queue[p.Command | str]) -> p.Command | str:
    return inbox.get(timeout=10)


def test_events_are_kept_while_no_manager_listens_and_reach_the_next_one(short_dir: Path) -> None:
    inbox: queue.Queue[p.Command | str] = queue.Queue()
    manager, worker_end = socket.socketpair()
    path = short_dir / "switch" / "worker-0.sock"
    link = ControlLink(worker_end, path, inbox.put)
    link.start()
    try:
        manager.sendall(p.encode(p.HoldCommand(call_ref="a")))
        assert _next(inbox) == p.HoldCommand(call_ref="a")
        link.send(p.BridgedEvent(call_ref="a"))
        assert _lines(manager, 1) == [p.BridgedEvent(call_ref="a")]

        manager.close()  # the api is gone
        assert _next(inbox) == LOST
        assert not link.attached
        link.send(p.CustomerEndedEvent(call_ref="a", reason="caller_hung_up"))
        link.send(p.RecordingClosedEvent(call_ref="a", path="/r.wav", seconds=3.0))

        successor = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        successor.connect(str(path))
        assert _next(inbox) == ATTACHED
        link.send(p.WorkerReadyEvent(sip_port=5080, pid=1))
        link.send_kept()
        link.send(p.WorkerStateEvent(call_refs=[]))
        assert _lines(successor, 4) == [
            p.WorkerReadyEvent(sip_port=5080, pid=1),
            p.CustomerEndedEvent(call_ref="a", reason="caller_hung_up"),
            p.RecordingClosedEvent(call_ref="a", path="/r.wav", seconds=3.0),
            p.WorkerStateEvent(call_refs=[]),
        ]
        successor.sendall(p.encode(p.ShutdownCommand(keep_calls=True)))
        assert _next(inbox) == p.ShutdownCommand(keep_calls=True)
        successor.close()
    finally:
        link.close()
    deadline = time.monotonic() + 5
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()  # a stopped worker leaves no socket to attach to


def test_a_manager_let_go_is_not_reported_lost(short_dir: Path) -> None:
    inbox: queue.Queue[p.Command | str] = queue.Queue()
    manager, worker_end = socket.socketpair()
    link = ControlLink(worker_end, short_dir / "w.sock", inbox.put)
    link.start()
    try:
        link.detach()  # the worker keeps its calls after ShutdownCommand(keep_calls=True)
        manager.close()
        time.sleep(0.3)
        assert inbox.empty()
        link.send(p.BridgedEvent(call_ref="b"))  # kept, not lost
        assert not link.attached
    finally:
        link.close()
