"""Watchers behind the automatic «Перерыв»: the OS screen lock (DBus on Linux) and input idleness.

Screen lock: the session bus ``org.freedesktop.ScreenSaver`` ``ActiveChanged`` (KDE, GNOME's
compatibility interface, Xfce, Fly/Astra) and logind's ``Lock`` / ``Unlock`` of this session on the
system bus. Where neither bus exists (Windows, macOS, a bare container) lock detection is off and
only idleness counts; that is reported once in the log.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import SIGNAL, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

from app.services.auto_break import AutoBreakService
from app.services.logs import event as log_event

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """``idle`` after ``minutes`` without keyboard or mouse input in any Pult window; 0 turns it off.

    Input from the windowing system reaches a top-level ``QWindow`` before Qt hands it to a widget, so
    the watcher filters the application's top-level windows (those present, and each newly focused
    one) instead of the whole application. An application-wide Python filter was called for every
    event of every object, including objects still inside their C++ constructor (a ``QComboBox``
    building its list view), where PySide6 6.12 can crash making a wrapper for them.
    """

    def __init__(self, *, service: AutoBreakService, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._idle = False
        self.set_minutes(minutes)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self.watch_window)
            for window in app.topLevelWindows():
                self.watch_window(window)

    def watch_window(self, window: QWindow | None) -> None:
        """Filter this top-level window's input; installing twice keeps one entry (Qt's rule)."""
        if window is not None:
            window.installEventFilter(self)

    def set_minutes(self, minutes: int, *, interval_ms: int | None = None) -> None:
        self._timer.stop()
        ms = interval_ms if interval_ms is not None else minutes * 60_000
        if ms > 0:
            self._timer.setInterval(ms)
            self._timer.start()

    @property
    def idle(self) -> bool:
        return self._idle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            if self._idle:
                self._idle = False
                self._service.set_away("idle", False)
            if self._timer.interval() > 0 and (self._timer.isActive() or not self._idle):
                self._timer.start()
        return False

    def _on_timer_timeout(self) -> None:
        self._idle = True
        self._service.set_away("idle", True)


class ScreenLockWatcher(QObject):
    """Reports the screen lock to the service; ``watching`` says whether any bus answered.

    QtDBus delivers the bus signals to Qt signals of this object (named by ``SIGNAL()`` text), and
    ordinary connections carry them on, so no Python slot is looked up by its C++ signature.
    """

    screensaver_active_changed = Signal(bool)
    logind_locked = Signal()
    logind_unlocked = Signal()

    def __init__(self, *, service: AutoBreakService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.watching = False
        self.screensaver_active_changed.connect(self.report)
        self.logind_locked.connect(lambda: self.report(True))
        self.logind_unlocked.connect(lambda: self.report(False))
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt without DBus (Windows, macOS builds)
            log_event(log, "screen_lock.unavailable", reason="no QtDBus")
            return
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            # PySide's stubs type the slot as bytes; at run time it wants SIGNAL()'s text.
            self.watching |= session.connect(  # type: ignore[call-overload]
                "",
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                self,
                SIGNAL("screensaver_active_changed(bool)"),
            )
        system = QDBusConnection.systemBus()
        if system.isConnected():
            for name, slot in (("Lock", SIGNAL("logind_locked()")), ("Unlock", SIGNAL("logind_unlocked()"))):
                self.watching |= system.connect(  # type: ignore[call-overload]
                    "org.freedesktop.login1", "", "org.freedesktop.login1.Session", name, self, slot
                )
        if not self.watching:
            log_event(log, "screen_lock.unavailable", reason="no session or system bus")

    def report(self, locked: bool) -> None:
        self._service.set_away("lock", locked)
