"""The softphone engine's own process: a ``LocalEngine`` driven by the client over a pipe.

Started by ``softphone.engine.SoftphoneEngine`` as ``python -m softphone.host LEVELS_FILE`` (a frozen
client runs itself with ``--softphone-host``). Stdin carries the configuration and then commands;
stdout carries replies and events (pickled, length-prefixed: ``engine.write_message``). The levels
structure is mapped from ``LEVELS_FILE``, which the client created, so both sides share it.

Here no GUI holds the interpreter lock: the only Python threads besides the audio callbacks are this
reader, blocked in ``read`` most of the time, and the engine's owner thread, which sleeps inside
``libHandleEvents``; with a headset all of them run real-time (``softphone.priority``). The end of
stdin (the client exited or died) stops the engine in order.
"""

from __future__ import annotations

import functools
import logging
import mmap
import os
import signal
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from softphone.config import EngineConfig
from softphone.engine import HOST_COMMANDS, LocalEngine, read_message, write_message
from softphone.errors import SoftphoneError
from softphone.levels import LEVELS_SIZE, Levels
from softphone.priority import demote, promote

log = logging.getLogger(__name__)


class _Replies:
    """Writes to the client's end of the pipe from any thread; a closed pipe is ignored."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: tuple[Any, ...]) -> None:
        with self._lock:
            try:
                write_message(self._stream, message)
            except (OSError, ValueError):
                pass  # the client is gone; stdin's end stops us
            except Exception as exc:  # an unpicklable result: say so instead of leaving a future hanging
                if message[0] == "reply":
                    write_message(self._stream, ("reply", message[1], False, SoftphoneError(repr(exc))))

    def reply(self, ident: int, future: Future[Any]) -> None:
        exc = future.exception()
        if exc is None:
            self.send(("reply", ident, True, future.result()))
        else:
            self.send(("reply", ident, False, _portable(exc)))


def _portable(exc: BaseException) -> SoftphoneError:
    return exc if isinstance(exc, SoftphoneError) else SoftphoneError(f"{type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m softphone.host LEVELS_FILE (started by softphone.engine)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when its engine stops
    # pjlib prints its banner to fd 1 before any log setting applies: keep the pipe for our messages.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    replies = _Replies(out)
    with Path(args[0]).open("r+b") as file:
        shared = mmap.mmap(file.fileno(), LEVELS_SIZE)
    levels = Levels.from_buffer(shared)
    first = read_message(inp)
    if first is None or first[0] != "config" or not isinstance(first[1], EngineConfig):
        return 1
    config: EngineConfig = first[1]
    engine = LocalEngine(config, lambda event: replies.send(("event", event)), levels=levels)
    try:
        engine.start()
    except BaseException as exc:
        replies.send(("start_failed", _portable(exc)))
        return 1
    if config.audio.enabled and config.audio.realtime:
        # Every thread here may take the interpreter lock that the audio callbacks need, so after the
        # start-up work every one runs real-time: a normal-priority holder that the scheduler leaves
        # waiting on a loaded machine would stall the audio with it. Neither computes for long: this one
        # waits on the pipe, the owner thread inside ``libHandleEvents``. (The audio threads themselves
        # are promoted by the owner, softphone.priority.)
        promote()
        if engine.owner_thread_id is not None:
            promote(engine.owner_thread_id)
    replies.send(("started",))
    try:
        while True:
            message = read_message(inp)
            if message is None or message[0] == "stop":
                break
            _, ident, name, call_args, call_kwargs = message
            if name not in HOST_COMMANDS:
                replies.send(("reply", ident, False, SoftphoneError(f"unknown command {name}")))
                continue
            try:
                future = getattr(engine, name)(*call_args, **call_kwargs)
            except Exception as exc:
                replies.send(("reply", ident, False, _portable(exc)))
                continue
            future.add_done_callback(functools.partial(replies.reply, ident))
    finally:
        if config.audio.enabled and config.audio.realtime:  # shutdown (gc, libDestroy) is no audio work
            demote()
            if engine.owner_thread_id is not None:
                demote(engine.owner_thread_id)
        engine.stop()
        replies.send(("stopped",))
        del levels  # the structure holds the mapping open
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="softphone-host %(levelname)s %(name)s: %(message)s")
    sys.exit(main())
