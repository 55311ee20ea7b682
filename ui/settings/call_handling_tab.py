"""«Обработка звонков» (spec TP-33..35): post-call work conditions and the missed-calls window.

«Поствызывная обработка» edits up to 50 conditions «group → time, status» of the groups the user may set
(the server's ACD runs them; the longest time of an operator's groups wins); «Работа с пропущенными»
edits up to 10 conditions of up to 7 days each. Both are written with their own «Сохранить» and refusals
show under the form without losing the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.protocol.calls import MAX_WRAPUP_CONDITIONS
from app.protocol.settings_tabs import MAX_POST_CALL_SECONDS, PostCallCondition, PostCallConditions
from app.services import settings_api
from ui.settings import messages
from ui.texts import builtin_status_name

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

MAX_WRAPUP_SECONDS = MAX_POST_CALL_SECONDS
MAX_MISSED_DAYS = 7
MAX_MISSED_RULES = 10
TAKEN_COLOUR = "#d92d20"
KEEP_STATUS = "-"
"""Item data of «keep the current status». Never None: PySide6 6.12 drops a reference to None for each
None stored in a QVariant, and the process aborts after a few dozen ("none_dealloc")."""
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


def _conditions_frame(page: QWidget, table: QTableWidget) -> tuple[QPushButton, QPushButton, QLabel, QLabel]:
    """Lay out a page of conditions: a hint, the table, «Добавить» … «Сохранить», a notice; returns the
    add and save buttons, the notice and the hint."""
    add_button = QPushButton()
    save_button = QPushButton()
    save_button.setObjectName("PrimaryButton")
    notice = _notice()
    hint = QLabel()
    hint.setWordWrap(True)
    layout = QVBoxLayout(page)
    layout.addWidget(hint)
    layout.addWidget(table, 1)
    row = QHBoxLayout()
    row.addWidget(add_button)
    row.addStretch(1)
    row.addWidget(save_button)
    layout.addLayout(row)
    layout.addWidget(notice)
    return add_button, save_button, notice, hint


class PostCallPage(QWidget):
    """«Поствызывная обработка»: up to 50 conditions «group → time, status» of the groups one may set.

    A group already given a condition is red in the other rows' lists; picking it again asks whether the
    new row replaces the old one. «Сохранить» writes the list; refusals show under it and keep the rows.
    """

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._groups: list[tuple[int, str]] = []
        self._names: dict[int, str] = {}
        self._statuses: list[tuple[str, str]] = [
            (key, builtin_status_name(key) or key) for key in ("dnd", "break", "online")
        ]
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 200)
        self.add_button, self.save_button, self.notice, self.hint = _conditions_frame(self, self.table)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self._render_add()
        self.save_button.setEnabled(False)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Time (s)"), self.tr("Status"), ""])
        self.add_button.setText(self.tr("Add a condition"))
        self.save_button.setText(self.tr("Save"))
        self.hint.setText(
            self.tr(
                "After an external call, operators of the group go into the chosen status for this time;"
                " «Ready» or the end of the time returns the previous status. An operator in several"
                " groups gets the longest time. Operators get a change within 10 minutes."
            )
        )

    # -- rows ----------------------------------------------------------------------------------------------

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def add_row(self, group_id: int | None = None, seconds: int = 60, status: str | None = "dnd") -> None:
        if self.table.rowCount() >= MAX_WRAPUP_CONDITIONS:
            return
        taken = set(self._taken())
        row = self.table.rowCount()
        self.table.insertRow(row)
        group = QComboBox()
        for gid, name in self._groups:
            group.addItem(name, gid)
        if group_id is None:
            group_id = next((g for g, _ in self._groups if g not in taken), None)
        if group_id is not None:
            index = group.findData(group_id)
            if index < 0:
                group.addItem(str(group_id), group_id)
                index = group.count() - 1
            group.setCurrentIndex(index)
        group.setProperty("previous", group.currentData())
        group.currentIndexChanged.connect(lambda _i, combo=group: self._on_group_picked(combo))
        spin = QSpinBox()
        spin.setRange(1, MAX_WRAPUP_SECONDS)
        spin.setValue(min(max(seconds, 1), MAX_WRAPUP_SECONDS))
        state = QComboBox()
        state.addItem(self.tr("Keep the current status"), KEEP_STATUS)
        for key, name in self._statuses:
            state.addItem(name, key)
        index = state.findData(status or KEEP_STATUS)
        if index < 0 and status is not None:
            state.addItem(status, status)
            index = state.count() - 1
        state.setCurrentIndex(max(index, 0))
        remove = QPushButton("✕")
        remove.setToolTip(self.tr("Delete the condition"))
        remove.clicked.connect(lambda: self._remove_row_of(remove))
        self.table.setCellWidget(row, 0, group)
        self.table.setCellWidget(row, 1, spin)
        self.table.setCellWidget(row, 2, state)
        self.table.setCellWidget(row, 3, remove)
        self._render_add()
        self._paint_taken()

    def _taken(self) -> list[int]:
        return [
            int(self._combo(r, 0).currentData())
            for r in range(self.table.rowCount())
            if self._combo(r, 0).currentData() is not None
        ]

    def _paint_taken(self) -> None:
        """Groups that already have a condition are red in every row's list (TP-34)."""
        taken = self._taken()
        for row in range(self.table.rowCount()):
            combo = self._combo(row, 0)
            for index in range(combo.count()):
                gid = combo.itemData(index)
                red = gid in taken and gid != combo.currentData()
                colour = QColor(TAKEN_COLOUR) if red else combo.palette().color(QPalette.ColorRole.Text)
                combo.setItemData(index, colour, Qt.ItemDataRole.ForegroundRole)

    def _on_group_picked(self, combo: QComboBox) -> None:
        chosen = combo.currentData()
        others = [
            r
            for r in range(self.table.rowCount())
            if self._combo(r, 0) is not combo and self._combo(r, 0).currentData() == chosen
        ]
        if others and not self.confirm_replace(combo.currentText()):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(combo.property("previous"))))
            combo.blockSignals(False)
            return
        for row in sorted(others, reverse=True):
            self.table.removeRow(row)
        combo.setProperty("previous", chosen)
        self._render_add()
        self._paint_taken()

    def confirm_replace(self, group: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Replace the condition"),
            self.tr("The group «{group}» already has a condition. Replace it with this one?").format(
                group=group
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _remove_row_of(self, button: QPushButton) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 3) is button:
                self.table.removeRow(row)
                break
        self._render_add()
        self._paint_taken()

    def _render_add(self) -> None:
        self.add_button.setEnabled(bool(self._groups) and self.table.rowCount() < MAX_WRAPUP_CONDITIONS)

    def conditions(self) -> list[tuple[int, int, str | None]]:
        found: list[tuple[int, int, str | None]] = []
        for row in range(self.table.rowCount()):
            spin = self.table.cellWidget(row, 1)
            assert isinstance(spin, QSpinBox)
            group = self._combo(row, 0).currentData()
            status = self._combo(row, 2).currentData()
            if group is not None:
                found.append((int(group), spin.value(), str(status) if status != KEEP_STATUS else None))
        return found

    def _render(self, body: PostCallConditions) -> None:
        self.table.setRowCount(0)
        for item in body.items:
            self.add_row(item.group_id, item.seconds, item.status)
        self._render_add()
        self.save_button.setEnabled(True)

    # -- service ---------------------------------------------------------------------------------------

    def set_statuses(self, definitions: list[Any]) -> None:
        """Offer the tenant's custom statuses besides the built-in ones."""
        for definition in definitions:
            if not definition.builtin and definition.key not in dict(self._statuses):
                self._statuses.append((definition.key, definition.name))

    def _on_add_clicked(self) -> None:
        self.add_row()

    def _on_save_clicked(self) -> None:
        conditions = self.conditions()
        groups = [g for g, _, _ in conditions]
        if len(set(groups)) != len(groups):
            _show(self.notice, self.tr("Each group may have only one condition."))
            return
        self.save_button.setEnabled(False)
        self._service.save_post_call(
            PostCallConditions(
                items=[PostCallCondition(group_id=g, seconds=s, status=st) for g, s, st in conditions]
            )
        )

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.STATUSES and isinstance(result, list):
            self.set_statuses(result)
        elif tag == settings_api.GROUPS:
            self._names = {g.id: g.name for g in getattr(result, "items", [])}
            self._service.load_post_call()
        elif tag in (settings_api.POST_CALL, settings_api.POST_CALL_SAVED) and isinstance(
            result, PostCallConditions
        ):
            self._groups = [(g, self._names.get(g, str(g))) for g in result.group_ids]
            self._render(result)
            if tag == settings_api.POST_CALL_SAVED:
                _show(
                    self.notice, self.tr("Saved. Operators get the new rule within 10 minutes."), error=False
                )
            else:
                _show(self.notice, "")

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag == settings_api.GROUPS:
            self._service.load_post_call()  # the rows then show group numbers instead of names
        if tag in (settings_api.POST_CALL, settings_api.POST_CALL_SAVED):
            self.save_button.setEnabled(tag == settings_api.POST_CALL_SAVED)
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
        self.add_button, self.save_button, self.notice, self.hint = _conditions_frame(self, self.table)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
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
    """The sub-tabs of «Обработка звонков»: post-call work for those with a controlled group or
    administrators, «Работа с пропущенными» for administrators only (TP-34, TP-35)."""

    def __init__(
        self, *, service: SettingsService, missed: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.post_call = PostCallPage(service=service)
        self.missed = MissedPage(service=service) if missed else None
        self.pages = QTabWidget()
        self.pages.addTab(self.post_call, "")
        if self.missed is not None:
            self.pages.addTab(self.missed, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate()
        service.load_groups()
        service.load_statuses()

    def retranslate(self) -> None:
        self.pages.setTabText(0, self.tr("Post-call work"))
        if self.missed is not None:
            self.pages.setTabText(1, self.tr("Missed calls"))
