"""«Сотрудники онлайн»: the user's groups with every member's live status.

This is where a supervisor sees that an operator went on «Перерыв». Rows update in place when a
status change arrives, so the list does not jump while someone is reading it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.logs import event as log_event
from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore
from app.state.session import SessionStore
from app.state.status import OFFLINE, StatusStore
from ui.texts import local_time, status_color_of, status_name
from widgets.icons import dot_icon
from widgets.theme import STATUS_COLORS

log = logging.getLogger(__name__)

NAME, STATUS, SINCE, EXTENSION = range(4)
EMPLOYEE_ROLE = Qt.ItemDataRole.UserRole + 1


class ColleaguesPanel(QWidget):
    """A tree: group → colleagues, each with a status dot, status name, since when, and extension."""

    def __init__(
        self,
        *,
        presence: PresenceStore,
        statuses: StatusStore,
        session: SessionStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._presence = presence
        self._statuses = statuses
        self._session = session
        self.title = QLabel()
        self.title.setObjectName("PanelTitle")
        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.empty = QLabel()
        self.empty.setObjectName("Muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (STATUS, SINCE, EXTENSION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        card = QFrame()
        card.setObjectName("Card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(12, 8, 12, 8)
        card_layout.addWidget(self.tree)
        card_layout.addWidget(self.empty)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(14)
        layout.addLayout(heading)
        layout.addWidget(card, 1)

        self._items: dict[int, list[QTreeWidgetItem]] = {}
        presence.presence_changed.connect(self._on_presence_presence_changed)
        presence.colleague_changed.connect(self._on_presence_colleague_changed)
        statuses.status_changed.connect(self._on_statuses_status_changed)
        self.retranslate()
        self._rebuild(presence.snapshot)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Colleagues online"))
        self.tree.setHeaderLabels(
            [self.tr("Employee"), self.tr("Status"), self.tr("In status since"), self.tr("Ext.")]
        )
        self._render_summary(self._presence.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._rebuild(self._presence.snapshot)
        super().changeEvent(event)

    def items_for(self, employee_id: int) -> list[QTreeWidgetItem]:
        return list(self._items.get(employee_id, []))

    # -- rendering -------------------------------------------------------------------------------------

    def _on_presence_presence_changed(self, snapshot: PresenceSnapshot) -> None:
        ids = {c.employee_id for c in snapshot.colleagues}
        if ids != set(self._items):
            self._rebuild(snapshot)
        self._render_summary(snapshot)

    def _on_presence_colleague_changed(self, colleague: ColleagueSnapshot) -> None:
        for item in self._items.get(colleague.employee_id, []):
            self._fill(item, colleague)
        if colleague.employee_id in self._items:
            log_event(log, "presence.shown", employee_id=colleague.employee_id, status=colleague.status)

    def _on_statuses_status_changed(self, _snapshot: object) -> None:
        # Custom status names and colours come with the user's status definitions.
        for colleague in self._presence.snapshot.colleagues:
            for item in self._items.get(colleague.employee_id, []):
                self._fill(item, colleague)

    def _rebuild(self, snapshot: PresenceSnapshot) -> None:
        self.tree.clear()
        self._items = {}
        groups: dict[str, list[ColleagueSnapshot]] = {}
        for colleague in snapshot.colleagues:
            for group in colleague.groups or ("",):
                groups.setdefault(group, []).append(colleague)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in sorted(groups, key=lambda g: (g == "", g.lower())):
            parent = QTreeWidgetItem([group or self.tr("Other colleagues")])
            parent.setFont(NAME, bold)
            parent.setFirstColumnSpanned(True)
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(parent)
            for colleague in sorted(groups[group], key=lambda c: c.full_name.lower()):
                item = QTreeWidgetItem(parent)
                item.setData(NAME, EMPLOYEE_ROLE, colleague.employee_id)
                self._fill(item, colleague)
                self._items.setdefault(colleague.employee_id, []).append(item)
            parent.setExpanded(True)
        self.tree.setVisible(bool(snapshot.colleagues))
        self.empty.setVisible(not snapshot.colleagues)
        if not snapshot.loaded:
            self.empty.setText(self.tr("The list of colleagues is not available from this server yet."))
        else:
            self.empty.setText(self.tr("You have no colleagues in your groups yet."))
        self._render_summary(snapshot)

    def _fill(self, item: QTreeWidgetItem, colleague: ColleagueSnapshot) -> None:
        definitions = self._statuses.snapshot.definitions
        me = self._session.snapshot.me
        name = colleague.full_name
        if me is not None and me.employee_id == colleague.employee_id:
            name = self.tr("{name} (you)").format(name=name)
        item.setText(NAME, name)
        item.setText(STATUS, status_name(colleague.status, definitions))
        item.setIcon(STATUS, dot_icon(STATUS_COLORS[status_color_of(colleague.status, definitions)]))
        item.setText(SINCE, local_time(colleague.since) if colleague.since else "")
        item.setText(EXTENSION, colleague.extension)
        item.setData(STATUS, Qt.ItemDataRole.UserRole, colleague.status)
        offline = colleague.status == OFFLINE
        color = Qt.GlobalColor.gray if offline else Qt.GlobalColor.black
        for column in (NAME, SINCE, EXTENSION):
            item.setForeground(column, color)

    def _render_summary(self, snapshot: PresenceSnapshot) -> None:
        total = len(snapshot.colleagues)
        online = sum(1 for c in snapshot.colleagues if c.status != OFFLINE)
        self.summary.setText(
            self.tr("{online} of {total} signed in").format(online=online, total=total) if total else ""
        )
