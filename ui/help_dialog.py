"""The help page behind the top bar's «?» button (MW-20): what the buttons do and the keyboard shortcuts,
which the user remaps here (a key field per action, «По умолчанию» to go back, an empty field turns one off).

Keys that another action already uses are refused with the reason and the field goes back to what it was;
an accepted change is reported as the user's overrides (``shortcuts_changed``), which the main window
applies at once and the shell keeps in the account settings on this machine.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.shortcuts import DEFAULTS, names

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


class HelpDialog(QDialog):
    shortcuts_changed = Signal(object)
    """The user's overrides: action name → portable key text ("" turns it off); defaults left out."""

    def __init__(
        self,
        *,
        shortcuts: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        """``shortcuts``: action name → the native text of its keys now (what the window uses)."""
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.setWindowTitle(self.tr("Help"))
        title = QLabel(self.tr("Keyboard shortcuts"))
        title.setObjectName("PanelTitle")
        intro = QLabel(
            self.tr(
                "The shortcuts work in every Pult window, the call widget included. "
                "During a call the digits, * and # of the keyboard are sent as tones. "
                "Click a field and press the new keys to change a shortcut; clear it to turn it off."
            )
        )
        intro.setObjectName("Muted")
        intro.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.edits: dict[str, QKeySequenceEdit] = {}
        self._current: dict[str, QKeySequence] = {}
        labels = names()
        for name, keys in shortcuts.items():
            item = QTreeWidgetItem([labels.get(name, name), ""])
            self.table.addTopLevelItem(item)
            edit = QKeySequenceEdit(QKeySequence(keys, NATIVE))
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(lambda n=name: self._on_edit_finished(n))
            edit.keySequenceChanged.connect(lambda _s, n=name: self._on_key_sequence_changed(n))
            self.table.setItemWidget(item, 1, edit)
            self.edits[name] = edit
            self._current[name] = edit.keySequence()
        self.table.resizeColumnToContents(0)
        self.defaults_button = QPushButton(self.tr("Defaults"))
        self.defaults_button.clicked.connect(self.restore_defaults)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.addWidget(title)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.error_label)
        column.addWidget(buttons)
        self.resize(560, 440)

    def rows(self) -> list[tuple[str, str]]:
        """(action, keys as shown) of every row."""
        found: list[tuple[str, str]] = []
        for index, name in enumerate(self.edits):
            item = self.table.topLevelItem(index)
            keys = self.edits[name].keySequence().toString(NATIVE)
            found.append((item.text(0) if item is not None else name, keys or "—"))
        return found

    def set_keys(self, name: str, keys: str) -> None:
        """Type ``keys`` (portable text) into an action's field and finish, as the user would."""
        edit = self.edits[name]
        edit.setKeySequence(QKeySequence(keys, PORTABLE))
        edit.editingFinished.emit()

    def restore_defaults(self) -> None:
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setKeySequence(QKeySequence(DEFAULTS[name], PORTABLE))
            edit.blockSignals(False)
            self._current[name] = edit.keySequence()
        self.error_label.hide()
        self.shortcuts_changed.emit({})

    def overrides(self) -> dict[str, str]:
        """What differs from the defaults, as stored in the account settings."""
        result: dict[str, str] = {}
        for name, sequence in self._current.items():
            text = sequence.toString(PORTABLE)
            if text != DEFAULTS[name]:
                result[name] = text
        return result

    def _on_key_sequence_changed(self, name: str) -> None:
        if self.edits[name].keySequence().isEmpty():
            self._on_edit_finished(name)  # the clear button: the shortcut is off

    def _on_edit_finished(self, name: str) -> None:
        edit = self.edits[name]
        sequence = edit.keySequence()
        if sequence == self._current[name]:
            return
        taken = next(
            (
                other
                for other, keys in self._current.items()
                if other != name and not sequence.isEmpty() and keys == sequence
            ),
            None,
        )
        if taken is not None:
            self.error_label.setText(
                self.tr("{keys} already belongs to «{action}». Choose other keys.").format(
                    keys=sequence.toString(NATIVE), action=names().get(taken, taken)
                )
            )
            self.error_label.show()
            edit.blockSignals(True)
            edit.setKeySequence(self._current[name])
            edit.blockSignals(False)
            return
        self.error_label.hide()
        self._current[name] = sequence
        self.shortcuts_changed.emit(self.overrides())
