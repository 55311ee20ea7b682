"""«Быстрые ответы» (TP-29): the tree per group, autosaved actions, and the limits refused in ru/en."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from app.protocol.admin import GroupInfo, GroupList
from app.protocol.errors import ErrorBody, ErrorCode
from app.protocol.settings_tabs import QuickAnswerInfo, QuickAnswerList
from app.services import settings_api
from app.services.errors import ConflictError
from app.services.quick_answers import QuickAnswersService, usable
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.quick_answers_tab import QuickAnswersTab, offer_quick_answers
from widgets.call_card import CallCardWidget

GROUPS = GroupList(items=[GroupInfo(id=1, name="Продажи"), GroupInfo(id=2, name="Поддержка")])


def info(
    answer_id: int,
    text: str,
    *,
    parent: int | None = None,
    category: bool = False,
    group: int | None = None,
    position: int = 1,
) -> QuickAnswerInfo:
    return QuickAnswerInfo(
        id=answer_id, text=text, category=category, parent_id=parent, group_id=group, position=position
    )


ITEMS = [
    info(1, "Без категории", position=1),
    info(2, "Приветствия", category=True, position=2),
    info(3, "Здравствуйте!", parent=2, position=1),
    info(4, "Добрый день!", parent=2, position=2),
    info(5, "Продажам", group=1),
]


def make(qtbot: QtBot, editable: list[int] | None = None) -> tuple[QuickAnswersTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = QuickAnswersTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    assert service.names() == ["load_groups"]
    service.finished.emit(settings_api.GROUPS, GROUPS)
    assert service.names()[-1] == "load_quick_answers"
    service.finished.emit(
        settings_api.QUICK_ANSWERS, QuickAnswerList(items=ITEMS, editable_group_ids=editable)
    )
    return tab, service


def test_categories_come_first_with_their_answers_then_answers_without_one(qtbot: QtBot) -> None:
    tab, _ = make(qtbot)
    assert tab.group_combo.itemData(0) == 0  # «Без группы» for an administrator
    assert tab.texts() == ["Приветствия", "  Здравствуйте!", "  Добрый день!", "Без категории"]
    tab.group_combo.setCurrentIndex(tab.group_combo.findData(1))
    assert tab.texts() == ["Продажам"]


def test_a_supervisor_edits_only_their_groups(qtbot: QtBot) -> None:
    tab, _ = make(qtbot, editable=[1])
    assert [tab.group_combo.itemData(i) for i in range(tab.group_combo.count())] == [1]
    assert tab.texts() == ["Продажам"]


def test_nobody_to_edit_for_disables_the_tools(qtbot: QtBot) -> None:
    tab, _ = make(qtbot, editable=[])
    assert tab.group_combo.count() == 0
    assert not tab.create_answer_button.isEnabled()


def test_an_answer_goes_into_the_selected_category_and_enter_creates(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.select(3)
    tab.text_edit.setText("  Всего доброго!  ")
    tab.text_edit.returnPressed.emit()
    (body,) = service.last("create_quick_answer")
    assert (body.text, body.parent_id, body.category, body.group_id) == ("Всего доброго!", 2, False, None)
    tab.text_edit.setText("Прощания")
    tab.create_category_button.click()
    (body,) = service.last("create_quick_answer")
    assert (body.category, body.parent_id) == (True, None)


def test_edit_move_and_delete_are_written_at_once(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.select(4)
    tab.up_button.click()
    assert service.last("update_quick_answer")[0] == 4
    assert service.last("update_quick_answer")[1].move == -1
    node = tab.tree.currentItem()
    assert node is not None
    node.setText(0, "Добрый вечер!")
    answer_id, body = service.last("update_quick_answer")
    assert (answer_id, body.text) == (4, "Добрый вечер!")
    tab.delete_button.click()
    assert service.last("delete_quick_answer") == (4,)


def test_limits_are_refused_in_both_languages_and_the_text_stays(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    for language, required, duplicate in (("en", "Fill this in", "already"), ("ru", "Заполните", "уже")):
        use_language(language)
        tab, service = make(qtbot)
        tab.text_edit.setText("   ")
        tab.create_answer_button.click()
        assert required in tab.notice.text()
        tab.select(3)
        tab.text_edit.setText("Добрый день!")
        tab.create_answer_button.click()
        assert duplicate in tab.notice.text()
        tab.text_edit.setText("x" * 1001)
        tab.create_answer_button.click()
        assert "1000" in tab.notice.text()
        assert tab.text_edit.text() == "x" * 1001
        assert "create_quick_answer" not in service.names()


def test_a_server_conflict_is_explained(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.text_edit.setText("Новый")
    tab.create_answer_button.click()
    body = ErrorBody(code=ErrorCode.CONFLICT, message="dup", detail={"field": "text"})
    service.failed.emit(settings_api.QUICK_ANSWER_SAVED, ConflictError("x", body=body, status=409))
    assert "already" in tab.notice.text()
    assert tab.text_edit.text() == "Новый"


# -- where the answers are used: the post-call comment --------------------------------------------------


class AnswersApi:
    def __init__(self, items: list[QuickAnswerInfo]) -> None:
        self.items = items
        self.asked = 0

    async def send(self, method: str, path: str, model: Any, **_: Any) -> Any:
        assert (method, path) == ("GET", "/quick-answers")
        self.asked += 1
        return QuickAnswerList(items=self.items)


def test_answers_come_in_display_order_without_categories() -> None:
    assert usable(QuickAnswerList(items=ITEMS)) == [
        "Здравствуйте!",
        "Добрый день!",
        "Без категории",
        "Продажам",
    ]


def test_the_post_call_comment_offers_quick_answers_refreshed_when_post_call_work_starts(
    qtbot: QtBot,
) -> None:
    api = AnswersApi(ITEMS[:4])
    calls = CallsStore()
    service = QuickAnswersService(
        api=lambda: api,  # type: ignore[arg-type,return-value]
        spawn=lambda coro: asyncio.run(coro),  # type: ignore[arg-type,func-returns-value]
        calls=calls,
    )
    card = CallCardWidget()
    qtbot.addWidget(card)
    completer = offer_quick_answers(card.comment_edit, service)
    service.refresh()
    completer.setCompletionPrefix("день")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Добрый день!"
    api.items = [*ITEMS[:4], info(9, "Перезвоню через день", parent=2, position=3)]
    wrapup = CallSnapshot(
        key="cc:1", origin=CallOrigin.CONTACT_CENTER, phase=CallPhase.WRAPUP, incoming=True, remote="+7999"
    )
    calls.upsert(wrapup)
    assert api.asked == 2
    completer.setCompletionPrefix("день")
    assert completer.completionCount() == 2
    calls.upsert(wrapup)  # the same post-call work does not ask again
    assert api.asked == 2
