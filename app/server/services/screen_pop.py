"""«HTTP-запросы» (TP-41): each user's screen-pop URL, checked before it is stored."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from app.protocol.settings_tabs import SCREEN_POP_VARIABLES, ScreenPopSettings
from app.server.core.errors import ValidationFailedError
from app.server.models import ScreenPopSetting

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def problem(url: str) -> str | None:
    """Why ``url`` cannot be a screen-pop address, or None: an absolute http(s) URL whose ``{…}`` are the six
    variables of TP-41."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "the address must start with http:// or https:// and name a host"
    unknown = sorted({name for name in _PLACEHOLDER.findall(url) if name not in SCREEN_POP_VARIABLES})
    if unknown:
        return f"unknown variables: {', '.join('{' + n + '}' for n in unknown)}"
    return None


def get(session: Session, employee_id: int) -> ScreenPopSettings:
    row = session.get(ScreenPopSetting, employee_id)
    if row is None:
        return ScreenPopSettings()
    return ScreenPopSettings(enabled=row.enabled, url=row.url)


def put(session: Session, employee_id: int, body: ScreenPopSettings) -> ScreenPopSettings:
    url = body.url.strip()
    if url or body.enabled:
        if not url:
            raise ValidationFailedError("an enabled request needs an address", field="url")
        if reason := problem(url):
            raise ValidationFailedError(reason, field="url")
    row = session.get(ScreenPopSetting, employee_id)
    if row is None:
        row = ScreenPopSetting(employee_id=employee_id)
        session.add(row)
    row.enabled, row.url = body.enabled, url
    session.flush()
    return ScreenPopSettings(enabled=row.enabled, url=row.url)
