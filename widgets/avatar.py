"""The user's avatar: initials in a coloured circle; a button that opens the program menu (MW-18 #10)."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolButton, QWidget

_SWATCHES = ("#2f6fed", "#8e5bd8", "#14a8c4", "#e55fa0", "#f08a24", "#22a559")


def initials(full_name: str) -> str:
    words = [w for w in full_name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


class AvatarButton(QToolButton):
    """Round initials avatar; its colour is stable per name."""

    def __init__(self, *, diameter: int = 34, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self.setFixedSize(QSize(diameter, diameter))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet(
            "QToolButton { border: none; } QToolButton::menu-indicator { image: none; width: 0; }"
        )

    def set_name(self, full_name: str) -> None:
        self._name = full_name
        self.setToolTip(full_name)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(_SWATCHES[zlib.crc32(self._name.encode()) % len(_SWATCHES)])
        if self.underMouse():
            color = color.lighter(112)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        rect = QRectF(1, 1, self.width() - 2, self.height() - 2)
        painter.drawEllipse(rect)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(self.height() * 0.38))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(self._name))
        painter.end()
