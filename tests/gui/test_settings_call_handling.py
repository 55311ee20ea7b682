"""«Обработка звонков»: post-call work per group and missed-call conditions within the spec's limits."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.protocol.admin import GroupInfo, GroupList
from app.protocol.calls import DistributionSettingsBody, MissedRule, MissedRules
from app.protocol.errors import ErrorBody, ErrorCode
from app.services import settings_api
from app.services.errors import ForbiddenError
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.call_handling_tab import CallHandlingTab

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


def test_post_call_work_loads_the_groups_settings_and_saves_time_and_status(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.post_call
    assert service.last("load_distribution") == (1,)
    assert not page.save_button.isEnabled()
    service.finished.emit(
        settings_api.DISTRIBUTION,
        (1, DistributionSettingsBody(wrapup_seconds=30, wrapup_status="break", ring_timeout_seconds=25)),
    )
    assert page.seconds_spin.value() == 30
    assert page.status_combo.currentData() == "break"
    page.seconds_spin.setValue(90)
    page.status_combo.setCurrentIndex(page.status_combo.findData("dnd"))
    page.save_button.click()
    group_id, body = service.last("save_distribution")
    assert (group_id, body.wrapup_seconds, body.wrapup_status, body.ring_timeout_seconds) == (
        1,
        90,
        "dnd",
        25,
    )


def test_post_call_time_is_capped_at_an_hour(qtbot: QtBot) -> None:
    tab, _ = make(qtbot)
    tab.post_call.seconds_spin.setValue(99999)
    assert tab.post_call.seconds_spin.value() == 3600


def test_a_refused_post_call_save_is_explained(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    tab, service = make(qtbot)
    service.finished.emit(settings_api.DISTRIBUTION, (1, DistributionSettingsBody()))
    tab.post_call.save_button.click()
    service.failed.emit(
        settings_api.DISTRIBUTION_SAVED,
        ForbiddenError("m", body=ErrorBody(code=ErrorCode.FORBIDDEN, message="m"), status=403),
    )
    assert not tab.post_call.notice.isHidden()
    assert (
        "не разрешено" in tab.post_call.notice.text().lower()
        or "запрещ" in tab.post_call.notice.text().lower()
    )


def test_missed_rules_load_and_allow_at_most_ten_conditions_of_seven_days(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    page = tab.missed
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
    service.finished.emit(settings_api.MISSED_RULES, MissedRules(items=[]))
    tab.missed.add_row("all", 2)
    tab.missed.add_row("all", 5)
    tab.missed.save_button.click()
    assert "save_missed_rules" not in service.names()
    assert not tab.missed.notice.isHidden()


def test_missed_rules_are_saved_as_edited(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    service.finished.emit(settings_api.MISSED_RULES, MissedRules(items=[]))
    tab.missed.add_row("ivr", 1)
    tab.missed.add_row("group:1", 7)
    tab.missed.save_button.click()
    (body,) = service.last("save_missed_rules")
    assert [(r.target, r.days) for r in body.items] == [("ivr", 1), ("group:1", 7)]
