"""«Быстрые ответы» (spec TP-29): categories and answers per group, autosaved.

The group list holds «Без группы» (answers for everyone) and the groups the user may edit: a supervisor
their controlled groups, an administrator every group. Every action writes at once: «Создать быстрый
ответ» / «Создать категорию» add the typed text (Enter) as the last child — an answer goes into the
selected category — a double-click edits in place, the arrows move an item within its level and the
delete button removes an answer or a category with all its answers. Answers without a category come
after the categories. Two equal answers may not share a category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.protocol.settings_tabs import (
    MAX_QUICK_ANSWER_LENGTH,
    QuickAnswerCreate,
    QuickAnswerInfo,
    QuickAnswerList,
    QuickAnswerUpdate,
)
from app.services import settings_api
from ui.settings import messages

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.quick_answers import QuickAnswersService
    from app.services.settings_api import SettingsService

ID_ROLE = Qt.ItemDataRole.UserRole
NO_GROUP = 0
"""Item data of «Без группы» in the group list (never None: see call_handling_tab.KEEP_STATUS)."""


class QuickAnswersTab(QWidget):
    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rendering = False
        self._items: list[QuickAnswerInfo] = []
        self._editable: list[int] | None = []
        self._names: dict[int, str] = {}
        self.group_combo = QComboBox()
        self.group_combo.currentIndexChanged.connect(self._on_group_combo_changed)
        self.group_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.text_edit = QLineEdit()
        self.text_edit.setMaxLength(MAX_QUICK_ANSWER_LENGTH + 1)  # one over, so the limit is explained
        self.text_edit.returnPressed.connect(lambda: self._create(category=False))
        self.create_answer_button = QPushButton()
        self.create_answer_button.clicked.connect(lambda: self._create(category=False))
        self.create_category_button = QPushButton()
        self.create_category_button.clicked.connect(lambda: self._create(category=True))
        self.up_button = QPushButton("↑")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("↓")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.notice = QLabel()
        self.notice.setObjectName("FieldError")
        self.notice.setStyleSheet("color: #d92d20;")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.group_label)
        top.addWidget(self.group_combo, 1)
        row = QHBoxLayout()
        row.addWidget(self.text_edit, 1)
        row.addWidget(self.create_answer_button)
        row.addWidget(self.create_category_button)
        tools = QHBoxLayout()
        tools.addWidget(self.up_button)
        tools.addWidget(self.down_button)
        tools.addStretch(1)
        tools.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(tools)
        layout.addWidget(self.notice)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        service.load_groups()

    def retranslate(self) -> None:
        self.group_label.setText(self.tr("Group"))
        self.create_answer_button.setText(self.tr("Create a quick answer"))
        self.create_category_button.setText(self.tr("Create a category"))
        self.delete_button.setText(self.tr("Delete"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        self.text_edit.setPlaceholderText(self.tr("Text of the answer or name of the category, then Enter"))
        self.hint.setText(
            self.tr(
                "Answers of «No group» are available to everyone. An answer goes into the selected"
                " category; double-click to edit. Changes are saved at once."
            )
        )
        if self.group_combo.count():
            self.group_combo.setItemText(0, self.tr("No group"))

    # -- state -----------------------------------------------------------------------------------------

    def group_id(self) -> int | None:
        data = self.group_combo.currentData()
        return None if data in (None, NO_GROUP) else int(data)

    def _render_groups(self) -> None:
        current = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        if self._editable is None:
            self.group_combo.addItem(self.tr("No group"), NO_GROUP)
            ids = sorted(self._names, key=lambda g: self._names[g])
        else:
            ids = list(self._editable)
        for gid in ids:
            self.group_combo.addItem(self._names.get(gid, str(gid)), gid)
        index = self.group_combo.findData(current) if current is not None else 0
        self.group_combo.setCurrentIndex(max(index, 0))
        self.group_combo.blockSignals(False)
        editable = self.group_combo.count() > 0
        for widget in (
            self.text_edit,
            self.create_answer_button,
            self.create_category_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            widget.setEnabled(editable)

    def _render_tree(self) -> None:
        """Categories (bold) with their answers, then the answers without a category."""
        selected = self._selected_id()
        group = self.group_id()
        self._rendering = True
        self.tree.clear()
        mine = [i for i in self._items if i.group_id == group]
        by_parent: dict[int | None, list[QuickAnswerInfo]] = {}
        for item in mine:
            by_parent.setdefault(item.parent_id, []).append(item)
        roots = sorted(by_parent.get(None, []), key=lambda i: (not i.category, i.position, i.id))
        bold = QFont()
        bold.setBold(True)
        for root in roots:
            node = self._node(root)
            if root.category:
                node.setFont(0, bold)
                for child in sorted(by_parent.get(root.id, []), key=lambda i: (i.position, i.id)):
                    node.addChild(self._node(child))
            self.tree.addTopLevelItem(node)
        self.tree.expandAll()
        self._rendering = False
        if selected is not None:
            self.select(selected)

    def _node(self, info: QuickAnswerInfo) -> QTreeWidgetItem:
        node = QTreeWidgetItem([info.text])
        node.setData(0, ID_ROLE, info.id)
        node.setFlags(node.flags() | Qt.ItemFlag.ItemIsEditable)
        return node

    def _selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def _info(self, answer_id: int | None) -> QuickAnswerInfo | None:
        return next((i for i in self._items if i.id == answer_id), None)

    def select(self, answer_id: int) -> None:
        for node in self._nodes():
            if node.data(0, ID_ROLE) == answer_id:
                self.tree.setCurrentItem(node)

    def _tops(self) -> list[QTreeWidgetItem]:
        tops = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [t for t in tops if t is not None]

    @staticmethod
    def _children(node: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (node.child(c) for c in range(node.childCount()))
        return [c for c in children if c is not None]

    def _nodes(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for top in self._tops():
            found.append(top)
            found.extend(self._children(top))
        return found

    def texts(self) -> list[str]:
        """What the tree shows, children indented by two spaces (for tests and search)."""
        shown: list[str] = []
        for top in self._tops():
            shown.append(top.text(0))
            shown.extend("  " + child.text(0) for child in self._children(top))
        return shown

    # -- actions ---------------------------------------------------------------------------------------

    def _show(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _problem(self, text: str, parent_id: int | None, *, category: bool, skip: int | None = None) -> str:
        if not text:
            return messages.required()
        if len(text) > MAX_QUICK_ANSWER_LENGTH:
            return messages.too_long(MAX_QUICK_ANSWER_LENGTH)
        if not category and any(
            i.text == text and i.parent_id == parent_id and not i.category and i.id != skip
            for i in self._items
            if i.group_id == self.group_id()
        ):
            return self.tr("This answer is already in the category.")
        return ""

    def _target_category(self) -> int | None:
        info = self._info(self._selected_id())
        if info is None:
            return None
        return info.id if info.category else info.parent_id

    def _create(self, *, category: bool) -> None:
        text = self.text_edit.text().strip()
        parent = None if category else self._target_category()
        problem = self._problem(text, parent, category=category)
        self._show(problem)
        if problem or self.group_combo.count() == 0:
            return
        self._service.create_quick_answer(
            QuickAnswerCreate(text=text, category=category, parent_id=parent, group_id=self.group_id())
        )

    def _move(self, step: int) -> None:
        answer_id = self._selected_id()
        if answer_id is not None:
            self._service.update_quick_answer(answer_id, QuickAnswerUpdate(move=step))

    def _on_delete_clicked(self) -> None:
        answer_id = self._selected_id()
        if answer_id is not None:
            self._service.delete_quick_answer(answer_id)

    def _on_tree_item_changed(self, node: QTreeWidgetItem, _column: int) -> None:
        if self._rendering:
            return
        info = self._info(int(node.data(0, ID_ROLE)))
        if info is None:
            return
        text = node.text(0).strip()
        if text == info.text:
            return
        problem = self._problem(text, info.parent_id, category=info.category, skip=info.id)
        self._show(problem)
        if problem:
            return  # the typed text stays in the tree for correcting
        self._service.update_quick_answer(info.id, QuickAnswerUpdate(text=text))

    def _on_group_combo_changed(self, _index: int) -> None:
        self._show("")
        self._render_tree()

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.GROUPS:
            self._names = {g.id: g.name for g in getattr(result, "items", [])}
            self._service.load_quick_answers()
        elif tag == settings_api.QUICK_ANSWERS and isinstance(result, QuickAnswerList):
            self._items = list(result.items)
            self._editable = result.editable_group_ids
            self._render_groups()
            self._render_tree()
        elif tag == settings_api.QUICK_ANSWER_SAVED and isinstance(result, QuickAnswerInfo):
            self.text_edit.clear()
            self._show("")
            self.select(result.id)

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag == settings_api.GROUPS:
            self._service.load_quick_answers()
        if tag not in (
            settings_api.QUICK_ANSWERS,
            settings_api.QUICK_ANSWER_SAVED,
            settings_api.QUICK_ANSWER_DELETED,
        ):
            return
        found = messages.field_errors(error)
        if error.body is not None and error.body.detail.get("field") == "text" and tag.endswith("saved"):
            found = {"text": self.tr("This answer is already in the category.")}
        self._show("\n".join(found.values()))


def offer_quick_answers(edit: QLineEdit, service: QuickAnswersService) -> QCompleter:
    """Typing in ``edit`` offers the matching quick answers (any part of the text, any case)."""
    model = QStringListModel(service.answers, edit)
    completer = QCompleter(model, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    service.answers_changed.connect(model.setStringList)
    return completer
