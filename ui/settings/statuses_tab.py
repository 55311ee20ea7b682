"""«Статусы сотрудников» (spec TP-32): the tenant's custom statuses, written to the server at once.

The list on the left shows the custom statuses; the form on the right edits the selected one or a
new one. A refused write (the 30 limit, a taken name or synonym, a bad value) is shown next to the
field it concerns and the form keeps everything typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services import settings_api
from ui.settings import messages
from ui.texts import builtin_status_name
from widgets.theme import STATUS_COLORS

if TYPE_CHECKING:
    from app.protocol.status import StatusDefinition
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

MAX_CUSTOM = 30
MAX_SYNONYM = 20
MAX_NAME = 40
BASES = ("online", "break", "outbound", "all_calls", "dnd")
ACD_BASES = ("online", "all_calls")
"""The standard statuses that get calls from the groups (the status table of spec MW-25)."""


def _swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(STATUS_COLORS.get(color, STATUS_COLORS["grey"])))
    return QIcon(pixmap)


class StatusesTab(QWidget):
    """Create, edit and delete custom statuses (up to 30, nine colours, synonym ≤ 20 characters)."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._definitions: list[StatusDefinition] = []
        self._editing: str | None = None
        """The key of the status in the form; None for a new one."""

        self.counter = QLabel()
        self.status_list = QListWidget()
        self.status_list.setObjectName("SettingsStatusList")
        self.status_list.currentItemChanged.connect(self._on_status_list_current_changed)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._on_add_clicked)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_error = self._error_label()
        self.colors = QButtonGroup(self)
        self.colors.setExclusive(True)
        color_row = QHBoxLayout()
        color_row.setSpacing(6)
        for name, value in STATUS_COLORS.items():
            button = QToolButton()
            button.setCheckable(True)
            button.setObjectName(f"color-{name}")
            button.setProperty("color", name)
            button.setFixedSize(26, 26)
            button.setStyleSheet(
                f"QToolButton {{ background: {value}; border: 2px solid transparent; border-radius: 13px; }}"
                "QToolButton:checked { border: 2px solid #1b2433; }"
            )
            self.colors.addButton(button)
            color_row.addWidget(button)
        color_row.addStretch(1)
        self.base_combo = QComboBox()
        for key in BASES:
            self.base_combo.addItem(builtin_status_name(key) or key, key)
        self.synonym_edit = QLineEdit()
        self.synonym_edit.setMaxLength(MAX_SYNONYM)
        self.synonym_error = self._error_label()
        self.group_calls_check = QCheckBox()
        # The server copies the telephony flags from «Стандартный статус»: the box shows the outcome.
        self.group_calls_check.setEnabled(False)
        self.base_combo.currentIndexChanged.connect(self._on_base_combo_changed)
        self.form_error = self._error_label()
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_clicked)

        left = QVBoxLayout()
        left.addWidget(self.counter)
        left.addWidget(self.status_list, 1)
        left.addWidget(self.add_button)
        self.form = QFormLayout()
        self.name_label = QLabel()
        self.color_label = QLabel()
        self.base_label = QLabel()
        self.synonym_label = QLabel()
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow("", self.name_error)
        self.form.addRow(self.color_label, color_row)
        self.form.addRow(self.base_label, self.base_combo)
        self.form.addRow(self.synonym_label, self.synonym_edit)
        self.form.addRow("", self.synonym_error)
        self.form.addRow("", self.group_calls_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.form_error)
        right.addLayout(buttons)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self._fill_form(None)
        service.load_statuses()

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setObjectName("FieldError")
        label.setStyleSheet("color: #d92d20;")
        label.setWordWrap(True)
        label.hide()
        return label

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add a status"))
        self.name_label.setText(self.tr("Name"))
        self.color_label.setText(self.tr("Colour"))
        self.base_label.setText(self.tr("Standard status"))
        self.synonym_label.setText(self.tr("Synonym"))
        self.synonym_edit.setPlaceholderText(self.tr("Up to 20 characters, unique in the contact center"))
        self.group_calls_check.setText(self.tr("Receives calls from the groups (ACD)"))
        self.save_button.setText(self.tr("Save"))
        self.delete_button.setText(self.tr("Delete"))
        self._render_counter()

    # -- state -----------------------------------------------------------------------------------------

    @property
    def custom(self) -> list[StatusDefinition]:
        return [d for d in self._definitions if not d.builtin]

    def _render_counter(self) -> None:
        self.counter.setText(
            self.tr("Custom statuses: {count} of {limit}").format(count=len(self.custom), limit=MAX_CUSTOM)
        )

    def _render_list(self) -> None:
        keep = self._editing
        self.status_list.blockSignals(True)
        self.status_list.clear()
        for definition in self.custom:
            item = QListWidgetItem(_swatch(definition.color.value), definition.name)
            item.setData(Qt.ItemDataRole.UserRole, definition.key)
            self.status_list.addItem(item)
            if definition.key == keep:
                self.status_list.setCurrentItem(item)
        self.status_list.blockSignals(False)
        self._render_counter()

    def _fill_form(self, definition: StatusDefinition | None) -> None:
        self._editing = None if definition is None else definition.key
        self.name_edit.setText("" if definition is None else definition.name)
        color = "green" if definition is None else definition.color.value
        for button in self.colors.buttons():
            button.setChecked(button.property("color") == color)
        base = "online" if definition is None or definition.base is None else definition.base
        self.base_combo.setCurrentIndex(max(0, self.base_combo.findData(base)))
        self.synonym_edit.setText("" if definition is None else definition.synonym)
        self._on_base_combo_changed(self.base_combo.currentIndex())
        self.delete_button.setEnabled(definition is not None)
        self._show_errors({})

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in (
            ("name", self.name_error),
            ("synonym", self.synonym_error),
            (messages.GENERAL, self.form_error),
        ):
            text = errors.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
        leftovers = [v for k, v in errors.items() if k not in ("name", "synonym", messages.GENERAL)]
        if leftovers:
            self.form_error.setText("\n".join(filter(None, [self.form_error.text(), *leftovers])))
            self.form_error.show()

    def _chosen_color(self) -> str:
        checked: QAbstractButton | None = self.colors.checkedButton()
        return "green" if checked is None else str(checked.property("color"))

    def _local_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name_edit.text().strip():
            errors["name"] = messages.required()
        if len(self.synonym_edit.text()) > MAX_SYNONYM:
            errors["synonym"] = messages.too_long(MAX_SYNONYM)
        if self._editing is None and len(self.custom) >= MAX_CUSTOM:
            errors[messages.GENERAL] = self.tr(
                "A contact center has at most {limit} custom statuses."
            ).format(limit=MAX_CUSTOM)
        return errors

    # -- slots -----------------------------------------------------------------------------------------

    def _on_status_list_current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        key = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        self._fill_form(next((d for d in self.custom if d.key == key), None))

    def _on_base_combo_changed(self, _index: int) -> None:
        self.group_calls_check.setChecked(self.base_combo.currentData() in ACD_BASES)

    def _on_add_clicked(self) -> None:
        self.status_list.clearSelection()
        self.status_list.setCurrentRow(-1)
        self._fill_form(None)
        self.name_edit.setFocus()

    def _on_save_clicked(self) -> None:
        from app.protocol.status import CustomStatusCreate, CustomStatusUpdate, StatusColor

        errors = self._local_errors()
        self._show_errors(errors)
        if errors:
            return
        base = str(self.base_combo.currentData())
        fields: dict[str, Any] = {
            "name": self.name_edit.text().strip(),
            "color": StatusColor(self._chosen_color()),
            "synonym": self.synonym_edit.text().strip(),
            "base": base,
        }
        self.save_button.setEnabled(False)
        if self._editing is None:
            self._service.create_status(CustomStatusCreate(**fields))
        else:
            self._service.update_status(self._editing, CustomStatusUpdate(**fields))

    def _on_delete_clicked(self) -> None:
        if self._editing is not None:
            self.delete_button.setEnabled(False)
            self._service.delete_status(self._editing)

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.STATUSES and isinstance(result, list):
            self._definitions = list(result)
            self._render_list()
        elif tag == settings_api.STATUS_SAVED:
            self.save_button.setEnabled(True)
            key = getattr(result, "key", None)
            self._editing = key
            self._render_list()
            self._fill_form(next((d for d in self.custom if d.key == key), None))
        elif tag == settings_api.STATUS_DELETED:
            self._editing = None
            self._render_list()
            self._fill_form(None)

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag in (settings_api.STATUS_SAVED, settings_api.STATUS_DELETED):
            self.save_button.setEnabled(True)
            self.delete_button.setEnabled(self._editing is not None)
            self._show_errors(messages.field_errors(error))
        elif tag == settings_api.STATUSES:
            self._show_errors(messages.field_errors(error))
