"""One client per user: a second launch hands its argument to the running one and exits (App. 4, R-URL-2).

The running client listens on a local socket (``QLocalServer``: a Unix socket restricted to the user, a
named pipe on Windows) whose address derives from the user's config directory, so two users, or two test
homes, never meet. A second launch connects, sends one JSON line ``{"url": …}``, waits for ``ok`` and exits
0 (:mod:`ui.instance_socket`, light enough to run before every first window). The running client raises
its window and, for a ``tel:``/``callto:``/``sip:`` link or a bare number, asks «Позвонить на номер …?»
before dialling, unless the account turned «Предупреждать при попытке звонка из браузера» off (TP-19).
A link that arrives before sign-in waits until the main window is up and signed in (R-URL-4).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.call_links import SCHEMES, CallLinkError, link_to_dial_text
from app.services.logs import event as log_event
from ui.instance_socket import ACK, hand_over

log = logging.getLogger(__name__)

_MAX_MESSAGE = 64 * 1024


class InstanceServer(QObject):
    """Listens for later launches; ``message_received(url)`` for each hand-over."""

    message_received = Signal(str)

    def __init__(self, address: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.address = address
        from PySide6.QtNetwork import QLocalSocket

        self._socket_type = QLocalSocket
        self._buffers: dict[QLocalSocket, bytearray] = {}
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)

    def listen(self) -> bool:
        """Take the address; a socket left by a client that died is removed first."""
        from PySide6.QtNetwork import QLocalServer

        if self._server.listen(self.address):
            return True
        if hand_over(self.address, "", timeout_s=1.0):
            return False  # another client is running after all
        QLocalServer.removeServer(self.address)
        return self._server.listen(self.address)

    def close(self) -> None:
        self._server.close()
        for sock in list(self._buffers):
            sock.abort()

    def _on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(self._on_socket_ready_read)
            sock.disconnected.connect(self._on_socket_disconnected)

    def _on_socket_ready_read(self) -> None:
        sock = self.sender()
        if not isinstance(sock, self._socket_type) or sock not in self._buffers:
            return
        buffer = self._buffers[sock]
        buffer.extend(bytes(sock.readAll().data()))
        if len(buffer) > _MAX_MESSAGE:
            sock.abort()
            return
        if not buffer.endswith(b"\n"):
            return
        try:
            url = json.loads(buffer.decode())["url"]
        except (ValueError, KeyError, TypeError):
            sock.abort()
            return
        sock.write(ACK)
        sock.flush()
        sock.disconnectFromServer()
        self.message_received.emit(str(url))

    def _on_socket_disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, self._socket_type) and sock in self._buffers:
            del self._buffers[sock]
            sock.deleteLater()


class UrlOpenFilter(QObject):
    """macOS hands a clicked ``tel:`` link to the running app as a ``QFileOpenEvent``, not as argv."""

    url_opened = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.url().scheme().lower() in SCHEMES:
            self.url_opened.emit(event.url().toString())
            return True
        return super().eventFilter(watched, event)


class LinkDialer(Protocol):
    """What the link controller needs of call control (the softphone bridge)."""

    def normalise(self, text: str) -> str: ...
    def dial(self, text: str, *, consult_of: str = "") -> bool: ...


class CallLinkController(QObject):
    """Raises the window for a hand-over; confirms and dials a link once signed in."""

    confirm_shown = Signal(str)
    """The number in the confirmation, as it will be dialled."""
    dialled = Signal(str)

    def __init__(
        self,
        *,
        dialer: LinkDialer,
        window: Callable[[], QWidget | None],
        ready: Callable[[], bool],
        front: Callable[[], QWidget | None] | None = None,
        confirm: bool | Callable[[], bool] = True,
        parent: QObject | None = None,
    ) -> None:
        """``window``: the main window or None; ``front``: what a second launch raises (the login
        window before sign-in); ``ready``: signed in and the softphone started (or failed to);
        ``confirm``: ask before dialling, or what says so when a link is offered (the signed-in
        account's «Предупреждать при попытке звонка из браузера»)."""
        super().__init__(parent)
        self._dialer = dialer
        self._window = window
        self._front = front or window
        self._ready = ready
        self._confirm = confirm
        self.pending = ""
        """Dial text of a link waiting for sign-in."""
        self.dialog: QMessageBox | None = None

    def receive(self, url: str) -> None:
        """A link (or "" for a plain second launch) from the command line or another launch."""
        self._raise_window()
        if not url.strip():
            return
        log_event(log, "link.received", scheme=url.partition(":")[0] if ":" in url else "")
        try:
            self.pending = link_to_dial_text(url)
        except CallLinkError:
            self.pending = ""
            self._warn(self.tr("The link «{link}» holds no number to call.").format(link=_shown(url.strip())))
            return
        self.retry()

    def retry(self) -> None:
        """Offer the waiting link now if the client is signed in (called after sign-in too)."""
        window = self._window()
        if not self.pending or window is None or not self._ready():
            if self.pending:
                log_event(log, "link.waiting")
            return
        text, self.pending = self.pending, ""
        number = self._dialer.normalise(text)
        if not number:
            self._warn(self.tr("«{number}» cannot be dialled.").format(number=_shown(text)))
            return
        if not self._should_confirm():
            self._dial(text, number)
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = QMessageBox(window)
        dialog.setObjectName("CallLinkConfirm")
        dialog.setIcon(QMessageBox.Icon.Question)
        dialog.setWindowTitle(self.tr("Call from a link"))
        dialog.setText(self.tr("Call the number {number}?").format(number=number))
        call_button = dialog.addButton(self.tr("Call"), QMessageBox.ButtonRole.AcceptRole)
        dialog.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        dialog.setDefaultButton(call_button)

        def on_finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if dialog.clickedButton() is call_button:
                self._dial(text, number)
            else:
                log_event(log, "link.declined")
            dialog.deleteLater()

        dialog.finished.connect(on_finished)
        self.dialog = dialog
        dialog.open()
        log_event(log, "link.confirm", number=number)
        self.confirm_shown.emit(number)

    def _should_confirm(self) -> bool:
        if not callable(self._confirm):
            return self._confirm
        try:
            return self._confirm()
        except Exception:  # an unreadable settings file must not turn the question off
            log.warning("link.confirm_setting_unreadable", exc_info=True)
            return True

    def _dial(self, text: str, number: str) -> None:
        if self._dialer.dial(text):
            log_event(log, "link.dialled", number=number)
            self.dialled.emit(number)

    def _raise_window(self) -> None:
        window = self._front()
        if window is None:
            return
        if window.isMinimized() or not window.isVisible():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def _warn(self, text: str) -> None:
        log_event(log, "link.refused", reason=text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Call from a link"), text, parent=self._window())
        box.setObjectName("CallLinkRefused")

        def on_finished(_result: int) -> None:
            if self.dialog is box:
                self.dialog = None
            box.deleteLater()

        box.finished.connect(on_finished)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = box
        box.open()


def _shown(text: str, limit: int = 60) -> str:
    """A link or number as a message quotes it: a 5000-digit "number" must not make a 5000-pixel box."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
