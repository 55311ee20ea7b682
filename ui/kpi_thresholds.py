"""Threshold settings of the KPI panel (MW-40, MW-41): an indicator × object matrix whose cells open a form
with a red («предупреждение») and a yellow («внимание») level, each «меньше или равно», «между» or
«больше или равно» a value. Thresholds are shared by every user of the product and stored on the server;
supervisors set them for their groups and people, administrators for everything.

A click outside the form closes it and saves; a value the form cannot read keeps the form's text and says
why, so nothing typed is lost. «Удалить» removes both levels after a confirmation.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.protocol.kpi import KPI_SCOPES, ObjectKind
from app.services.errors import ClientError
from app.state.kpi import CellKey, KpiObjectView, KpiSnapshot, KpiStore, KpiThreshold
from ui.kpi_panel import LEVEL_COLOURS, kpi_names, object_name, object_rows
from ui.texts import error_message

LEVELS = ("red", "yellow")
COMPARATORS = ("le", "between", "ge")
SYMBOLS = {"le": "≤", "ge": "≥"}
CODES = tuple(range(1, 20))
KEY_ROLE = Qt.ItemDataRole.UserRole


class ThresholdInputError(ValueError):
    """A level the form cannot read; the message is for the user."""


def parse_number(text: str) -> float | None:
    """A value as typed: empty is None; a comma is a decimal point as Russian users write it."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return None
    return float(cleaned)  # ValueError for anything else


