"""Server refusals of a settings write, turned into sentences next to the field they concern."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.services.errors import ClientError, ConflictError, LimitReachedError, ValidationFailedError
from ui.texts import error_message

GENERAL = ""
"""The key of a message that concerns the whole form, not one field."""


def required() -> str:
    return QCoreApplication.translate("SettingsMessages", "Fill this in.")


def too_long(limit: int) -> str:
    return QCoreApplication.translate("SettingsMessages", "At most {limit} characters.").format(limit=limit)


def field_errors(error: ClientError, *, server: str = "") -> dict[str, str]:
    """Field name → message for a refused write; ``GENERAL`` for what concerns the whole form."""
    body = error.body
    field = str(body.detail.get("field", "")) if body is not None else ""
    if isinstance(error, LimitReachedError):
        limit = body.detail.get("limit") if body is not None else None
        if limit is not None:
            return {
                GENERAL: QCoreApplication.translate(
                    "SettingsMessages", "The limit is reached: at most {limit}."
                ).format(limit=limit)
            }
        return {GENERAL: QCoreApplication.translate("SettingsMessages", "The limit is reached.")}
    if isinstance(error, ConflictError):
        if field == "synonym":
            return {
                "synonym": QCoreApplication.translate(
                    "SettingsMessages", "Another status already has this synonym."
                )
            }
        if field == "name":
            return {
                "name": QCoreApplication.translate(
                    "SettingsMessages", "A status with this name already exists."
                )
            }
        return {GENERAL: error_message(error, server=server)}
    if isinstance(error, ValidationFailedError):
        found: dict[str, str] = {}
        for item in error.fields:
            name = str(item.loc[-1]) if item.loc else GENERAL
            found[name] = QCoreApplication.translate("SettingsMessages", "Not accepted: {reason}").format(
                reason=item.message
            )
        if field and field not in found:
            found[field] = QCoreApplication.translate("SettingsMessages", "Not accepted: {reason}").format(
                reason=body.message if body else ""
            )
        return found or {GENERAL: error_message(error, server=server)}
    return {GENERAL: error_message(error, server=server)}
