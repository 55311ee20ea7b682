"""The «История вызовов» table: a handset on the hovered row calls the other party back (CH-07), and
Ctrl+C copies the current cell (CH-06)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from ui.call_history_model import COLUMNS, CallHistoryModel, dial_target, party_column
from widgets.call_icons import phone_icon
from widgets.theme import ACCENT_DARK

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel

HANDSET_SIZE = 16
HANDSET_MARGIN = 4

_Index = QModelIndex | QPersistentModelIndex


def handset_rect(cell: QRect) -> QRect:
    """Where the call-back handset sits in a «Кто звонил»/«Кому звонил» cell: at its right end."""
    side = min(HANDSET_SIZE, cell.height())
    return QRect(
        cell.right() - HANDSET_MARGIN - side + 1, cell.top() + (cell.height() - side) // 2, side, side
    )


def callable_number(index: _Index) -> str:
    """The number the handset in this cell dials; empty where the cell offers no call back."""
    model = index.model()
    if not isinstance(model, CallHistoryModel) or not index.isValid():
        return ""
    row = model.row(index.row())
    return dial_target(row) if COLUMNS[index.column()] == party_column(row) else ""


class CallBackDelegate(QStyledItemDelegate):
    """Draws the handset over the hovered row's party cell and turns a click on it into a call."""

    call_requested = Signal(str)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        number = callable_number(index)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if not number or not hovered:
            super().paint(painter, option, index)
            return
        cell = QRect(option.rect)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = cell.adjusted(0, 0, -(HANDSET_SIZE + 2 * HANDSET_MARGIN), 0)
        super().paint(painter, narrowed, index)
        phone_icon(ACCENT_DARK, HANDSET_SIZE).paint(painter, handset_rect(cell))

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            number = callable_number(index)
            if number and handset_rect(option.rect).contains(event.position().toPoint()):
                self.call_requested.emit(number)
                return True
        return super().editorEvent(event, model, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + HANDSET_SIZE + 2 * HANDSET_MARGIN, hint.height())


class CallHistoryView(QTreeView):
    """A flat, uniform-height table (10 000 rows stay cheap); rows are selected whole, cells copied one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)  # thousands of rows stay cheap to lay out
        self.setAllColumnsShowFocus(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)  # the hovered row shows its handset
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.call_back_delegate = CallBackDelegate(self)
        for key in ("caller", "callee"):
            self.setItemDelegateForColumn(COLUMNS.index(key), self.call_back_delegate)

    def cell_text(self, index: _Index) -> str:
        model = self.model()
        if not isinstance(model, CallHistoryModel) or not index.isValid():
            return ""
        return model.text(model.row(index.row()), COLUMNS[index.column()])

    def copy_cell(self, index: _Index) -> None:
        """«Копировать»: the cell's text as shown (the type column: its description)."""
        text = self.cell_text(index)
        if text:
            QGuiApplication.clipboard().setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_cell(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)
