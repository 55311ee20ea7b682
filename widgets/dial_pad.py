"""The keypad block (TP-02): twelve keys with their letters; emits the key pressed.

It is presentational: the telephony panel decides whether a key goes to the number field or, during
a call, out as DTMF. The detach button asks the owner to float the pad as an always-on-top window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from widgets.call_icons import detach_icon
from widgets.theme import MUTED

KEYS = (
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
)


class DialPadWidget(QWidget):
    """``key_pressed(str)`` for a key; ``detach_requested`` when the user wants it in its own window."""

    key_pressed = Signal(str)
    detach_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DialPad")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, (key, letters) in enumerate(KEYS):
            button = QPushButton()
            button.setObjectName("DialKey")
            button.setAccessibleName(key)
            digit = QLabel(key)
            digit.setObjectName("DialDigit")
            sub = QLabel(letters)
            sub.setObjectName("DialLetters")
            face = QVBoxLayout(button)
            face.setContentsMargins(0, 5, 0, 5)
            face.setSpacing(0)
            for label in (digit, sub):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                face.addWidget(label)
            button.setFixedSize(QSize(64, 46))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, k=key: self.key_pressed.emit(k))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
        self.detach_button = QToolButton()
        self.detach_button.setObjectName("FlatTool")
        self.detach_button.setIcon(detach_icon(MUTED))
        self.detach_button.setAutoRaise(True)
        self.detach_button.clicked.connect(self.detach_requested)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addStretch(1)
        head.addWidget(self.detach_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(head)
        column.addLayout(grid)

    def press(self, key: str) -> None:
        self.buttons[key].click()
