"""The quick answers («Быстрые ответы», TP-29) the signed-in user may use, for the places text is typed.

This build has no chat window yet, so the post-call comment is where an operator types a reply-like text;
the list is read at sign-in and again whenever a call enters post-call work, so edits made in the settings
tab (or by a supervisor elsewhere) reach the next comment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.protocol.settings_tabs import QuickAnswerList
from app.services.errors import ClientError
from app.state.calls import CallPhase, CallsSnapshot

if TYPE_CHECKING:
    from app.services.api import ApiClient
    from app.state.calls import CallsStore

log = logging.getLogger(__name__)


def usable(listing: QuickAnswerList) -> list[str]:
    """The answers (not the categories) in display order: categories' answers first, then the rest."""
    categories = sorted((i for i in listing.items if i.category), key=lambda i: (i.position, i.id))
    order = {c.id: n for n, c in enumerate(categories)}
    answers = [i for i in listing.items if not i.category]
    answers.sort(key=lambda i: (i.parent_id is None, order.get(i.parent_id or -1, 0), i.position, i.id))
    return list(dict.fromkeys(i.text for i in answers))


class QuickAnswersService(QObject):
    """Holds the usable answers; :attr:`answers_changed` carries the new list of texts."""

    answers_changed = Signal(list)

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        calls: CallsStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._spawn = spawn
        self._wrapups: set[str] = set()
        self.answers: list[str] = []
        if calls is not None:
            calls.calls_changed.connect(self._on_calls_changed)

    def refresh(self) -> None:
        self._spawn(self._load())

    async def _load(self) -> None:
        api = self._api()
        if api is None:
            return
        try:
            listing = await api.send("GET", "/quick-answers", QuickAnswerList)
        except ClientError as exc:
            log.info("quick_answers.unavailable", extra={"fields": {"error": type(exc).__name__}})
            return
        answers = usable(listing)
        if answers != self.answers:
            self.answers = answers
            self.answers_changed.emit(answers)

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        wrapups = {c.key for c in snapshot.calls if c.phase is CallPhase.WRAPUP}
        if wrapups - self._wrapups:
            self.refresh()
        self._wrapups = wrapups
