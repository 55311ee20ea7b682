"""Top-bar and call-control icons, drawn with QPainter (see ``widgets.icons`` for the drawing canvas)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from widgets.icons import _canvas


def _handset(painter: QPainter, s: float, color: str, *, angle: float = 0.0) -> None:
    painter.save()
    painter.translate(9 * s, 9 * s)
    painter.rotate(angle)
    painter.translate(-9 * s, -9 * s)
    path = QPainterPath()
    path.moveTo(3.2 * s, 2.6 * s)
    path.cubicTo(2.0 * s, 3.4 * s, 1.6 * s, 5.2 * s, 2.6 * s, 7.6 * s)
    path.cubicTo(4.2 * s, 11.4 * s, 6.8 * s, 14.0 * s, 10.4 * s, 15.4 * s)
    path.cubicTo(12.8 * s, 16.4 * s, 14.6 * s, 16.0 * s, 15.4 * s, 14.8 * s)
    path.lineTo(15.6 * s, 13.4 * s)
    path.lineTo(12.6 * s, 11.2 * s)
    path.lineTo(11.0 * s, 12.4 * s)
    path.cubicTo(9.0 * s, 11.6 * s, 6.6 * s, 9.2 * s, 5.8 * s, 7.0 * s)
    path.lineTo(7.0 * s, 5.4 * s)
    path.lineTo(4.8 * s, 2.4 * s)
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawPath(path)
    painter.restore()


@cache
def phone_icon(color: str, size: int = 18, *, hangup: bool = False) -> QIcon:
    pixmap, painter = _canvas(size)
    _handset(painter, size / 18.0, color, angle=135.0 if hangup else 0.0)
    painter.end()
    return QIcon(pixmap)


@cache
def missed_icon(color: str, size: int = 18) -> QIcon:
    """A handset with an arrow bouncing off it."""
    pixmap, painter = _canvas(size)
    s = size / 18.0
    _handset(painter, s * 0.85, color)
    pen = QPen(
        QColor(color), 1.6 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline([QPointF(10.5 * s, 2.0 * s), QPointF(13.0 * s, 5.0 * s), QPointF(16.5 * s, 1.5 * s)])
    painter.end()
    return QIcon(pixmap)


@cache
def queue_icon(color: str, size: int = 18) -> QIcon:
    """Three people in a row: the request queue."""
    pixmap, painter = _canvas(size)
    s = size / 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    for i, x in enumerate((4.0, 9.0, 14.0)):
        c = QColor(color)
        c.setAlphaF(1.0 - 0.25 * i)
        painter.setBrush(c)
        painter.drawEllipse(QPointF(x * s, 6.0 * s), 2.1 * s, 2.1 * s)
        painter.drawRoundedRect(QRectF((x - 2.8) * s, 9.4 * s, 5.6 * s, 6.0 * s), 2.2 * s, 2.2 * s)
    painter.end()
    return QIcon(pixmap)


@cache
def kpi_icon(color: str, size: int = 18) -> QIcon:
    """Bars of a chart: the indicators panel."""
    pixmap, painter = _canvas(size)
    s = size / 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    for x, h in ((2.5, 6.0), (7.5, 10.0), (12.5, 13.5)):
        painter.drawRoundedRect(QRectF(x * s, (16 - h) * s, 3.4 * s, h * s), 1.2 * s, 1.2 * s)
    painter.end()
    return QIcon(pixmap)


@cache
def keypad_icon(color: str, size: int = 18) -> QIcon:
    """A 3×4 grid of keys: the telephony panel."""
    pixmap, painter = _canvas(size)
    s = size / 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    for row in range(4):
        for col in range(3):
            painter.drawEllipse(QPointF((4 + 5 * col) * s, (2.5 + 4.3 * row) * s), 1.55 * s, 1.55 * s)
    painter.end()
    return QIcon(pixmap)


@cache
def help_icon(color: str, size: int = 18) -> QIcon:
    """A question mark in a circle, drawn as strokes: a glyph would load a font before the first frame."""
    pixmap, painter = _canvas(size)
    s = size / 18.0
    pen = QPen(
        QColor(color), 1.6 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(1.5 * s, 1.5 * s, 15 * s, 15 * s))
    hook = QPainterPath()
    hook.moveTo(6.6 * s, 7.0 * s)
    hook.cubicTo(6.6 * s, 4.0 * s, 11.4 * s, 4.0 * s, 11.4 * s, 6.9 * s)
    hook.cubicTo(11.4 * s, 8.6 * s, 9.0 * s, 8.8 * s, 9.0 * s, 10.6 * s)
    painter.drawPath(hook)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QPointF(9.0 * s, 13.1 * s), 1.05 * s, 1.05 * s)
    painter.end()
    return QIcon(pixmap)


@cache
def mic_icon(color: str, size: int = 18, *, muted: bool = False) -> QIcon:
    pixmap, painter = _canvas(size)
    s = size / 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(6.2 * s, 1.5 * s, 5.6 * s, 9.5 * s), 2.8 * s, 2.8 * s)
    pen = QPen(QColor(color), 1.5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(3.6 * s, 4.0 * s, 10.8 * s, 9.5 * s), 180 * 16, 180 * 16)
    painter.drawLine(QPointF(9 * s, 13.6 * s), QPointF(9 * s, 16.2 * s))
    if muted:
        painter.setPen(QPen(QColor("#d92d20"), 1.9 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(2.5 * s, 2.5 * s), QPointF(15.5 * s, 15.5 * s))
    painter.end()
    return QIcon(pixmap)


@cache
def pause_icon(color: str, size: int = 18) -> QIcon:
    pixmap, painter = _canvas(size)
    s = size / 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(4.5 * s, 3 * s, 3.2 * s, 12 * s), 1 * s, 1 * s)
    painter.drawRoundedRect(QRectF(10.3 * s, 3 * s, 3.2 * s, 12 * s), 1 * s, 1 * s)
    painter.end()
    return QIcon(pixmap)


@cache
def transfer_icon(color: str, size: int = 18) -> QIcon:
    pixmap, painter = _canvas(size)
    s = size / 18.0
    pen = QPen(
        QColor(color), 1.7 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.drawLine(QPointF(2.5 * s, 6 * s), QPointF(15 * s, 6 * s))
    painter.drawPolyline([QPointF(12 * s, 3 * s), QPointF(15 * s, 6 * s), QPointF(12 * s, 9 * s)])
    painter.drawLine(QPointF(15.5 * s, 12.5 * s), QPointF(3 * s, 12.5 * s))
    painter.drawPolyline([QPointF(6 * s, 9.5 * s), QPointF(3 * s, 12.5 * s), QPointF(6 * s, 15.5 * s)])
    painter.end()
    return QIcon(pixmap)


@cache
def backspace_icon(color: str, size: int = 18) -> QIcon:
    pixmap, painter = _canvas(size)
    s = size / 18.0
    pen = QPen(
        QColor(color), 1.5 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    path = QPainterPath()
    path.moveTo(6 * s, 3.5 * s)
    path.lineTo(16 * s, 3.5 * s)
    path.lineTo(16 * s, 14.5 * s)
    path.lineTo(6 * s, 14.5 * s)
    path.lineTo(1.5 * s, 9 * s)
    path.closeSubpath()
    painter.drawPath(path)
    painter.drawLine(QPointF(8.5 * s, 6.5 * s), QPointF(13 * s, 11.5 * s))
    painter.drawLine(QPointF(13 * s, 6.5 * s), QPointF(8.5 * s, 11.5 * s))
    painter.end()
    return QIcon(pixmap)


@cache
def detach_icon(color: str, size: int = 16) -> QIcon:
    """A window with an arrow leaving it: detach a panel."""
    pixmap, painter = _canvas(size)
    s = size / 16.0
    pen = QPen(
        QColor(color), 1.4 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.drawPolyline(
        [
            QPointF(7 * s, 2.5 * s),
            QPointF(2.5 * s, 2.5 * s),
            QPointF(2.5 * s, 13.5 * s),
            QPointF(13.5 * s, 13.5 * s),
            QPointF(13.5 * s, 9 * s),
        ]
    )
    painter.drawLine(QPointF(7.5 * s, 8.5 * s), QPointF(13.5 * s, 2.5 * s))
    painter.drawPolyline([QPointF(9.5 * s, 2.5 * s), QPointF(13.5 * s, 2.5 * s), QPointF(13.5 * s, 6.5 * s)])
    painter.end()
    return QIcon(pixmap)


def tray_pixmap(status_color: str, missed: int, size: int = 32) -> QPixmap:
    """The tray icon: the logo mark, a status dot, and the missed-calls count when there is one."""
    from widgets.icons import draw_logo

    pixmap, painter = _canvas(size)
    draw_logo(painter, QRectF(0, 0, size, size))
    d = size * 0.42
    painter.setPen(QPen(QColor("#ffffff"), size * 0.06))
    painter.setBrush(QColor(status_color))
    painter.drawEllipse(QRectF(size - d - 0.5, size - d - 0.5, d, d))
    if missed > 0:
        r = QRectF(size * 0.44, 0, size * 0.56, size * 0.44)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d92d20"))
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        font = QFont()
        font.setPixelSize(int(size * 0.32))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, "99+" if missed > 99 else str(missed))
    painter.end()
    return pixmap
