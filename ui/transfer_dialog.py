"""The transfer target picker (TP-51) and the conference counterpart picker (TP-53) of a contact-center
call: «На сотрудника» (colleagues by name with their status), «На группу» (groups with free/total
operators), «На номер» (a number or a SIP address). A transfer ends with «С консультацией» or «Без
консультации»; a conference with «Начать конференцию». The lists come from the server through the
call control; the switch carries out whatever is chosen.

From the queue panel (MW-33 «Перевести» on a waiting call) nobody talks to the caller yet, so there is no
consultation: the dialog has one «ОК» that hands the target to ``on_transfer``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.call_control import CallControl, TransferTargets, employee_target, group_target
from ui.texts import status_name

_ROLE_TARGET = Qt.ItemDataRole.UserRole
_ROLE_LABEL = Qt.ItemDataRole.UserRole + 1
_BUSY = "#d92d20"
_AWAY = "#98a2b3"
_FREE_STATUSES = frozenset({"online"})


class TransferDialog(QDialog):
    """Pick whom to transfer the call ``key`` to (``conference=False``) or to add to it (True)."""

    def __init__(
        self,
        *,
        bridge: CallControl,
        key: str,
        conference: bool = False,
        on_transfer: Callable[[str], None] | None = None,
        allowed_groups: frozenset[int] | None = None,
        me: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``on_transfer``: the queue panel's mode, called with the chosen target on «ОК»;
        ``allowed_groups``: only colleagues of these groups (and ``me``) and these groups may be chosen
        (MW-33: a supervisor transfers only within the groups they supervise); None: anyone."""
        super().__init__(parent)
        self.setObjectName("TransferDialog")
        self.bridge = bridge
        self.key = key
        self.conference = conference
        self._on_transfer = on_transfer
        self._allowed_groups = allowed_groups
        self._me = me
        self._targets = TransferTargets()

        self.search_edit = QLineEdit()
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.colleague_list = QListWidget()
        self.group_list = QListWidget()
        self.number_edit = QLineEdit()
        self.number_edit.textChanged.connect(self._update_buttons)
        self.number_hint = QLabel()
        self.number_hint.setObjectName("Hint")
        self.number_hint.setWordWrap(True)
        number_page = QWidget()
        number_column = QVBoxLayout(number_page)
        number_column.addWidget(self.number_edit)
        number_column.addWidget(self.number_hint)
        number_column.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.colleague_list, "")
        self.tabs.addTab(self.group_list, "")
        self.tabs.addTab(number_page, "")
        self.tabs.currentChanged.connect(self._update_buttons)
        for listing in (self.colleague_list, self.group_list):
            listing.currentItemChanged.connect(self._update_buttons)
            listing.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        self.loading_label = QLabel()
        self.loading_label.setObjectName("Hint")

        self.consult_button = QPushButton()
        self.consult_button.setObjectName("PrimaryButton")
        self.consult_button.clicked.connect(self._on_consult_button_clicked)
        self.blind_button = QPushButton()
        self.blind_button.setObjectName("CallButton")
        self.blind_button.clicked.connect(self._on_blind_button_clicked)
        self.conference_button = QPushButton()
        self.conference_button.setObjectName("PrimaryButton")
        self.conference_button.clicked.connect(self._on_conference_button_clicked)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("PrimaryButton")
        self.ok_button.clicked.connect(self._on_ok_button_clicked)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        queue = on_transfer is not None
        self.consult_button.setVisible(not conference and not queue)
        self.blind_button.setVisible(not conference and not queue)
        self.conference_button.setVisible(conference and not queue)
        self.ok_button.setVisible(queue)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.blind_button)
        buttons.addWidget(self.consult_button)
        buttons.addWidget(self.conference_button)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout(self)
        column.addWidget(self.search_edit)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.loading_label)
        column.addLayout(buttons)
        self.resize(420, 460)
        self.retranslate()
        self._update_buttons()
        bridge.transfer_targets(self._on_bridge_targets_loaded)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Conference") if self.conference else self.tr("Transfer the call"))
        self.search_edit.setPlaceholderText(self.tr("Search by name or group"))
        self.tabs.setTabText(0, self.tr("To an employee"))
        self.tabs.setTabText(1, self.tr("To a group"))
        self.tabs.setTabText(2, self.tr("To a number"))
        self.number_edit.setPlaceholderText(self.tr("Number or SIP address"))
        self.number_hint.setText(
            self.tr("A phone number (74952000000) or a SIP subscriber: sip:name@host, without spaces.")
        )
        self.consult_button.setText(self.tr("With consultation"))
        self.blind_button.setText(self.tr("Without consultation"))
        self.conference_button.setText(self.tr("Start the conference"))
        self.ok_button.setText(self.tr("OK"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.loading_label.setText("" if self._targets.loaded else self.tr("Loading colleagues…"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the lists -----------------------------------------------------------------------------------

    def _fill(self) -> None:
        needle = self.search_edit.text().strip().casefold()
        self.colleague_list.clear()
        for colleague in self._targets.colleagues:
            if needle and needle not in colleague.name.casefold() and needle not in colleague.extension:
                continue
            item = QListWidgetItem(f"{colleague.name} — {status_name(colleague.status)}")
            item.setData(_ROLE_TARGET, employee_target(colleague.employee_id))
            item.setData(_ROLE_LABEL, colleague.name)
            if not self._may_choose(colleague.employee_id, colleague.group_ids):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(QColor(_AWAY)))
                item.setToolTip(self.tr("Outside the groups you supervise"))
            elif colleague.status == "offline":
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(QColor(_AWAY)))
            elif colleague.status not in _FREE_STATUSES:
                item.setForeground(QBrush(QColor(_BUSY)))  # TP-51: those who cannot take it now, in red
            self.colleague_list.addItem(item)
        self.group_list.clear()
        for group in self._targets.groups:
            if needle and needle not in group.name.casefold():
                continue
            item = QListWidgetItem(f"{group.name}  {group.free}/{group.total}")
            item.setToolTip(self.tr("Free operators «На линии» / all operators of the group"))
            item.setData(_ROLE_TARGET, group_target(group.group_id))
            item.setData(_ROLE_LABEL, group.name)
            if not self._may_choose(None, (group.group_id,)):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(QColor(_AWAY)))
                item.setToolTip(self.tr("Outside the groups you supervise"))
            elif group.free == 0:
                item.setForeground(QBrush(QColor(_BUSY)))
            self.group_list.addItem(item)
        self._update_buttons()

    def _may_choose(self, employee_id: int | None, group_ids: tuple[int, ...]) -> bool:
        allowed = self._allowed_groups
        if allowed is None or (employee_id is not None and employee_id == self._me):
            return True
        return not allowed.isdisjoint(group_ids)

    def chosen(self) -> tuple[str, str]:
        """(target, label) of what is picked on the current tab; ("", "") if nothing."""
        if self.tabs.currentIndex() == 2:
            text = self.number_edit.text().strip()
            return text, text
        listing = self.colleague_list if self.tabs.currentIndex() == 0 else self.group_list
        item = listing.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return "", ""
        return str(item.data(_ROLE_TARGET)), str(item.data(_ROLE_LABEL))

    # -- slots ---------------------------------------------------------------------------------------

    def _on_bridge_targets_loaded(self, targets: TransferTargets) -> None:
        self._targets = targets
        self.loading_label.setText("")
        self._fill()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._fill()

    def _update_buttons(self, *_args: object) -> None:
        target, _label = self.chosen()
        for button in (self.blind_button, self.consult_button, self.conference_button, self.ok_button):
            button.setEnabled(bool(target))

    def _on_list_item_double_clicked(self, _item: QListWidgetItem) -> None:
        if self._on_transfer is not None:
            self._on_ok_button_clicked()
        elif self.conference:
            self._on_conference_button_clicked()
        else:
            self._on_consult_button_clicked()

    def _on_consult_button_clicked(self) -> None:
        target, label = self.chosen()
        if target and self.bridge.start_consultation(self.key, target, label=label):
            self.accept()

    def _on_blind_button_clicked(self) -> None:
        target, _label = self.chosen()
        if target and self.bridge.transfer_blind(self.key, target):
            self.accept()

    def _on_conference_button_clicked(self) -> None:
        target, label = self.chosen()
        if target and self.bridge.start_conference(self.key, target, label=label):
            self.accept()

    def _on_ok_button_clicked(self) -> None:
        target, _label = self.chosen()
        if target and self._on_transfer is not None:
            self._on_transfer(target)
            self.accept()
