"""Where the client keeps its files: one root, so tests can point everything at a temp dir."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.settings.files import VersionedFile, read_migrated
from app.settings.migrations import (
    ACCOUNT_MIGRATIONS,
    ACCOUNT_SETTINGS_VERSION,
    APP_MIGRATIONS,
    APP_SETTINGS_VERSION,
)

if TYPE_CHECKING:
    from app.settings.models import AccountSettings, AppSettings

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
        from app.settings.models import AppSettings

        return VersionedFile(
            path=self.config_dir / "settings.json",
            model=AppSettings,
            version=APP_SETTINGS_VERSION,
            migrations=APP_MIGRATIONS,
        )

    def account_file(self, server: str, login: str) -> VersionedFile[AccountSettings]:
        from app.settings.models import AccountSettings

        server_dir, login_dir = account_key(server, login)
        return VersionedFile(
            path=self.config_dir / "accounts" / server_dir / login_dir / "settings.json",
            model=AccountSettings,
            version=ACCOUNT_SETTINGS_VERSION,
            migrations=ACCOUNT_MIGRATIONS,
        )

    def peek_app_settings(self) -> dict[str, Any]:
        """The app settings as plain migrated data, unvalidated and read-only.

        Enough to choose the first window and its language before pydantic is imported (startup
        time); everything else goes through :meth:`app_file`.
        """
        return read_migrated(self.config_dir / "settings.json", APP_SETTINGS_VERSION, APP_MIGRATIONS)

    def peek_account_settings(self, server: str, login: str) -> dict[str, Any]:
        """Like :meth:`peek_app_settings`, for an account's file (window geometry at startup)."""
        server_dir, login_dir = account_key(server, login)
        path = self.config_dir / "accounts" / server_dir / login_dir / "settings.json"
        return read_migrated(path, ACCOUNT_SETTINGS_VERSION, ACCOUNT_MIGRATIONS)

    @property
    def crash_dir(self) -> Path:
        return self.state_dir / "crashes"
