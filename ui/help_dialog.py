"""The help page behind the top bar's «?» button (MW-20): what the buttons do and the keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.shortcuts import names


class HelpDialog(QDialog):
    def __init__(self, *, shortcuts: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.setWindowTitle(self.tr("Help"))
        title = QLabel(self.tr("Keyboard shortcuts"))
        title.setObjectName("PanelTitle")
        intro = QLabel(
            self.tr(
                "The shortcuts work in every Pult window, the call widget included. "
                "During a call the digits, * and # of the keyboard are sent as tones."
            )
        )
        intro.setObjectName("Muted")
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        labels = names()
        for name, keys in shortcuts.items():
            self.table.addTopLevelItem(QTreeWidgetItem([labels.get(name, name), keys or "—"]))
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.addWidget(title)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.resize(520, 420)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (item.text(0), item.text(1))
            for item in (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
            if item is not None
        ]
