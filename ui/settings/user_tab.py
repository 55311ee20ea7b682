"""«Пользовательские» (spec TP-19..23): what this user wants on this machine.

Stored in the account's local settings file (history size, idle → «Перерыв», notifications, close
to tray) and the app file (language); «Запускать вместе с системой» writes the XDG autostart entry.
The values take effect at the next sign-in (idle break, close to tray) or the next start (language).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings.files import SettingsFileError

if TYPE_CHECKING:
    from app.services.autostart import Autostart
    from app.services.link_handler import LinkHandlerReport, LinkHandlerService
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
        link_handler: LinkHandlerService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``two_factor``: the signed-in user's 2FA requests; its section is shown when given (MW-13).
        ``link_handler``: asks the desktop about ``tel:`` links (made on first use when not given)."""
        super().__init__(parent)
        self._account_file = account_file
        self._link_handler = link_handler
        if link_handler is not None:
            link_handler.checked.connect(self._show_link_report)
        self.link_report: LinkHandlerReport | None = None
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
        self.browser_call_check = QCheckBox()
        self.browser_call_check.setChecked(account.warn_browser_call)
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
        form.addRow("", self.browser_call_check)
        form.addRow("", self.autostart_check)
        form.addRow("", self.autostart_notice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._links_section())
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
        checks = (
            self.notifications_check,
            self.ring_sound_check,
            self.tray_check,
            self.browser_call_check,
            self.autostart_check,
        )
        for check in checks:
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
        self.browser_call_check.setText(self.tr("Warn before a call from a browser link"))
        self.links_title.setText(self.tr("Links tel:, callto: and sip:"))
        self.link_check_button.setText(self.tr("Check link handling"))
        self.link_register_button.setText(self.tr("Make Pult open these links"))
        if self.link_report is not None:
            self._show_link_report(self.link_report)
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
                    "warn_browser_call": self.browser_call_check.isChecked(),
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

    # -- «Проверить обработку ссылок» (App. 4, R-URL-5) -----------------------------------------------

    def _links_section(self) -> QWidget:
        section = QWidget()
        section.setObjectName("LinkHandling")
        self.links_title = QLabel()
        self.links_title.setObjectName("SectionTitle")
        self.link_check_button = QPushButton()
        self.link_check_button.setObjectName("LinkCheckButton")
        self.link_check_button.clicked.connect(self._on_link_check_button_clicked)
        self.link_register_button = QPushButton()
        self.link_register_button.setObjectName("LinkRegisterButton")
        self.link_register_button.clicked.connect(self._on_link_register_button_clicked)
        self.link_register_button.hide()
        self.link_status = QLabel()
        self.link_status.setObjectName("LinkStatus")
        self.link_status.setWordWrap(True)
        self.link_status.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_check_button)
        buttons.addWidget(self.link_register_button)
        buttons.addStretch(1)
        column = QVBoxLayout(section)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.links_title)
        column.addLayout(buttons)
        column.addWidget(self.link_status)
        return section

    def _service(self) -> LinkHandlerService:
        if self._link_handler is None:
            from app.services.link_handler import LinkHandlerService

            self._link_handler = LinkHandlerService(parent=self)
            self._link_handler.checked.connect(self._show_link_report)
        return self._link_handler

    def _on_link_check_button_clicked(self) -> None:
        self._ask_links(register=False)

    def _on_link_register_button_clicked(self) -> None:
        self._ask_links(register=True)

    def _ask_links(self, *, register: bool) -> None:
        service = self._service()
        self.link_check_button.setEnabled(False)
        self.link_register_button.setEnabled(False)
        self.link_status.setText(self.tr("Asking the system…"))
        self.link_status.show()
        if register:
            service.register()
        else:
            service.check()

    def _show_link_report(self, report: LinkHandlerReport) -> None:
        self.link_report = report
        self.link_check_button.setEnabled(True)
        self.link_register_button.setEnabled(True)
        lines: list[str] = []
        if report.error == "xdg-mime":
            lines.append(
                self.tr("The desktop's link settings cannot be read: the xdg-utils package is not installed.")
            )
        elif report.error == "unsupported":
            lines.append(self.tr("Checking the link handler is not supported on this system."))
        elif report.error:
            lines.append(self.tr("The system did not answer: {reason}").format(reason=report.error))
        else:
            for item in report.schemes:
                if item.ours:
                    who = self.tr("Pult (this program)")
                elif item.handler:
                    who = item.name or item.handler
                else:
                    who = self.tr("no program")
                lines.append(f"{item.scheme}: — {who}")
            if report.all_ours:
                summary = (
                    self.tr("Done: Pult now opens these links.")
                    if report.registered
                    else self.tr("Pult opens these links: a number clicked in a browser is called from Pult.")
                )
            elif "windows_default_apps" in report.notes:
                summary = self.tr(
                    "Windows lets only you choose: pick Pult for tel:, callto: and sip: in the default "
                    "apps settings that opened, then check again."
                )
            elif report.can_register:
                summary = self.tr("Another program or none opens some of these links.")
            else:
                summary = self.tr(
                    "Another program or none opens some of these links. Install Pult with its installer "
                    "to make it open them."
                )
            lines.insert(0, summary)
        if not report.tested:
            lines.append(self.tr("This check has not yet been tried on this system by the Pult developers."))
        self.link_status.setText("\n".join(lines))
        self.link_status.show()
        self.link_register_button.setVisible(
            report.can_register and not report.all_ours and report.error != "xdg-mime"
        )
