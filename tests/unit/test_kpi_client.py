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
from app.state.kpi import KpiSnapshot, KpiStore, KpiValue

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
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if request.url.path == "/api/v1/kpi":
            return httpx.Response(200, json=_snapshot_body(self.queue, self.colour))
        if request.method == "PUT":
            self.selection = json.loads(request.content)["items"]
        return httpx.Response(200, json={"items": self.selection})


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
