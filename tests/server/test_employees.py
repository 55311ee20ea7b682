"""Employee creation with the MW-02 / MW-04 validations, and photos."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.conftest import Api

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
BMP = b"BM" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32


def _create(api: Api, **fields: Any) -> Any:
    body = {"login": "newbie", "full_name": "Новиков Пётр Ильич", "password": "Secret123", **fields}
    return api.post("/employees", api.token("admin"), body)


def test_created_employee_gets_the_next_extension_and_can_log_in(api: Api) -> None:
    created = _create(api, email="Newbie@Demo.Example", mobile="8 916 555-44-33")
    assert created.status_code == 201, created.text
    info = created.json()
    assert info["extension"] == "112"
    assert info["email"] == "newbie@demo.example"
    assert info["mobile"] == "79165554433"
    assert info["status"] == "offline"
    assert api.login("+79165554433", password="Secret123")["me"]["login"] == "300000001/newbie"


@pytest.mark.parametrize(
    "password",
    ["Short1a", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", "Пароль123Ab"],
)
def test_password_breaking_the_rule_is_refused_with_a_reason(api: Api, password: str) -> None:
    response = _create(api, password=password)
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "password"]


@pytest.mark.parametrize("extension", ["123456", "12a"])
def test_extension_must_be_up_to_five_digits(api: Api, extension: str) -> None:
    response = _create(api, extension=extension)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [("extension", "101"), ("email", "op1@demo.example"), ("mobile", "+79160000101"), ("login", "op1")],
)
def test_identifiers_already_in_use_are_refused(api: Api, field: str, value: str) -> None:
    response = _create(api, **{field: value})
    assert response.status_code == 409
    assert response.json()["detail"]["field"] == field


def test_duplicate_full_name_points_to_the_existing_card(api: Api) -> None:
    response = _create(api, full_name="Иванова  Анна Сергеевна")
    assert response.status_code == 409
    assert response.json()["detail"]["employee_id"] == api.employee_id("op1")


def test_mobile_that_is_not_a_russian_mobile_is_refused(api: Api) -> None:
    assert _create(api, mobile="+74951234567").status_code == 422


def test_refused_creation_writes_nothing(api: Api) -> None:
    _create(api, password="weak")
    admin = api.token("admin")
    assert all(e["login"] != "300000001/newbie" for e in api.get("/employees", admin).json()["items"])


@pytest.mark.parametrize(("data", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (BMP, "image/bmp")])
def test_photo_is_accepted_as_png_jpeg_or_bmp_by_its_bytes(api: Api, data: bytes, mime: str) -> None:
    admin = api.token("admin")
    op1 = api.employee_id("op1")
    headers = {**api.auth(admin), "Content-Type": "application/octet-stream"}
    assert api.client.put(f"/api/v1/employees/{op1}/photo", content=data, headers=headers).status_code == 204
    photo = api.get(f"/employees/{op1}/photo", admin)
    assert photo.headers["content-type"] == mime
    assert photo.content == data


def test_photo_in_another_format_is_refused_whatever_its_content_type(api: Api) -> None:
    admin = api.token("admin")
    headers = {**api.auth(admin), "Content-Type": "image/png"}
    response = api.client.put(
        f"/api/v1/employees/{api.employee_id('op1')}/photo", content=GIF, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "photo"]
