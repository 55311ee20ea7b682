"""The status control of the top bar (spec MW-23): the current status, and a drop-down to change it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.state.status import StatusSnapshot, StatusStore
from ui.texts import status_color_of, status_name
from widgets.icons import dot_icon
from widgets.theme import STATUS_COLORS

if TYPE_CHECKING:
    from app.services.session import SessionService


class StatusControl(QToolButton):
    """Shows the status from the :class:`StatusStore`; choosing one asks the session service to set it."""

    def __init__(self, *, store: StatusStore, session: SessionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusControl")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(170)
        self._store = store
        self._session = session
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._group.triggered.connect(self._on_group_triggered)
        store.status_changed.connect(self._on_store_status_changed)
        self._render(store.snapshot)

    def actions_by_key(self) -> dict[str, QAction]:
        return {str(a.data()): a for a in self._group.actions()}

    def choose(self, key: str) -> None:
        """What picking ``key`` from the drop-down does (tests and keyboard shortcuts use it too)."""
        action = self.actions_by_key().get(key)
        if action is not None and action.isEnabled():
            action.trigger()

    def _on_group_triggered(self, action: QAction) -> None:
        self._session.start_status_change(str(action.data()))

    def _on_store_status_changed(self, snapshot: StatusSnapshot) -> None:
        self._render(snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render(self._store.snapshot)
        super().changeEvent(event)

    def _render(self, snapshot: StatusSnapshot) -> None:
        definitions = snapshot.definitions
        shown = snapshot.pending or snapshot.current
        name = status_name(shown, definitions)
        color = STATUS_COLORS[status_color_of(shown, definitions)]
        self.setIcon(dot_icon(color, 12, "#ffffff"))
        self.setText(name + ("…" if snapshot.pending else ""))
        self.setToolTip(self.tr("Your status: {name}. Click to change it.").format(name=name))
        self.setAccessibleName(name)
        keys = [d.key for d in snapshot.selectable]
        if keys != list(self.actions_by_key()):
            self._rebuild_menu(snapshot)
        for key, action in self.actions_by_key().items():
            action.setText(status_name(key, definitions))
            action.setChecked(key == shown)
        self.setEnabled(bool(keys))

    def _rebuild_menu(self, snapshot: StatusSnapshot) -> None:
        self.menu_.clear()
        for action in self._group.actions():
            self._group.removeAction(action)
            action.deleteLater()
        builtin = [d for d in snapshot.selectable if d.builtin]
        custom = [d for d in snapshot.selectable if not d.builtin]
        for index, chunk in enumerate((builtin, custom)):
            if index and chunk:
                self.menu_.addSeparator()
            for definition in chunk:
                action = QAction(dot_icon(STATUS_COLORS[definition.color.value]), "", self)
                action.setData(definition.key)
                action.setCheckable(True)
                self._group.addAction(action)
                self.menu_.addAction(action)
