"""«ВАТС» pages for groups (operators and supervisors, MW-07) and roles (the permission matrix as data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.protocol.admin import (
    EmployeeList,
    GroupCreate,
    GroupInfo,
    GroupList,
    GroupMemberSpec,
    GroupMembersUpdate,
    RoleInfo,
    RoleList,
)
from app.services import settings_api
from ui.settings import messages

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

SCOPES = ("N", "Y", "SELF", "MY-GROUP", "OWN-GRP", "OWN+CTRL", "CTRL", "MEMBER", "ALL")
MAX_GROUP_NAME = 200


def role_names() -> dict[str, str]:
    """The seven roles of part 7 in the user's language."""
    return {
        "employee": QCoreApplication.translate("Roles", "Employee"),
        "senior_employee": QCoreApplication.translate("Roles", "Senior employee"),
        "group_head": QCoreApplication.translate("Roles", "Group head"),
        "company_head": QCoreApplication.translate("Roles", "Company head"),
        "accountant": QCoreApplication.translate("Roles", "Accountant"),
        "marketer": QCoreApplication.translate("Roles", "Marketer"),
        "administrator": QCoreApplication.translate("Roles", "Administrator"),
    }


def _notice() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, text: str, *, error: bool = True) -> None:
    label.setStyleSheet("color: #d92d20;" if error else "color: #16a34a;")
    label.setText(text)
    label.setVisible(bool(text))


