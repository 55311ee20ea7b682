"""Versioned JSON settings files: load with migrations, save atomically.

A settings file is a JSON object with a ``schema_version``. Loading runs the migrations from the file's
version up to the model's, so an upgrade never loses what a user set. Saving writes a temp file in the same
directory, flushes it to disk and ``os.replace``-s it over the old one, so a crash or a full disk never
leaves a half-written file behind. A file that cannot be read is moved aside (``*.corrupt``) rather than
silently overwritten, so a user or support engineer can still look at it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

log = logging.getLogger(__name__)

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the data of version ``n`` into the data of version ``n + 1``."""

ModelT = TypeVar("ModelT", bound="BaseModel")


class SettingsFileError(Exception):
    """A settings file could not be written."""


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see either the old or the new content."""
    import tempfile  # only when saving: keeps it off the startup path

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SettingsFileError(f"cannot write {path}: {exc}") from exc


def read_migrated(path: Path, version: int, migrations: Mapping[int, Migration]) -> dict[str, Any]:
    """The file's data migrated to ``version``; empty when missing, unreadable or too new. Never raises."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    data: dict[str, Any] = loaded
    found = data.get("schema_version", 1)
    if not isinstance(found, int) or not 1 <= found <= version:
        return {}
    try:
        for step in range(found, version):
            data = migrations[step](dict(data))
    except (KeyError, TypeError, ValueError):
        return {}
    return data


class VersionedFile(Generic[ModelT]):
    """One settings file holding a pydantic model with a ``schema_version`` field."""

    def __init__(
        self,
        *,
        path: Path,
        model: type[ModelT],
        version: int,
        migrations: Mapping[int, Migration],
    ) -> None:
        self.path = path
        self._model = model
        self._version = version
        self._migrations = migrations
        self.read_only = False
        """True when the file was written by a newer Pult: we read what we understand and never save."""

    def load(self) -> ModelT:
        """The settings in the file, migrated to the current version; defaults when there is none."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._model()
        except OSError as exc:
            log.warning("settings.unreadable", extra={"fields": {"path": str(self.path), "error": str(exc)}})
            return self._model()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            data = self._migrate(data)
            return self._model.model_validate(data)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            self._set_aside(exc)
            return self._model()

    def save(self, value: ModelT) -> None:
        """Write ``value`` atomically (a no-op for a file from a newer version)."""
        if self.read_only:
            return
        data = value.model_dump(mode="json")
        data["schema_version"] = self._version
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def _migrate(self, data: dict[str, Any]) -> dict[str, Any]:
        found = data.get("schema_version", 1)
        if not isinstance(found, int) or found < 1:
            raise ValueError(f"bad schema_version {found!r}")
        if found > self._version:
            self.read_only = True
            return data
        for step in range(found, self._version):
            data = self._migrations[step](dict(data))
            data["schema_version"] = step + 1
        return data

    def _set_aside(self, exc: Exception) -> None:
        aside = self.path.with_name(self.path.name + ".corrupt")
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        log.warning(
            "settings.corrupt",
            extra={"fields": {"path": str(self.path), "moved_to": str(aside), "error": str(exc)}},
        )
