"""The connection-state indicator of the top bar: connected / reconnecting… / offline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from widgets.spinner import BusySpinner
from widgets.status_dot import StatusDot

_DOT = {
    ConnectionState.CONNECTED: "green",
    ConnectionState.CONNECTING: "yellow",
    ConnectionState.RECONNECTING: "orange",
    ConnectionState.OFFLINE: "grey",
}


class ConnectionIndicator(QWidget):
    """Renders the :class:`ConnectionStore`; a spinner while (re)connecting."""

    def __init__(self, *, store: ConnectionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectionIndicator")
        self._store = store
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        self.dot = StatusDot(diameter=9)
        self.spinner = BusySpinner(diameter=14, color="#f5b544")
        self.label = QLabel()
        self.label.setObjectName("ConnectionLabel")
        layout.addWidget(self.dot, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignVCenter)
        store.connection_changed.connect(self._on_store_connection_changed)
        self._render(store.snapshot)

    @property
    def state(self) -> ConnectionState:
        return self._store.snapshot.state

    def _on_store_connection_changed(self, snapshot: ConnectionSnapshot) -> None:
        self._render(snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render(self._store.snapshot)
        super().changeEvent(event)

    def text_for(self, snapshot: ConnectionSnapshot) -> str:
        state = snapshot.state
        if state is ConnectionState.CONNECTED:
            return self.tr("Connected")
        if state is ConnectionState.CONNECTING:
            return self.tr("Connecting…")
        if state is ConnectionState.RECONNECTING:
            return self.tr("Reconnecting…")
        return self.tr("Offline")

    def _render(self, snapshot: ConnectionSnapshot) -> None:
        busy = snapshot.state in (ConnectionState.CONNECTING, ConnectionState.RECONNECTING)
        self.dot.set_color(_DOT[snapshot.state])
        self.dot.setVisible(not busy)
        self.spinner.setVisible(busy)
        self.label.setText(self.text_for(snapshot))
        if snapshot.state is ConnectionState.RECONNECTING:
            tip = self.tr("The connection to the server was lost. Pult reconnects by itself.")
            if snapshot.retry_in is not None:
                tip += " " + self.tr("Next attempt in {seconds} s.").format(
                    seconds=max(1, round(snapshot.retry_in))
                )
        elif snapshot.state is ConnectionState.CONNECTED:
            tip = self.tr("Live updates from the server are arriving.")
        elif snapshot.state is ConnectionState.CONNECTING:
            tip = self.tr("Connecting to the server…")
        else:
            tip = self.tr("Not connected to the server.")
        self.setToolTip(tip)
        self.setAccessibleName(self.label.text())
