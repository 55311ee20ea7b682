"""Custom statuses (part 2 TP-32): limits, validation, synonyms, base status, deletion."""

from __future__ import annotations

from tests.server.conftest import Api


def test_thirty_custom_statuses_are_allowed_and_the_thirty_first_is_refused(api: Api) -> None:
    admin = api.token("admin")
    for n in range(30):
        assert api.post("/statuses", admin, {"name": f"Статус {n}", "color": "blue"}).status_code == 201
    response = api.post("/statuses", admin, {"name": "Лишний", "color": "blue"})
    assert response.status_code == 409
    assert response.json()["code"] == "limit_reached"


def test_synonym_longer_than_twenty_characters_is_refused(api: Api) -> None:
    response = api.post(
        "/statuses", api.token("admin"), {"name": "Обед", "color": "green", "synonym": "x" * 21}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "synonym"]


def test_colour_outside_the_nine_is_refused(api: Api) -> None:
    response = api.post("/statuses", api.token("admin"), {"name": "Обед", "color": "magenta"})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "color"]


def test_synonym_must_be_unique_in_the_contact_center(api: Api) -> None:
    admin = api.token("admin")
    api.post("/statuses", admin, {"name": "Обед", "color": "green", "synonym": "lunch"})
    response = api.post("/statuses", admin, {"name": "Ужин", "color": "green", "synonym": "lunch"})
    assert response.status_code == 409
    assert response.json()["detail"]["field"] == "synonym"


def test_name_of_a_builtin_status_is_taken(api: Api) -> None:
    response = api.post("/statuses", api.token("admin"), {"name": "Перерыв", "color": "green"})
    assert response.status_code == 409


def test_base_status_decides_the_telephony_behaviour(api: Api) -> None:
    body = {"name": "Тренинг", "color": "pink", "base": "all_calls", "receives_group_calls": False}
    created = api.post("/statuses", api.token("admin"), body).json()
    assert created["receives_group_calls"] is True
    assert created["receives_campaign_calls"] is True
    assert created["base"] == "all_calls"


def test_custom_status_is_selectable_after_login_and_listed(api: Api) -> None:
    admin = api.token("admin")
    key = api.post("/statuses", admin, {"name": "Обучение", "color": "purple", "synonym": "training"}).json()[
        "key"
    ]
    op1 = api.token("op1")
    assert api.put("/me/status", op1, {"status": key}).json()["status"] == key
    listed = [s for s in api.get("/statuses", op1).json()["items"] if s["key"] == key]
    assert listed[0]["synonym"] == "training"


def test_patch_changes_only_the_given_fields(api: Api) -> None:
    admin = api.token("admin")
    key = api.post("/statuses", admin, {"name": "Обучение", "color": "purple", "synonym": "training"}).json()[
        "key"
    ]
    changed = api.patch(f"/statuses/{key}", admin, {"color": "orange"}).json()
    assert (changed["name"], changed["color"], changed["synonym"]) == ("Обучение", "orange", "training")


def test_deleting_a_custom_status_moves_its_holders_to_do_not_disturb(api: Api) -> None:
    admin = api.token("admin")
    key = api.post("/statuses", admin, {"name": "Обучение", "color": "purple"}).json()["key"]
    op1 = api.token("op1")
    api.put("/me/status", op1, {"status": key})
    assert api.delete(f"/statuses/{key}", admin).status_code == 204
    assert api.get("/me", op1).json()["status"] == "dnd"
    assert api.delete(f"/statuses/{key}", admin).status_code == 404


def test_builtin_statuses_cannot_be_edited(api: Api) -> None:
    response = api.patch("/statuses/online", api.token("admin"), {"color": "red"})
    assert response.status_code == 404
