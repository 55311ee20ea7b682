"""The hidden ``--switch-worker`` entry of the server program: imports pjsua2 only when a worker runs."""

from __future__ import annotations


def worker_main(argv: list[str]) -> int:
    from app.server.switch.worker import main

    return main(argv)
