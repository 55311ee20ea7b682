"""Call-type icons of «История вызовов» (CH-05): a handset with an arrow in or out, coloured by outcome."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPen

from widgets.call_icons import _handset
from widgets.icons import _canvas

HANDSET = "#475467"
OUTCOME_COLORS = {"answered": "#12b76a", "connected": "#12b76a", "missed": "#d92d20", "failed": "#d92d20"}
RINGING = "#f79009"


@cache
def call_type_icon(kind: str, size: int = 18) -> QIcon:
    """``kind`` is ``<incoming|outgoing>_<answered|connected|missed|failed|ringing>``."""
    direction, _, outcome = kind.partition("_")
    color = OUTCOME_COLORS.get(outcome, RINGING)
    pixmap, painter = _canvas(size)
    s = size / 18.0
    _handset(painter, s * 0.8, HANDSET)
    pen = QPen(
        QColor(color), 1.8 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    outer, inner = QPointF(16.5 * s, 1.5 * s), QPointF(10.5 * s, 7.5 * s)
    # A call in points at the handset, a call out away from it; the head sits at the arrow's tip.
    tail, tip = (outer, inner) if direction == "incoming" else (inner, outer)
    painter.drawLine(tail, tip)
    dx = 3.6 * s if tip.x() < tail.x() else -3.6 * s
    dy = -3.6 * s if tip.y() > tail.y() else 3.6 * s
    painter.drawPolyline([QPointF(tip.x() + dx, tip.y()), tip, QPointF(tip.x(), tip.y() + dy)])
    if outcome in ("missed", "failed"):  # a cross too: colour alone must not carry the meaning
        painter.drawLine(QPointF(12.5 * s, 12.5 * s), QPointF(16.5 * s, 16.5 * s))
        painter.drawLine(QPointF(16.5 * s, 12.5 * s), QPointF(12.5 * s, 16.5 * s))
    painter.end()
    return QIcon(pixmap)
