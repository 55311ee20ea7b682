"""«ВАТС» (spec TP-08) for administrators: employees (MW-02 form, edit, MW-03 delete), groups and roles.

The employee form checks the MW-02 rules before sending (full name, an extension of at most 5 digits —
2 recommended —, login, e-mail, a mobile starting with +79, 79 or 89, the password rule, a png, jpeg or
bmp photo); the server's refusals (an extension, e-mail or mobile taken, a name that exists — with a link
to that card) show under their field and nothing typed is lost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.protocol.admin import LOGIN_PATTERN, EmployeeCreate, EmployeeInfo, EmployeeList, EmployeeUpdate
from app.services import settings_api
from ui.settings import messages
from ui.settings.pbx_groups import GroupsPage, RolesPage, role_names

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

PHOTO_MAX_BYTES = 5 * 1024 * 1024
_PHOTO_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"BM", "image/bmp"))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MOBILE = re.compile(r"^(\+79|79|89)\d{9}$")
FIELDS = ("full_name", "extension", "login", "role", "email", "mobile", "position", "department", "password")


def photo_type(data: bytes) -> str | None:
    return next((mime for magic, mime in _PHOTO_TYPES if data.startswith(magic)), None)


class EmployeesPage(QWidget):
    """The employee list and the card form: «Создать», «Сохранить», «Удалить сотрудника»."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._employees: list[EmployeeInfo] = []
        self._editing: int | None = None
        self._photo: tuple[bytes, str] | None = None
        self._existing: int | None = None
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for name in FIELDS:
            label = QLabel()
            self.labels[name] = label
            if name == "role":
                self.role_combo = QComboBox()
                for code, title in role_names().items():
                    self.role_combo.addItem(title, code)
                self.role_combo.setCurrentIndex(0)
                field: QWidget = self.role_combo
            else:
                edit = QLineEdit()
                if name == "password":
                    edit.setEchoMode(QLineEdit.EchoMode.Password)
                self.edits[name] = edit
                field = edit
            error = QLabel()
            error.setObjectName("FieldError")
            error.setStyleSheet("color: #d92d20;")
            error.setWordWrap(True)
            error.hide()
            error.linkActivated.connect(self._on_error_link_activated)
            self.errors[name] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field)
            box.addWidget(error)
            form.addRow(label, box)
        self.edits["extension"].setMaxLength(6)  # one over, so the limit is explained
        self.edits["extension"].textChanged.connect(self._on_extension_text_changed)
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self._on_photo_clicked)
        self.photo_label = QLabel()
        self.photo_error = QLabel()
        self.photo_error.setStyleSheet("color: #d92d20;")
        self.photo_error.hide()
        photo = QHBoxLayout()
        photo.addWidget(self.photo_button)
        photo.addWidget(self.photo_label, 1)
        self.photo_title = QLabel()
        form.addRow(self.photo_title, photo)
        form.addRow("", self.photo_error)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.notice)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(right, 1)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self.start_new()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Full name"), self.tr("Extension"), self.tr("Role")])
        titles = {
            "full_name": self.tr("Full name"),
            "extension": self.tr("Extension"),
            "login": self.tr("Login"),
            "role": self.tr("Role"),
            "email": self.tr("E-mail"),
            "mobile": self.tr("Mobile"),
            "position": self.tr("Position"),
            "department": self.tr("Department"),
            "password": self.tr("Password"),
        }
        for name, label in self.labels.items():
            label.setText(titles[name])
        self.edits["extension"].setPlaceholderText(self.tr("Next free number"))
        self.edits["mobile"].setPlaceholderText("+7 925 123-45-67")
        self.photo_title.setText(self.tr("Photo"))
        self.photo_button.setText(self.tr("Choose a photo…"))
        self.new_button.setText(self.tr("New employee"))
        self.delete_button.setText(self.tr("Delete the employee"))
        self._render_mode()

    # -- form ------------------------------------------------------------------------------------------

    def _render_mode(self) -> None:
        editing = self._editing is not None
        self.save_button.setText(self.tr("Save") if editing else self.tr("Create"))
        self.delete_button.setEnabled(editing)
        self.edits["login"].setReadOnly(editing)
        self.edits["password"].setPlaceholderText(
            self.tr("Leave empty to keep it") if editing else self.tr("At least 8 characters")
        )

    def start_new(self) -> None:
        self._editing = None
        self._photo = None
        self.table.clearSelection()
        for edit in self.edits.values():
            edit.clear()
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData("employee")))
        self.photo_label.setText("")
        self._clear_errors()
        self._render_mode()

    def edit(self, employee_id: int) -> None:
        employee = next((e for e in self._employees if e.id == employee_id), None)
        if employee is None:
            return
        self._editing = employee.id
        self._photo = None
        values = {
            "full_name": employee.full_name,
            "extension": employee.extension,
            "login": employee.login.split("/", 1)[-1],
            "email": employee.email or "",
            "mobile": employee.mobile or "",
            "position": employee.position,
            "department": employee.department,
            "password": "",
        }
        for name, value in values.items():
            self.edits[name].setText(value)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(employee.role_code)))
        self.photo_label.setText(self.tr("Has a photo") if employee.has_photo else "")
        self._clear_errors()
        self._render_mode()

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.photo_error, self.notice):
            label.clear()
            label.hide()

    def show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field, self.notice)
        label.setStyleSheet("color: #d92d20;")
        label.setText(text)
        label.setVisible(bool(text))

    def problems(self) -> dict[str, str]:
        """Field → why it cannot be sent, in the user's language (MW-02)."""
        found: dict[str, str] = {}
        text = {name: edit.text().strip() for name, edit in self.edits.items()}
        if not text["full_name"]:
            found["full_name"] = messages.required()
        if text["extension"] and not (text["extension"].isdigit() and len(text["extension"]) <= 5):
            found["extension"] = self.tr("At most 5 digits.")
        if self._editing is None and not re.match(LOGIN_PATTERN, text["login"]):
            found["login"] = self.tr("Latin lowercase letters, digits, dot, dash and underscore.")
        if text["email"] and not _EMAIL.match(text["email"]):
            found["email"] = self.tr("This is not an e-mail address.")
        mobile = re.sub(r"[\s()-]", "", text["mobile"])
        if mobile and not _MOBILE.match(mobile):
            found["mobile"] = self.tr("A mobile number starts with +79, 79 or 89 and has 11 digits.")
        password = self.edits["password"].text()
        weak = (
            len(password) < 8
            or re.search("[а-яё]", password, re.IGNORECASE)
            or not re.search(r"\d", password)
            or not re.search("[a-z]", password)
            or not re.search("[A-Z]", password)
        )
        if (password or self._editing is None) and weak:
            found["password"] = self.tr(
                "At least 8 characters with digits, lowercase and uppercase latin letters,"
                " no Russian letters."
            )
        return found

    def _on_save_clicked(self) -> None:
        self._clear_errors()
        problems = self.problems()
        for field, reason in problems.items():
            self.show_error(field, reason)
        if problems:
            return
        text = {name: edit.text().strip() for name, edit in self.edits.items()}
        common = {
            "full_name": text["full_name"],
            "role": str(self.role_combo.currentData()),
            "email": text["email"] or None,
            "mobile": text["mobile"] or None,
            "position": text["position"],
            "department": text["department"],
        }
        password = self.edits["password"].text() or None
        self.save_button.setEnabled(False)
        if self._editing is None:
            self._service.create_employee(
                EmployeeCreate(
                    login=text["login"], extension=text["extension"] or None, password=password, **common
                )
            )
        else:
            update = EmployeeUpdate(extension=text["extension"] or None, **common)
            if password:
                update.password = password
            self._service.update_employee(self._editing, update)

    def _on_delete_clicked(self) -> None:
        if self._editing is None:
            return
        employee = next((e for e in self._employees if e.id == self._editing), None)
        name = employee.full_name if employee else ""
        if self.confirm_delete(name):
            self._service.delete_employee(self._editing)

    def confirm_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Delete the employee"),
            self.tr("Delete «{name}»? Their calls stay in the history.").format(name=name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_photo_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Photo"), "", self.tr("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if path:
            self.choose_photo(Path(path))

    def choose_photo(self, path: Path) -> None:
        data = path.read_bytes()
        mime = photo_type(data)
        problem = ""
        if mime is None:
            problem = self.tr("The photo must be a png, jpeg or bmp image.")
        elif len(data) > PHOTO_MAX_BYTES:
            problem = self.tr("The photo is larger than 5 MB.")
        self.photo_error.setText(problem)
        self.photo_error.setVisible(bool(problem))
        if mime is None or problem:
            return
        self._photo = (data, mime)
        self.photo_label.setText(path.name)
        if self._editing is not None:
            self._service.upload_photo(self._editing, data, mime)

    def _on_extension_text_changed(self, text: str) -> None:
        """MW-02: two digits or more are recommended; a warning only, the number is accepted."""
        label = self.errors["extension"]
        if len(text) == 1 and text.isdigit():
            label.setStyleSheet("color: #b54708;")
            label.setText(
                self.tr("Two digits or more are recommended: one digit clashes with voice menu items.")
            )
            label.show()
        elif label.styleSheet() == "color: #b54708;":
            label.setStyleSheet("color: #d92d20;")
            label.clear()
            label.hide()

    def _on_error_link_activated(self, _link: str) -> None:
        if self._existing is not None:
            self.select(self._existing)

    # -- list ------------------------------------------------------------------------------------------

    def select(self, employee_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == employee_id:
                self.table.selectRow(row)
                return

    def _render(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for employee in self._employees:
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(employee.full_name)
            name.setData(Qt.ItemDataRole.UserRole, employee.id)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(employee.extension))
            self.table.setItem(row, 2, QTableWidgetItem(role_names().get(employee.role_code, employee.role)))
        self.table.blockSignals(False)
        if self._editing is not None:
            self.select(self._editing)

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            if item is not None:
                self.edit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.EMPLOYEES and isinstance(result, EmployeeList):
            self._employees = sorted(result.items, key=lambda e: e.full_name.casefold())
            self._render()
        elif tag == settings_api.EMPLOYEE_SAVED and isinstance(result, EmployeeInfo):
            self.save_button.setEnabled(True)
            created = self._editing is None
            self._editing = result.id
            self._render_mode()
            self.select(result.id)
            if created and self._photo is not None:
                self._service.upload_photo(result.id, *self._photo)
            self.notice.setStyleSheet("color: #16a34a;")
            self.notice.setText(self.tr("Saved."))
            self.notice.show()
        elif tag == settings_api.EMPLOYEE_DELETED:
            self.start_new()

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag not in (settings_api.EMPLOYEE_SAVED, settings_api.EMPLOYEE_DELETED, settings_api.PHOTO_SAVED):
            return
        self.save_button.setEnabled(True)
        body = error.body
        field = str(body.detail.get("field", "")) if body is not None else ""
        conflicts = {
            "extension": self.tr("This extension is taken."),
            "email": self.tr("This e-mail belongs to another employee."),
            "mobile": self.tr("This mobile number belongs to another employee."),
            "login": self.tr("This login is taken."),
            "self": self.tr("You cannot delete yourself."),
            "busy": self.tr("The employee is in a conversation; delete after it ends."),
        }
        if field == "full_name" and body is not None:
            self._existing = body.detail.get("employee_id")
            self.show_error(
                "full_name",
                self.tr("An employee with this name exists: <a href='#card'>open the card</a>."),
            )
        elif field in conflicts:
            self.show_error(field if field in self.errors else "", conflicts[field])
        elif tag == settings_api.PHOTO_SAVED:
            self.photo_error.setText("\n".join(messages.field_errors(error).values()))
            self.photo_error.show()
        else:
            for name, text in messages.field_errors(error).items():
                self.show_error(name if name in self.errors else "", text)


class PbxTab(QWidget):
    """«ВАТС»: employees, groups, roles."""

    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.employees = EmployeesPage(service=service)
        self.groups = GroupsPage(service=service)
        self.roles = RolesPage(service=service)
        self.pages = QTabWidget()
        self.pages.addTab(self.employees, "")
        self.pages.addTab(self.groups, "")
        self.pages.addTab(self.roles, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate()
        service.load_employees()
        service.load_groups()
        service.load_roles()

    def retranslate(self) -> None:
        self.pages.setTabText(0, self.tr("Employees"))
        self.pages.setTabText(1, self.tr("Groups"))
        self.pages.setTabText(2, self.tr("Roles"))
