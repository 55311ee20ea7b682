"""«История вызовов»: the calls the user may see, newest first, as many as «Пользовательские» allow.

TP-22 lets the user choose how many calls the list shows (default 1000, at most 10 000). The server
answers at most :data:`PAGE` rows a request, so a larger limit is fetched page by page, each page
ending where the previous one stopped (``until`` = the oldest arrival so far). The list kept here
never holds more than the limit, whatever the server has.

CH-08: the main filter, «По сотруднику» (one employee, or «Все сотрудники») or «По группе» (one group,
or «Все группы»), is kept per account; the server names the employees and groups the user may choose
with every page. CH-10 «Период»: a preset or «Произвольный» (at most a month); it is not kept, and
each sign-in starts at «Последние 2 дня» (CH-02).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError, ForbiddenError
from app.services.logs import event as log_event

if TYPE_CHECKING:
    from app.protocol.calls import HistoryChoice, HistoryRow
    from app.services.api import ApiClient
    from app.settings.files import VersionedFile
    from app.settings.models import AccountSettings

log = logging.getLogger(__name__)

PAGE = 1000
"""The most rows ``GET /api/v1/history`` answers at once."""
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""The oldest time a request may name."""
DEFAULT_LIMIT = 1000

BY_EMPLOYEE, BY_GROUP = "employee", "group"
ALL = 0
"""The choice «Все сотрудники» / «Все группы»."""
LAST_2_DAYS, TODAY, THIS_WEEK, THIS_MONTH, CUSTOM = "last_2_days", "today", "week", "month", "custom"
PERIODS = (LAST_2_DAYS, TODAY, THIS_WEEK, THIS_MONTH, CUSTOM)


@dataclass(frozen=True, slots=True)
class Selection:
    """The main filter in effect: ``by`` and the employee or group id (:data:`ALL` for all of them)."""

    by: str
    id: int


