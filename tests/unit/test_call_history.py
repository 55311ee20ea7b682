"""Call history: as many calls as «Количество выводимых вызовов» allows, fetched page by page."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.services.api import ApiClient
from app.services.call_history import CallHistoryService
from app.services.errors import ServerUnreachableError

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def row(n: int) -> dict[str, Any]:
    """Call ``n`` arrived ``n`` seconds before START (so a bigger ``n`` is older)."""
    arrived = START - timedelta(seconds=n)
    return {
        "call_id": n,
        "caller": f"7495000{n:04d}",
        "queue": "74951234567",
        "group_id": 1,
        "arrived_at": arrived.isoformat(),
        "answered_at": (arrived + timedelta(seconds=5)).isoformat(),
        "ended_at": (arrived + timedelta(seconds=65)).isoformat(),
        "state": "ended",
        "end_reason": None,
        "operators": [1],
        "wait_seconds": 5.0,
        "talk_seconds": 60.0,
        "hold_seconds": 0.0,
        "transfers": 0,
        "topic_ids": [],
        "comment": "",
        "recordings": [],
    }


class HistoryServer:
    """``GET /api/v1/history`` as the server answers it: ``arrived_at < until``, newest first, ≤ 1000."""

    def __init__(self, total: int) -> None:
        self.rows = [row(n) for n in range(1, total + 1)]
        self.asked: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}
        self.asked.append(query)
        limit = int(query["limit"])
        assert limit <= 1000
        until = datetime.fromisoformat(query["until"]) if "until" in query else START + timedelta(1)
        items = [r for r in self.rows if datetime.fromisoformat(r["arrived_at"]) < until][:limit]
        return httpx.Response(200, json={"items": items})


def service_for(server: HistoryServer, limit: int) -> tuple[CallHistoryService, list[Any]]:
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    tasks: list[Any] = []

    def spawn(coro: Coroutine[Any, Any, None]) -> object:
        tasks.append(asyncio.ensure_future(coro))
        return tasks[-1]

    return CallHistoryService(api=lambda: api, spawn=spawn, limit=lambda: limit), tasks


@pytest.mark.asyncio
async def test_the_list_holds_exactly_the_chosen_number_of_calls_newest_first() -> None:
    server = HistoryServer(total=3000)
    service, tasks = service_for(server, limit=2500)
    seen: list[Any] = []
    service.history_changed.connect(seen.append)
    service.refresh()
    await asyncio.gather(*tasks)
    assert [r.call_id for r in service.rows] == list(range(1, 2501))
    assert [q["limit"] for q in server.asked] == ["1000", "1000", "500"]
    assert "until" not in server.asked[0]
    assert datetime.fromisoformat(server.asked[1]["until"]) == START - timedelta(seconds=1000)
    assert seen == [service.rows]


@pytest.mark.asyncio
async def test_a_small_limit_asks_for_no_more_and_a_short_history_stops_early() -> None:
    server = HistoryServer(total=30)
    service, tasks = service_for(server, limit=10)
    service.refresh()
    await asyncio.gather(*tasks)
    assert len(service.rows) == 10
    assert [q["limit"] for q in server.asked] == ["10"]

    server = HistoryServer(total=30)
    service, tasks = service_for(server, limit=5000)
    service.refresh()
    await asyncio.gather(*tasks)
    assert len(service.rows) == 30
    assert len(server.asked) == 1  # 30 < 1000: the server has no more


@pytest.mark.asyncio
async def test_a_failed_load_keeps_the_list_and_says_why() -> None:
    server = HistoryServer(total=3)
    service, tasks = service_for(server, limit=100)
    service.refresh()
    await asyncio.gather(*tasks)
    failures: list[Any] = []
    service.failed.connect(failures.append)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(down))
    api.token = "t"
    service._api = lambda: api
    service.refresh()
    await asyncio.gather(*tasks)
    assert isinstance(failures[0], ServerUnreachableError)
    assert len(service.rows) == 3
