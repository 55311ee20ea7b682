"""Schema versions of the settings files and the steps that upgrade older files (plain dicts, no pydantic)."""

from __future__ import annotations

from typing import Any

from app.settings.files import Migration

APP_SETTINGS_VERSION = 2
ACCOUNT_SETTINGS_VERSION = 2


def _app_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 kept the server as host and port separately and called «Запомнить» "autologin".
    host = data.pop("server_host", "")
    port = data.pop("server_port", None)
    if host and not data.get("last_server"):
        data["last_server"] = f"http://{host}:{port}" if port else f"http://{host}"
    if "autologin" in data:
        data["remember"] = bool(data.pop("autologin"))
    return data


def _account_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 stored the login status under "status" and used "dont_change" for «Не изменять».
    status = data.pop("status", None)
    if status is not None:
        data["login_status"] = "keep" if status == "dont_change" else status
    if "geometry" in data:
        data["window_geometry"] = data.pop("geometry")
    return data


APP_MIGRATIONS: dict[int, Migration] = {1: _app_v1_to_v2}
ACCOUNT_MIGRATIONS: dict[int, Migration] = {1: _account_v1_to_v2}