class GroupsPage(QWidget):
    """Groups on the left; on the right every employee with «Оператор» and «Супервизор» boxes."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._groups: list[GroupInfo] = []
        self._employees: list[tuple[int, str]] = []
        self.group_list = QListWidget()
        self.group_list.currentRowChanged.connect(self._on_group_list_row_changed)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_GROUP_NAME + 1)
        self.name_edit.returnPressed.connect(self._on_create_clicked)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self._on_create_clicked)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.members = QTableWidget(0, 3)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.notice = _notice()
        left = QVBoxLayout()
        create = QHBoxLayout()
        create.addWidget(self.name_edit, 1)
        create.addWidget(self.create_button)
        left.addLayout(create)
        left.addWidget(self.group_list, 1)
        left.addWidget(self.delete_button)
        right = QVBoxLayout()
        right.addWidget(self.members, 1)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.name_edit.setPlaceholderText(self.tr("Name of a new group"))
        self.create_button.setText(self.tr("Create a group"))
        self.delete_button.setText(self.tr("Delete the group"))
        self.save_button.setText(self.tr("Save the members"))
        self.members.setHorizontalHeaderLabels(
            [self.tr("Employee"), self.tr("Operator"), self.tr("Supervisor")]
        )

    def group_id(self) -> int | None:
        item = self.group_list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _box(self, row: int, column: int) -> QCheckBox:
        widget = self.members.cellWidget(row, column)
        assert isinstance(widget, QCheckBox)
        return widget

    def _render_groups(self) -> None:
        current = self.group_id()
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for group in self._groups:
            item = QListWidgetItem(group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        rows = [g.id for g in self._groups]
        self.group_list.setCurrentRow(rows.index(current) if current in rows else (0 if rows else -1))
        self._render_members()

    def _render_members(self) -> None:
        group = next((g for g in self._groups if g.id == self.group_id()), None)
        specs = {m.employee_id: m for m in group.members} if group else {}
        self.members.setRowCount(0)
        for employee_id, name in self._employees:
            row = self.members.rowCount()
            self.members.insertRow(row)
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, employee_id)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.members.setItem(row, 0, item)
            operator, supervisor = QCheckBox(), QCheckBox()
            spec = specs.get(employee_id)
            operator.setChecked(spec is not None)
            supervisor.setChecked(spec is not None and spec.supervisor)
            # A supervisor is also a member of the group (part 7 §1.1).
            supervisor.toggled.connect(lambda on, box=operator: box.setChecked(True) if on else None)
            operator.toggled.connect(lambda on, box=supervisor: box.setChecked(False) if not on else None)
            self.members.setCellWidget(row, 1, operator)
            self.members.setCellWidget(row, 2, supervisor)
        enabled = group is not None
        for widget in (self.members, self.save_button, self.delete_button):
            widget.setEnabled(enabled)

    def chosen_members(self) -> list[GroupMemberSpec]:
        found: list[GroupMemberSpec] = []
        for row in range(self.members.rowCount()):
            item = self.members.item(row, 0)
            if item is not None and self._box(row, 1).isChecked():
                found.append(
                    GroupMemberSpec(
                        employee_id=int(item.data(Qt.ItemDataRole.UserRole)),
                        supervisor=self._box(row, 2).isChecked(),
                    )
                )
        return found

    def set_member(self, employee_id: int, *, operator: bool, supervisor: bool = False) -> None:
        for row in range(self.members.rowCount()):
            item = self.members.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == employee_id:
                self._box(row, 1).setChecked(operator)
                self._box(row, 2).setChecked(supervisor)

    def _on_group_list_row_changed(self, _row: int) -> None:
        _say(self.notice, "")
        self._render_members()

    def _on_create_clicked(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            _say(self.notice, messages.required())
            return
        if len(name) > MAX_GROUP_NAME:
            _say(self.notice, messages.too_long(MAX_GROUP_NAME))
            return
        if any(g.name == name for g in self._groups):
            _say(self.notice, self.tr("A group with this name already exists."))
            return
        self._service.create_group(GroupCreate(name=name))

    def _on_delete_clicked(self) -> None:
        group_id = self.group_id()
        item = self.group_list.currentItem()
        if group_id is not None and item is not None and self.confirm_delete(item.text()):
            self._service.delete_group(group_id)

    def confirm_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Delete the group"), self.tr("Delete the group «{name}»?").format(name=name)
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_save_clicked(self) -> None:
        group_id = self.group_id()
        if group_id is not None:
            self._service.set_group_members(group_id, GroupMembersUpdate(members=self.chosen_members()))

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.GROUPS and isinstance(result, GroupList):
            self._groups = list(result.items)
            self._render_groups()
        elif tag == settings_api.EMPLOYEES and isinstance(result, EmployeeList):
            self._employees = sorted(
                ((e.id, e.full_name) for e in result.items), key=lambda pair: pair[1].casefold()
            )
            self._render_members()
        elif tag == settings_api.GROUP_SAVED and isinstance(result, GroupInfo):
            self.name_edit.clear()
            for row in range(self.group_list.count()):
                if self.group_list.item(row).data(Qt.ItemDataRole.UserRole) == result.id:
                    self.group_list.setCurrentRow(row)
            _say(self.notice, self.tr("Saved."), error=False)

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag not in (settings_api.GROUP_SAVED, settings_api.GROUP_DELETED):
            return
        body = error.body
        field = str(body.detail.get("field", "")) if body is not None else ""
        if field == "name":
            _say(self.notice, self.tr("A group with this name already exists."))
        elif field == "busy":
            _say(self.notice, self.tr("Calls of this group are in progress; delete it later."))
        else:
            _say(self.notice, "\n".join(messages.field_errors(error).values()))


class RolesPage(QWidget):
    """Each role's value for every permission key; a change is written at once."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._roles: list[RoleInfo] = []
        self._labels: dict[str, str] = {}
        self._rendering = False
        self.role_combo = QComboBox()
        self.role_combo.currentIndexChanged.connect(lambda _i: self._render())
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.notice = _notice()
        self.role_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.role_label)
        top.addWidget(self.role_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.role_label.setText(self.tr("Role"))
        self.table.setHorizontalHeaderLabels([self.tr("Permission"), self.tr("Value")])

    def role(self) -> RoleInfo | None:
        code = self.role_combo.currentData()
        return next((r for r in self._roles if r.code == code), None)

    def value_combo(self, key: str) -> QComboBox | None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                widget = self.table.cellWidget(row, 1)
                return widget if isinstance(widget, QComboBox) else None
        return None

    def _render(self) -> None:
        role = self.role()
        self._rendering = True
        self.table.setRowCount(0)
        for key, value in (role.permissions if role else {}).items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = QTableWidgetItem(self._labels.get(key, key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItems(list(SCOPES))
            combo.setCurrentText(value)
            combo.currentTextChanged.connect(lambda text, k=key: self._on_value_changed(k, text))
            self.table.setCellWidget(row, 1, combo)
        self._rendering = False

    def _on_value_changed(self, key: str, value: str) -> None:
        role = self.role()
        if role is not None and not self._rendering:
            _say(self.notice, "")
            self._service.set_role_permission(role.code, key, value)

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.ROLES and isinstance(result, RoleList):
            self._roles, self._labels = list(result.items), dict(result.labels)
            current = self.role_combo.currentData()
            self.role_combo.blockSignals(True)
            self.role_combo.clear()
            names = role_names()
            for role in self._roles:
                self.role_combo.addItem(names.get(role.code, role.name), role.code)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(current)))
            self.role_combo.blockSignals(False)
            self._render()
        elif tag == settings_api.ROLE_SAVED and isinstance(result, RoleInfo):
            self._roles = [result if r.code == result.code else r for r in self._roles]
            _say(self.notice, self.tr("Saved."), error=False)

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag == settings_api.ROLE_SAVED:
            _say(self.notice, "\n".join(messages.field_errors(error).values()))
            self._render()  # back to the values the server holds
