"""«ВАТС» (TP-08): the MW-02 employee form with its checks in ru/en, edit, MW-03 delete, groups and roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.protocol.admin import (
    EmployeeInfo,
    EmployeeList,
    GroupInfo,
    GroupList,
    GroupMemberSpec,
    RoleInfo,
    RoleList,
)
from app.protocol.errors import ErrorBody, ErrorCode
from app.services import settings_api
from app.services.errors import ConflictError, ValidationFailedError
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.pbx_tab import EmployeesPage, PbxTab


def employee(employee_id: int, name: str, extension: str, **extra: Any) -> EmployeeInfo:
    values: dict[str, Any] = {
        "id": employee_id,
        "login": f"300000001/user{employee_id}",
        "full_name": name,
        "extension": extension,
        "email": None,
        "mobile": None,
        "position": "",
        "department": "",
        "role_code": "employee",
        "role": "Сотрудник",
        "has_photo": False,
        "sip_login": None,
        "status": "offline",
        "status_since": datetime(2026, 1, 1, tzinfo=UTC),
    }
    values.update(extra)
    return EmployeeInfo(**values)


EMPLOYEES = EmployeeList(
    items=[employee(1, "Иванова Анна", "101"), employee(2, "Петров Олег", "102", role_code="group_head")]
)
GROUPS = GroupList(
    items=[GroupInfo(id=5, name="Продажи", members=[GroupMemberSpec(employee_id=1, supervisor=False)])]
)


def make(qtbot: QtBot) -> tuple[PbxTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = PbxTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    assert {"load_employees", "load_groups", "load_roles"} <= set(service.names())
    service.finished.emit(settings_api.EMPLOYEES, EMPLOYEES)
    service.finished.emit(settings_api.GROUPS, GROUPS)
    return tab, service


def fill(page: EmployeesPage, **values: str) -> None:
    for name, value in values.items():
        page.edits[name].setText(value)


def test_a_new_employee_is_created_with_the_mw02_fields(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    fill(
        page,
        full_name="  Сидорова Мария ",
        login="sidorova",
        extension="",
        email="m@demo.example",
        mobile="+7 925 123-45-67",
        position="Оператор",
        department="Продажи",
        password="Secret123",
    )
    page.role_combo.setCurrentIndex(page.role_combo.findData("senior_employee"))
    page.save_button.click()
    (body,) = service.last("create_employee")
    assert (body.full_name, body.login, body.extension, body.role, body.mobile) == (
        "Сидорова Мария",
        "sidorova",
        None,
        "senior_employee",
        "+7 925 123-45-67",
    )


@pytest.mark.parametrize(
    ("field", "value", "english", "russian"),
    [
        ("full_name", "", "Fill this in", "Заполните"),
        ("extension", "123456", "5 digits", "5 цифр"),
        ("login", "Иван", "Latin", "латин"),
        ("email", "not-an-email", "e-mail", "e-mail"),
        ("mobile", "+7 495 123-45-67", "+79", "+79"),
        ("password", "short", "8 characters", "8 символов"),
    ],
)
def test_each_mw02_rule_is_refused_under_its_field_in_both_languages(
    qtbot: QtBot, use_language: Callable[[str], None], field: str, value: str, english: str, russian: str
) -> None:
    for language, expected in (("en", english), ("ru", russian)):
        use_language(language)
        tab, service = make(qtbot)
        page = tab.employees
        fill(page, full_name="Сидорова Мария", login="sidorova", password="Secret123")
        fill(page, **{field: value})
        page.save_button.click()
        assert "create_employee" not in service.names()
        assert expected in page.errors[field].text()
        assert page.edits[field].text() == value
        assert page.edits["login"].text() == ("sidorova" if field != "login" else value)


def test_selecting_an_employee_edits_the_card_and_only_sends_a_new_password(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    page.select(2)
    assert page.edits["full_name"].text() == "Петров Олег"
    assert page.role_combo.currentData() == "group_head"
    assert page.edits["login"].isReadOnly()
    fill(page, position="Руководитель")
    page.save_button.click()
    employee_id, body = service.last("update_employee")
    assert (employee_id, body.position, body.password) == (2, "Руководитель", None)


def test_server_conflicts_go_under_their_field_and_a_known_name_links_to_its_card(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    fill(page, full_name="Иванова Анна", login="anna2", password="Secret123", extension="101")
    page.save_button.click()
    taken = ErrorBody(code=ErrorCode.CONFLICT, message="x", detail={"field": "extension"})
    service.failed.emit(settings_api.EMPLOYEE_SAVED, ConflictError("x", body=taken, status=409))
    assert "taken" in page.errors["extension"].text()
    same = ErrorBody(code=ErrorCode.CONFLICT, message="x", detail={"field": "full_name", "employee_id": 1})
    service.failed.emit(settings_api.EMPLOYEE_SAVED, ConflictError("x", body=same, status=409))
    page.errors["full_name"].linkActivated.emit("#card")
    assert page.edits["full_name"].text() == "Иванова Анна"
    assert page.edits["login"].text() == "user1"  # the existing card is open now


def test_deleting_asks_first(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    page.select(1)
    answers = iter([False, True])
    monkeypatch.setattr(page, "confirm_delete", lambda _name: next(answers))
    page.delete_button.click()
    assert "delete_employee" not in service.names()
    page.delete_button.click()
    assert service.last("delete_employee") == (1,)


def test_a_photo_must_be_png_jpeg_or_bmp(qtbot: QtBot, tmp_path: Path) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a" + b"\0" * 20)
    page.choose_photo(gif)
    assert not page.photo_error.isHidden()
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    page.select(1)
    page.choose_photo(png)
    employee_id, _data, mime = service.last("upload_photo")
    assert (employee_id, mime) == (1, "image/png")


def test_group_members_with_supervisors_are_saved(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.groups
    assert page.group_id() == 5
    page.set_member(2, operator=False, supervisor=True)  # a supervisor is also a member
    page.save_button.click()
    group_id, body = service.last("set_group_members")
    assert group_id == 5
    assert [(m.employee_id, m.supervisor) for m in body.members] == [(1, False), (2, True)]
    page.name_edit.setText("Продажи")
    page.create_button.click()
    assert "create_group" not in service.names()
    assert not page.notice.isHidden()


def test_a_role_value_is_written_at_once_and_a_refusal_puts_it_back(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    roles = RoleList(
        items=[RoleInfo(code="employee", name="Сотрудник", permissions={"calls.ivr": "Y"})],
        labels={"calls.ivr": "Управлять звонками в IVR"},
    )
    service.finished.emit(settings_api.ROLES, roles)
    page = tab.roles
    combo = page.value_combo("calls.ivr")
    assert combo is not None
    combo.setCurrentText("N")
    assert service.last("set_role_permission") == ("employee", "calls.ivr", "N")
    combo.setCurrentText("ALL")
    refused = ErrorBody(code=ErrorCode.VALIDATION, message="no")
    service.failed.emit(settings_api.ROLE_SAVED, ValidationFailedError("x", body=refused, status=422))
    combo = page.value_combo("calls.ivr")
    assert combo is not None
    assert combo.currentText() == "Y"
    assert not page.notice.isHidden()


def test_a_one_digit_extension_is_accepted_with_a_warning(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.employees
    fill(page, full_name="Сидорова Мария", login="sidorova", password="Secret123", extension="7")
    assert "recommended" in page.errors["extension"].text()
    page.save_button.click()
    (body,) = service.last("create_employee")
    assert body.extension == "7"
    fill(page, extension="77")
    assert page.errors["extension"].isHidden()
