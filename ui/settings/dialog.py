"""The settings window (spec TP-07): a searchable list of tabs on the left, the tab on the right.

Only the tabs the user's role may use are listed (the server refuses the writes anyway). Tabs that
edit local settings wait for «Сохранить»; the others write as the spec says (own buttons, autosave).
Closing with unsaved edits asks Save / Don't save / Cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.settings.call_handling_tab import CallHandlingTab
from ui.settings.connection_tab import ConnectionTab
from ui.settings.http_requests_tab import HttpRequestsTab
from ui.settings.pbx_tab import PbxTab
from ui.settings.quick_answers_tab import QuickAnswersTab
from ui.settings.softphone_tab import SoftphoneTab
from ui.settings.statuses_tab import StatusesTab
from ui.settings.topics_tab import TopicsTab
from ui.settings.user_tab import UserTab
from ui.settings.visibility_tab import VisibilityTab

if TYPE_CHECKING:
    from app.protocol.auth import Me
    from app.services.autostart import Autostart
    from app.services.settings_api import SettingsService
    from app.services.softphone_settings import SoftphoneSettingsService
    from app.services.two_factor import TwoFactorService
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings, AppSettings

STATUSES_PERMISSION = "settings.employee_statuses"
TOPICS_PERMISSION = "requests.edit_topics"
CALL_HANDLING_PERMISSION = "employees.manage"
"""The server's routes for distribution and missed-call rules require this key (A2.17: administrator)."""
POST_CALL_PERMISSION = "settings.post_call"
"""«Поствызывная обработка»: a controlled group or the administrator (TP-34)."""
QUICK_ANSWERS_PERMISSION = "requests.edit_quick_replies"


def allowed(me: Me | None, key: str) -> bool:
    if me is None:
        return False
    scope = me.permission_scopes.get(key)
    if scope == "CTRL":  # as the server's policy: CTRL needs at least one controlled group
        return any(g.supervisor for g in me.groups)
    if scope is not None:
        return scope != "N"
    return key in me.permissions


@dataclass(frozen=True)
class SettingsContext:
    """What the tabs need: the session's service, the user, and the local settings files."""

    service: SettingsService
    me: Me | None
    account_file: VersionedFile[AccountSettings]
    app_file: VersionedFile[AppSettings]
    autostart: Autostart
    server: str = ""
    softphone: SoftphoneSettingsService | None = None
    two_factor: TwoFactorService | None = None


class SettingsDialog(QDialog):
    """Tabs in the order of TP-07, as far as this build has them."""

    def __init__(self, *, context: SettingsContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.resize(1120, 700)
        self.tabs: dict[str, QWidget] = {}
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.tab_list = QListWidget()
        self.tab_list.setObjectName("SettingsTabList")
        self.tab_list.setFixedWidth(240)
        self.stack = QStackedWidget()
        self.title = QLabel()
        self.title.setObjectName("SettingsTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)

        self.user_tab = UserTab(
            account_file=context.account_file,
            app_file=context.app_file,
            autostart=context.autostart,
            two_factor=context.two_factor,
        )
        if allowed(context.me, CALL_HANDLING_PERMISSION):
            self._add("pbx", PbxTab(service=context.service))  # TP-08: administrators only
        self._add("user", self.user_tab)
        if context.softphone is not None:
            self.user_tab.saved.connect(context.softphone.apply_saved)
        if allowed(context.me, TOPICS_PERMISSION):
            self._add("topics", TopicsTab(service=context.service))
        if allowed(context.me, QUICK_ANSWERS_PERMISSION):
            self._add("quick_answers", QuickAnswersTab(service=context.service))
        self._add("softphone", SoftphoneTab(account_file=context.account_file, service=context.softphone))
        if allowed(context.me, STATUSES_PERMISSION):
            self._add("statuses", StatusesTab(service=context.service))
        self._add(
            "connection",
            ConnectionTab(app_file=context.app_file, service=context.service, current_server=context.server),
        )
        if allowed(context.me, POST_CALL_PERMISSION) or allowed(context.me, CALL_HANDLING_PERMISSION):
            self._add(
                "call_handling",
                CallHandlingTab(
                    service=context.service, missed=allowed(context.me, CALL_HANDLING_PERMISSION)
                ),
            )
        self._add("visibility", VisibilityTab(app_file=context.app_file))
        if context.me is not None:
            self._add("http_requests", HttpRequestsTab(service=context.service))

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.tab_list, 1)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.tab_list.currentRowChanged.connect(self._on_tab_list_row_changed)
        self.retranslate()
        self.tab_list.setCurrentRow(0)

    def _add(self, key: str, widget: QWidget) -> None:
        self.tabs[key] = widget
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.tab_list.addItem(item)
        self.stack.addWidget(widget)

    def tab_titles(self) -> dict[str, str]:
        return {
            "pbx": self.tr("Virtual PBX"),
            "user": self.tr("User"),
            "topics": self.tr("Topics"),
            "quick_answers": self.tr("Quick answers"),
            "statuses": self.tr("Employee statuses"),
            "softphone": self.tr("Softphone"),
            "connection": self.tr("Connection"),
            "call_handling": self.tr("Call handling"),
            "visibility": self.tr("Section visibility"),
            "http_requests": self.tr("HTTP requests"),
        }

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.search.setPlaceholderText(self.tr("Search the settings"))
        self.save_button.setText(self.tr("Save"))
        self.close_button.setText(self.tr("Close"))
        titles = self.tab_titles()
        for row in range(self.tab_list.count()):
            item = self.tab_list.item(row)
            item.setText(titles[str(item.data(Qt.ItemDataRole.UserRole))])
        self._on_tab_list_row_changed(self.tab_list.currentRow())

    def show_tab(self, key: str) -> None:
        for row in range(self.tab_list.count()):
            if self.tab_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.tab_list.setCurrentRow(row)

    def _local_tabs(self) -> list[UserTab | SoftphoneTab | VisibilityTab]:
        """Tabs of local settings that wait for «Сохранить»."""
        return [t for t in self.tabs.values() if isinstance(t, UserTab | SoftphoneTab | VisibilityTab)]

    @property
    def dirty(self) -> bool:
        return any(tab.dirty for tab in self._local_tabs())

    def save(self) -> bool:
        results = [tab.save() for tab in self._local_tabs() if tab.dirty]
        return all(results)

    def _on_tab_list_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.title.setText(self.tab_list.item(row).text())

    def _on_search_changed(self, text: str) -> None:
        """Matches tab names and the labels inside a tab (TP-07's full-text search)."""
        needle = text.strip().casefold()
        for row in range(self.tab_list.count()):
            item = self.tab_list.item(row)
            widget = self.tabs[str(item.data(Qt.ItemDataRole.UserRole))]
            texts = [item.text()]
            for child in widget.findChildren(QWidget):
                label = getattr(child, "text", None)
                if callable(label):
                    value = label()
                    if isinstance(value, str):
                        texts.append(value)
                title = getattr(child, "title", None)
                if callable(title):
                    value = title()
                    if isinstance(value, str):
                        texts.append(value)
            item.setHidden(bool(needle) and not any(needle in t.casefold() for t in texts))

    def _on_save_clicked(self) -> None:
        self.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.dirty:
            event.accept()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes before closing?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Cancel or (
            answer == QMessageBox.StandardButton.Save and not self.save()
        ):
            event.ignore()
            return
        event.accept()
