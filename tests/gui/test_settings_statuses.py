"""«Статусы сотрудников»: the form writes through the service and shows refusals next to the field."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.protocol.errors import ErrorBody, ErrorCode
from app.protocol.status import StatusColor, StatusDefinition
from app.services import settings_api
from app.services.errors import ConflictError, LimitReachedError
from tests.gui.settings_fake import FakeSettingsService
from tests.gui.test_status_control import definitions
from ui.settings.statuses_tab import StatusesTab


def custom(key: str, name: str, *, synonym: str = "") -> StatusDefinition:
    return StatusDefinition(
        key=key,
        name=name,
        builtin=False,
        color=StatusColor.PINK,
        synonym=synonym,
        receives_group_calls=False,
        receives_direct_calls=True,
        receives_campaign_calls=False,
        base="break",
    )


def make(qtbot: QtBot, *extra: StatusDefinition) -> tuple[StatusesTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = StatusesTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    service.finished.emit(settings_api.STATUSES, [*definitions(), *extra])
    return tab, service


def test_the_tab_asks_for_the_statuses_and_lists_only_the_custom_ones(qtbot: QtBot) -> None:
    tab, service = make(qtbot, custom("custom-1", "Обед"))
    assert service.names() == ["load_statuses"]
    assert [tab.status_list.item(i).text() for i in range(tab.status_list.count())] == ["Обед"]
    assert "1" in tab.counter.text()
    assert "30" in tab.counter.text()


def test_a_new_status_is_sent_with_its_colour_base_and_synonym(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.name_edit.setText("  Тренинг ")
    next(b for b in tab.colors.buttons() if b.property("color") == "purple").click()
    tab.base_combo.setCurrentIndex(tab.base_combo.findData("all_calls"))
    tab.synonym_edit.setText("training")
    assert tab.group_calls_check.isChecked()
    tab.save_button.click()
    (body,) = service.last("create_status")
    assert (body.name, body.color, body.base, body.synonym) == (
        "Тренинг",
        StatusColor.PURPLE,
        "all_calls",
        "training",
    )


def test_a_synonym_is_cut_at_twenty_characters(qtbot: QtBot) -> None:
    tab, _ = make(qtbot)
    tab.synonym_edit.setText("x" * 25)
    assert len(tab.synonym_edit.text()) == 20


def test_an_empty_name_is_refused_before_asking_the_server(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab, service = make(qtbot)
    tab.save_button.click()
    assert "create_status" not in service.names()
    assert not tab.name_error.isHidden()
    assert tab.name_error.text() == "Заполните это поле."


def test_a_taken_synonym_shows_under_the_synonym_and_keeps_the_edits(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab, service = make(qtbot)
    tab.name_edit.setText("Ужин")
    tab.synonym_edit.setText("lunch")
    tab.save_button.click()
    body = ErrorBody(code=ErrorCode.CONFLICT, message="m", detail={"field": "synonym"})
    service.failed.emit(settings_api.STATUS_SAVED, ConflictError("m", body=body, status=409))
    assert tab.synonym_error.text() == "Другой статус уже использует этот синоним."
    assert tab.name_error.isHidden()
    assert (tab.name_edit.text(), tab.synonym_edit.text()) == ("Ужин", "lunch")
    assert tab.save_button.isEnabled()


def test_the_limit_of_thirty_is_shown_in_english_too(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    tab, service = make(qtbot)
    tab.name_edit.setText("Extra")
    tab.save_button.click()
    body = ErrorBody(code=ErrorCode.LIMIT_REACHED, message="m", detail={"limit": 30})
    service.failed.emit(settings_api.STATUS_SAVED, LimitReachedError("m", body=body, status=409))
    assert tab.form_error.text() == "The limit is reached: at most 30."
    assert tab.name_edit.text() == "Extra"


def test_with_thirty_statuses_a_new_one_is_refused_locally(qtbot: QtBot) -> None:
    tab, service = make(qtbot, *(custom(f"custom-{n}", f"S{n}") for n in range(30)))
    tab.add_button.click()
    tab.name_edit.setText("Лишний")
    tab.save_button.click()
    assert "create_status" not in service.names()
    assert not tab.form_error.isHidden()


def test_selecting_a_status_edits_it_and_delete_sends_its_key(qtbot: QtBot) -> None:
    tab, service = make(qtbot, custom("custom-7", "Обед", synonym="lunch"))
    tab.status_list.setCurrentRow(0)
    assert tab.name_edit.text() == "Обед"
    assert tab.base_combo.currentData() == "break"
    tab.name_edit.setText("Обед 2")
    tab.save_button.click()
    key, body = service.last("update_status")
    assert (key, body.name) == ("custom-7", "Обед 2")
    tab.delete_button.click()
    assert service.last("delete_status") == ("custom-7",)
    service.finished.emit(settings_api.STATUSES, list(definitions()))
    service.finished.emit(settings_api.STATUS_DELETED, "custom-7")
    assert tab.status_list.count() == 0
    assert tab.name_edit.text() == ""
