"""A supervisor sees an operator's «Перерыв» within a second (spec MW-23/25; the colleagues view)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.e2e.conftest import ClientProcess, ServerProcess

pytestmark = pytest.mark.e2e


def test_operator_break_reaches_the_supervisor_within_a_second(
    server: ServerProcess, start_client: Callable[..., ClientProcess]
) -> None:
    supervisor = start_client(server, "supervisor", status="online")
    operator = start_client(server, "op1", status="online")
    supervisor.wait_for("login.ok")
    supervisor.wait_for("connection.state", lambda r: r["state"] == "connected")
    loaded = supervisor.wait_for("presence.loaded")
    assert loaded["count"] >= 5  # op1..op5 of the groups the supervisor controls
    me = operator.wait_for("login.ok")
    operator.wait_for("window.shown")
    operator.wait_for("connection.state", lambda r: r["state"] == "connected")
    op_id = me["employee_id"]

    chosen_at = time.time()
    operator.command("status break")  # the status control's drop-down, as a click would do it
    operator.wait_for("status.set", lambda r: r["status"] == "break")
    shown = supervisor.wait_for(
        "presence.shown", lambda r: r["employee_id"] == op_id and r["status"] == "break"
    )
    assert shown["ts"] - chosen_at < 1.0

    # The operator's own client got its change back from the server too.
    operator.wait_for("status.changed", lambda r: r["employee_id"] == op_id and r["status"] == "break")
