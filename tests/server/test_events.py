"""Realtime channel: hello, replay after ``after``, resync, live delivery, filtering, heartbeat, auth."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from app.protocol.events import server_frame_adapter
from app.server.core.config import ServerSettings
from app.server.core.db import Database
from app.server.main import create_app, sweep_once
from app.server.models import Employee, OutboxEvent
from app.server.services import statuses
from tests.server.conftest import TEST_SETTINGS, Api, FakeClock, TestClient, WebSocketDenialResponse

pytestmark = pytest.mark.timeout(60)
FAST = {"heartbeat_seconds": 0.15, "event_poll_seconds": 0.1}


@contextmanager
def stream(api: Api, token: str, after: int = 0) -> Iterator[Any]:
    with api.client.websocket_connect(f"/api/v1/events?after={after}", headers=api.auth(token)) as ws:
        yield ws


def receive(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = ws.receive_json()
    server_frame_adapter.validate_python(frame)  # every frame matches the protocol
    return frame


def until_heartbeat(ws: Any) -> list[dict[str, Any]]:
    """Frames before the first heartbeat: the hello and the whole replay (live waits come after)."""
    frames = []
    while (frame := receive(ws))["kind"] != "heartbeat":
        frames.append(frame)
    return frames


def next_event(ws: Any) -> dict[str, Any]:
    while (frame := receive(ws))["kind"] != "event":
        pass
    return frame


def read_until_closed(ws: Any) -> None:
    while True:
        receive(ws)


def changes(frames: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return [(f["seq"], f["data"]["employee_id"], f["data"]["status"]) for f in frames if f["kind"] == "event"]


@pytest.fixture
def fast_api(make_api: Callable[..., Api]) -> Api:
    return make_api(**FAST)


def test_stream_opens_with_hello_carrying_the_last_sequence(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    fast_api.login("op1")
    with stream(fast_api, admin, after=2) as ws:
        frames = until_heartbeat(ws)
    assert frames[0]["kind"] == "hello"
    assert frames[0]["last_seq"] == 2
    assert len(frames) == 1


def test_resume_after_a_sequence_delivers_exactly_the_missed_events(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    op1, op2 = fast_api.token("op1"), fast_api.token("op2")
    with stream(fast_api, admin) as ws:
        seen = changes(until_heartbeat(ws))
    assert [seq for seq, _, _ in seen] == [1, 2, 3]
    fast_api.put("/me/status", op1, {"status": "break"})
    fast_api.put("/me/status", op2, {"status": "dnd"})
    with stream(fast_api, admin, after=3) as ws:
        frames = until_heartbeat(ws)
    ids = fast_api.employee_id("op1"), fast_api.employee_id("op2")
    assert frames[0] == {**frames[0], "kind": "hello", "last_seq": 5}
    assert changes(frames) == [(4, ids[0], "break"), (5, ids[1], "dnd")]


def test_live_event_arrives_on_an_open_stream(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    op1 = fast_api.token("op1")
    with stream(fast_api, admin, after=2) as ws:
        until_heartbeat(ws)
        fast_api.put("/me/status", op1, {"status": "outbound"})
        event = next_event(ws)
    assert event["type"] == "status.changed"
    assert event["seq"] == 3
    assert event["data"]["previous"] == "online"
    assert event["data"]["status"] == "outbound"


def test_resync_when_after_is_older_than_the_retained_events(make_api: Callable[..., Api]) -> None:
    api = make_api(event_retention_count=3, **FAST)
    admin = api.token("admin")
    for who in ("op1", "op2", "op3", "op4", "op5"):
        api.login(who)
    with stream(api, admin, after=1) as ws:
        frames = until_heartbeat(ws)
    assert [f["kind"] for f in frames] == ["hello", "resync"]
    assert frames[1]["last_seq"] == 6


def test_no_resync_when_after_is_just_inside_the_retained_window(make_api: Callable[..., Api]) -> None:
    api = make_api(event_retention_count=3, **FAST)
    admin = api.token("admin")
    for who in ("op1", "op2", "op3", "op4", "op5"):
        api.login(who)
    with stream(api, admin, after=3) as ws:
        frames = until_heartbeat(ws)
    assert [f.get("seq") for f in frames if f["kind"] == "event"] == [4, 5, 6]


def test_resync_when_after_is_ahead_of_the_server(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    with stream(fast_api, admin, after=99) as ws:
        frames = until_heartbeat(ws)
    assert [f["kind"] for f in frames] == ["hello", "resync"]


def test_events_past_the_retention_hours_are_pruned_and_need_a_resync(
    fast_api: Api, clock: FakeClock
) -> None:
    admin = fast_api.token("admin")
    fast_api.login("op1")
    clock.advance(hours=25)
    admin = fast_api.token("admin")  # the first session expired with the clock
    sweep_once(fast_api.app.state.ctx)
    with stream(fast_api, admin, after=1) as ws:
        frames = until_heartbeat(ws)
    assert [f["kind"] for f in frames] == ["hello", "resync"]


def test_operator_receives_status_changes_of_their_groups_members_only(fast_api: Api) -> None:
    op1 = fast_api.token("op1")
    with stream(fast_api, op1, after=1) as ws:
        until_heartbeat(ws)
        fast_api.login("op4")  # «Поддержка» only: not op1's business
        fast_api.login("op2")  # «Продажи», like op1
        event = next_event(ws)
        beat = next(f for f in iter(lambda: receive(ws), None) if f["kind"] == "heartbeat")
    assert event["data"]["employee_id"] == fast_api.employee_id("op2")
    assert event["seq"] == 3
    assert beat["last_seq"] == 3  # the skipped event counts as seen, so a resume does not replay it


def test_supervisor_receives_changes_of_both_supervised_groups(fast_api: Api) -> None:
    supervisor = fast_api.token("supervisor")
    fast_api.login("op4")
    fast_api.login("op1")
    with stream(fast_api, supervisor) as ws:
        seen = changes(until_heartbeat(ws))
    assert [who for _, who, _ in seen] == [
        fast_api.employee_id("supervisor"),
        fast_api.employee_id("op4"),
        fast_api.employee_id("op1"),
    ]


def test_only_company_wide_roles_see_an_employee_outside_every_group(fast_api: Api) -> None:
    admin_id = fast_api.employee_id("admin")  # logs the admin in: seq 1
    op1, supervisor = fast_api.token("op1"), fast_api.token("supervisor")
    with stream(fast_api, op1) as ws:
        op1_saw = {who for _, who, _ in changes(until_heartbeat(ws))}
    with stream(fast_api, supervisor) as ws:
        supervisor_saw = {who for _, who, _ in changes(until_heartbeat(ws))}
    with stream(fast_api, fast_api.token("admin")) as ws:
        admin_saw = {who for _, who, _ in changes(until_heartbeat(ws))}
    assert admin_id not in op1_saw
    assert admin_id not in supervisor_saw
    assert admin_id in admin_saw


def test_own_status_change_made_by_a_supervisor_reaches_the_operator(fast_api: Api) -> None:
    op4 = fast_api.token("op4")
    supervisor = fast_api.token("supervisor")
    op4_id = fast_api.employee_id("op4")
    with stream(fast_api, op4, after=fast_api.get("/colleagues", op4).json()["last_seq"]) as ws:
        until_heartbeat(ws)
        fast_api.put(f"/employees/{op4_id}/status", supervisor, {"status": "break"})
        event = next_event(ws)
    assert (event["data"]["employee_id"], event["data"]["status"]) == (op4_id, "break")


def test_custom_status_changes_are_announced_to_everyone(fast_api: Api) -> None:
    admin, op5 = fast_api.token("admin"), fast_api.token("op5")
    with stream(fast_api, op5, after=2) as ws:
        until_heartbeat(ws)
        key = fast_api.post("/statuses", admin, {"name": "Обед", "color": "green"}).json()["key"]
        event = next_event(ws)
    assert event["type"] == "statuses.changed"
    assert event["data"] == {"key": key, "change": "created"}


def test_joining_a_group_widens_what_an_open_stream_delivers(fast_api: Api) -> None:
    admin, op1 = fast_api.token("admin"), fast_api.token("op1")
    op4_id, op1_id = fast_api.employee_id("op4"), fast_api.employee_id("op1")
    support = next(g for g in fast_api.get("/groups", admin).json()["items"] if g["name"] == "Поддержка")
    with stream(fast_api, op1, after=fast_api.get("/colleagues", op1).json()["last_seq"]) as ws:
        until_heartbeat(ws)
        members = [*support["members"], {"employee_id": op1_id}]
        fast_api.put(f"/groups/{support['id']}/members", admin, {"members": members})
        changed = next_event(ws)
        fast_api.login("op4")
        event = next_event(ws)
    assert changed["type"] == "groups.changed"
    assert changed["data"] == {"group_id": support["id"], "change": "members"}
    assert event["data"]["employee_id"] == op4_id


def test_heartbeat_carries_the_last_sequence(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    with stream(fast_api, admin, after=1) as ws:
        assert receive(ws)["kind"] == "hello"
        assert receive(ws) == {"kind": "heartbeat", "last_seq": 1}


def test_stream_without_a_token_is_refused_with_http_401(fast_api: Api) -> None:
    with (
        pytest.raises(WebSocketDenialResponse) as refused,
        fast_api.client.websocket_connect("/api/v1/events"),
    ):
        pass
    assert refused.value.status_code == 401
    assert refused.value.json()["code"] == "unauthenticated"


def test_stream_with_an_ended_session_is_refused_with_http_401(fast_api: Api) -> None:
    token = fast_api.token("op1")
    fast_api.post("/auth/logout", token)
    with pytest.raises(WebSocketDenialResponse) as refused, stream(fast_api, token):
        pass
    assert refused.value.status_code == 401


def test_stream_with_a_bad_after_is_refused(fast_api: Api) -> None:
    admin = fast_api.token("admin")
    with pytest.raises(WebSocketDenialResponse) as refused, stream(fast_api, admin, after=-1):
        pass
    assert refused.value.status_code == 422
    assert refused.value.json()["code"] == "validation"


def test_logout_closes_the_open_stream(fast_api: Api) -> None:
    token = fast_api.token("op1")
    with stream(fast_api, token) as ws:
        until_heartbeat(ws)
        fast_api.post("/auth/logout", token)
        with pytest.raises(WebSocketDisconnect) as closed:
            read_until_closed(ws)
    assert closed.value.code == 4401


def test_concurrent_changes_get_unique_gapless_sequence_numbers(api: Api) -> None:
    ctx = api.app.state.ctx
    for who in ("op1", "op2", "op3", "op4"):
        api.login(who)
    with ctx.db.reading() as session:
        ids = list(
            session.execute(
                select(Employee.id).where(Employee.login.in_(["op1", "op2", "op3", "op4"]))
            ).scalars()
        )
    errors: list[BaseException] = []

    def flip(employee_id: int) -> None:
        try:
            for n in range(6):
                with ctx.db.transaction() as session:
                    employee = session.get(Employee, employee_id)
                    assert employee is not None
                    key = "break" if n % 2 == 0 else "online"
                    statuses.set_status(session, employee, key, now=ctx.clock(), retention=ctx.retention)
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=flip, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with ctx.db.reading() as session:
        seqs = list(session.execute(select(OutboxEvent.seq).order_by(OutboxEvent.seq)).scalars())
    assert seqs == list(range(1, 4 + 4 * 6 + 1))


def test_event_written_through_one_api_instance_reaches_a_stream_on_another(
    db: Database, clock: FakeClock, backend: str
) -> None:
    """Two app instances share one database. On PostgreSQL, heartbeat and polling are set far beyond the
    test's timeout, so only LISTEN/NOTIFY can deliver in time; on SQLite the outbox poll does."""
    poll = 300.0 if backend == "postgres" else 0.2
    writer_app = create_app(ServerSettings(**TEST_SETTINGS), db=db, clock=clock)
    reader_app = create_app(
        ServerSettings(**{**TEST_SETTINGS, "heartbeat_seconds": 300.0, "event_poll_seconds": poll}),
        db=db,
        clock=clock,
    )
    with TestClient(writer_app) as writer_client, TestClient(reader_app) as reader:  # lifespans run: LISTEN
        writer = Api(client=writer_client, app=writer_app)
        admin = writer.token("admin")
        with reader.websocket_connect("/api/v1/events?after=1", headers=Api.auth(admin)) as ws:
            assert receive(ws)["kind"] == "hello"
            writer.login("op1")
            event = next_event(ws)
    assert event["seq"] == 2
    assert event["data"]["status"] == "online"
