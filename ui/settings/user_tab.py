"""«Пользовательские» (spec TP-19..23): what this user wants on this machine.

Stored in the account's local settings file (history size, idle → «Перерыв», notifications, close
to tray) and the app file (language); «Запускать вместе с системой» writes the XDG autostart entry.
The values take effect at the next sign-in (idle break, close to tray) or the next start (language).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.settings.files import SettingsFileError

if TYPE_CHECKING:
    from app.services.autostart import Autostart
    from app.services.two_factor import TwoFactorService
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings, AppSettings

MAX_HISTORY = 10_000
"""TP-22: «Количество выводимых вызовов», default 1000, at most 10 000."""
INCOMING_CALL_SOUND = "incoming_call"
MAX_IDLE_MINUTES = 240


class UserTab(QWidget):
    """Edits local settings; the dialog's «Сохранить» writes them (:meth:`save`)."""

    changed = Signal()
    saved = Signal()
    """The values were written (the softphone takes the sound switches from them at once)."""

    def __init__(
        self,
        *,
        account_file: VersionedFile[AccountSettings],
        app_file: VersionedFile[AppSettings],
        autostart: Autostart,
        two_factor: TwoFactorService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``two_factor``: the signed-in user's 2FA requests; its section is shown when given (MW-13)."""
        super().__init__(parent)
        self._account_file = account_file
        self._app_file = app_file
        self._autostart = autostart
        self.dirty = False
        account = account_file.load()
        app = app_file.load()
        self._language = app.language

        self.history_spin = QSpinBox()
        self.history_spin.setRange(10, MAX_HISTORY)
        self.history_spin.setValue(min(max(account.history_size, 10), MAX_HISTORY))
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)
        self.idle_spin.setValue(min(max(account.idle_break_minutes, 0), MAX_IDLE_MINUTES))
        self.notifications_check = QCheckBox()
        self.notifications_check.setChecked(account.notifications)
        self.ring_sound_check = QCheckBox()
        self.ring_sound_check.setChecked(account.sound_notifications.get(INCOMING_CALL_SOUND, True))
        self.history_notice = QLabel()
        self.history_notice.setWordWrap(True)
        self.language_combo = QComboBox()
        for code in ("", "ru", "en"):
            self.language_combo.addItem("", code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(app.language)))
        self.language_notice = QLabel()
        self.language_notice.setWordWrap(True)
        self.language_notice.hide()
        self.tray_check = QCheckBox()
        self.tray_check.setChecked(account.close_to_tray)
        self.autostart_check = QCheckBox()
        self.autostart_check.setChecked(autostart.enabled)
        self.autostart_check.setEnabled(autostart.supported)
        self.autostart_notice = QLabel()
        self.autostart_notice.setWordWrap(True)
        self.autostart_notice.setVisible(not autostart.supported)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d92d20;")
        self.error.hide()

        self.history_label, self.idle_label, self.language_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.history_label, self.history_spin)
        form.addRow("", self.history_notice)
        form.addRow(self.idle_label, self.idle_spin)
        form.addRow("", self.notifications_check)
        self.sounds_label = QLabel()
        form.addRow(self.sounds_label, self.ring_sound_check)
        form.addRow(self.language_label, self.language_combo)
        form.addRow("", self.language_notice)
        form.addRow("", self.tray_check)
        form.addRow("", self.autostart_check)
        form.addRow("", self.autostart_notice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        if two_factor is not None:
            from ui.settings.two_factor_section import TwoFactorSection

            self.two_factor_section: TwoFactorSection | None = TwoFactorSection(service=two_factor)
            layout.addWidget(self.two_factor_section)
        else:
            self.two_factor_section = None
        layout.addStretch(1)

        for spin in (self.history_spin, self.idle_spin):
            spin.valueChanged.connect(self._on_edited)
        for check in (self.notifications_check, self.ring_sound_check, self.tray_check, self.autostart_check):
            check.toggled.connect(self._on_edited)
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.history_label.setText(self.tr("Calls kept in the history"))
        self.idle_label.setText(self.tr("«Break» after idle time (min)"))
        self.idle_spin.setSpecialValueText(self.tr("Off"))
        self.notifications_check.setText(self.tr("Show notifications"))
        self.sounds_label.setText(self.tr("Sound notifications"))
        self.ring_sound_check.setText(self.tr("Incoming call"))
        self.history_notice.setText(
            self.tr("A large number may slow the program down; on a small screen 200 is enough.")
        )
        self.language_label.setText(self.tr("Language"))
        self.language_combo.setItemText(0, self.tr("As the system"))
        self.language_combo.setItemText(1, "Русский")
        self.language_combo.setItemText(2, "English")
        self.language_notice.setText(self.tr("The language changes after the program restarts."))
        self.tray_check.setText(self.tr("Closing the window hides it to the tray"))
        self.autostart_check.setText(self.tr("Start with the system"))
        self.autostart_notice.setText(
            self.tr("Starting with the system is not supported on this platform yet.")
        )

    def _on_edited(self) -> None:
        self.dirty = True
        self.changed.emit()

    def _on_language_changed(self, _index: int) -> None:
        self.language_notice.setVisible(self.language_combo.currentData() != self._language)
        self._on_edited()

    def save(self) -> bool:
        """Write the values; False (and a message) when a file could not be written."""
        try:
            account = self._account_file.load()
            account = account.model_copy(
                update={
                    "history_size": self.history_spin.value(),
                    "idle_break_minutes": self.idle_spin.value(),
                    "notifications": self.notifications_check.isChecked(),
                    "sound_notifications": {
                        **account.sound_notifications,
                        INCOMING_CALL_SOUND: self.ring_sound_check.isChecked(),
                    },
                    "close_to_tray": self.tray_check.isChecked(),
                }
            )
            self._account_file.save(account)
            app = self._app_file.load()
            self._app_file.save(app.model_copy(update={"language": str(self.language_combo.currentData())}))
            if self._autostart.supported and self.autostart_check.isChecked() != self._autostart.enabled:
                self._autostart.set_enabled(self.autostart_check.isChecked())
        except (SettingsFileError, OSError) as exc:
            self.error.setText(self.tr("The settings could not be saved: {reason}").format(reason=str(exc)))
            self.error.show()
            return False
        self.error.hide()
        self.dirty = False
        self.saved.emit()
        return True
