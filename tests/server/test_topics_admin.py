"""The topics reference (part 2 TP-28): rename, move, delete with everything below, and who may."""

from __future__ import annotations

import pytest

from tests.server.conftest import Api


def add(api: Api, token: str, name: str, parent: int | None = None, *, folder: bool = False) -> int:
    response = api.post("/topics", token, {"name": name, "parent_id": parent, "folder": folder})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def names(api: Api, token: str) -> dict[int, tuple[str, int | None]]:
    return {t["id"]: (t["name"], t["parent_id"]) for t in api.get("/topics", token).json()["items"]}


def test_a_topic_is_renamed_and_moved_into_a_folder(api: Api) -> None:
    admin = api.token("admin")
    folder = add(api, admin, "Оплата", folder=True)
    topic = add(api, admin, "Возврат")
    response = api.patch(f"/topics/{topic}", admin, {"name": "  Возврат  денег ", "parent_id": folder})
    assert response.status_code == 200
    assert names(api, admin)[topic] == ("Возврат денег", folder)
    assert api.patch(f"/topics/{topic}", admin, {"to_root": True}).status_code == 200
    assert names(api, admin)[topic] == ("Возврат денег", None)


def test_a_name_taken_on_the_same_level_is_refused(api: Api) -> None:
    admin = api.token("admin")
    add(api, admin, "Спорная тема")
    other = add(api, admin, "Другая тема")
    response = api.patch(f"/topics/{other}", admin, {"name": "Спорная тема"})
    assert response.status_code == 409
    assert response.json()["detail"]["field"] == "name"


def test_a_folder_cannot_move_into_its_own_subfolder(api: Api) -> None:
    admin = api.token("admin")
    top = add(api, admin, "Верх", folder=True)
    inner = add(api, admin, "Низ", top, folder=True)
    response = api.patch(f"/topics/{top}", admin, {"parent_id": inner})
    assert response.status_code == 422


def test_deleting_a_folder_deletes_everything_in_it(api: Api) -> None:
    admin = api.token("admin")
    top = add(api, admin, "Папка", folder=True)
    inner = add(api, admin, "Вложенная", top, folder=True)
    leaf = add(api, admin, "Тема", inner)
    keep = add(api, admin, "Другая")
    assert api.delete(f"/topics/{top}", admin).status_code == 204
    left = names(api, admin)
    assert not {top, inner, leaf} & set(left)
    assert keep in left


def test_an_unknown_topic_is_not_found(api: Api) -> None:
    admin = api.token("admin")
    assert api.patch("/topics/99999", admin, {"name": "x"}).status_code == 404
    assert api.delete("/topics/99999", admin).status_code == 404


@pytest.mark.parametrize(("who", "allowed"), [("op1", False), ("supervisor", True), ("admin", True)])
def test_only_roles_with_the_right_edit_topics(api: Api, who: str, allowed: bool) -> None:
    topic = add(api, api.token("admin"), "Общая")
    token = api.token(who)
    renamed = api.patch(f"/topics/{topic}", token, {"name": "Общая 2"})
    assert (renamed.status_code == 200) is allowed
    assert renamed.status_code in (200, 403)
    deleted = api.delete(f"/topics/{topic}", token)
    assert (deleted.status_code == 204) is allowed
    assert deleted.status_code in (204, 403)
