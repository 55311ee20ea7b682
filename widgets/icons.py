"""Pult's icons, drawn with QPainter so they are crisp at every scale and need no image plugins."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

DEVICE_RATIO = 2.0  # draw at 2× so icons stay sharp on HiDPI screens


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(int(size * DEVICE_RATIO), int(size * DEVICE_RATIO))
    pixmap.setDevicePixelRatio(DEVICE_RATIO)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


@cache
def dot_icon(color: str, size: int = 12, ring: str = "") -> QIcon:
    """A filled status dot; ``ring`` draws a thin outline (for dots on dark backgrounds)."""
    pixmap, painter = _canvas(size)
    painter.setPen(QPen(QColor(ring), 1.5) if ring else Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    inset = 2.0 if ring else 1.0
    painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    painter.end()
    return QIcon(pixmap)


@cache
def people_icon(color: str, size: int = 18) -> QIcon:
    """Two heads and shoulders: the colleagues section."""
    pixmap, painter = _canvas(size)
    painter.setPen(Qt.PenStyle.NoPen)
    back = QColor(color)
    back.setAlphaF(0.55)
    s = size / 18.0
    painter.setBrush(back)
    painter.drawEllipse(QPointF(12.5 * s, 5.5 * s), 2.6 * s, 2.6 * s)
    path = QPainterPath()
    path.addRoundedRect(QRectF(8.5 * s, 9.5 * s, 8.5 * s, 6.5 * s), 3.2 * s, 3.2 * s)
    painter.drawPath(path)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QPointF(6.5 * s, 6.0 * s), 3.0 * s, 3.0 * s)
    path = QPainterPath()
    path.addRoundedRect(QRectF(1.0 * s, 10.5 * s, 11.0 * s, 6.5 * s), 3.4 * s, 3.4 * s)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


@cache
def logout_icon(color: str, size: int = 16) -> QIcon:
    """A door with an arrow leaving it."""
    pixmap, painter = _canvas(size)
    s = size / 16.0
    pen = QPen(
        QColor(color), 1.6 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    door = QPainterPath(QPointF(9 * s, 3 * s))
    door.lineTo(3 * s, 3 * s)
    door.lineTo(3 * s, 13 * s)
    door.lineTo(9 * s, 13 * s)
    painter.drawPath(door)
    painter.drawLine(QPointF(7 * s, 8 * s), QPointF(14 * s, 8 * s))
    painter.drawLine(QPointF(11.5 * s, 5.5 * s), QPointF(14 * s, 8 * s))
    painter.drawLine(QPointF(11.5 * s, 10.5 * s), QPointF(14 * s, 8 * s))
    painter.end()
    return QIcon(pixmap)


def draw_logo(painter: QPainter, rect: QRectF) -> None:
    """Pult's mark: a rounded square with a headset arc and a signal dot."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    # setBrush(QColor), not QBrush(QColor): that constructor's overloads wake QImage's and QGradient's
    # enums (~200 members), a few milliseconds before the first frame (bench/startup.py).
    painter.setBrush(QColor("#2f6fed"))
    radius = rect.width() * 0.26
    painter.drawRoundedRect(rect, radius, radius)
    w = rect.width()
    pen = QPen(QColor("#ffffff"), w * 0.1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    arc = QRectF(rect.left() + w * 0.24, rect.top() + w * 0.22, w * 0.52, w * 0.52)
    painter.drawArc(arc, 0 * 16, 180 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(
        QRectF(rect.left() + w * 0.19, rect.top() + w * 0.46, w * 0.14, w * 0.22), w * 0.05, w * 0.05
    )
    painter.drawRoundedRect(
        QRectF(rect.left() + w * 0.67, rect.top() + w * 0.46, w * 0.14, w * 0.22), w * 0.05, w * 0.05
    )
    painter.setBrush(QColor("#5ee39a"))
    painter.drawEllipse(QPointF(rect.left() + w * 0.5, rect.top() + w * 0.74), w * 0.08, w * 0.08)
    painter.restore()


@cache
def logo_icon(size: int = 64) -> QIcon:
    pixmap, painter = _canvas(size)
    draw_logo(painter, QRectF(0, 0, size, size))
    painter.end()
    return QIcon(pixmap)
