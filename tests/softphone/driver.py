"""Test-side handle on an engine subprocess (``engine_proc.py``): send commands, await events."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


class EngineProcess:
    def __init__(
        self,
        config: dict[str, Any],
        *,
        env: dict[str, str] | None = None,
        log: Path | None = None,
        nice: int = 0,
    ) -> None:
        self.messages: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._next_id = 1
        self.stderr_path = log
        stderr = log.open("wb") if log else None
        self.proc = subprocess.Popen(
            [
                *(["nice", "-n", str(nice)] if nice else []),
                sys.executable,
                "-u",
                str(Path(__file__).with_name("engine_proc.py")),
                json.dumps(config),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr if stderr else subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            start_new_session=True,
        )
        if stderr:
            stderr.close()
        threading.Thread(target=self._read, daemon=True).start()
        self._wait_reply(0, 30)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("@@"):
                with self._cond:
                    self.messages.append(json.loads(line[2:]))
                    self._cond.notify_all()
        with self._cond:
            self.messages.append({"exited": True})
            self._cond.notify_all()

    def _wait(self, predicate: Any, timeout: float, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self.messages:
                    if predicate(message):
                        return message
                if any("exited" in m for m in self.messages):
                    raise RuntimeError(
                        f"engine process exited (rc={self.proc.poll()}) while waiting for {what}"
                    )
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out waiting for {what}")
                self._cond.wait(left)

    def _wait_reply(self, ident: int, timeout: float) -> dict[str, Any]:
        return self._wait(lambda m: m.get("reply") == ident, timeout, f"reply {ident}")

    def request(self, op: str, timeout: float = 25.0, **args: Any) -> dict[str, Any]:
        """Send a command; return the whole reply (``ok``, ``result`` or ``error``/``message_key``)."""
        ident = self._next_id
        self._next_id += 1
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"id": ident, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        return self._wait_reply(ident, timeout)

    def do(self, op: str, timeout: float = 25.0, **args: Any) -> Any:
        reply = self.request(op, timeout, **args)
        if not reply["ok"]:
            raise AssertionError(f"{op} failed: {reply}")
        return reply.get("result")

    def events(self, kind: str, **match: Any) -> list[dict[str, Any]]:
        with self._cond:
            return [
                m
                for m in self.messages
                if m.get("event") == kind and all(m.get(k) == v for k, v in match.items())
            ]

    def wait_event(self, kind: str, timeout: float = 15.0, **match: Any) -> dict[str, Any]:
        return self._wait(
            lambda m: m.get("event") == kind and all(m.get(k) == v for k, v in match.items()),
            timeout,
            f"{kind} {match}",
        )

    def close(self) -> int:
        if self.proc.poll() is None:
            with contextlib.suppress(BrokenPipeError, OSError):
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"id": -1, "op": "quit"}) + "\n")
                self.proc.stdin.flush()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return self.proc.returncode
