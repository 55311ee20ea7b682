"""A killed and restarted server: the client shows the loss, reconnects by itself and loses no event."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.e2e.conftest import PASSWORD, PRODUCT, ClientProcess, ServerProcess

pytestmark = pytest.mark.e2e

CHANGES = [("op2", "break"), ("op3", "dnd"), ("op2", "outbound"), ("op3", "online"), ("op2", "all_calls")]


def change_statuses_over_the_api(server: ServerProcess) -> dict[str, int]:
    """Log op2 and op3 in and change their statuses; returns their employee ids."""
    with httpx.Client(base_url=server.url, timeout=10) as http:
        tokens = {}
        ids = {}
        for login in sorted({login for login, _ in CHANGES}):
            answer = http.post(
                "/api/v1/auth/login", json={"login": f"{PRODUCT}/{login}", "password": PASSWORD}
            )
            answer.raise_for_status()
            tokens[login] = answer.json()["token"]
            ids[login] = answer.json()["me"]["employee_id"]
        for login, status in CHANGES:
            answer = http.put(
                "/api/v1/me/status",
                json={"status": status},
                headers={"Authorization": f"Bearer {tokens[login]}"},
            )
            answer.raise_for_status()
    return ids


def test_client_survives_a_server_restart_without_losing_events(
    server: ServerProcess, start_client: Callable[..., ClientProcess]
) -> None:
    # The first retry comes 6 s (±20 %) after the loss, so the changes below happen while it is away.
    client = start_client(server, "op1", status="online", extra=["--reconnect-delay", "6"])
    client.wait_for("connection.state", lambda r: r["state"] == "connected")
    client.wait_for("presence.loaded")
    seen_before = [r["seq"] for r in client.events("event.received")]
    hello = client.wait_for("connection.hello")
    last_before = max([hello["server_seq"], *seen_before])

    server.kill()
    client.wait_for("connection.state", lambda r: r["state"] == "reconnecting")
    client.wait_for("connection.lost")
    server.start()
    ids = change_statuses_over_the_api(server)

    resumed = client.wait_for("connection.hello", lambda r: r is not hello, timeout=30)
    assert resumed["after"] == last_before  # resumed exactly where it left off
    assert resumed["server_seq"] > resumed["after"]  # ... and the server had news for it
    client.wait_for("connection.state", lambda r: r["state"] == "connected" and r["ts"] > resumed["ts"] - 1)

    last_login, last_status = CHANGES[-1]
    client.wait_for(
        "status.changed", lambda r: r["employee_id"] == ids[last_login] and r["status"] == last_status
    )
    shown = client.wait_for(
        "presence.shown", lambda r: r["employee_id"] == ids[last_login] and r["status"] == last_status
    )
    assert shown["ts"] >= resumed["ts"]
    received = [r["seq"] for r in client.events("event.received")]
    after_resume = [s for s in received if s > last_before]
    assert after_resume == list(
        range(last_before + 1, last_before + 1 + len(after_resume))
    )  # in order, no gap
    changes = [
        (r["employee_id"], r["status"]) for r in client.events("status.changed") if r["seq"] > last_before
    ]
    expected = [(ids[login], status) for login, status in CHANGES]
    assert changes[-len(expected) :] == expected  # every change made while away, in the order made
    assert not client.events("connection.resync")
