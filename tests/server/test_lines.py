"""The operators' view of the lines (MW-19): trunks and their caller IDs with comments, without secrets."""

from __future__ import annotations

from collections.abc import Callable

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from tests.server.conftest import Api
from tests.server.test_events import stream, until_heartbeat

SALES_NUMBER, SALES_COMMENT = DEMO_QUEUE_NUMBERS[SALES]


def _add(api: Api, admin: str, name: str, caller_ids: list[str], **extra: object) -> int:
    body = {
        "name": name,
        "host": "sip.example.net:5060",
        "username": "74950000001",
        "password": "s3cret",
        "caller_ids": caller_ids,
        **extra,
    }
    created = api.post("/trunks", admin, body)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_an_operator_sees_the_enabled_lines_with_number_comments_and_no_secrets(api: Api) -> None:
    admin = api.token("admin")
    first = _add(api, admin, "Городская линия", [SALES_NUMBER, "74957654321"])
    _add(api, admin, "Отключённая", ["74951112233"], enabled=False)
    _add(api, admin, "Без номеров", [])
    response = api.get("/lines", api.token("op1"))
    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "id": first,
            "name": "Городская линия",
            "caller_ids": [
                {"number": SALES_NUMBER, "comment": SALES_COMMENT},
                {"number": "74957654321", "comment": ""},
            ],
        }
    ]
    assert "s3cret" not in response.text
    assert "sip.example.net" not in response.text


def test_the_lines_need_a_session(api: Api) -> None:
    assert api.client.get("/api/v1/lines").status_code == 401


def test_a_call_out_without_a_media_switch_is_refused_with_a_reason(api: Api) -> None:
    admin = api.token("admin")
    line = _add(api, admin, "Линия", ["74957654321"])
    operator = api.token("op1")
    wrong = api.post(f"/trunks/{line}/calls", operator, {"number": "79161234567", "caller_id": "70000000000"})
    assert wrong.status_code == 422
    assert "caller_id" in wrong.text
    refused = api.post(
        f"/trunks/{line}/calls", operator, {"number": "79161234567", "caller_id": "74957654321"}
    )
    assert refused.status_code == 409, refused.text
    assert "switch" in refused.text


def test_operators_are_told_when_the_lines_change(make_api: Callable[..., Api]) -> None:
    api = make_api(heartbeat_seconds=0.15, event_poll_seconds=0.1)
    admin, operator = api.token("admin"), api.token("op1")
    with stream(api, operator) as ws:
        before = [f["seq"] for f in until_heartbeat(ws) if f["kind"] == "event"]
    line = _add(api, admin, "Новая линия", ["74957654321"])
    assert api.patch(f"/trunks/{line}", admin, {"caller_ids": ["74951112233"]}).status_code == 200
    assert api.delete(f"/trunks/{line}", admin).status_code == 204
    with stream(api, operator, after=max(before, default=0)) as ws:
        frames = until_heartbeat(ws)
    told = [(f["type"], f["data"]) for f in frames if f["kind"] == "event" and f["type"] == "lines.changed"]
    assert told == [("lines.changed", {"trunk_id": line})] * 3