def add_month(day: date) -> date:
    """The same day a month later (the month's last day when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def custom_span_ok(start: date, end: date) -> bool:
    """«Произвольный»: from ``start`` to ``end`` (both included), at most one month (CH-10)."""
    return start <= end <= add_month(start)


def period_bounds(period: str, now: datetime, custom: tuple[date, date]) -> tuple[datetime, datetime | None]:
    """``since`` and ``until`` (None: up to now) of a period, from local midnights; ``now`` is aware."""
    local = now.astimezone()
    zone = local.tzinfo

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), zone)

    today = local.date()
    if period == TODAY:
        return midnight(today), None
    if period == THIS_WEEK:
        return midnight(today - timedelta(days=today.weekday())), None
    if period == THIS_MONTH:
        return midnight(today.replace(day=1)), None
    if period == CUSTOM:
        start, end = custom
        return midnight(start), midnight(end + timedelta(days=1))
    return midnight(today - timedelta(days=1)), None  # «Последние 2 дня»: yesterday and today


class CallHistoryService(QObject):
    """Loads the history on request; the panel renders ``history_changed``."""

    history_changed = Signal(object)
    """A tuple of ``HistoryRow``, newest first, at most ``limit`` long."""
    failed = Signal(object)
    """A :class:`ClientError`; the list shown before stays."""
    choices_changed = Signal()
    """The employees and groups the user may filter by (CH-08) changed."""
    row_saved = Signal(object)
    """A ``HistoryRow`` whose topics and comment were saved (CH-14, CH-15)."""
    save_failed = Signal(object)
    """A :class:`ClientError` refusing an edit of topics or comment; the row keeps what it had."""

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        limit: Callable[[], int],
        account_file: Callable[[], VersionedFile[AccountSettings] | None] = lambda: None,
        me: Callable[[], int | None] = lambda: None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._spawn = spawn
        self._limit = limit
        self._account_file = account_file
        self._me = me
        self._now = now
        self.rows: tuple[HistoryRow, ...] = ()
        self.loading = False
        self.employees: tuple[HistoryChoice, ...] = ()
        """«По сотруднику»: whom the user may choose (from the server's last answer)."""
        self.groups: tuple[HistoryChoice, ...] = ()
        """«По группе»: the groups in the user's scope; none for role «Сотрудник»."""
        self.period = LAST_2_DAYS
        today = datetime.now().date()
        self.custom: tuple[date, date] = (today - timedelta(days=1), today)
        """«Произвольный»: the first and the last day, local."""
        self._by = BY_EMPLOYEE
        self._employee: int | None = None
        self._group: int | None = None
        self._restore_pending = True
        """The account's filter is read at the first load after a sign-in (its file is known then)."""
        self._again = False

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

    # -- the main filter (CH-08) and the period (CH-10) ---------------------------------------------------

    def _restore_filter(self) -> None:
        file = self._account_file()
        if file is None:
            return
        self._restore_pending = False
        settings = file.load()
        self._by = BY_GROUP if settings.history_by == BY_GROUP else BY_EMPLOYEE
        self._employee = settings.history_employee_id
        self._group = settings.history_group_id

    def selection(self) -> Selection:
        """The filter in effect: the account's choice where the user may still make it, else the
        default (the signed-in user; «Все группы» or the only group)."""
        if self._by == BY_GROUP and self.groups:
            ids = [c.id for c in self.groups]
            if self._group in ids or (self._group == ALL and len(ids) > 1):
                return Selection(BY_GROUP, self._group)
            return Selection(BY_GROUP, ALL if len(ids) > 1 else ids[0])
        ids = [c.id for c in self.employees]
        if self._employee in ids or (self._employee == ALL and len(ids) > 1):
            return Selection(BY_EMPLOYEE, self._employee)
        me = self._me()
        if me is not None and (me in ids or not ids):
            return Selection(BY_EMPLOYEE, me)
        return Selection(BY_EMPLOYEE, ids[0] if len(ids) == 1 else ALL)

    def choose(self, by: str, choice: int | None = None) -> bool:
        """The user picked ``by`` (and, when given, the employee or group): kept for this account and
        loaded at once. False when the settings file cannot be written (the choice then holds until
        the client closes)."""
        from app.settings.files import SettingsFileError

        self._by = BY_GROUP if by == BY_GROUP else BY_EMPLOYEE
        if choice is not None:
            if self._by == BY_GROUP:
                self._group = choice
            else:
                self._employee = choice
        saved = True
        file = self._account_file()
        if file is not None:
            update = {
                "history_by": self._by,
                "history_employee_id": self._employee,
                "history_group_id": self._group,
            }
            try:
                file.save(file.load().model_copy(update=update))
            except SettingsFileError as exc:
                log_event(log, "history.filter_not_saved", error=str(exc))
                saved = False
        self.refresh()
        return saved

    def set_period(self, period: str, custom: tuple[date, date] | None = None) -> bool:
        """A preset loads at once; «Произвольный» loads the days given (False, and nothing changes,
        when they span more than a month or run backwards)."""
        if period == CUSTOM and custom is not None:
            if not custom_span_ok(*custom):
                return False
            self.custom = custom
        self.period = period if period in PERIODS else LAST_2_DAYS
        self.refresh()
        return True

    # -- topics and comment of a call (CH-14, CH-15) -------------------------------------------------------

    def may_edit(self, row: HistoryRow) -> bool:
        """Only an operator of the call may change its topics and comment (the server checks too)."""
        me = self._me()
        return me is not None and me in row.operators

    def save_wrapup(self, row: HistoryRow, *, topic_ids: list[int], comment: str) -> None:
        """Replace the call's topics and comment (an empty list or text deletes them)."""
        self._spawn(self._save_wrapup(row, sorted(set(topic_ids)), comment.strip()))

    async def _save_wrapup(self, row: HistoryRow, topic_ids: list[int], comment: str) -> None:
        api = self._api()
        if api is None:
            return
        try:
            await api.wrapup(row.call_id, topic_ids, comment)
        except ClientError as exc:
            log_event(log, "history.wrapup_failed", call_id=row.call_id, error=type(exc).__name__)
            self.save_failed.emit(exc)
            return
        changed = row.model_copy(update={"topic_ids": topic_ids, "comment": comment})
        self.rows = tuple(changed if r.call_id == row.call_id else r for r in self.rows)
        log_event(log, "history.wrapup_saved", call_id=row.call_id)
        self.row_saved.emit(changed)

    def clear(self) -> None:
        """Signed out: nothing of this account's history stays on screen for the next one, and the
        next sign-in starts at «Последние 2 дня» with that account's own filter (CH-02, CH-08)."""
        self.rows = ()
        self.employees = self.groups = ()
        self.period = LAST_2_DAYS
        self._by, self._employee, self._group = BY_EMPLOYEE, None, None
        self._restore_pending = True
        self.history_changed.emit(self.rows)

    def refresh(self) -> None:
        if self._api() is None:
            return
        if self.loading:
            self._again = True  # a filter or period changed during a load: load once more after it
            return
        if self._restore_pending:
            self._restore_filter()
        self.loading = True
        self._spawn(self._load())

    async def _load(self) -> None:
        try:
            rows = await self._fetch_in_scope()
        except ClientError as exc:
            self.loading = False
            log_event(log, "history.failed", error=type(exc).__name__)
            self.failed.emit(exc)
        else:
            self.loading = False
            self.rows = tuple(rows)
            log_event(log, "history.loaded", count=len(rows), limit=self.limit)
            self.history_changed.emit(self.rows)
        finally:
            self.loading = False
        self._load_again()

    async def _fetch_in_scope(self) -> list[HistoryRow]:
        try:
            return await self._fetch(self.limit)
        except ForbiddenError:
            if self.selection().id in (ALL, self._me()):
                raise
            # The kept choice is no longer in the user's scope (their role changed): the default.
            log_event(log, "history.filter_refused")
            self._employee = self._group = None
            self._by = BY_EMPLOYEE
            return await self._fetch(self.limit)

    def _load_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    async def _fetch(self, limit: int) -> list[HistoryRow]:
        chosen = self.selection()
        since, first_until = period_bounds(self.period, self._now(), self.custom)
        since = max(since, EPOCH)
        rows: list[HistoryRow] = []
        until = first_until
        seen: set[int] = set()
        first = True
        while len(rows) < limit:
            api = self._api()
            if api is None:
                break
            want = min(PAGE, limit - len(rows))
            page = await api.history(
                since=since,
                until=until,
                limit=want,
                employee_id=chosen.id if chosen.by == BY_EMPLOYEE and chosen.id != ALL else None,
                group_id=chosen.id if chosen.by == BY_GROUP and chosen.id != ALL else None,
            )
            if first:
                first = False
                self._take_choices(page.employees, page.groups)
                if self.selection() != chosen:
                    # The first answer told whom the user may choose: ask again with the choice in effect.
                    chosen = self.selection()
                    continue
            fresh = [row for row in page.items if row.call_id not in seen]
            rows.extend(fresh)
            seen.update(row.call_id for row in fresh)
            if len(page.items) < want or not fresh:
                break
            until = min(row.arrived_at for row in page.items)
        return rows[:limit]

    def _take_choices(self, employees: list[HistoryChoice], groups: list[HistoryChoice]) -> None:
        changed = (tuple(employees), tuple(groups)) != (self.employees, self.groups)
        self.employees, self.groups = tuple(employees), tuple(groups)
        if changed:
            self.choices_changed.emit()
