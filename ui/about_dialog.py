"""«О программе»: product version, build, and the versions of pjsua2, Qt, PySide6 and Python.

Every number comes from :func:`app.services.about.about_facts`, whose product version is
``app.__version__``, the one place it lives; the same line goes into every error report.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.about import AboutFacts, about_facts


class AboutDialog(QDialog):
    def __init__(self, *, facts: AboutFacts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = facts or about_facts()
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About Pult"))
        title = QLabel(f"Pult {self.facts.version}")
        title.setObjectName("PanelTitle")
        summary = QLabel(self.tr("Contact-center operator workstation with a built-in softphone."))
        summary.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, str] = {
            self.tr("Version"): self.facts.version,
            self.tr("Build"): self.facts.build,
            "pjsua2": self.facts.pjsua2,
            "Qt": self.facts.qt,
            "PySide6": self.facts.pyside,
            "Python": self.facts.python,
            self.tr("System"): self.facts.system,
        }
        for label, value in self.values.items():
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, field)
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(self._on_copy_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.addWidget(title)
        column.addWidget(summary)
        column.addLayout(form)
        column.addWidget(buttons)

    def _on_copy_clicked(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.facts.one_line())


class AboutOpener(QObject):
    """One About dialog at a time, from the avatar menu or the tray."""

    opened = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: AboutDialog | None = None

    def open(self, parent: QWidget | None = None) -> AboutDialog:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        dialog = AboutDialog(parent=parent)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def add_to_menu(self, menu: QMenu, window: QWidget) -> QAction:
        """«О программе» in the avatar menu, just before its last entry (the sign-out)."""
        action = QAction(self.tr("About Pult"), menu)
        action.setObjectName("AboutAction")
        action.triggered.connect(lambda: self.open(window))
        actions = menu.actions()
        if actions:
            menu.insertAction(actions[-1], action)
        else:
            menu.addAction(action)
        return action
