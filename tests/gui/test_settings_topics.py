"""«Справочник тематик обращений»: the tree follows the server and every edit is written at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.protocol.calls import TopicInfo, TopicList
from app.protocol.errors import ErrorBody, ErrorCode
from app.services import settings_api
from app.services.errors import ConflictError
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.topics_tab import TopicsTab

TREE = TopicList(
    items=[
        TopicInfo(id=1, name="Оплата", parent_id=None, folder=True),
        TopicInfo(id=2, name="Возврат", parent_id=1, folder=False),
        TopicInfo(id=3, name="Консультация", parent_id=None, folder=False),
    ]
)


def make(qtbot: QtBot) -> tuple[TopicsTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = TopicsTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    service.finished.emit(settings_api.TOPICS, TREE)
    return tab, service


def test_the_tree_shows_folders_with_their_topics(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    assert service.names() == ["load_topics"]
    assert tab.tree.topLevelItemCount() == 2
    folder = tab.item_by_id(1)
    assert folder is not None
    assert folder.child(0).text(0) == "Возврат"


def test_enter_creates_a_topic_as_the_last_child_of_the_current_folder(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.tree.setCurrentItem(tab.item_by_id(2))
    tab.name_edit.setText(" Частичный  возврат ")
    qtbot.keyClick(tab.name_edit, Qt.Key.Key_Return)
    (body,) = service.last("create_topic")
    assert (body.name, body.parent_id, body.folder) == ("Частичный возврат", 1, False)


def test_an_empty_name_is_not_sent(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.create_folder_button.click()
    assert "create_topic" not in service.names()
    assert not tab.notice.isHidden()


def test_renaming_in_place_is_saved(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    item = tab.item_by_id(3)
    assert item is not None
    item.setText(0, "Консультация по тарифам")
    topic_id, body = service.last("update_topic")
    assert (topic_id, body.name) == (3, "Консультация по тарифам")


def test_a_refused_rename_is_explained_and_the_tree_reloaded(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    item = tab.item_by_id(3)
    assert item is not None
    item.setText(0, "Оплата")
    body = ErrorBody(code=ErrorCode.CONFLICT, message="m", detail={"field": "name"})
    service.failed.emit(settings_api.TOPIC_SAVED, ConflictError("m", body=body, status=409))
    assert not tab.notice.isHidden()
    assert service.names()[-1] == "load_topics"


def test_deleting_a_topic_used_on_calls_asks_and_then_forces(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab, service = make(qtbot)
    tab.tree.setCurrentItem(tab.item_by_id(1))
    tab.delete_button.click()
    assert service.last("delete_topic") == (1, False)
    asked: list[Any] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.Yes)
    body = ErrorBody(code=ErrorCode.CONFLICT, message="m", detail={"field": "in_use", "calls": 3})
    service.failed.emit(settings_api.TOPIC_DELETED, ConflictError("m", body=body, status=409))
    assert asked
    assert service.last("delete_topic") == (1, True)
