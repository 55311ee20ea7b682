"""«Проверить звук» (TP-25): a melody on the chosen speaker and the microphone's level, live.

The engine plays the test melody and reports the loudest microphone level when it is done; meanwhile
the level bar follows the microphone every 100 ms. The answers come from the engine's thread as
futures, which are polled here, on the Qt thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.services.softphone_settings import SoftphoneSettingsService

SOUND_TEST_SECONDS = 4.0
LEVEL_FLOOR_DBFS = -60.0
HEARD_DBFS = -50.0
"""A microphone peak above this during the check means the microphone hears something."""


class SoundCheck(QWidget):
    """The button, the level bar and the verdict; ``devices`` names the form's (microphone, speaker)."""

    def __init__(
        self,
        *,
        service: SoftphoneSettingsService | None,
        devices: Callable[[], tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._devices = devices
        self._future: Any = None
        self._peak = -96.0
        self.button = QPushButton()
        self.button.clicked.connect(self._on_button_clicked)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._on_timer_timeout)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.level, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Start the check"))

    @property
    def running(self) -> bool:
        return self._future is not None

    def set_available(self, available: bool) -> None:
        self.button.setEnabled(available and not self.running)
        if not available:
            self.result.setText(self.tr("The softphone is not running: the sound check is unavailable."))
        elif not self.running:
            self.result.clear()

    def _on_button_clicked(self) -> None:
        if self._service is None or self._future is not None:
            return
        microphone, speaker = self._devices()
        future = self._service.sound_test(SOUND_TEST_SECONDS, microphone=microphone, speaker=speaker)
        if future is None:
            return
        self._future = future
        self._peak = -96.0
        self.button.setEnabled(False)
        self.result.setText(self.tr("Listen to the melody and say something into the microphone…"))
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        level = self._service.mic_level() if self._service is not None else None
        if level is not None:
            self._peak = max(self._peak, level)
            share = (max(LEVEL_FLOOR_DBFS, min(0.0, level)) - LEVEL_FLOOR_DBFS) / -LEVEL_FLOOR_DBFS
            self.level.setValue(round(share * 100))
        future = self._future
        if future is None or not future.done():
            return
        self.timer.stop()
        self._future = None
        self.button.setEnabled(True)
        if self._service is not None:
            self._service.sound_test_finished()
        if future.exception() is not None:
            self.result.setText(self.tr("The check failed: {reason}").format(reason=str(future.exception())))
            return
        peak = max(float(future.result()), self._peak)
        if peak > HEARD_DBFS:
            self.result.setText(
                self.tr("The microphone hears you (peak {level:.0f} dBFS).").format(level=peak)
            )
        else:
            self.result.setText(
                self.tr("The microphone heard nothing. Check that it is connected and not muted.")
            )
