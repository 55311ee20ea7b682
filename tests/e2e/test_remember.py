"""«Запомнить» (MW-11): the next start skips the login window and restores the session from the keyring."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import ClientProcess, ServerProcess

pytestmark = pytest.mark.e2e


def test_remembered_login_restores_the_session_on_the_next_start(
    server: ServerProcess, start_client: Callable[..., ClientProcess], tmp_path: Path
) -> None:
    first = start_client(server, "op4", status="dnd", home="pc", extra=["--remember"])
    me = first.wait_for("login.ok")
    assert me["remembered"] is True
    first.wait_for("connection.state", lambda r: r["state"] == "connected")
    first.close()
    keyring = json.loads((tmp_path / "pc" / "keyring.json").read_text())
    assert len(keyring) == 1  # the refresh token, in the (test) keyring only
    settings = (tmp_path / "pc" / "config" / "pult" / "settings.json").read_text()
    assert next(iter(keyring.values())) not in settings

    second = start_client(server, "op4", home="pc", scripted=False)
    shown = second.wait_for("window.shown")
    assert shown["window"] == "main"  # no login window first
    restored = second.wait_for("login.ok")
    assert restored["remembered"] is True
    assert restored["employee_id"] == me["employee_id"]
    assert restored["status"] == "dnd"  # «Не изменять» on restore: the status held before
    second.wait_for("connection.state", lambda r: r["state"] == "connected")
