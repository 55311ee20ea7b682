"""«Изменить тематику» and «Изменить комментарий» of a call in «История вызовов» (CH-14, CH-15).

Each dialog has «Сохранить», «Удалить» (the topics or the comment are removed) and «Отмена». A comment
longer than the server takes is refused with a message and stays in the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

COMMENT_MAX = 2000
"""``WrapupRequest.comment``'s limit."""


class _EditDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button: QPushButton = self.buttons.addButton(
            self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def _on_save_clicked(self) -> None:
        self.accept()

    def _on_delete_clicked(self) -> None:
        self.clear()
        self.accept()

    def clear(self) -> None:
        raise NotImplementedError


class TopicsDialog(_EditDialog):
    """The call's topics ticked among the tenant's; several may be ticked (CH-15)."""

    def __init__(self, topics: dict[int, str], chosen: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit topics"))
        self.list = QListWidget()
        names = dict(topics)
        for topic_id in chosen:  # a topic no longer offered stays ticked until unticked
            names.setdefault(topic_id, self.tr("Topic #{id}").format(id=topic_id))
        for topic_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, topic_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if topic_id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if not names:
            self.message.setText(self.tr("No topics are set up for your groups."))
            self.message.show()
            self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def chosen(self) -> list[int]:
        found: list[int] = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(found)

    def clear(self) -> None:
        for n in range(self.list.count()):
            self.list.item(n).setCheckState(Qt.CheckState.Unchecked)


class CommentDialog(_EditDialog):
    """The call's comment (CH-14): one per call, shared with the appeal."""

    def __init__(self, comment: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit comment"))
        self.edit = QPlainTextEdit(comment)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def comment(self) -> str:
        return self.edit.toPlainText().strip()

    def clear(self) -> None:
        self.edit.clear()

    def _on_save_clicked(self) -> None:
        if len(self.comment()) > COMMENT_MAX:
            self.message.setText(
                self.tr("The comment is too long: at most {max} characters, now {count}.").format(
                    max=COMMENT_MAX, count=len(self.comment())
                )
            )
            self.message.show()
            return
        self.accept()
