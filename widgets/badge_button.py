"""A round top-bar icon button with an optional counter badge and an alert tint (MW-22, MW-26)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolButton, QWidget

from widgets.theme import DANGER


class BadgeButton(QToolButton):
    """``set_count(n)`` draws a red counter on the top-right corner; 0 hides it."""

    def __init__(self, icon: QIcon, *, checkable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBarButton")
        self.setIcon(icon)
        self.setIconSize(QSize(18, 18))
        self.setFixedSize(QSize(36, 36))
        self.setCheckable(checkable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoRaise(True)
        self._count = 0

    @property
    def count(self) -> int:
        return self._count

    def set_count(self, count: int) -> None:
        if count != self._count:
            self._count = count
            self.update()

    def badge_text(self) -> str:
        return "" if self._count <= 0 else "99+" if self._count > 99 else str(self._count)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.badge_text()
        if not text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        width = max(16.0, painter.fontMetrics().horizontalAdvance(text) + 8.0)
        rect = QRectF(self.width() - width, 0.0, width, 16.0)
        painter.setPen(QColor("#17223b"))
        painter.setBrush(QColor(DANGER))
        painter.drawRoundedRect(rect, 8.0, 8.0)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
