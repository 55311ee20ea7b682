"""«Обработка звонков» (spec TP-33..35): post-call work per group and the missed-calls window.

«Поствызывная обработка» edits a group's wrap-up time and the status operators take for it (the
group's distribution settings on the server); «Работа с пропущенными» edits up to 10 conditions of up
to 7 days each. Both are written with their own «Сохранить» and refusals show under the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import settings_api
from ui.settings import messages
from ui.texts import builtin_status_name

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

MAX_WRAPUP_SECONDS = 3600
MAX_MISSED_DAYS = 7
MAX_MISSED_RULES = 10
DEFAULT_WRAPUP_STATUS = "dnd"
"""TP-34: a deleted or unavailable custom status falls back to «Не беспокоить»."""


def _notice() -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, text: str, *, error: bool = True) -> None:
    label.setStyleSheet("color: #d92d20;" if error else "color: #16a34a;")
    label.setText(text)
    label.setVisible(bool(text))


class PostCallPage(QWidget):
    """«Поствызывная обработка»: per group, the wrap-up time and the status held meanwhile."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._settings: dict[int, Any] = {}
        self.group_combo = QComboBox()
        self.group_combo.currentIndexChanged.connect(self._on_group_combo_changed)
        self.seconds_spin = QSpinBox()
        self.seconds_spin.setRange(0, MAX_WRAPUP_SECONDS)
        self.status_combo = QComboBox()
        for key in ("dnd", "break", "online"):
            self.status_combo.addItem(builtin_status_name(key) or key, key)
        self.notice = _notice()
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.group_label, self.seconds_label, self.status_label = QLabel(), QLabel(), QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.group_label, self.group_combo)
        form.addRow(self.seconds_label, self.seconds_spin)
        form.addRow(self.status_label, self.status_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self._set_enabled(False)

    def retranslate(self) -> None:
        self.group_label.setText(self.tr("Group"))
        self.seconds_label.setText(self.tr("Time (s)"))
        self.status_label.setText(self.tr("Status"))
        self.seconds_spin.setSpecialValueText(self.tr("Off"))
        self.save_button.setText(self.tr("Save"))
        self.hint.setText(
            self.tr(
                "After an external call, operators of the group go into the chosen status for this time;"
                " «Ready» or the end of the time returns the previous status."
            )
        )

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.seconds_spin, self.status_combo, self.save_button):
            widget.setEnabled(on)

    def _group_id(self) -> int | None:
        data = self.group_combo.currentData()
        return int(data) if data is not None else None

    def _on_group_combo_changed(self, _index: int) -> None:
        group_id = self._group_id()
        _show(self.notice, "")
        if group_id is None:
            self._set_enabled(False)
        elif group_id in self._settings:
            self._render(group_id)
        else:
            self._set_enabled(False)
            self._service.load_distribution(group_id)

    def _render(self, group_id: int) -> None:
        body = self._settings[group_id]
        self.seconds_spin.setValue(int(body.wrapup_seconds))
        status = body.wrapup_status or DEFAULT_WRAPUP_STATUS
        index = self.status_combo.findData(status)
        if index < 0:
            self.status_combo.addItem(status, status)
            index = self.status_combo.count() - 1
        self.status_combo.setCurrentIndex(index)
        self._set_enabled(True)

    def set_statuses(self, definitions: list[Any]) -> None:
        """Offer the tenant's custom statuses besides the built-in ones."""
        for definition in definitions:
            if not definition.builtin and self.status_combo.findData(definition.key) < 0:
                self.status_combo.addItem(definition.name, definition.key)

    def _on_save_clicked(self) -> None:
        group_id = self._group_id()
        if group_id is None or group_id not in self._settings:
            return
        body = self._settings[group_id].model_copy(
            update={
                "wrapup_seconds": self.seconds_spin.value(),
                "wrapup_status": str(self.status_combo.currentData()),
            }
        )
        self.save_button.setEnabled(False)
        self._service.save_distribution(group_id, body)

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.GROUPS:
            self.group_combo.blockSignals(True)
            self.group_combo.clear()
            for group in getattr(result, "items", []):
                self.group_combo.addItem(group.name, group.id)
            self.group_combo.blockSignals(False)
            self._on_group_combo_changed(0)
        elif tag == settings_api.STATUSES and isinstance(result, list):
            self.set_statuses(result)
        elif tag in (settings_api.DISTRIBUTION, settings_api.DISTRIBUTION_SAVED) and isinstance(
            result, tuple
        ):
            group_id, body = result
            self._settings[group_id] = body
            if group_id == self._group_id():
                self._render(group_id)
            if tag == settings_api.DISTRIBUTION_SAVED:
                _show(
                    self.notice, self.tr("Saved. Operators get the new rule within 10 minutes."), error=False
                )

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag in (settings_api.GROUPS, settings_api.DISTRIBUTION, settings_api.DISTRIBUTION_SAVED):
            self.save_button.setEnabled(self._group_id() in self._settings)
            _show(self.notice, "\n".join(messages.field_errors(error).values()))


