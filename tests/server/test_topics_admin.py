"""The topics reference (part 2 TP-28): rename, move, delete with everything below, and who may."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from app.services import settings_api
from app.services.api import ApiClient
from app.services.errors import ConflictError, ForbiddenError
from app.services.settings_api import SettingsService
from app.state.status import StatusStore
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


# -- the client's settings service against this server -----------------------------------------------------


class _TestClientTransport(httpx.AsyncBaseTransport):
    """Hands the async API client's requests to the app's TestClient (one process, no sockets)."""

    def __init__(self, api: Api) -> None:
        self._client = api.client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._client.request(
            request.method,
            str(request.url.copy_with(scheme=None, host=None, port=None)).lstrip("/") or "/",
            headers=dict(request.headers),
            content=request.content,
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def _settings_service(
    api: Api, who: str
) -> tuple[SettingsService, list[tuple[str, str, object]], StatusStore]:
    client = ApiClient(server="http://testserver", transport=_TestClientTransport(api))
    client.token = api.token(who)
    seen: list[tuple[str, str, object]] = []
    store = StatusStore()
    service = SettingsService(
        api=lambda: client,
        spawn=lambda coro: asyncio.ensure_future(coro),
        api_factory=lambda server: ApiClient(server=server, transport=_TestClientTransport(api)),
        status_store=store,
    )
    service.finished.connect(lambda tag, result: seen.append(("ok", tag, result)))
    service.failed.connect(lambda tag, error: seen.append(("failed", tag, error)))
    return service, seen, store


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_the_clients_settings_service_edits_topics_and_statuses_on_this_server(api: Api) -> None:
    from app.protocol.calls import TopicCreate, TopicUpdate
    from app.protocol.status import CustomStatusCreate, StatusColor

    service, seen, store = _settings_service(api, "supervisor")
    service.create_topic(TopicCreate(name="Из клиента", folder=True))
    await _settle()
    created = next(r for kind, tag, r in seen if tag == settings_api.TOPIC_SAVED)
    service.update_topic(created.id, TopicUpdate(name="Из клиента 2"))  # type: ignore[attr-defined]
    await _settle()
    assert ("Из клиента 2", None) in names(api, api.token("admin")).values()

    admin, admin_seen, admin_store = _settings_service(api, "admin")
    admin.create_status(
        CustomStatusCreate(name="Обед", color=StatusColor.ORANGE, synonym="lunch", base="break")
    )
    await _settle()
    assert "Обед" in [d.name for d in admin_store.snapshot.definitions]
    admin.create_status(CustomStatusCreate(name="Ужин", color=StatusColor.RED, synonym="lunch"))
    await _settle()
    kind, tag, error = admin_seen[-1]
    assert (kind, tag) == ("failed", settings_api.STATUS_SAVED)
    assert isinstance(error, ConflictError)
    assert error.body is not None
    assert error.body.detail["field"] == "synonym"

    operator, operator_seen, _ = _settings_service(api, "op1")
    operator.delete_topic(created.id)  # type: ignore[attr-defined]
    operator.create_status(CustomStatusCreate(name="Тайный", color=StatusColor.GREY))
    await _settle()
    assert [type(e) for kind, _, e in operator_seen if kind == "failed"] == [ForbiddenError, ForbiddenError]
    assert store.snapshot.definitions == ()
