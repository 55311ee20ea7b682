"""The top bar's line selectors (spec MW-18 items 2 and 3, MW-19): the active line for placing calls and
the outgoing number (caller ID) with its explanatory comment. Shown once the server has lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

if TYPE_CHECKING:
    from app.services.outbound import OutboundLines


def caller_id_label(number: str, comment: str) -> str:
    """``74951234567 — Отдел продаж``: the number and its comment, as the selector lists them."""
    return f"{number} — {comment}" if comment else number


class LineSelector(QWidget):
    """Two drop-downs bound to :class:`OutboundLines`; a choice is kept for the account on this machine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LineSelector")
        self._lines: OutboundLines | None = None
        self.line_box = QComboBox()
        self.line_box.setObjectName("LineBox")
        self.line_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.number_box = QComboBox()
        self.number_box.setObjectName("CallerIdBox")
        self.number_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.line_box)
        layout.addWidget(self.number_box)
        self.line_box.activated.connect(self._on_line_activated)
        self.number_box.activated.connect(self._on_number_activated)
        self._retranslate()
        self.hide()

    def bind(self, lines: OutboundLines) -> None:
        if self._lines is lines:
            return
        self._lines = lines
        lines.changed.connect(self._render)
        self._render()

    def _on_line_activated(self, index: int) -> None:
        if self._lines is not None and index >= 0:
            self._lines.choose_line(int(self.line_box.itemData(index)))

    def _on_number_activated(self, index: int) -> None:
        if self._lines is not None and index >= 0:
            self._lines.choose_caller_id(str(self.number_box.itemData(index)))

    def _render(self) -> None:
        lines = self._lines
        if lines is None or not lines.lines:
            self.hide()
            return
        with QSignalBlocker(self.line_box), QSignalBlocker(self.number_box):
            self.line_box.clear()
            for line in lines.lines:
                self.line_box.addItem(line.name, line.id)
            self.line_box.setCurrentIndex(max(0, self.line_box.findData(lines.line_id)))
            self.number_box.clear()
            chosen = lines.line
            for caller_id in () if chosen is None else chosen.caller_ids:
                self.number_box.addItem(
                    caller_id_label(caller_id.number, caller_id.comment), caller_id.number
                )
                if caller_id.comment:
                    self.number_box.setItemData(
                        self.number_box.count() - 1, caller_id.comment, Qt.ItemDataRole.ToolTipRole
                    )
            self.number_box.setCurrentIndex(max(0, self.number_box.findData(lines.caller_id)))
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.line_box.setToolTip(self.tr("Active line for placing calls"))
        self.number_box.setToolTip(self.tr("Outgoing number, with its comment"))
