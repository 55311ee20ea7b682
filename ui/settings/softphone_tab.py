"""«Софтфон» (spec TP-25/26): devices, ringtone, the sound check, codecs, ports, STUN, transport, SRTP.

With the TLS transport the server's certificate is checked («Проверять сертификат сервера», on by default)
against a CA file the user picks, or the system's CAs when none is given; the file is refused before it is
saved unless OpenSSL reads PEM certificates from it.

The values are this machine's (devices and ports belong to the computer) and are kept in the account's
local settings. «Сохранить» writes them and hands them to :class:`SoftphoneSettingsService`, which
changes devices, volume, echo cancellation, noise suppression and the ringtone live and restarts the
engine for what pjsua2 fixes at start (codecs, ports, STUN, transport, SRTP) — after the current call,
never during it. «Использовать внешний телефон / софтфон» is not offered: the contact-center server
would have to call the external phone, and it cannot yet.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.softphone_settings import (
    PORT_MAX,
    SRTP_MODES,
    TRANSPORTS,
    Problem,
    builtin_ringtones,
    ca_file_problem,
    problems,
)
from app.settings.files import SettingsFileError
from app.settings.models import DEFAULT_CODECS, SoftphoneSettings
from ui.settings.sound_check import SoundCheck

if TYPE_CHECKING:
    from app.services.softphone_settings import SoftphoneSettingsService
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings


class SoftphoneTab(QWidget):
    """Edits ``AccountSettings.softphone``; the dialog's «Сохранить» writes and applies (:meth:`save`)."""

    changed = Signal()

    def __init__(
        self,
        *,
        account_file: VersionedFile[AccountSettings],
        service: SoftphoneSettingsService | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._account_file = account_file
        self._service = service
        self.dirty = False
        self._saved_devices: dict[str, str] = {}
        self._devices: list[Any] = []
        value = account_file.load().softphone

        self.microphone = QComboBox()
        self.speaker = QComboBox()
        self.ringer = QComboBox()
        self.ringtone = QComboBox()
        self.ringtone_button = QPushButton()
        self.ringtone_button.clicked.connect(self._on_ringtone_button_clicked)
        self.volume = self._spin(0, 200, "%")
        self.mic_gain = self._spin(0, 400, "%")
        self.echo_check = QCheckBox()
        self.noise_check = QCheckBox()
        self.processing_note = QLabel()
        self.processing_note.setWordWrap(True)
        self.processing_note.setStyleSheet("color: #b54708;")
        self.processing_note.hide()
        self.sound_check = SoundCheck(
            service=service,
            devices=lambda: (
                str(self.microphone.currentData() or ""),
                str(self.speaker.currentData() or ""),
            ),
        )

        self.sip_from, self.sip_to = self._spin(0, PORT_MAX), self._spin(0, PORT_MAX)
        self.rtp_from, self.rtp_to = self._spin(0, PORT_MAX), self._spin(0, PORT_MAX)
        self.stun_check = QCheckBox()
        self.stun_server = QLineEdit()
        self.stun_server.setPlaceholderText("stun.example.org:3478")
        self.transport = QComboBox()
        for code in TRANSPORTS:
            self.transport.addItem(code.upper(), code)
        self.tls_ca = QLineEdit()
        self.tls_ca.setObjectName("TlsCaFile")
        self.tls_ca_button = QPushButton()
        self.tls_ca_button.clicked.connect(self._on_tls_ca_button_clicked)
        self.tls_verify = QCheckBox()
        self.tls_hint = QLabel()
        self.tls_hint.setObjectName("Hint")
        self.tls_hint.setWordWrap(True)
        self.srtp = QComboBox()
        for code in SRTP_MODES:
            self.srtp.addItem("", code)
        self.codecs = QListWidget()
        self.codecs.setObjectName("CodecList")
        self.codecs.setMaximumHeight(170)
        self.codec_up, self.codec_down = QPushButton(), QPushButton()
        self.codec_up.clicked.connect(lambda: self._move_codec(-1))
        self.codec_down.clicked.connect(lambda: self._move_codec(1))

        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d92d20;")
        self.error.setWordWrap(True)
        self.error.hide()

        self.sound_box = QGroupBox()
        self.mic_label, self.speaker_label, self.ringer_label = QLabel(), QLabel(), QLabel()
        self.ringtone_label, self.volume_label, self.gain_label = QLabel(), QLabel(), QLabel()
        self.test_label = QLabel()
        sound = QFormLayout(self.sound_box)
        sound.addRow(self.mic_label, self.microphone)
        sound.addRow(self.speaker_label, self.speaker)
        sound.addRow(self.ringer_label, self.ringer)
        ringtone_row = QHBoxLayout()
        ringtone_row.addWidget(self.ringtone, 1)
        ringtone_row.addWidget(self.ringtone_button)
        sound.addRow(self.ringtone_label, ringtone_row)
        sound.addRow(self.volume_label, self.volume)
        sound.addRow(self.gain_label, self.mic_gain)
        sound.addRow("", self.echo_check)
        sound.addRow("", self.noise_check)
        sound.addRow("", self.processing_note)
        sound.addRow(self.test_label, self.sound_check)

        self.advanced_box = QGroupBox()
        self.sip_label, self.rtp_label, self.stun_label = QLabel(), QLabel(), QLabel()
        self.transport_label, self.srtp_label, self.codecs_label = QLabel(), QLabel(), QLabel()
        self.tls_ca_label = QLabel()
        advanced = QFormLayout(self.advanced_box)
        advanced.addRow(self.sip_label, self._pair(self.sip_from, self.sip_to))
        advanced.addRow(self.rtp_label, self._pair(self.rtp_from, self.rtp_to))
        stun_row = QHBoxLayout()
        stun_row.addWidget(self.stun_check)
        stun_row.addWidget(self.stun_server, 1)
        advanced.addRow(self.stun_label, stun_row)
        advanced.addRow(self.transport_label, self.transport)
        tls_row = QHBoxLayout()
        tls_row.addWidget(self.tls_ca, 1)
        tls_row.addWidget(self.tls_ca_button)
        advanced.addRow(self.tls_ca_label, tls_row)
        advanced.addRow("", self.tls_verify)
        advanced.addRow("", self.tls_hint)
        advanced.addRow(self.srtp_label, self.srtp)
        codec_buttons = QVBoxLayout()
        codec_buttons.addWidget(self.codec_up)
        codec_buttons.addWidget(self.codec_down)
        codec_buttons.addStretch(1)
        codec_row = QHBoxLayout()
        codec_row.addWidget(self.codecs, 1)
        codec_row.addLayout(codec_buttons)
        advanced.addRow(self.codecs_label, codec_row)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.sound_box)
        layout.addWidget(self.advanced_box)
        reset_row = QHBoxLayout()
        reset_row.addWidget(self.reset_button)
        reset_row.addStretch(1)
        layout.addLayout(reset_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addStretch(1)
        scroll = QScrollArea()  # the form is taller than the dialog on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.retranslate()
        self._fill(value)
        for combo in (self.microphone, self.speaker, self.ringer, self.ringtone, self.transport, self.srtp):
            combo.currentIndexChanged.connect(self._on_edited)
        for spin in (self.volume, self.mic_gain, self.sip_from, self.sip_to, self.rtp_from, self.rtp_to):
            spin.valueChanged.connect(self._on_edited)
        for check in (self.echo_check, self.noise_check, self.stun_check, self.tls_verify):
            check.toggled.connect(self._on_edited)
        self.stun_server.textEdited.connect(self._on_edited)
        self.tls_ca.textEdited.connect(self._on_edited)
        self.codecs.itemChanged.connect(self._on_edited)
        if service is not None:
            service.applied.connect(self._on_service_applied)
            service.restart_pending.connect(self._on_service_restart_pending)
            service.engine_ready.connect(self.load_devices)  # MW-14 opens the tab while it starts
            service.processing_unavailable.connect(self._on_service_processing_unavailable)
        self.load_devices()

    @staticmethod
    def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    @staticmethod
    def _pair(low: QSpinBox, high: QSpinBox) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(low)
        row.addWidget(QLabel("—"))
        row.addWidget(high)
        row.addStretch(1)
        return row

    def retranslate(self) -> None:
        self.sound_box.setTitle(self.tr("Sound settings"))
        self.mic_label.setText(self.tr("Microphone"))
        self.speaker_label.setText(self.tr("Speakers"))
        self.ringer_label.setText(self.tr("Ringing"))
        self.ringtone_label.setText(self.tr("Ringtone"))
        self.ringtone_button.setText(self.tr("Load your own melody"))
        self.volume_label.setText(self.tr("Speaker volume"))
        self.gain_label.setText(self.tr("Microphone sensitivity"))
        self.echo_check.setText(self.tr("Echo cancellation"))
        self.noise_check.setText(self.tr("Noise suppression"))
        self.test_label.setText(self.tr("Check the sound"))
        self.advanced_box.setTitle(self.tr("Advanced settings"))
        self.sip_label.setText(self.tr("Local SIP port range"))
        self.rtp_label.setText(self.tr("Local RTP port range"))
        self.sip_from.setSpecialValueText(self.tr("any"))
        self.sip_to.setSpecialValueText(self.tr("any"))
        self.stun_label.setText(self.tr("Use STUN"))
        self.transport_label.setText(self.tr("SIP transport"))
        self.tls_ca_label.setText(self.tr("CA certificate (TLS)"))
        self.tls_ca.setPlaceholderText(self.tr("The system's certificate authorities"))
        self.tls_ca_button.setText(self.tr("Choose a file…"))
        self.tls_verify.setText(self.tr("Verify the server certificate"))
        self.tls_hint.setText(
            self.tr(
                "With TLS, the SIP server must present a certificate signed by this authority (a PEM file), "
                "or by one the system trusts when no file is given."
            )
        )
        self.srtp_label.setText(self.tr("Media encryption (SRTP)"))
        for index, text in enumerate((self.tr("Off"), self.tr("Optional"), self.tr("Mandatory"))):
            self.srtp.setItemText(index, text)
        self.codecs_label.setText(self.tr("Codec selection and priority"))
        self.codec_up.setText(self.tr("Up"))
        self.codec_down.setText(self.tr("Down"))
        self.reset_button.setText(self.tr("Reset the softphone settings"))
        self._fill_devices()

    # -- values ----------------------------------------------------------------------------------------

    def _fill(self, value: SoftphoneSettings) -> None:
        self._saved_devices = {
            "microphone": value.microphone,
            "speaker": value.speaker,
            "ringer": value.ringer,
        }
        for combo in (self.microphone, self.speaker, self.ringer):
            combo.clear()
        self._fill_devices()
        self.ringtone.clear()
        self.ringtone.addItem(self.tr("Built-in melody"), "")
        for name in builtin_ringtones():
            self.ringtone.addItem(Path(name).stem, name)
        if value.ringtone and self.ringtone.findData(value.ringtone) < 0:
            self.ringtone.addItem(Path(value.ringtone).name, value.ringtone)
        self.ringtone.setCurrentIndex(max(0, self.ringtone.findData(value.ringtone)))
        self.volume.setValue(value.speaker_volume)
        self.mic_gain.setValue(value.mic_gain)
        self.echo_check.setChecked(value.echo_cancellation)
        self.noise_check.setChecked(value.noise_suppression)
        self.sip_from.setValue(value.sip_port_from)
        self.sip_to.setValue(value.sip_port_to)
        self.rtp_from.setValue(value.rtp_port_from)
        self.rtp_to.setValue(value.rtp_port_to)
        self.stun_check.setChecked(value.use_stun)
        self.stun_server.setText(value.stun_server)
        self.transport.setCurrentIndex(max(0, self.transport.findData(value.transport)))
        self.tls_ca.setText(value.tls_ca_file)
        self.tls_verify.setChecked(value.tls_verify)
        self.srtp.setCurrentIndex(max(0, self.srtp.findData(value.srtp)))
        self.codecs.clear()
        for name in [*value.codecs, *(c for c in DEFAULT_CODECS if c not in value.codecs)]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in value.codecs else Qt.CheckState.Unchecked)
            self.codecs.addItem(item)
        self.stun_server.setEnabled(value.use_stun)
        self._enable_tls()

    @staticmethod
    def _devices_of(value: SoftphoneSettings) -> dict[str, str]:
        return {"microphone": value.microphone, "speaker": value.speaker, "ringer": value.ringer}

    def _fill_devices(self) -> None:
        saved = self._saved_devices
        for role, combo, output in (
            ("microphone", self.microphone, False),
            ("speaker", self.speaker, True),
            ("ringer", self.ringer, True),
        ):
            current = combo.currentData() if combo.count() else saved.get(role, "")
            blocked = combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("System default (recommended)"), "")
            for device in self._devices:
                if (device.outputs if output else device.inputs) > 0:
                    combo.addItem(device.name, device.device_id)
            if current and combo.findData(current) < 0:
                name = str(current).split("|", 1)[0]
                combo.addItem(self.tr("{name} (not connected)").format(name=name), current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(blocked)

    def value(self) -> SoftphoneSettings:
        codecs = [
            self.codecs.item(row).text()
            for row in range(self.codecs.count())
            if self.codecs.item(row).checkState() == Qt.CheckState.Checked
        ]
        return SoftphoneSettings(
            microphone=str(self.microphone.currentData() or ""),
            speaker=str(self.speaker.currentData() or ""),
            ringer=str(self.ringer.currentData() or ""),
            ringtone=str(self.ringtone.currentData() or ""),
            speaker_volume=self.volume.value(),
            mic_gain=self.mic_gain.value(),
            echo_cancellation=self.echo_check.isChecked(),
            noise_suppression=self.noise_check.isChecked(),
            codecs=codecs,
            sip_port_from=self.sip_from.value(),
            sip_port_to=self.sip_to.value(),
            rtp_port_from=self.rtp_from.value(),
            rtp_port_to=self.rtp_to.value(),
            use_stun=self.stun_check.isChecked(),
            stun_server=self.stun_server.text().strip(),
            transport=str(self.transport.currentData()),
            tls_ca_file=self.tls_ca.text().strip(),
            tls_verify=self.tls_verify.isChecked(),
            srtp=str(self.srtp.currentData()),
        )

    def message(self, problem: Problem) -> str:
        field = {
            "sip_port": self.tr("Local SIP port range"),
            "rtp_port": self.tr("Local RTP port range"),
            "stun": self.tr("Use STUN"),
            "codecs": self.tr("Codec selection and priority"),
            "transport": self.tr("SIP transport"),
            "tls_ca": self.tr("CA certificate (TLS)"),
            "srtp": self.tr("Media encryption (SRTP)"),
            "ringtone": self.tr("Ringtone"),
        }.get(problem.field, problem.field)
        text = {
            "port_out_of_range": self.tr("ports must be from {low} to {high}"),
            "range_reversed": self.tr("the first port must not be greater than the last"),
            "rtp_range_too_small": self.tr("the range must hold at least {low} ports"),
            "ranges_overlap": self.tr("the SIP and RTP ranges must not overlap"),
            "stun_invalid": self.tr("enter the STUN server as host or host:port"),
            "no_codec": self.tr("choose at least one codec"),
            "invalid_choice": self.tr("choose a value from the list"),
            "ringtone_missing": self.tr("the melody file is missing; choose another one"),
            "tls_ca_missing": self.tr("the file does not exist; choose the CA certificate file again"),
            "tls_ca_invalid": self.tr(
                "the file holds no PEM certificate (text starting with -----BEGIN CERTIFICATE-----)"
            ),
        }.get(problem.key, problem.key)
        return f"{field}: " + text.format(low=problem.low, high=problem.high)

    def save(self) -> bool:
        """Write and apply the values; False (with the reasons shown, nothing lost) when refused."""
        value = self.value()
        found = [self.message(p) for p in problems(value)]
        if not found:
            try:
                account = self._account_file.load()
                self._account_file.save(account.model_copy(update={"softphone": value}))
            except SettingsFileError as exc:
                found.append(self.tr("The settings could not be saved: {reason}").format(reason=str(exc)))
        self.error.setText("\n".join(found))
        self.error.setVisible(bool(found))
        if found:
            return False
        self.dirty = False
        self._saved_devices = {
            "microphone": value.microphone,
            "speaker": value.speaker,
            "ringer": value.ringer,
        }
        if self._service is not None:
            outcome = self._service.apply(value)
            if outcome != "restarting" or self._service.restarting:  # else ``applied`` already told
                self._show_outcome(outcome)
        return True

    def _show_outcome(self, outcome: str) -> None:
        self.notice.setStyleSheet("")
        self.notice.setText(
            {
                "live": self.tr("The settings are applied."),
                "restarting": self.tr("The softphone restarts with the new settings…"),
                "after_calls": self.tr(
                    "The new settings take effect when the current call ends: the softphone restarts then."
                ),
                "no_engine": self.tr("The softphone is not running; the settings apply when it starts."),
                "restarted": self.tr("The softphone restarted with the new settings."),
                "restart_failed": self.tr(
                    "The softphone could not start with the new settings (is a port taken?); "
                    "it runs with the previous ones."
                ),
            }.get(outcome, "")
        )
        if outcome == "restart_failed":
            self.notice.setStyleSheet("color: #d92d20;")

    # -- devices -----------------------------------------------------------------------------------------

    def load_devices(self) -> None:
        """Ask the engine for its devices; the answer comes from its thread, so it is polled here."""
        future = self._service.list_devices() if self._service is not None else None
        self.sound_check.set_available(future is not None)
        if future is None:
            return

        def poll() -> None:
            if not future.done():
                QTimer.singleShot(50, self, poll)  # with ``self`` as context: never after the tab is gone
                return
            if future.exception() is None:
                self._devices = list(future.result())
                self._fill_devices()

        poll()

    def _on_ringtone_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Load your own melody"), "", self.tr("WAV sound (*.wav)")
        )
        if path:
            self.choose_ringtone_file(path)

    def _on_tls_ca_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("CA certificate (TLS)"),
            str(Path(self.tls_ca.text()).parent) if self.tls_ca.text() else "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.choose_tls_ca_file(path)

    def choose_tls_ca_file(self, path: str) -> bool:
        """Take a CA certificate file for TLS; refuse one OpenSSL cannot read certificates from."""
        key = ca_file_problem(path)
        if key:
            self.error.setText(self.message(Problem("tls_ca", key)))
            self.error.show()
            return False
        self.error.hide()
        self.tls_ca.setText(path)
        self._on_edited()
        return True

    def _enable_tls(self) -> None:
        tls = self.transport.currentData() == "tls"
        for widget in (self.tls_ca, self.tls_ca_button, self.tls_verify, self.tls_hint):
            widget.setEnabled(tls)
        self.tls_ca.setEnabled(tls and self.tls_verify.isChecked())
        self.tls_ca_button.setEnabled(tls and self.tls_verify.isChecked())

    def choose_ringtone_file(self, path: str) -> bool:
        """Take a user's melody (16-bit PCM WAV); refuse anything else with a reason."""
        try:
            with wave.open(path, "rb") as wav:
                ok = wav.getsampwidth() == 2 and wav.getnframes() > 0
        except (OSError, EOFError, wave.Error):
            ok = False
        if not ok:
            self.error.setText(self.tr("This file cannot be a ringtone: choose a 16-bit PCM WAV file."))
            self.error.show()
            return False
        self.error.hide()
        index = self.ringtone.findData(path)
        if index < 0:
            self.ringtone.addItem(Path(path).name, path)
            index = self.ringtone.count() - 1
        self.ringtone.setCurrentIndex(index)
        return True

    # -- slots -----------------------------------------------------------------------------------------

    def _move_codec(self, step: int) -> None:
        row = self.codecs.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.codecs.count():
            return
        item = self.codecs.takeItem(row)
        self.codecs.insertItem(target, item)
        self.codecs.setCurrentRow(target)
        self._on_edited()

    def _on_reset_button_clicked(self) -> None:
        """The spec's «Очистить реестр» in an open build: every value back to its default, on the form
        only, so «Сохранить» applies it and closing without saving keeps the old values."""
        self._fill(SoftphoneSettings())
        self._on_edited()

    def _on_edited(self, *_args: object) -> None:
        self.stun_server.setEnabled(self.stun_check.isChecked())
        self._enable_tls()
        self.dirty = True
        self.changed.emit()

    def _on_service_applied(self, outcome: str) -> None:
        self._show_outcome(outcome)
        self.load_devices()

    def _on_service_processing_unavailable(self, reason: str) -> None:
        self.processing_note.setText(
            self.tr("Echo cancellation and noise suppression cannot run with this device: {reason}").format(
                reason=reason
            )
        )
        self.processing_note.show()

    def _on_service_restart_pending(self, pending: bool) -> None:
        if pending:
            self._show_outcome("after_calls")
