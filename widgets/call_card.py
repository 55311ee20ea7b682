"""The floating call card (TP-48, spec §3.11): one call, its state, its timer and the actions that fit.

Presentational: it renders a :class:`CallCardView` the ``ui`` binding builds from a call snapshot,
and emits ``action_triggered(name)``; it knows no store and no service. The header changes colour
with the state (green talking, amber on hold, blue ringing, grey ended), as the spec asks for hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

TONES = {
    "offer": "#2f6fed",
    "dialing": "#2f6fed",
    "talking": "#16a34a",
    "conference": "#16a34a",
    "consulting": "#0e9384",
    "transferring": "#7a5af8",
    "held": "#dc8a04",
    "wrapup": "#475467",
    "ended": "#98a2b3",
}


@dataclass(frozen=True, slots=True)
class CardAction:
    name: str
    """``answer``, ``reject``, ``hangup``, ``hold``, ``mute``, ``transfer``, ``merge``, ``ready`` …"""
    text: str
    icon: QIcon | None = None
    kind: str = "normal"
    """``accept`` (green), ``danger`` (red), ``normal``; ``checked`` for a pressed toggle."""
    checked: bool = False
    shortcut: str = ""
    """Shown in the tooltip (native text)."""


@dataclass(frozen=True, slots=True)
class CallCardView:
    tone: str
    state_text: str
    title: str
    details: tuple[str, ...] = ()
    timer_text: str = ""
    actions: tuple[CardAction, ...] = ()
    topics: tuple[tuple[int, str], ...] = field(default=())
    """Offered in post-call work («Тематика»)."""
    topic_label: str = ""
    comment_placeholder: str = ""


class CallCardWidget(QFrame):
    """Renders one :class:`CallCardView`; draggable by its header when it lives in its own window."""

    action_triggered = Signal(str)
    drag_moved = Signal(QPoint)
    drag_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallCard")
        self.setFixedWidth(340)
        self.header = QFrame()
        self.header.setObjectName("CallCardHeader")
        self.state_label = QLabel()
        self.state_label.setObjectName("CallCardState")
        self.timer_label = QLabel()
        self.timer_label.setObjectName("CallCardTimer")
        head = QHBoxLayout(self.header)
        head.setContentsMargins(14, 8, 14, 8)
        head.addWidget(self.state_label)
        head.addStretch(1)
        head.addWidget(self.timer_label)

        self.title_label = QLabel()
        self.title_label.setObjectName("CallCardTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label = QLabel()
        self.details_label.setObjectName("Muted")
        self.details_label.setWordWrap(True)
        self.topic_label = QLabel()
        self.topic_label.setObjectName("FieldLabel")
        self.topic_combo = QComboBox()
        self.comment_edit = QLineEdit()
        self.buttons_row = QHBoxLayout()
        self.buttons_row.setSpacing(6)
        self.buttons: dict[str, QPushButton] = {}

        body = QVBoxLayout()
        body.setContentsMargins(16, 12, 16, 14)
        body.setSpacing(6)
        body.addWidget(self.title_label)
        body.addWidget(self.details_label)
        body.addWidget(self.topic_label)
        body.addWidget(self.topic_combo)
        body.addWidget(self.comment_edit)
        body.addSpacing(4)
        body.addLayout(self.buttons_row)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addLayout(body)
        self._view: CallCardView | None = None
        self._drag_from: QPoint | None = None

    @property
    def view(self) -> CallCardView | None:
        return self._view

    def render_view(self, view: CallCardView) -> None:
        previous, self._view = self._view, view
        color = TONES.get(view.tone, TONES["ended"])
        self.header.setStyleSheet(
            f"#CallCardHeader {{ background: {color}; border-top-left-radius: 12px;"
            " border-top-right-radius: 12px; }"
        )
        self.setProperty("tone", view.tone)
        self.state_label.setText(view.state_text)
        self.timer_label.setText(view.timer_text)
        self.title_label.setText(view.title)
        self.details_label.setText("\n".join(view.details))
        self.details_label.setVisible(bool(view.details))
        wrapup = bool(view.topic_label)
        self.topic_label.setVisible(wrapup)
        self.topic_combo.setVisible(wrapup)
        self.comment_edit.setVisible(wrapup)
        self.topic_label.setText(view.topic_label)
        if wrapup and (previous is None or previous.topics != view.topics or self.topic_combo.count() == 0):
            self.topic_combo.clear()
            self.topic_combo.addItem("—", 0)
            for topic_id, name in view.topics:
                self.topic_combo.addItem(name, topic_id)
            self.comment_edit.setPlaceholderText(view.comment_placeholder)
        if previous is None or previous.actions != view.actions:
            self._build_buttons(view.actions)

    def set_timer_text(self, text: str) -> None:
        self.timer_label.setText(text)

    def chosen_topic(self) -> int:
        data = self.topic_combo.currentData()
        return int(data) if isinstance(data, int) else 0

    def _build_buttons(self, actions: tuple[CardAction, ...]) -> None:
        while self.buttons_row.count():
            item = self.buttons_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater waits for the loop; it must not show until then
                widget.deleteLater()
        self.buttons = {}
        compact = len(actions) >= 4  # four labelled buttons do not fit: icons, names in tooltips
        for action in actions:
            button = QPushButton("" if compact and action.icon is not None else action.text)
            button.setObjectName(
                {"accept": "AcceptButton", "danger": "DangerButton"}.get(action.kind, "CallButton")
            )
            if action.icon is not None:
                button.setIcon(action.icon)
                button.setIconSize(QSize(16, 16))
            button.setCheckable(action.kind == "toggle")
            button.setChecked(action.checked)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            tip = action.text + (f"  ({action.shortcut})" if action.shortcut else "")
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, name=action.name: self.action_triggered.emit(name))
            self.buttons_row.addWidget(button, 1)
            self.buttons[action.name] = button

    # -- dragging (the card is the whole window when it floats) ---------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.globalPosition().toPoint() - self.window().pos()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.drag_moved.emit(event.globalPosition().toPoint() - self._drag_from)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.drag_finished.emit()
        super().mouseReleaseEvent(event)
