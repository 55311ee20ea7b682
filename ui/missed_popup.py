"""The missed-calls list under the top-bar button (MW-26..30).

Personal missed calls first, then one separator per section (the IVR «Голосовое меню» on top, then the
groups) showing its name and its number of missed calls; each separator collapses its calls. A row
shows who called and when, with «Позвонить» (call back through the telephony panel) and «Отменить»
(remove from the call-back lists). What is listed, and when a call disappears for everyone (MW-30),
is the server's decision: the popup renders the store, which ``missed.changed`` refreshes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.state.calls import MissedEntry, MissedSnapshot, MissedStore
from widgets.theme import ACCENT

PERSONAL = "personal"
IVR = "ivr"


class MissedCallsPopup(QFrame):
    """A popup list of the missed calls the user may see; emits what the user asked for."""

    call_back_requested = Signal(str)
    """«Позвонить»: the caller's number."""

    def __init__(
        self,
        *,
        missed: MissedStore,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("Card")
        self._missed = missed
        self._now = now
        self.title = QLabel()
        self.title.setObjectName("PanelTitle")
        self.week_label = QLabel()
        self.week_label.setObjectName("Muted")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)  # as wide as the row buttons
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sections: dict[str, QTreeWidgetItem] = {}
        """Separator rows by key: ``personal``, ``ivr`` or ``group:<id>``."""
        self.rows: dict[int, QTreeWidgetItem] = {}
        """Call rows by missed-call id (a call missed by two groups shows under both, the last one kept)."""
        self._collapsed: set[str] = set()
        self._actions_width = 0

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.week_label)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 12, 14, 12)
        column.setSpacing(8)
        column.addLayout(head)
        column.addWidget(self.tree, 1)
        column.addWidget(self.empty_label)
        self.tree.itemCollapsed.connect(self._on_tree_item_collapsed)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)
        missed.missed_changed.connect(self._on_missed_changed)
        self.resize(420, 380)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Missed calls"))
        self.empty_label.setText(self.tr("No missed calls"))
        self._render(self._missed.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def popup_at(self, point: QPoint) -> None:
        """Open with its top-right corner at ``point`` (global), under the top-bar button."""
        self._render(self._missed.snapshot)
        self.move(point - QPoint(self.width(), 0))
        self.show()

    def section_title(self, key: str) -> str:
        item = self.sections.get(key)
        return "" if item is None else item.text(0)

    # -- rendering -------------------------------------------------------------------------------------

    def _on_missed_changed(self, snapshot: MissedSnapshot) -> None:
        self._render(snapshot)

    def _render(self, snapshot: MissedSnapshot) -> None:
        self.week_label.setText(self.tr("In the last 7 days: {count}").format(count=snapshot.last_7_days))
        self.tree.clear()
        self.sections.clear()
        self.rows.clear()
        if snapshot.personal:
            self._section(PERSONAL, self.tr("Personal"), len(snapshot.personal), snapshot.personal)
        for section in snapshot.sections:
            if section.group_id is None:
                self._section(IVR, self.tr("Voice menu"), section.count, section.entries)
            else:
                self._section(f"group:{section.group_id}", section.name, section.count, section.entries)
        self.empty_label.setVisible(not self.sections)
        self.tree.setVisible(bool(self.sections))

    def _section(self, key: str, name: str, count: int, entries: tuple[MissedEntry, ...]) -> None:
        separator = QTreeWidgetItem([f"{name} · {count}"])
        font = separator.font(0)
        font.setBold(True)
        separator.setFont(0, font)
        separator.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(separator)
        separator.setFirstColumnSpanned(True)
        self.sections[key] = separator
        for entry in entries:
            row = QTreeWidgetItem([entry.caller, self._when(entry.arrived_at), ""])
            row.setFlags(Qt.ItemFlag.ItemIsEnabled)
            row.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            separator.addChild(row)
            actions = self._actions(entry)
            self.tree.setItemWidget(row, 2, actions)
            # An item widget does not make its row taller by itself: the buttons would be cut.
            row.setSizeHint(2, actions.sizeHint() + QSize(0, 6))
            self._actions_width = max(self._actions_width, actions.sizeHint().width() + 8)
            self.tree.header().resizeSection(2, self._actions_width)
            self.rows[entry.id] = row
        separator.setExpanded(key not in self._collapsed)

    def _when(self, at: datetime) -> str:
        local, today = at.astimezone(), self._now()
        return local.strftime("%H:%M") if local.date() == today.date() else local.strftime("%d.%m %H:%M")

    def _actions(self, entry: MissedEntry) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        call = QPushButton(self.tr("Call back"))
        call.setObjectName("FlatTool")
        call.setStyleSheet(f"QPushButton:enabled {{ color: {ACCENT}; font-weight: 600; }}")
        call.setProperty("missed_id", entry.id)
        call.clicked.connect(lambda _c=False, n=entry.caller: self._on_call_back(n))
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("FlatTool")
        cancel.setToolTip(self.tr("Remove from the call-back list"))
        cancel.clicked.connect(lambda _c=False, i=entry.id: self._missed.request_cancel(i))
        hidden = not any(ch.isdigit() for ch in entry.caller)
        call.setEnabled(not hidden)  # «Номер скрыт»: nothing to call back
        row.addWidget(call)
        row.addWidget(cancel)
        return box

    def buttons(self, missed_id: int) -> tuple[QPushButton, QPushButton]:
        """«Позвонить» and «Отменить» of a row (tests, keyboard users)."""
        row = self.rows[missed_id]
        box = self.tree.itemWidget(row, 2)
        assert box is not None
        found = box.findChildren(QPushButton)
        return found[0], found[1]

    # -- slots -----------------------------------------------------------------------------------------

    def _on_call_back(self, number: str) -> None:
        self.hide()
        self.call_back_requested.emit(number)

    def _on_tree_item_collapsed(self, item: QTreeWidgetItem) -> None:
        self._collapsed.update(k for k, v in self.sections.items() if v is item)

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._collapsed.difference_update(k for k, v in self.sections.items() if v is item)
