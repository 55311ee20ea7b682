"""The floating call widget (TP-48): a frameless always-on-top window that follows the focused call.

It shows the ringing offer first, then the call in conversation, then held calls, post-call work and
the ended call with its reason. It stays up while the main window is hidden or minimised, can be
dragged anywhere, and reports where it was left so the next call comes up in the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.call_control import CallControl
from app.state.calls import CallPhase, CallsSnapshot, CallsStore
from ui.call_views import card_view, timer_text
from widgets.call_card import CallCardWidget
from widgets.dial_pad import DialPadWidget


class FloatingCallWindow(QWidget):
    """Binds :class:`CallsStore` to a :class:`CallCardWidget`; sends the card's actions to the bridge."""

    position_changed = Signal(QPoint)
    transfer_requested = Signal(str)
    """The operator pressed «Перевести» on the call with this key (the telephony panel asks where to)."""
    wrapup_finished = Signal(str, int, str)
    """Key, chosen topic id (0: none) and comment of a finished post-call work."""

    def __init__(
        self,
        *,
        calls: CallsStore,
        bridge: CallControl,
        shortcuts: Callable[[], dict[str, str]] = dict,
        topics: Callable[[], tuple[tuple[int, str], ...]] = tuple,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("FloatingCallWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)  # the card's rounded corners show
        self._calls = calls
        self._bridge = bridge
        self._shortcuts = shortcuts
        self._topics = topics
        self._clock = clock
        self._key = ""
        self.card = CallCardWidget()
        self.keypad = DialPadWidget()
        self.keypad.detach_button.hide()
        self.keypad.key_pressed.connect(self._on_keypad_key_pressed)
        self.keypad.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card)
        layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.card.action_triggered.connect(self._on_card_action_triggered)
        self.card.drag_moved.connect(self.move)
        self.card.drag_finished.connect(self._on_card_drag_finished)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._placed: QPoint | None = None
        self.picker: QWidget | None = None
        """The transfer/conference picker last opened from the card (tests reach it here)."""
        calls.calls_changed.connect(self._on_calls_changed)
        self._render(calls.snapshot)

    @property
    def call_key(self) -> str:
        return self._key

    def place_at(self, point: QPoint | None) -> None:
        """Where the widget comes up (the remembered position); None: the top-right of the screen."""
        self._placed = point

    def _render(self, snapshot: CallsSnapshot) -> None:
        call = snapshot.focus
        if call is None:
            self._key = ""
            self._ticker.stop()
            self.hide()
            return
        if call.key != self._key or not call.live:
            self.keypad.hide()  # «Клавиши» belongs to one call in conversation
        self._key = call.key
        self.card.render_view(
            card_view(call, snapshot, self._clock(), shortcuts=self._shortcuts(), topics=self._topics())
        )
        self.adjustSize()
        if call.phase is CallPhase.ENDED:
            self._ticker.stop()
        elif not self._ticker.isActive():
            self._ticker.start()
        if not self.isVisible():
            self._move_to_place()
            self.show()

    def _move_to_place(self) -> None:
        if self._placed is not None:
            self.move(self._placed)
            return
        screen = self.screen().availableGeometry()
        self.move(screen.right() - self.sizeHint().width() - 24, screen.top() + 24)

    # -- slots -----------------------------------------------------------------------------------------

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        self._render(snapshot)

    def _on_ticker_timeout(self) -> None:
        call = self._calls.snapshot.get(self._key)
        if call is not None:
            self.card.set_timer_text(timer_text(call, self._clock()))
            if call.phase is CallPhase.OFFERED:  # the wait time in the details moves too
                self.card.render_view(
                    card_view(call, self._calls.snapshot, self._clock(), shortcuts=self._shortcuts())
                )

    def _pick_target(self, key: str, *, conference: bool) -> None:
        """«Конф.»: choose the counterpart in the picker; it starts the conference through the bridge."""
        from ui.transfer_dialog import TransferDialog

        dialog = TransferDialog(bridge=self._bridge, key=key, conference=conference, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker = dialog
        dialog.open()

    def _on_keypad_key_pressed(self, digit: str) -> None:
        if self._key:
            self._bridge.send_dtmf(self._key, digit)

    def _on_card_drag_finished(self) -> None:
        self._placed = self.pos()
        self.position_changed.emit(self.pos())

    def _on_card_action_triggered(self, name: str) -> None:
        key, bridge = self._key, self._bridge
        if not key:
            return
        if name == "answer":
            bridge.answer(key)
        elif name == "reject":
            bridge.reject(key)
        elif name == "hangup":
            bridge.hangup(key)
        elif name == "hold":
            bridge.toggle_hold(key)
        elif name == "mute":
            bridge.set_mute(not self._calls.snapshot.muted)
        elif name == "merge":
            bridge.merge(key)
        elif name == "keys":
            self.keypad.setVisible(not self.keypad.isVisible())
            self.adjustSize()
        elif name == "join":
            bridge.join_conference(key)
        elif name == "conference":
            self._pick_target(key, conference=True)
        elif name == "transfer":
            self.transfer_requested.emit(key)
        elif name == "ready":
            topic, comment = self.card.chosen_topic(), self.card.comment_edit.text()
            self.wrapup_finished.emit(key, topic, comment)
            bridge.finish_wrapup(key, topic, comment)
        elif name == "dismiss":
            bridge.dismiss(key)
