"""«Обработка звонков»: post-call work per group and missed-call conditions within the spec's limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from app.protocol.admin import GroupInfo, GroupList
from app.protocol.calls import MissedRule, MissedRules
from app.protocol.errors import ErrorBody, ErrorCode
from app.protocol.settings_tabs import PostCallCondition, PostCallConditions
from app.services import settings_api
from app.services.errors import ForbiddenError
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.call_handling_tab import TAKEN_COLOUR, CallHandlingTab

GROUPS = GroupList(
    items=[
        GroupInfo.model_validate({"id": 1, "name": "Продажи", "members": []}),
        GroupInfo.model_validate({"id": 2, "name": "Поддержка", "members": []}),
    ]
)


def make(qtbot: QtBot) -> tuple[CallHandlingTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = CallHandlingTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    service.finished.emit(settings_api.GROUPS, GROUPS)
    return tab, service


def post_call(
    service: FakeSettingsService, *items: PostCallCondition, groups: tuple[int, ...] = (1, 2)
) -> None:
    assert "load_post_call" in service.names()
    service.finished.emit(
        settings_api.POST_CALL, PostCallConditions(items=list(items), group_ids=list(groups))
    )


def test_post_call_conditions_load_as_rows_and_save_as_edited(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.post_call
    assert not page.save_button.isEnabled()
    post_call(service, PostCallCondition(group_id=1, seconds=30, status="break"))
    assert page.conditions() == [(1, 30, "break")]
    page.add_button.click()
    assert page.conditions()[1][0] == 2  # a new row takes a group without a condition
    spin = page.table.cellWidget(1, 1)
    assert isinstance(spin, QSpinBox)
    spin.setValue(90)
    page.save_button.click()
    (body,) = service.last("save_post_call")
    assert [(c.group_id, c.seconds, c.status) for c in body.items] == [(1, 30, "break"), (2, 90, "dnd")]


def test_post_call_time_is_capped_at_an_hour_and_rows_at_fifty(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    post_call(service, groups=tuple(range(1, 61)))
    page = tab.post_call
    for _ in range(55):
        page.add_button.click()
    assert page.table.rowCount() == 50
    assert not page.add_button.isEnabled()
    spin = page.table.cellWidget(0, 1)
    assert isinstance(spin, QSpinBox)
    spin.setValue(99999)
    assert spin.value() == 3600


def test_picking_a_group_that_has_a_condition_asks_and_replaces(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab, service = make(qtbot)
    page = tab.post_call
    post_call(
        service,
        PostCallCondition(group_id=1, seconds=30),
        PostCallCondition(group_id=2, seconds=60, status="dnd"),
    )
    second = page.table.cellWidget(1, 0)
    assert isinstance(second, QComboBox)
    red = QColor(TAKEN_COLOUR)
    assert second.itemData(0, Qt.ItemDataRole.ForegroundRole) == red  # «Продажи» is red there
    assert second.itemData(1, Qt.ItemDataRole.ForegroundRole) != red
    answers = iter([False, True])
    monkeypatch.setattr(page, "confirm_replace", lambda _group: next(answers))
    second.setCurrentIndex(second.findData(1))
    assert page.conditions() == [(1, 30, None), (2, 60, "dnd")]  # declined: nothing changed
    second.setCurrentIndex(second.findData(1))
    assert page.conditions() == [(1, 60, "dnd")]  # confirmed: the old row gave way


def test_a_refused_post_call_save_is_explained_and_keeps_the_rows(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab, service = make(qtbot)
    post_call(service, PostCallCondition(group_id=1, seconds=30))
    tab.post_call.save_button.click()
    service.failed.emit(
        settings_api.POST_CALL_SAVED,
        ForbiddenError("m", body=ErrorBody(code=ErrorCode.FORBIDDEN, message="m"), status=403),
    )
    assert not tab.post_call.notice.isHidden()
    text = tab.post_call.notice.text().lower()
    assert "не разрешено" in text or "запрещ" in text or "нет прав" in text
    assert tab.post_call.conditions() == [(1, 30, None)]
    assert tab.post_call.save_button.isEnabled()


def test_without_the_administrator_right_there_is_no_missed_calls_page(qtbot: QtBot) -> None:
    service = FakeSettingsService()
    tab = CallHandlingTab(service=service, missed=False)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    assert tab.missed is None
    assert tab.pages.count() == 1


def test_missed_rules_load_and_allow_at_most_ten_conditions_of_seven_days(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.missed
    assert page is not None
    assert "load_missed_rules" in service.names()
    service.finished.emit(
        settings_api.MISSED_RULES, MissedRules(items=[MissedRule(target="group:2", days=3)])
    )
    assert page.rules() == [("group:2", 3)]
    for _ in range(12):
        page.add_button.click()
    assert page.table.rowCount() == 10
    assert not page.add_button.isEnabled()
    spin = page.table.cellWidget(0, 1)
    spin.setValue(30)  # type: ignore[union-attr]
    assert page.rules()[0] == ("group:2", 7)


def test_two_conditions_for_one_group_are_refused_locally(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    assert tab.missed is not None
    service.finished.emit(settings_api.MISSED_RULES, MissedRules(items=[]))
    tab.missed.add_row("all", 2)
    tab.missed.add_row("all", 5)
    tab.missed.save_button.click()
    assert "save_missed_rules" not in service.names()
    assert not tab.missed.notice.isHidden()


def test_missed_rules_are_saved_as_edited(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    assert tab.missed is not None
    service.finished.emit(settings_api.MISSED_RULES, MissedRules(items=[]))
    tab.missed.add_row("ivr", 1)
    tab.missed.add_row("group:1", 7)
    tab.missed.save_button.click()
    (body,) = service.last("save_missed_rules")
    assert [(r.target, r.days) for r in body.items] == [("ivr", 1), ("group:1", 7)]
