"""«История вызовов»: the calls the user may see, newest first, as many as «Пользовательские» allow.

TP-22 lets the user choose how many calls the list shows (default 1000, at most 10 000). The server
answers at most :data:`PAGE` rows a request, so a larger limit is fetched page by page, each page
ending where the previous one stopped (``until`` = the oldest arrival so far). The list kept here
never holds more than the limit, whatever the server has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError
from app.services.logs import event as log_event

if TYPE_CHECKING:
    from app.protocol.calls import HistoryRow
    from app.services.api import ApiClient
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings

log = logging.getLogger(__name__)

PAGE = 1000
"""The most rows ``GET /api/v1/history`` answers at once."""
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""The history has no lower time bound; only the count limits it."""
DEFAULT_LIMIT = 1000


class CallHistoryService(QObject):
    """Loads the history on request; the panel renders ``history_changed``."""

    history_changed = Signal(object)
    """A tuple of ``HistoryRow``, newest first, at most ``limit`` long."""
    failed = Signal(object)
    """A :class:`ClientError`; the list shown before stays."""

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        limit: Callable[[], int],
        account_file: Callable[[], VersionedFile[AccountSettings] | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._spawn = spawn
        self._limit = limit
        self._account_file = account_file
        self.rows: tuple[HistoryRow, ...] = ()
        self.loading = False

    @property
    def limit(self) -> int:
        return max(1, self._limit())

    def hidden_columns(self) -> frozenset[str]:
        """The columns this account unticked on this machine (CH-04); none before it chose."""
        file = self._account_file()
        return frozenset() if file is None else frozenset(file.load().history_hidden_columns)

    def set_hidden_columns(self, keys: frozenset[str]) -> bool:
        """Remember the column choice for the next start; False when the settings file cannot be
        written (the choice then holds until the client closes)."""
        from app.settings.files import SettingsFileError

        file = self._account_file()
        if file is None:
            return True
        try:
            settings = file.load()
            file.save(settings.model_copy(update={"history_hidden_columns": sorted(keys)}))
        except SettingsFileError as exc:
            log_event(log, "history.columns_not_saved", error=str(exc))
            return False
        return True

    def clear(self) -> None:
        """Signed out: nothing of this account's history stays on screen for the next one."""
        self.rows = ()
        self.history_changed.emit(self.rows)

    def refresh(self) -> None:
        if self.loading or self._api() is None:
            return
        self.loading = True
        self._spawn(self._load())

    async def _load(self) -> None:
        try:
            rows = await self._fetch(self.limit)
        except ClientError as exc:
            log_event(log, "history.failed", error=type(exc).__name__)
            self.failed.emit(exc)
            return
        finally:
            self.loading = False
        self.rows = tuple(rows)
        log_event(log, "history.loaded", count=len(rows), limit=self.limit)
        self.history_changed.emit(self.rows)

    async def _fetch(self, limit: int) -> list[HistoryRow]:
        rows: list[HistoryRow] = []
        until: datetime | None = None
        seen: set[int] = set()
        while len(rows) < limit:
            api = self._api()
            if api is None:
                break
            want = min(PAGE, limit - len(rows))
            page = await api.history(since=EPOCH, until=until, limit=want)
            fresh = [row for row in page.items if row.call_id not in seen]
            rows.extend(fresh)
            seen.update(row.call_id for row in fresh)
            if len(page.items) < want or not fresh:
                break
            until = min(row.arrived_at for row in page.items)
        return rows[:limit]