def describe(threshold: KpiThreshold) -> str:
    """How a level reads in a cell: «≥ 3», «1 … 2», «≥ 1» for a «между» with only the lower bound."""

    def num(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    if threshold.comparator != "between":
        return f"{SYMBOLS[threshold.comparator]} {num(threshold.low)}"
    if threshold.high is None:
        return f"≥ {num(threshold.low)}"
    if threshold.low is None:
        return f"≤ {num(threshold.high)}"
    return f"{num(threshold.low)} … {num(threshold.high)}"


class ThresholdLevelEditor(QFrame):
    """One level: comparator and one or two values, on the level's own colour."""

    def __init__(self, level: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.setObjectName("ThresholdLevel")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), LEVEL_COLOURS[level])
        self.setPalette(palette)
        self.title = QLabel()
        self.comparator = QComboBox()
        self.low_edit = QLineEdit()
        self.high_edit = QLineEdit()
        self.dash = QLabel("—")
        for edit in (self.low_edit, self.high_edit):
            edit.setMaximumWidth(90)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.addWidget(self.title, 0, 0, 1, 4)
        grid.addWidget(self.comparator, 1, 0)
        grid.addWidget(self.low_edit, 1, 1)
        grid.addWidget(self.dash, 1, 2)
        grid.addWidget(self.high_edit, 1, 3)
        self.comparator.currentIndexChanged.connect(self._on_comparator_current_index_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Warning (red)") if self.level == "red" else self.tr("Attention (yellow)"))
        names = {
            "le": self.tr("less than or equal"),
            "between": self.tr("between"),
            "ge": self.tr("greater than or equal"),
        }
        current = self.comparator.currentIndex()
        self.comparator.blockSignals(True)
        self.comparator.clear()
        for key in COMPARATORS:
            self.comparator.addItem(names[key], key)
        self.comparator.setCurrentIndex(max(0, current))
        self.comparator.blockSignals(False)
        self.low_edit.setPlaceholderText(self.tr("from") if self._between else self.tr("value"))
        self.high_edit.setPlaceholderText(self.tr("to"))
        self._sync()

    @property
    def _between(self) -> bool:
        return bool(self.comparator.currentData() == "between")

    def set_threshold(self, threshold: KpiThreshold | None) -> None:
        if threshold is None:
            self.comparator.setCurrentIndex(COMPARATORS.index("ge"))
            self.low_edit.clear()
            self.high_edit.clear()
        else:
            self.comparator.setCurrentIndex(COMPARATORS.index(threshold.comparator))
            self.low_edit.setText("" if threshold.low is None else f"{threshold.low:g}")
            self.high_edit.setText("" if threshold.high is None else f"{threshold.high:g}")
        self._sync()

    def threshold(self, key: CellKey) -> KpiThreshold | None:
        """The level as typed, None when left empty; :class:`ThresholdInputError` when unreadable."""
        comparator = str(self.comparator.currentData())
        try:
            low = parse_number(self.low_edit.text())
            high = parse_number(self.high_edit.text()) if comparator == "between" else None
        except ValueError as exc:
            raise ThresholdInputError(
                self.tr("{level}: enter a number, for example 20 or 2,5.").format(level=self.title.text())
            ) from exc
        if low is None and high is None:
            return None
        if comparator != "between" and low is None:
            return None
        if low is not None and high is not None and low > high:
            raise ThresholdInputError(
                self.tr("{level}: the lower bound is greater than the upper one.").format(
                    level=self.title.text()
                )
            )
        kind, object_id, code = key
        return KpiThreshold(kind, object_id, code, self.level, comparator, low, high)

    def _on_comparator_current_index_changed(self, _index: int) -> None:
        self._sync()

    def _sync(self) -> None:
        between = self._between
        self.dash.setVisible(between)
        self.high_edit.setVisible(between)
        self.low_edit.setPlaceholderText(self.tr("from") if between else self.tr("value"))


class ThresholdForm(QFrame):
    """The popup of one cell (MW-40): a red and a yellow level, «Удалить»; closing it saves."""

    saved = Signal(object, object)
    """(:data:`CellKey`, tuple of :class:`KpiThreshold`); an empty tuple deletes (MW-41)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("Card")
        self.key: CellKey | None = None
        self._original: tuple[KpiThreshold, ...] = ()
        self._deleting = False
        self.title = QLabel()
        self.title.setObjectName("PanelHeading")
        self.title.setWordWrap(True)
        self.editors = {level: ThresholdLevelEditor(level) for level in LEVELS}
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("FlatTool")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 12, 14, 12)
        column.addWidget(self.title)
        for editor in self.editors.values():
            column.addWidget(editor)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.delete_button.setText(self.tr("Delete"))
        self.save_button.setText(self.tr("Save"))
        for editor in self.editors.values():
            editor.retranslate()

    def open_for(self, key: CellKey, title: str, levels: dict[str, KpiThreshold], at: QPoint) -> None:
        self.key = key
        self.title.setText(title)
        self.error_label.hide()
        self._deleting = False
        for level, editor in self.editors.items():
            editor.set_threshold(levels.get(level))
        self._original = self._levels_or_none() or ()
        self.delete_button.setEnabled(bool(levels))
        self.adjustSize()
        screen = self.screen().availableGeometry()  # keep the whole form on the screen
        x = max(screen.left(), min(at.x(), screen.right() - self.width()))
        y = max(screen.top(), min(at.y(), screen.bottom() - self.height()))
        self.move(QPoint(x, y))
        self.show()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _levels_or_none(self) -> tuple[KpiThreshold, ...] | None:
        assert self.key is not None
        try:
            found = [editor.threshold(self.key) for editor in self.editors.values()]
        except ThresholdInputError as exc:
            self.show_error(str(exc))
            return None
        return tuple(t for t in found if t is not None)

    def hideEvent(self, event: QHideEvent) -> None:
        # A click outside closes the form, and that saves it (MW-40). Unreadable input is kept: the
        # form comes back with the reason instead of dropping what was typed.
        super().hideEvent(event)
        if self.key is None or self._deleting:
            return
        levels = self._levels_or_none()
        if levels is None:
            QTimer.singleShot(0, self.show)  # not from inside the hide itself: Qt is still hiding it
            return
        if levels != self._original:
            self.saved.emit(self.key, levels)
        self.key = None

    def _on_delete_button_clicked(self) -> None:
        key = self.key
        if key is None:
            return
        self._deleting = True
        answer = QMessageBox.question(
            self,
            self.tr("Delete thresholds"),
            self.tr("Delete the thresholds of «{cell}»?").format(cell=self.title.text()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.key = None
            self.hide()
            self.saved.emit(key, ())
        else:
            self._deleting = False
            if not self.isVisible():  # the question box took the focus and closed the popup
                QTimer.singleShot(0, self.show)


class KpiThresholdsDialog(QDialog):
    """The indicator × object matrix (MW-40): a cell shows its levels on the colour of the worst one."""

    def __init__(self, *, kpi: KpiStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kpi = kpi
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.cellClicked.connect(self._on_table_cell_clicked)
        self.form = ThresholdForm(self)
        self.form.saved.connect(self._on_form_saved)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.hint)
        column.addWidget(self.error_label)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self._rows: list[KpiObjectView | None] = []
        kpi.kpi_changed.connect(self._on_kpi_changed)
        kpi.thresholds_failed.connect(self._on_kpi_thresholds_failed)
        self.resize(1000, 560)
        self.retranslate()
        kpi.thresholds_wanted.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Indicator thresholds"))
        self.hint.setText(
            self.tr(
                "Thresholds are shared by all users. Click a cell to set when the indicator turns yellow "
                "(attention) or red (warning); an employee in several groups is also checked against "
                "the thresholds of each of their groups."
            )
        )
        self.form.retranslate()
        self._render(self._kpi.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def cell(self, key: CellKey) -> QTableWidgetItem | None:
        """The matrix cell of one indicator of one object (the first, for a person in several groups)."""
        kind, object_id, code = key
        for row, obj in enumerate(self._rows):
            if obj is not None and (obj.kind, obj.id) == (kind, object_id):
                return self.table.item(row, code - 1)
        return None

    def open_cell(self, key: CellKey) -> None:
        item = self.cell(key)
        if item is not None:
            self.table.scrollToItem(item)
            self._on_table_cell_clicked(item.row(), item.column())

    # -- rendering -------------------------------------------------------------------------------------

    def _on_kpi_changed(self, snapshot: KpiSnapshot) -> None:
        self._render(snapshot)

    def _render(self, snapshot: KpiSnapshot) -> None:
        names = kpi_names()
        self.table.clear()
        self.table.setColumnCount(len(CODES))
        labels = ["\n".join(textwrap.wrap(names[code], 14)) for code in CODES]
        self.table.setHorizontalHeaderLabels(labels)
        columns = self.table.horizontalHeader()
        metrics = columns.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for label in labels for line in label.split("\n"))
        columns.setDefaultSectionSize(widest + 18)  # bold header text, wrapped, fits its column
        for code in CODES:
            header = self.table.horizontalHeaderItem(code - 1)
            if header is not None:
                header.setToolTip(names[code])
        rows: list[tuple[str, KpiObjectView | None]] = []
        for obj, people in object_rows(snapshot):
            rows.append((object_name(obj), None if obj.kind == "no_group" else obj))
            rows.extend((f"    {person.name}", person) for person in people)
        self._rows = [obj for _label, obj in rows]
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([label for label, _obj in rows])
        for row, shown in enumerate(self._rows):
            for code in CODES:
                self.table.setItem(row, code - 1, self._cell_item(snapshot, shown, code))
        self.table.resizeRowsToContents()

    def _cell_item(self, snapshot: KpiSnapshot, obj: KpiObjectView | None, code: int) -> QTableWidgetItem:
        item = QTableWidgetItem()
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if obj is None or ObjectKind(obj.kind) not in KPI_SCOPES[code]:
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # not defined for this object (§3.3), or «Без группы»
            item.setBackground(QBrush(QColor("#f2f4f7")))
            return item
        key: CellKey = (obj.kind, obj.id, code)
        levels = snapshot.thresholds_of(key)
        item.setData(KEY_ROLE, key)
        item.setText("\n".join(describe(levels[lv]) for lv in LEVELS if lv in levels))
        worst = next((lv for lv in LEVELS if lv in levels), "")
        if worst:
            item.setBackground(QBrush(LEVEL_COLOURS[worst]))
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, worst)
        return item

    # -- slots -----------------------------------------------------------------------------------------

    def _on_table_cell_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        key = item.data(KEY_ROLE) if item is not None else None
        if item is None or not isinstance(key, tuple):
            return
        obj = self._rows[row]
        assert obj is not None
        title = f"{kpi_names()[key[2]]} — {object_name(obj)}"
        rect = self.table.visualItemRect(item)
        at = self.table.viewport().mapToGlobal(rect.bottomLeft())
        self.form.open_for(key, title, self._kpi.snapshot.thresholds_of(key), at)

    def _on_form_saved(self, key: CellKey, levels: tuple[KpiThreshold, ...]) -> None:
        self.error_label.hide()
        self._kpi.request_thresholds(key, levels)

    def _on_kpi_thresholds_failed(self, error: ClientError) -> None:
        self.error_label.setText(
            self.tr("The thresholds were not saved: {reason}").format(reason=error_message(error))
        )
        self.error_label.show()
