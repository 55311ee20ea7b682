"""A status colour dot, and a dot with a label (the colleagues list, the status control)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from widgets.theme import status_color


class StatusDot(QWidget):
    """A filled circle in a status colour (``StatusColor`` value)."""

    def __init__(self, color: str = "grey", *, diameter: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = color
        self._diameter = diameter
        self.setFixedSize(QSize(diameter + 2, diameter + 2))

    @property
    def color(self) -> str:
        return self._color

    def set_color(self, color: str) -> None:
        if color != self._color:
            self._color = color
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(status_color(self._color)))
        painter.drawEllipse(QRectF(1, 1, self._diameter, self._diameter))
        painter.end()


class StatusBadge(QWidget):
    """Dot + status name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.dot = StatusDot()
        self.label = QLabel()
        layout.addWidget(self.dot)
        layout.addWidget(self.label)

    def show_status(self, name: str, color: str) -> None:
        self.dot.set_color(color)
        self.label.setText(name)
