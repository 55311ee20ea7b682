"""Client KPIs: the service fills the store from ``GET /kpi``, refetches on ``kpi.changed`` and saves the
selection; the snapshot's alert follows the shown indicators only (MW-22)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from app.protocol.events import Event
from app.services.api import ApiClient
from app.services.kpi import KpiService
from app.state.kpi import KpiSnapshot, KpiStore, KpiThreshold, KpiValue

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _snapshot_body(queue: int, colour: str) -> dict[str, Any]:
    return {
        "at": NOW.isoformat(),
        "period_start": NOW.isoformat(),
        "objects": [{"kind": "group", "id": 5, "name": "Продажи", "group_ids": []}],
        "values": [{"kind": "group", "object_id": 5, "code": 1, "value": queue, "colour": colour}],
    }


class Server:
    def __init__(self) -> None:
        self.queue = 0
        self.colour = "none"
        self.selection: list[dict[str, Any]] = [{"kind": "group", "object_id": 5, "code": 1}]
        self.thresholds: list[dict[str, Any]] = []
        self.refuse = False
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if request.url.path == "/api/v1/kpi":
            return httpx.Response(200, json=_snapshot_body(self.queue, self.colour))
        if request.url.path.startswith("/api/v1/kpi/thresholds"):
            return self._thresholds(request)
        if request.method == "PUT":
            self.selection = json.loads(request.content)["items"]
        return httpx.Response(200, json={"items": self.selection})

    def _thresholds(self, request: httpx.Request) -> httpx.Response:
        if self.refuse and request.method != "GET":
            body = {"code": "forbidden", "message": "your role does not allow thresholds here"}
            return httpx.Response(403, json=body)
        if request.method == "DELETE":
            kind, object_id, code = request.url.path.rsplit("/", 3)[1:]
            self.thresholds = [
                t
                for t in self.thresholds
                if (t["kind"], str(t["object_id"]), str(t["code"])) != (kind, object_id, code)
            ]
            return httpx.Response(204)
        if request.method == "PUT":
            items = json.loads(request.content)["items"]
            named = {(t["kind"], t["object_id"], t["code"], t["level"]) for t in items}
            kept = [
                t for t in self.thresholds if (t["kind"], t["object_id"], t["code"], t["level"]) not in named
            ]
            self.thresholds = kept + items
        return httpx.Response(200, json={"items": self.thresholds})


def _service(server: Server) -> tuple[KpiService, KpiStore, list[asyncio.Task[None]]]:
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    tasks: list[asyncio.Task[None]] = []

    def spawn(coro: Coroutine[Any, Any, None]) -> object:
        tasks.append(asyncio.ensure_future(coro))
        return tasks[-1]

    store = KpiStore()
    service = KpiService(store=store)
    service.bind(api=lambda: api, spawn=spawn)
    return service, store, tasks


@pytest.mark.asyncio
async def test_refresh_loads_values_colours_and_the_selection() -> None:
    server = Server()
    server.queue, server.colour = 2, "red"
    service, store, tasks = _service(server)
    service.refresh()
    await asyncio.gather(*tasks)
    assert store.snapshot.loaded
    assert store.snapshot.get(("group", 5, 1)) == KpiValue("group", 5, 1, 2, "red")
    assert store.snapshot.selection == (("group", 5, 1),)
    assert store.snapshot.alert == "red"


@pytest.mark.asyncio
async def test_kpi_changed_refetches_the_values_and_other_events_do_not() -> None:
    server = Server()
    service, store, tasks = _service(server)
    assert not service.apply(Event(seq=1, type="call.state", at=NOW, data={}))
    assert tasks == []
    server.queue = 3
    assert service.apply(
        Event(seq=2, type="kpi.changed", at=NOW, data={"at": NOW.isoformat(), "objects": []})
    )
    await asyncio.gather(*tasks)
    value = store.snapshot.get(("group", 5, 1))
    assert value is not None
    assert value.value == 3
    assert server.requests == ["GET /api/v1/kpi"]


@pytest.mark.asyncio
async def test_a_chosen_selection_is_shown_at_once_and_saved_to_the_server() -> None:
    server = Server()
    service, store, tasks = _service(server)  # kept: its slot lives as long as it
    store.request_selection((("group", 5, 10),))
    await asyncio.gather(*tasks)
    assert store.snapshot.selection == (("group", 5, 10),)
    assert server.selection == [{"kind": "group", "object_id": 5, "code": 10}]
    del service


def test_alert_counts_only_shown_indicators_and_red_wins() -> None:
    values = (KpiValue("group", 5, 1, 2, "red"), KpiValue("group", 5, 9, 1, "yellow"))
    assert KpiSnapshot(values=values, selection=(("group", 5, 9),)).alert == "yellow"
    assert KpiSnapshot(values=values, selection=(("group", 5, 9), ("group", 5, 1))).alert == "red"
    assert KpiSnapshot(values=values).alert == ""


@pytest.mark.asyncio
async def test_thresholds_of_a_cell_are_replaced_deleted_and_refused_with_the_reason() -> None:
    server = Server()
    service, store, tasks = _service(server)
    red = KpiThreshold("group", 5, 1, "red", "ge", 3)
    yellow = KpiThreshold("group", 5, 1, "yellow", "between", 1, 2)
    store.request_thresholds(("group", 5, 1), (red, yellow))
    while tasks:
        await tasks.pop(0)
    assert store.snapshot.thresholds_of(("group", 5, 1)) == {"red": red, "yellow": yellow}
    # Only the red level left: the yellow one must go, not linger on the server.
    store.request_thresholds(("group", 5, 1), (red,))
    while tasks:
        await tasks.pop(0)
    assert store.snapshot.thresholds_of(("group", 5, 1)) == {"red": red}
    assert "DELETE /api/v1/kpi/thresholds/group/5/1" in server.requests
    store.request_thresholds(("group", 5, 1), ())  # «Удалить»
    while tasks:
        await tasks.pop(0)
    assert store.snapshot.thresholds == ()
    failures: list[object] = []
    store.thresholds_failed.connect(failures.append)
    server.refuse = True
    store.request_thresholds(("group", 5, 1), (red,))
    while tasks:
        await tasks.pop(0)
    assert len(failures) == 1
    assert "your role does not allow" in str(failures[0])
    assert store.snapshot.thresholds == ()
    del service
