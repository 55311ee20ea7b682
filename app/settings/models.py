"""The client's local settings: one app-level file per machine and one file per account.

Per-machine things live here (last server and login, language, window geometry, the chosen section);
what follows the user from machine to machine is stored by the server. Secrets never: see ``secrets``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from app.settings.files import Migration, VersionedFile

APP_SETTINGS_VERSION = 2
ACCOUNT_SETTINGS_VERSION = 2


class AppSettings(BaseModel):
    """``<config>/settings.json``: what the login window pre-fills and how the app starts."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = APP_SETTINGS_VERSION
    last_server: str = ""
    last_login: str = ""
    remember: bool = False
    """«Запомнить» was on at the last login: start with the refresh token from the keyring."""
    language: str = ""
    """``ru``, ``en`` or empty for the system locale."""


class AccountSettings(BaseModel):
    """``<config>/accounts/<server>/<login>/settings.json``: per account, per machine."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = ACCOUNT_SETTINGS_VERSION
    login_status: str = "keep"
    """The «Статус» last chosen in the login window (a status key or ``keep`` for «Не изменять»)."""
    window_geometry: str = ""
    """Base64 of ``QWidget.saveGeometry()``."""
    section: str = "colleagues"
    full_name: str = ""
    """Shown in the main window while a remembered session is being restored."""


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

_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")


def _safe_component(text: str) -> str:
    cleaned = _UNSAFE.sub("_", text).strip("._")
    return cleaned or "_"


def account_key(server: str, login: str) -> tuple[str, str]:
    """Directory names for an account: ``http://127.0.0.1:8765`` + ``300000001/op1`` → ``127.0.0.1_8765``…"""
    parts = urlsplit(server)
    host = parts.netloc or parts.path or server
    return _safe_component(host.replace(":", "_")), _safe_component(login.lower())


class SettingsPaths:
    """Where the client keeps its files; one root so tests can point everything at a temp dir."""

    def __init__(self, *, config_dir: Path, state_dir: Path) -> None:
        self.config_dir = config_dir
        self.state_dir = state_dir

    @classmethod
    def default(cls) -> SettingsPaths:
        """The user's platform directories (``~/.config/pult`` etc. on Linux)."""
        import platformdirs

        return cls(
            config_dir=Path(platformdirs.user_config_dir("pult", appauthor=False)),
            state_dir=Path(platformdirs.user_state_dir("pult", appauthor=False)),
        )

    def app_file(self) -> VersionedFile[AppSettings]:
        return VersionedFile(
            path=self.config_dir / "settings.json",
            model=AppSettings,
            version=APP_SETTINGS_VERSION,
            migrations=APP_MIGRATIONS,
        )

    def account_file(self, server: str, login: str) -> VersionedFile[AccountSettings]:
        server_dir, login_dir = account_key(server, login)
        return VersionedFile(
            path=self.config_dir / "accounts" / server_dir / login_dir / "settings.json",
            model=AccountSettings,
            version=ACCOUNT_SETTINGS_VERSION,
            migrations=ACCOUNT_MIGRATIONS,
        )

    @property
    def crash_dir(self) -> Path:
        return self.state_dir / "crashes"
