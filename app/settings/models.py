"""The client's local settings: one app-level file per machine and one file per account.

Per-machine things live here (last server and login, language, window geometry, the chosen section);
what follows the user from machine to machine is stored by the server. Secrets never: see ``secrets``.
Where the files are: ``paths``; how older files are upgraded: ``migrations``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from app.settings.migrations import ACCOUNT_SETTINGS_VERSION, APP_SETTINGS_VERSION


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


class KnownStatus(BaseModel):
    """A custom status of the tenant, remembered so the login window can offer it (MW-12)."""

    key: str
    name: str
    color: str = "grey"


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
    custom_statuses: list[KnownStatus] = []
    """The tenant's selectable custom statuses as of the last login."""
