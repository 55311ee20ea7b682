"""«Заказы обратного звонка» over the api (MW-35): ``GET /callbacks`` and who is told of each change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _changes(cc: CC, login: str) -> list[dict[str, Any]]:
    """The ``callback.changed`` data the user's event stream delivers, read up to the first heartbeat."""
    found: list[dict[str, Any]] = []
    headers = cc.api.auth(cc.tokens[login])
    with cc.api.client.websocket_connect("/api/v1/events?after=0", headers=headers) as ws:
        while (frame := ws.receive_json())["kind"] != "heartbeat":
            if frame["kind"] == "event" and frame["type"] == "callback.changed":
                found.append(frame["data"])
    return found


def _order(cc: CC, phone: str, group: str = "Продажи") -> int:
    body = {"phone": phone, "group_id": cc.groups[group], "widget": "Сайт"}
    answer = cc.api.post("/callbacks", cc.session("admin"), body)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_the_list_has_the_open_orders_in_scope_with_who_holds_each(cc: CC) -> None:
    op1, op2, op4 = cc.session("op1"), cc.session("op2"), cc.session("op4")
    first = _order(cc, "+79990001122")
    cc.clock.advance(seconds=30)
    second = _order(cc, "+79990003344")
    support = _order(cc, "+79990005566", group="Поддержка")
    cc.api.post(f"/callbacks/{first}/claim", op1)
    seen = cc.api.get("/callbacks", op2).json()["items"]
    assert [(o["id"], o["phone"], o["widget"], o["locked_by"]) for o in seen] == [
        (first, "+79990001122", "Сайт", cc.ids["op1"]),
        (second, "+79990003344", "Сайт", None),
    ]
    assert [o["id"] for o in cc.api.get("/callbacks", op4).json()["items"]] == [support]
    cc.api.post(f"/callbacks/{first}/done", op1)
    assert [o["id"] for o in cc.api.get("/callbacks", op2).json()["items"]] == [second]
    assert cc.api.get("/callbacks", "not-a-token").status_code == 401


def test_every_change_is_pushed_without_the_number_and_the_list_stays_in_scope(cc: CC) -> None:
    """Events go to everyone with the queue permission (as ``queue.changed`` does) and carry no number;
    the list they make clients fetch keeps an order of another queue away."""
    op1 = cc.session("op1")
    cc.session("op2")
    cc.session("op4")
    order = _order(cc, "+79990001122")
    cc.api.post(f"/callbacks/{order}/claim", op1)
    cc.api.post(f"/callbacks/{order}/release", op1)
    cc.api.post(f"/callbacks/{order}/claim", op1)
    cc.api.post(f"/callbacks/{order}/done", op1)
    expected = [
        {"id": order, "state": "waiting", "locked_by": None},
        {"id": order, "state": "locked", "locked_by": cc.ids["op1"]},
        {"id": order, "state": "waiting", "locked_by": None},
        {"id": order, "state": "locked", "locked_by": cc.ids["op1"]},
        {"id": order, "state": "done", "locked_by": cc.ids["op1"]},
    ]
    assert _changes(cc, "op2") == expected
    support = _order(cc, "+79990005566", group="Поддержка")
    assert [o["id"] for o in cc.api.get("/callbacks", cc.tokens["op2"]).json()["items"]] == []
    assert [o["id"] for o in cc.api.get("/callbacks", cc.tokens["op4"]).json()["items"]] == [support]


def test_the_holder_may_claim_again_and_nobody_else_may(cc: CC) -> None:
    """A client closed during its attempt: after the next sign-in its user calls the order again."""
    op1, op2 = cc.session("op1"), cc.session("op2")
    order = _order(cc, "+79990001122")
    assert cc.api.post(f"/callbacks/{order}/claim", op1).status_code == 200
    again = cc.api.post(f"/callbacks/{order}/claim", cc.session("op1"))
    assert again.status_code == 200, again.text
    assert again.json()["locked_by"] == cc.ids["op1"]
    assert cc.api.post(f"/callbacks/{order}/claim", op2).status_code == 409
    cc.api.post(f"/callbacks/{order}/done", op1)
    assert cc.api.post(f"/callbacks/{order}/claim", op1).status_code == 409
