"""Child process of ``test_screen_lock``: a real session bus, the real watcher, a real ScreenSaver signal.

Prints the status changes the automatic break asked for, one per line, and exits.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.services.auto_break import AutoBreakService
from app.state.status import StatusSnapshot, StatusStore
from ui.away_watch import ScreenLockWatcher


class Session:
    def __init__(self, status: StatusStore) -> None:
        self.status = status
        self.changes: list[str] = []

    def start_status_change(self, key: str) -> None:
        self.changes.append(key)
        self.status.set_current(key)


def signal(active: bool) -> None:
    subprocess.run(
        [
            "dbus-send",
            "--session",
            "--type=signal",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            f"boolean:{'true' if active else 'false'}",
        ],
        check=True,
    )


def wait_for(condition: Callable[[], bool], ms: int = 5000) -> None:
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    QTimer.singleShot(ms, loop.quit)
    poll.start()
    loop.exec()
    poll.stop()


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("pult-dbus-probe")
    status = StatusStore()
    status.set(StatusSnapshot(current="online"))
    session = Session(status)
    watcher = ScreenLockWatcher(service=AutoBreakService(status=status, session=session))
    print(f"watching {watcher.watching}")
    signal(True)
    wait_for(lambda: len(session.changes) >= 1)
    signal(False)
    wait_for(lambda: len(session.changes) >= 2)
    for change in session.changes:
        print(change)
    return 0


if __name__ == "__main__":
    sys.exit(main())
