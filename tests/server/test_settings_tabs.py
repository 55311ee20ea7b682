"""Settings kept on the server: post-call conditions (TP-34), quick answers (TP-29), the screen-pop URL
(TP-41) — each refused per role where the spec says so."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.server.core.db import Database
from app.server.models import Group, PostCallWork
from tests.server.cc import CC, open_cc
from tests.server.conftest import Api, FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _groups(api: Api) -> dict[str, int]:
    with api.app.state.ctx.db.reading() as session:
        return dict(session.execute(select(Group.name, Group.id)).all())


# --- «Поствызывная обработка» --------------------------------------------------------------------------


def test_post_call_conditions_set_by_a_supervisor_drive_the_acd_and_the_longest_wins(cc: CC) -> None:
    supervisor = cc.session("supervisor")
    body = {
        "items": [
            {"group_id": cc.groups["Продажи"], "seconds": 20},
            {"group_id": cc.groups["Поддержка"], "seconds": 45, "status": "break"},
        ]
    }
    response = cc.api.put("/settings/post-call", supervisor, body)
    assert response.status_code == 200, response.text
    assert {(c["group_id"], c["seconds"]) for c in response.json()["items"]} == {
        (cc.groups["Продажи"], 20),
        (cc.groups["Поддержка"], 45),
    }
    cc.session("op3")  # in both groups
    ref = cc.arrive()
    assert cc.answer(ref, "op3")
    cc.engine.customer_hung_up(ref)
    with cc.engine._db.reading() as session:
        work = session.execute(select(PostCallWork)).scalar_one()
    assert (work.due_at - work.started_at).total_seconds() == 45
    assert cc.api.get("/me", cc.tokens["op3"]).json()["status"] == "break"


def test_removing_a_condition_ends_post_call_work_for_that_group(cc: CC) -> None:
    admin = cc.session("admin")
    group = cc.groups["Продажи"]
    assert cc.api.put(
        "/settings/post-call", admin, {"items": [{"group_id": group, "seconds": 30}]}
    ).is_success
    assert cc.api.put("/settings/post-call", admin, {"items": []}).json()["items"] == []
    cc.session("op1")
    ref = cc.arrive()
    assert cc.answer(ref, "op1")
    cc.engine.customer_hung_up(ref)
    with cc.engine._db.reading() as session:
        assert session.execute(select(PostCallWork)).first() is None


def test_an_operator_may_not_read_or_write_post_call_conditions(api: Api) -> None:
    token = api.token("op1")
    assert api.get("/settings/post-call", token).status_code == 403
    group = _groups(api)["Продажи"]
    assert (
        api.put("/settings/post-call", token, {"items": [{"group_id": group, "seconds": 5}]}).status_code
        == 403
    )


def test_a_supervisor_sees_and_writes_only_the_groups_they_control(api: Api) -> None:
    admin = api.token("admin")
    other = api.post("/groups", admin, {"name": "Чужая группа"}).json()["id"]
    assert api.put("/settings/post-call", admin, {"items": [{"group_id": other, "seconds": 60}]}).is_success
    supervisor = api.token("supervisor")
    mine = api.get("/settings/post-call", supervisor).json()
    assert other not in mine["group_ids"]
    assert mine["items"] == []
    refused = api.put("/settings/post-call", supervisor, {"items": [{"group_id": other, "seconds": 5}]})
    assert refused.status_code == 403
    # The supervisor's own write leaves the other group's condition alone.
    sales = _groups(api)["Продажи"]
    assert api.put(
        "/settings/post-call", supervisor, {"items": [{"group_id": sales, "seconds": 5}]}
    ).is_success
    everything = api.get("/settings/post-call", admin).json()["items"]
    assert {(c["group_id"], c["seconds"]) for c in everything} == {(other, 60), (sales, 5)}


def test_post_call_limits_are_refused_with_the_field(api: Api) -> None:
    admin = api.token("admin")
    sales = _groups(api)["Продажи"]
    too_long = api.put("/settings/post-call", admin, {"items": [{"group_id": sales, "seconds": 3601}]})
    assert too_long.status_code == 422
    twice = api.put(
        "/settings/post-call",
        admin,
        {"items": [{"group_id": sales, "seconds": 5}, {"group_id": sales, "seconds": 6}]},
    )
    assert twice.status_code == 422
    assert twice.json()["fields"][0]["loc"][-1] == "items"
    unknown = api.put(
        "/settings/post-call", admin, {"items": [{"group_id": sales, "seconds": 5, "status": "nope"}]}
    )
    assert unknown.status_code == 422


def test_at_most_fifty_post_call_conditions(api: Api) -> None:
    admin = api.token("admin")
    ids = [api.post("/groups", admin, {"name": f"Группа {n}"}).json()["id"] for n in range(49)]
    ids += list(_groups(api).values())[:2]
    items = [{"group_id": g, "seconds": 10} for g in dict.fromkeys(ids)]
    assert len(items) == 51
    refused = api.put("/settings/post-call", admin, {"items": items})
    assert refused.status_code == 422  # the body itself says at most 50
    assert api.put("/settings/post-call", admin, {"items": items[:50]}).is_success
    assert len(api.get("/settings/post-call", admin).json()["items"]) == 50


# --- «Быстрые ответы» ----------------------------------------------------------------------------------


def test_quick_answers_tree_with_categories_order_and_uniqueness(api: Api) -> None:
    admin = api.token("admin")
    category = api.post("/quick-answers", admin, {"text": "Приветствия", "category": True}).json()["id"]
    first = api.post("/quick-answers", admin, {"text": "Здравствуйте!", "parent_id": category})
    assert first.status_code == 201, first.text
    second = api.post("/quick-answers", admin, {"text": "Добрый день!", "parent_id": category}).json()["id"]
    same = api.post("/quick-answers", admin, {"text": "Здравствуйте!", "parent_id": category})
    assert same.status_code == 409
    assert same.json()["detail"]["field"] == "text"
    elsewhere = api.post("/quick-answers", admin, {"text": "Здравствуйте!"})
    assert elsewhere.status_code == 201  # the same answer in another category is allowed
    assert api.patch(f"/quick-answers/{second}", admin, {"move": -1}).is_success
    items = api.get("/quick-answers", admin).json()["items"]
    inside = [i["text"] for i in items if i["parent_id"] == category]
    assert inside == ["Добрый день!", "Здравствуйте!"]
    assert api.delete(f"/quick-answers/{category}", admin).status_code == 204
    left = api.get("/quick-answers", admin).json()["items"]
    assert [i["text"] for i in left] == ["Здравствуйте!"]


def test_quick_answers_per_role(api: Api) -> None:
    admin = api.token("admin")
    groups = _groups(api)
    other = api.post("/groups", admin, {"name": "Чужая"}).json()["id"]
    common = api.post("/quick-answers", admin, {"text": "Для всех"}).json()["id"]
    foreign = api.post("/quick-answers", admin, {"text": "Чужой", "group_id": other}).json()["id"]
    supervisor = api.token("supervisor")
    own = api.post("/quick-answers", supervisor, {"text": "Продажам", "group_id": groups["Продажи"]})
    assert own.status_code == 201, own.text
    assert api.post("/quick-answers", supervisor, {"text": "Всем"}).status_code == 403
    assert api.patch(f"/quick-answers/{common}", supervisor, {"text": "x"}).status_code == 403
    assert api.delete(f"/quick-answers/{foreign}", supervisor).status_code == 403
    seen = {i["text"] for i in api.get("/quick-answers", supervisor).json()["items"]}
    assert seen == {"Для всех", "Продажам"}
    operator = api.token("op1")  # in «Продажи»
    assert (
        api.post("/quick-answers", operator, {"text": "Моё", "group_id": groups["Продажи"]}).status_code
        == 403
    )
    assert api.patch(f"/quick-answers/{own.json()['id']}", operator, {"text": "y"}).status_code == 403
    listing = api.get("/quick-answers", operator).json()
    assert {i["text"] for i in listing["items"]} == {"Для всех", "Продажам"}
    assert listing["editable_group_ids"] == []
    assert "Продажам" not in {i["text"] for i in api.get("/quick-answers", api.token("op5")).json()["items"]}


def test_a_blank_quick_answer_is_refused(api: Api) -> None:
    admin = api.token("admin")
    assert api.post("/quick-answers", admin, {"text": "   "}).status_code == 422
    assert api.post("/quick-answers", admin, {"text": "x" * 1001}).status_code == 422


# --- «HTTP-запросы» ------------------------------------------------------------------------------------


def test_screen_pop_settings_are_kept_per_user(api: Api) -> None:
    token = api.token("op1")
    assert api.get("/me/screen-pop", token).json() == {"enabled": False, "url": ""}
    url = "http://консалтинг.рф/?ключ1={ex_phone}&ключ2={in_phone}"
    saved = api.put("/me/screen-pop", token, {"enabled": True, "url": url})
    assert saved.status_code == 200
    assert api.get("/me/screen-pop", token).json() == {"enabled": True, "url": url}
    assert api.get("/me/screen-pop", api.token("op2")).json()["enabled"] is False


@pytest.mark.parametrize(
    "url", ["", "ftp://host/x", "консалтинг.рф/?a={ex_phone}", "http://host/?a={phone}", "http:///path"]
)
def test_a_bad_screen_pop_address_is_refused_on_the_url_field(api: Api, url: str) -> None:
    token = api.token("op1")
    response = api.put("/me/screen-pop", token, {"enabled": True, "url": url})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"][-1] == "url"
    assert api.get("/me/screen-pop", token).json()["url"] == ""


# --- the client's settings service against this server ---------------------------------------------------


@pytest.mark.asyncio
async def test_the_clients_settings_service_drives_these_tabs_on_this_server(api: Api) -> None:
    from app.protocol.settings_tabs import (
        PostCallCondition,
        PostCallConditions,
        QuickAnswerCreate,
        ScreenPopSettings,
    )
    from app.services import settings_api
    from app.services.errors import ForbiddenError, ValidationFailedError
    from tests.server.test_topics_admin import _settings_service, _settle

    service, seen, _ = _settings_service(api, "supervisor")
    sales = _groups(api)["Продажи"]
    service.save_post_call(PostCallConditions(items=[PostCallCondition(group_id=sales, seconds=15)]))
    service.create_quick_answer(QuickAnswerCreate(text="Минутку, уточню", group_id=sales))
    service.save_screen_pop(ScreenPopSettings(enabled=True, url="crm/?p={ex_phone}"))
    await _settle()
    results = {tag: (kind, result) for kind, tag, result in seen}
    kind, saved = results[settings_api.POST_CALL_SAVED]
    assert kind == "ok"
    assert [(c.group_id, c.seconds) for c in saved.items] == [(sales, 15)]  # type: ignore[attr-defined]
    kind, listing = results[settings_api.QUICK_ANSWERS]
    assert [i.text for i in listing.items] == ["Минутку, уточню"]  # type: ignore[attr-defined]
    kind, error = results[settings_api.SCREEN_POP_SAVED]
    assert kind == "failed"
    assert isinstance(error, ValidationFailedError)
    assert [f.loc[-1] for f in error.fields] == ["url"]

    operator, operator_seen, _ = _settings_service(api, "op1")
    operator.save_post_call(PostCallConditions(items=[]))
    operator.create_quick_answer(QuickAnswerCreate(text="Моё"))
    await _settle()
    assert [type(e) for kind, _, e in operator_seen if kind == "failed"] == [ForbiddenError, ForbiddenError]


# --- «Работа с пропущенными»: the limits the server keeps -----------------------------------------------


def test_missed_call_rules_keep_ten_conditions_of_seven_days_for_administrators_only(api: Api) -> None:
    admin = api.token("admin")
    ids = [api.post("/groups", admin, {"name": f"Пропущенные {n}"}).json()["id"] for n in range(10)]
    eleven = {"items": [{"target": "all", "days": 1}] + [{"target": f"group:{g}", "days": 2} for g in ids]}
    assert api.put("/settings/missed-rules", admin, eleven).status_code == 422
    ten = {"items": eleven["items"][:10]}
    assert api.put("/settings/missed-rules", admin, ten).status_code == 200
    assert len(api.get("/settings/missed-rules", admin).json()["items"]) == 10
    eight_days = {"items": [{"target": "ivr", "days": 8}]}
    assert api.put("/settings/missed-rules", admin, eight_days).status_code == 422
    twice = {"items": [{"target": "ivr", "days": 1}, {"target": "ivr", "days": 2}]}
    assert api.put("/settings/missed-rules", admin, twice).status_code == 422
    assert len(api.get("/settings/missed-rules", admin).json()["items"]) == 10
    assert api.put("/settings/missed-rules", api.token("supervisor"), ten).status_code == 403


@pytest.mark.asyncio
async def test_the_pbx_tab_service_creates_edits_photographs_and_deletes_on_this_server(api: Api) -> None:
    from app.protocol.admin import EmployeeCreate, EmployeeUpdate
    from app.services import settings_api
    from app.services.errors import ConflictError
    from tests.server.test_topics_admin import _settings_service, _settle

    service, seen, _ = _settings_service(api, "admin")
    service.create_employee(
        EmployeeCreate(login="newbie", full_name="Новиков Пётр", extension="555", password="Secret123")
    )
    await _settle()
    created = next(r for kind, tag, r in seen if tag == settings_api.EMPLOYEE_SAVED and kind == "ok")
    employee_id = created.id  # type: ignore[attr-defined]
    service.upload_photo(employee_id, b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "image/png")
    service.update_employee(employee_id, EmployeeUpdate(extension="101"))  # op1's
    await _settle()
    assert api.get(f"/employees/{employee_id}/photo", api.token("admin")).status_code == 200
    kind, tag, error = seen[-1]
    assert (kind, tag) == ("failed", settings_api.EMPLOYEE_SAVED)
    assert isinstance(error, ConflictError)
    assert error.body is not None
    assert error.body.detail["field"] == "extension"
    service.delete_employee(employee_id)
    await _settle()
    listed = [r for kind, tag, r in seen if tag == settings_api.EMPLOYEES]
    assert employee_id not in [e.id for e in listed[-1].items]  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_an_offered_call_opens_the_url_saved_on_this_server_with_its_variables(api: Api) -> None:
    """The screen-pop service reads the user's settings from the real server; the opened URL is fetched
    from a local HTTP server, which records what arrived."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit
    from urllib.request import urlopen

    from app.services.api import ApiClient
    from app.services.screen_pop import ScreenPopService
    from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
    from tests.server.test_topics_admin import _settle, _TestClientTransport

    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        token = api.token("op1")
        url = f"http://127.0.0.1:{server.server_address[1]}/crm?phone={{ex_phone}}&ext={{in_phone}}&id={{context_id}}"
        assert api.put("/me/screen-pop", token, {"enabled": True, "url": url}).status_code == 200
        client = ApiClient(server="http://testserver", transport=_TestClientTransport(api))
        client.token = token
        calls = CallsStore()
        opened: list[str] = []
        service = ScreenPopService(
            calls=calls, extension=lambda: "101", api=lambda: client, spawn=asyncio.ensure_future
        )
        service.open_requested.connect(opened.append)
        calls.upsert(
            CallSnapshot(
                key="cc:77",
                origin=CallOrigin.CONTACT_CENTER,
                phase=CallPhase.OFFERED,
                incoming=True,
                remote="+79161234567",
                cc_call_id=77,
                offer_id=5,
            )
        )
        await _settle()
        assert len(opened) == 1
        await asyncio.get_running_loop().run_in_executor(None, lambda: urlopen(opened[0], timeout=10).read())
        assert parse_qs(urlsplit(received[0]).query) == {
            "phone": ["+79161234567"],
            "ext": ["101"],
            "id": ["77"],
        }
    finally:
        server.shutdown()
        server.server_close()
