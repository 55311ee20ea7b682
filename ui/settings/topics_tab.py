"""«Справочник тематик обращений» (spec TP-28): the shared tree of folders and topics, autosaved.

Every action writes to the server at once: «Создать тематику» / «Создать папку» add the typed name
as the last child of the current folder (Enter), a double-click renames in place, the delete button
removes an item with everything below it (asking first when calls used it), and a drop onto a
folder moves the item there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import settings_api
from app.services.errors import ConflictError
from ui.settings import messages

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

ID_ROLE = Qt.ItemDataRole.UserRole
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 1


class TopicsTab(QWidget):
    """The topics tree with create, rename, delete and move; no «Сохранить» (TP-07: autosave)."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rendering = False
        self._pending_delete: int | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.tree.model().rowsMoved.connect(self._on_tree_rows_moved)
        self.name_edit = QLineEdit()
        self.name_edit.returnPressed.connect(self._on_name_return_pressed)
        self.create_topic_button = QPushButton()
        self.create_topic_button.clicked.connect(lambda: self._create(folder=False))
        self.create_folder_button = QPushButton()
        self.create_folder_button.clicked.connect(lambda: self._create(folder=True))
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #d92d20;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.create_topic_button)
        row.addWidget(self.create_folder_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.notice)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        service.load_topics()

    def retranslate(self) -> None:
        self.name_edit.setPlaceholderText(self.tr("Name, then Enter"))
        self.create_topic_button.setText(self.tr("Create a topic"))
        self.create_folder_button.setText(self.tr("Create a folder"))
        self.delete_button.setText(self.tr("Delete"))
        self.hint.setText(
            self.tr("The topics reference is one for the whole company: changes are saved at once.")
        )

    # -- rendering -------------------------------------------------------------------------------------

    def show_topics(self, items: list[Any]) -> None:
        expanded = {
            int(i.data(0, ID_ROLE))
            for i in self._all_items()
            if i.isExpanded() and i.data(0, ID_ROLE) is not None
        }
        self._rendering = True
        self.tree.clear()
        nodes: dict[int, QTreeWidgetItem] = {}
        for topic in items:
            node = QTreeWidgetItem([topic.name])
            node.setData(0, ID_ROLE, topic.id)
            node.setData(0, FOLDER_ROLE, topic.folder)
            flags = node.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
            if topic.folder:
                flags |= Qt.ItemFlag.ItemIsDropEnabled
                font = node.font(0)
                font.setBold(True)
                node.setFont(0, font)
            else:
                flags &= ~Qt.ItemFlag.ItemIsDropEnabled
            node.setFlags(flags)
            nodes[topic.id] = node
        for topic in items:
            parent = nodes.get(topic.parent_id) if topic.parent_id is not None else None
            if parent is not None:
                parent.addChild(nodes[topic.id])
            else:
                self.tree.addTopLevelItem(nodes[topic.id])
        for topic_id, node in nodes.items():
            node.setExpanded(topic_id in expanded or not expanded)
        self._rendering = False

    def _all_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack: list[QTreeWidgetItem | None] = [
            self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())
        ]
        while stack:
            item = stack.pop()
            if item is not None:
                found.append(item)
                stack.extend(item.child(i) for i in range(item.childCount()))
        return found

    def item_by_id(self, topic_id: int) -> QTreeWidgetItem | None:
        return next((i for i in self._all_items() if i.data(0, ID_ROLE) == topic_id), None)

    def _current_folder(self) -> int | None:
        item = self.tree.currentItem()
        while item is not None and not item.data(0, FOLDER_ROLE):
            item = item.parent()
        return None if item is None else int(item.data(0, ID_ROLE))

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- actions ---------------------------------------------------------------------------------------

    def _create(self, *, folder: bool) -> None:
        from app.protocol.calls import TopicCreate

        name = " ".join(self.name_edit.text().split())
        if not name:
            self._say(messages.required())
            self.name_edit.setFocus()
            return
        self._say("")
        self._service.create_topic(TopicCreate(name=name, parent_id=self._current_folder(), folder=folder))

    def _on_name_return_pressed(self) -> None:
        self._create(folder=False)

    def _on_tree_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        from app.protocol.calls import TopicUpdate

        if self._rendering:
            return
        name = " ".join(item.text(0).split())
        if not name:
            self._say(messages.required())
            self._service.load_topics()
            return
        self._service.update_topic(int(item.data(0, ID_ROLE)), TopicUpdate(name=name))

    def _on_tree_rows_moved(self, *_args: object) -> None:
        from app.protocol.calls import TopicUpdate

        item = self.tree.currentItem()
        if self._rendering or item is None:
            return
        parent = item.parent()
        body = (
            TopicUpdate(to_root=True)
            if parent is None
            else TopicUpdate(parent_id=int(parent.data(0, ID_ROLE)))
        )
        self._service.update_topic(int(item.data(0, ID_ROLE)), body)

    def _on_delete_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        self._pending_delete = int(item.data(0, ID_ROLE))
        self._service.delete_topic(self._pending_delete)

    # -- answers ---------------------------------------------------------------------------------------

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.TOPICS:
            self.show_topics(list(getattr(result, "items", [])))
        elif tag == settings_api.TOPIC_SAVED:
            self.name_edit.clear()
            self._say("")
            item = self.item_by_id(int(getattr(result, "id", -1)))
            if item is not None:
                self.tree.setCurrentItem(item)
        elif tag == settings_api.TOPIC_DELETED:
            self._pending_delete = None
            self._say("")

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag == settings_api.TOPIC_DELETED and isinstance(error, ConflictError) and self._in_use(error):
            topic_id = self._pending_delete
            answer = QMessageBox.question(
                self,
                self.tr("Delete the topic"),
                self.tr("The topic was used in conversations. Delete it anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes and topic_id is not None:
                self._service.delete_topic(topic_id, force=True)
            return
        if tag in (settings_api.TOPICS, settings_api.TOPIC_SAVED, settings_api.TOPIC_DELETED):
            errors = messages.field_errors(error)
            if isinstance(error, ConflictError) and "name" in errors:
                errors = {"name": self.tr("There is already an item with this name here.")}
            self._say("\n".join(errors.values()))
            if tag == settings_api.TOPIC_SAVED:
                self._service.load_topics()  # undo the in-place rename or the move the server refused

    @staticmethod
    def _in_use(error: ClientError) -> bool:
        return error.body is not None and error.body.detail.get("field") == "in_use"