class MissedPage(QWidget):
    """«Работа с пропущенными»: for which groups missed calls are shown how many days back."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._groups: list[tuple[str, str]] = []
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 280)
        self.table.setColumnWidth(1, 90)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.notice = _notice()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("For groups"), self.tr("Days"), ""])
        self.add_button.setText(self.tr("Add a condition"))
        self.save_button.setText(self.tr("Save"))
        self.hint.setText(
            self.tr(
                "Days back missed calls are offered for calling back (at most 7), by the group that missed."
            )
        )

    def _targets(self) -> list[tuple[str, str]]:
        return [("all", self.tr("All groups")), ("ivr", self.tr("Voice menu")), *self._groups]

    def add_row(self, target: str = "all", days: int = 1) -> None:
        if self.table.rowCount() >= MAX_MISSED_RULES:
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        for key, label in self._targets():
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(target)))
        spin = QSpinBox()
        spin.setRange(1, MAX_MISSED_DAYS)
        spin.setValue(min(max(days, 1), MAX_MISSED_DAYS))
        remove = QPushButton("✕")
        remove.setToolTip(self.tr("Delete the condition"))
        remove.clicked.connect(lambda: self._remove_row_of(remove))
        self.table.setCellWidget(row, 0, combo)
        self.table.setCellWidget(row, 1, spin)
        self.table.setCellWidget(row, 2, remove)
        self._render_add()

    def _remove_row_of(self, button: QPushButton) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 2) is button:
                self.table.removeRow(row)
                break
        self._render_add()

    def _render_add(self) -> None:
        self.add_button.setEnabled(self.table.rowCount() < MAX_MISSED_RULES)

    def rules(self) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            spin = self.table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            assert isinstance(spin, QSpinBox)
            found.append((str(combo.currentData()), spin.value()))
        return found

    def _on_add_clicked(self) -> None:
        self.add_row()

    def _on_save_clicked(self) -> None:
        from app.protocol.calls import MissedRule, MissedRules

        rules = self.rules()
        targets = [target for target, _ in rules]
        if len(set(targets)) != len(targets):
            _show(self.notice, self.tr("Each group may have only one condition."))
            return
        self.save_button.setEnabled(False)
        self._service.save_missed_rules(
            MissedRules(items=[MissedRule(target=target, days=days) for target, days in rules])
        )

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.GROUPS:
            self._groups = [(f"group:{g.id}", g.name) for g in getattr(result, "items", [])]
            self._service.load_missed_rules()
        elif tag in (settings_api.MISSED_RULES, settings_api.MISSED_RULES_SAVED):
            self.save_button.setEnabled(True)
            self.table.setRowCount(0)
            for rule in getattr(result, "items", []):
                self.add_row(rule.target, rule.days)
            self._render_add()
            if tag == settings_api.MISSED_RULES_SAVED:
                _show(self.notice, self.tr("Saved."), error=False)
            else:
                _show(self.notice, "")

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag in (settings_api.MISSED_RULES, settings_api.MISSED_RULES_SAVED):
            self.save_button.setEnabled(True)
            _show(self.notice, "\n".join(messages.field_errors(error).values()))


class CallHandlingTab(QWidget):
    """The two sub-tabs of «Обработка звонков»."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.post_call = PostCallPage(service=service)
        self.missed = MissedPage(service=service)
        self.pages = QTabWidget()
        self.pages.addTab(self.post_call, "")
        self.pages.addTab(self.missed, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate()
        service.load_groups()
        service.load_statuses()

    def retranslate(self) -> None:
        self.pages.setTabText(0, self.tr("Post-call work"))
        self.pages.setTabText(1, self.tr("Missed calls"))
