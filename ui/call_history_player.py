"""The player strip under «История вызовов»: the recording that plays (number, date), where it is, «Стоп».

Hidden while nothing plays; a failure to fetch or play a recording is said here in the user's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.errors import ClientError, ForbiddenError
from app.services.recording_player import CallBusyError, PlaybackError
from ui.texts import error_message

if TYPE_CHECKING:
    from app.services.recording_player import Playback, RecordingPlayer


def clock(seconds: float) -> str:
    """``1:05``; ``1:02:03`` from an hour on."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def recording_error_text(error: object) -> str:
    """Why a recording could not be fetched, played or saved, for the user."""
    if isinstance(error, CallBusyError):
        return QCoreApplication.translate(
            "PlayerStrip", "A call is on: the recording is not played in the headset now."
        )
    if isinstance(error, PlaybackError):
        return QCoreApplication.translate(
            "PlayerStrip", "The recording cannot be played here: {reason}"
        ).format(reason=str(error))
    if isinstance(error, ClientError):
        reason = error.body.detail.get("reason") if error.body is not None else None
        if reason == "recording_file_missing":
            return QCoreApplication.translate("PlayerStrip", "The recording's file is missing on the server.")
        if reason == "recording_not_ready":
            return QCoreApplication.translate(
                "PlayerStrip", "The recording is still being written: try again in a minute."
            )
        if isinstance(error, ForbiddenError):
            return QCoreApplication.translate(
                "PlayerStrip", "Your role does not allow listening to this call's recording."
            )
        return error_message(error)
    if isinstance(error, OSError):
        return QCoreApplication.translate("PlayerStrip", "The file cannot be written: {reason}").format(
            reason=error.strerror or str(error)
        )
    return QCoreApplication.translate("PlayerStrip", "The recording cannot be played.")


class PlayerStrip(QWidget):
    """Follows a :class:`RecordingPlayer`; «Стоп» stops it."""

    def __init__(self, player: RecordingPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordingPlayerStrip")
        self._player = player
        self._playback: Playback | None = None
        self.title = QLabel()
        self.position = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("stop_recording")
        self.stop_button.clicked.connect(player.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.position)
        layout.addStretch(1)
        layout.addWidget(self.message, 2)
        layout.addWidget(self.stop_button)
        player.playback_changed.connect(self._on_playback_changed)
        player.failed.connect(self.show_error)
        self.retranslate()
        self._on_playback_changed(player.playback)

    def retranslate(self) -> None:
        self.stop_button.setText(self.tr("Stop"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, error: object) -> None:
        self.message.setText(recording_error_text(error))
        self.message.show()
        self.setVisible(True)
        self._render()

    def _on_playback_changed(self, playback: Playback | None) -> None:
        if playback is not None:
            self.message.clear()
            self.message.hide()
        self._playback = playback
        self._render()

    def _render(self) -> None:
        playback = self._playback
        playing = playback is not None
        self.title.setVisible(playing)
        self.position.setVisible(playing)
        self.stop_button.setVisible(playing)
        if playback is not None:
            self.title.setText(self.tr("Recording: {call}").format(call=playback.label))
            if playback.loading:
                self.position.setText(self.tr("loading…"))
            else:
                self.position.setText(f"{clock(playback.position)} / {clock(playback.length)}")
        self.setVisible(playing or bool(self.message.text()))
