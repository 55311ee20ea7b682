"""The telephony control panel (TP-01, TP-02, TP-49..52, TP-56): number field, keypad, calls, headset.

Dialling rules and redial live in the softphone bridge; the panel only sends what the operator typed.
During a call the keypad sends DTMF to the call in conversation. «Перевести» on a call turns the
number field into the transfer target with «Без консультации» / «С консультацией».
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.call_control import CallControl
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsSnapshot, CallsStore
from ui.call_views import STATE_TEXTS, timer_text, translated
from widgets.call_icons import backspace_icon, mic_icon, phone_icon
from widgets.dial_pad import DialPadWidget
from widgets.theme import MUTED


class _PadWindow(QWidget):
    """The detached keypad: its own always-on-top window; closing it docks the keypad back."""

    def __init__(self, on_close: Callable[[], None]) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("DialPadWindow")
        self._on_close = on_close
        QVBoxLayout(self).setContentsMargins(12, 12, 12, 12)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self._on_close()


class _CallRow(QFrame):
    def __init__(self, call: CallSnapshot, panel: TelephonyPanel) -> None:
        super().__init__()
        self.setObjectName("CallRow")
        self.key = call.key
        self.setProperty("held", call.phase is CallPhase.HELD)
        self.title = QLabel(call.remote)
        self.title.setObjectName("PanelHeading")
        self.state = QLabel()
        self.state.setObjectName("Muted")
        self.switch_button = QPushButton(QCoreApplication.translate("TelephonyPanel", "Switch"))
        self.switch_button.setObjectName("CallButton")
        self.switch_button.setVisible(call.phase is CallPhase.HELD)
        self.switch_button.clicked.connect(lambda: panel.bridge.switch_to(self.key))
        # TP-51: «Объединить вызовы» on the telephony panel joins the client and the consulted party.
        self.merge_button = QPushButton(QCoreApplication.translate("TelephonyPanel", "Merge calls"))
        self.merge_button.setObjectName("CallButton")
        self.merge_button.setVisible(call.phase is CallPhase.CONSULTING)
        self.merge_button.clicked.connect(lambda: panel.bridge.merge(self.key))
        self.hangup_button = QToolButton()
        self.hangup_button.setObjectName("FlatTool")
        self.hangup_button.setIcon(phone_icon("#d92d20", hangup=True))
        self.hangup_button.setToolTip(QCoreApplication.translate("TelephonyPanel", "Hang up"))
        self.hangup_button.clicked.connect(lambda: panel.bridge.hangup(self.key))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.state)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addLayout(text, 1)
        row.addWidget(self.switch_button)
        row.addWidget(self.merge_button)
        row.addWidget(self.hangup_button)

    def update_from(self, call: CallSnapshot, now: datetime) -> None:
        self.merge_button.setVisible(call.phase is CallPhase.CONSULTING)
        timer = timer_text(call, now)
        self.state.setText(translated(STATE_TEXTS[call.phase]) + (f" · {timer}" if timer else ""))


class TelephonyPanel(QWidget):
    """Bound to :class:`CallsStore`; sends intents to :class:`SoftphoneBridge`."""

    def __init__(
        self,
        *,
        calls: CallsStore,
        bridge: CallControl,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PanelBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.calls = calls
        self.bridge = bridge
        self._clock = clock
        self._transfer_key = ""
        self._rows: dict[str, _CallRow] = {}
        self.picker: QWidget | None = None
        """The contact-center transfer picker last opened (tests reach it here)."""

        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("NumberField")
        self.number_edit.setClearButtonEnabled(False)
        self.number_edit.returnPressed.connect(self._on_call_button_clicked)
        self.number_edit.textEdited.connect(self._on_number_edit_text_edited)
        self.backspace_button = QToolButton()
        self.backspace_button.setObjectName("FlatTool")
        self.backspace_button.setIcon(backspace_icon(MUTED))
        self.backspace_button.clicked.connect(self.number_edit.backspace)
        self.call_button = QPushButton()
        self.call_button.setObjectName("AcceptButton")
        self.call_button.setIcon(phone_icon("#ffffff"))
        self.call_button.setIconSize(QSize(18, 18))
        self.call_button.clicked.connect(self._on_call_button_clicked)
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.transfer_label = QLabel()
        self.transfer_label.setObjectName("FieldLabel")
        self.blind_button = QPushButton()
        self.blind_button.setObjectName("CallButton")
        self.blind_button.clicked.connect(self._on_blind_button_clicked)
        self.consult_button = QPushButton()
        self.consult_button.setObjectName("PrimaryButton")
        self.consult_button.clicked.connect(self._on_consult_button_clicked)
        self.cancel_transfer_button = QToolButton()
        self.cancel_transfer_button.setObjectName("FlatTool")
        self.cancel_transfer_button.setText("✕")
        self.cancel_transfer_button.clicked.connect(self.cancel_transfer)
        self.transfer_box = QWidget()
        transfer = QVBoxLayout(self.transfer_box)
        transfer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.transfer_label, 1)
        head.addWidget(self.cancel_transfer_button)
        transfer.addLayout(head)
        buttons = QHBoxLayout()
        buttons.addWidget(self.blind_button)
        buttons.addWidget(self.consult_button)
        transfer.addLayout(buttons)
        self.transfer_box.hide()

        self.dial_pad = DialPadWidget()
        self.dial_pad.key_pressed.connect(self._on_dial_pad_key_pressed)
        self.dial_pad.detach_requested.connect(self.toggle_pad_detached)
        self._pad_slot = QVBoxLayout()
        self._pad_slot.setContentsMargins(0, 0, 0, 0)
        self._pad_slot.addWidget(self.dial_pad, 0, Qt.AlignmentFlag.AlignHCenter)
        self._pad_window: _PadWindow | None = None

        self.calls_heading = QLabel()
        self.calls_heading.setObjectName("FieldLabel")
        self.calls_box = QVBoxLayout()
        self.calls_box.setSpacing(6)

        self.headset_heading = QLabel()
        self.headset_heading.setObjectName("FieldLabel")
        self.mute_button = QToolButton()
        self.mute_button.setObjectName("FlatTool")
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(lambda checked: self.bridge.set_mute(checked))
        self.speaker_slider = QSlider(Qt.Orientation.Horizontal)
        self.speaker_slider.setRange(0, 200)
        self.speaker_slider.valueChanged.connect(lambda v: self.bridge.set_speaker_volume(v / 100.0))
        self.mic_slider = QSlider(Qt.Orientation.Horizontal)
        self.mic_slider.setRange(0, 200)
        self.mic_slider.valueChanged.connect(lambda v: self.bridge.set_mic_gain(v / 100.0))
        self.speaker_label = QLabel()
        self.speaker_label.setObjectName("Hint")
        self.mic_label = QLabel()
        self.mic_label.setObjectName("Hint")
        self.headset_box = QWidget()
        headset = QVBoxLayout(self.headset_box)
        headset.setContentsMargins(0, 0, 0, 0)
        headset.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.headset_heading, 1)
        top.addWidget(self.mute_button)
        headset.addLayout(top)
        headset.addWidget(self.speaker_label)
        headset.addWidget(self.speaker_slider)
        headset.addWidget(self.mic_label)
        headset.addWidget(self.mic_slider)

        field = QHBoxLayout()
        field.setSpacing(6)
        field.addWidget(self.number_edit, 1)
        field.addWidget(self.backspace_button)
        field.addWidget(self.call_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 12, 14, 14)
        column.setSpacing(10)
        column.addLayout(field)
        column.addWidget(self.error_label)
        column.addWidget(self.transfer_box)
        column.addLayout(self._pad_slot)
        column.addWidget(self.calls_heading)
        column.addLayout(self.calls_box)
        column.addWidget(self.headset_box)
        column.addStretch(1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._refresh_rows)
        self.retranslate()
        calls.calls_changed.connect(self._on_calls_changed)
        bridge.operation_failed.connect(self._on_bridge_operation_failed)
        self._render(calls.snapshot)

    def retranslate(self) -> None:
        self.number_edit.setPlaceholderText(self.tr("Number or SIP address"))
        self.call_button.setToolTip(self.tr("Call"))
        self.backspace_button.setToolTip(self.tr("Delete a character"))
        self.dial_pad.detach_button.setToolTip(self.tr("Detach the keypad"))
        self.blind_button.setText(self.tr("Without consultation"))
        self.consult_button.setText(self.tr("With consultation"))
        self.cancel_transfer_button.setToolTip(self.tr("Cancel the transfer"))
        self.calls_heading.setText(self.tr("Calls"))
        self.headset_heading.setText(self.tr("Headset"))
        self.speaker_label.setText(self.tr("Speaker volume"))
        self.mic_label.setText(self.tr("Microphone sensitivity"))
        self.mute_button.setToolTip(self.tr("Mute the microphone"))
        self.transfer_label.setText(self.tr("Transfer the call to the number typed above"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- intents -------------------------------------------------------------------------------------

    def begin_transfer(self, key: str) -> None:
        """«Перевести» was pressed on a call: the number field now takes the target; a contact-center
        call opens the picker of colleagues, groups and numbers (TP-51) instead."""
        call = self.calls.snapshot.get(key)
        if call is not None and call.origin is CallOrigin.CONTACT_CENTER:
            from ui.transfer_dialog import TransferDialog

            dialog = TransferDialog(bridge=self.bridge, key=key, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.picker = dialog
            dialog.open()
            return
        self._transfer_key = key
        self.transfer_box.show()
        self.number_edit.clear()
        self.number_edit.setFocus()

    def cancel_transfer(self) -> None:
        self._transfer_key = ""
        self.transfer_box.hide()

    @property
    def pad_detached(self) -> bool:
        return self._pad_window is not None

    def toggle_pad_detached(self) -> None:
        if self._pad_window is None:
            window = _PadWindow(self._on_pad_window_closed)
            window.setWindowTitle(self.tr("Keypad"))
            layout = window.layout()
            assert layout is not None
            layout.addWidget(self.dial_pad)
            self._pad_window = window
            window.show()
        else:
            window, self._pad_window = self._pad_window, None
            self._pad_slot.addWidget(self.dial_pad, 0, Qt.AlignmentFlag.AlignHCenter)
            window.close()
            window.deleteLater()

    def _on_pad_window_closed(self) -> None:
        if self._pad_window is not None:
            self.toggle_pad_detached()

    # -- slots ---------------------------------------------------------------------------------------

    def _on_call_button_clicked(self) -> None:
        text = self.number_edit.text().strip()
        if self._transfer_key:
            self._on_consult_button_clicked()
            return
        if not text:
            self.number_edit.setText(self.bridge.redial_text())  # TP-49: the handset with an empty field
            return
        if self.bridge.dial(text):
            self.number_edit.clear()

    def _on_blind_button_clicked(self) -> None:
        if self._transfer_key and self.bridge.transfer_blind(self._transfer_key, self.number_edit.text()):
            self.number_edit.clear()
            self.cancel_transfer()

    def _on_consult_button_clicked(self) -> None:
        if self._transfer_key and self.bridge.start_consultation(self._transfer_key, self.number_edit.text()):
            self.number_edit.clear()
            self.cancel_transfer()

    def _on_number_edit_text_edited(self, _text: str) -> None:
        self.error_label.hide()
        self.number_edit.setProperty("invalid", False)
        self._restyle()

    def _on_dial_pad_key_pressed(self, key: str) -> None:
        active = self.calls.snapshot.active
        if active is not None and active.live and not self._transfer_key:
            self.bridge.send_dtmf(active.key, key)
        else:
            self.number_edit.insert(key)

    def _on_bridge_operation_failed(self, key: str) -> None:
        from ui.texts import softphone_message

        self.error_label.setText(softphone_message(key))
        self.error_label.show()
        if key == "dial.invalid_number":
            self.number_edit.setProperty("invalid", True)
            self._restyle()

    def _restyle(self) -> None:
        style = self.number_edit.style()
        style.unpolish(self.number_edit)
        style.polish(self.number_edit)

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        self._render(snapshot)

    def _render(self, snapshot: CallsSnapshot) -> None:
        visible = [c for c in snapshot.calls if c.phase not in (CallPhase.ENDED, CallPhase.WRAPUP)]
        wanted = {c.key for c in visible}
        for key in list(self._rows):
            if key not in wanted:
                row = self._rows.pop(key)
                self.calls_box.removeWidget(row)
                row.deleteLater()
        for call in visible:
            existing = self._rows.get(call.key)
            if existing is not None and bool(existing.property("held")) != (call.phase is CallPhase.HELD):
                self.calls_box.removeWidget(existing)
                existing.deleteLater()
                existing = None
            if existing is None:
                row = _CallRow(call, self)
                self._rows[call.key] = row
                self.calls_box.addWidget(row)
        self.calls_heading.setVisible(bool(visible))
        self.headset_box.setVisible(snapshot.busy)
        self.mute_button.setChecked(snapshot.muted)
        self.mute_button.setIcon(mic_icon("#344054", muted=snapshot.muted))
        for slider, value in (
            (self.speaker_slider, snapshot.speaker_volume),
            (self.mic_slider, snapshot.mic_gain),
        ):
            slider.blockSignals(True)
            slider.setValue(round(value * 100))
            slider.blockSignals(False)
        self._refresh_rows()
        if visible and not self._ticker.isActive():
            self._ticker.start()
        elif not visible:
            self._ticker.stop()

    def _refresh_rows(self) -> None:
        now = self._clock()
        snapshot = self.calls.snapshot
        for key, row in self._rows.items():
            call = snapshot.get(key)
            if call is not None:
                row.update_from(call, now)
