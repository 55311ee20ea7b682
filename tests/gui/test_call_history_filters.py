"""«История вызовов» filters: «По сотруднику» / «По группе» with the lists the server offers, kept per
account (CH-08), and «Период» (CH-10): presets load at once, «Произвольный» at most a month on
«Обновить», and each sign-in starts again at «Последние 2 дня» (CH-02)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.services.api import ApiClient
from app.services.call_history import CallHistoryService
from app.settings.paths import SettingsPaths
from app.state.calls import TopicsStore
from app.state.session import SessionSnapshot, SessionStore
from tests.gui.test_main_window import ME
from tests.unit.test_call_history import row
from ui.call_history_edit import CommentDialog, TopicsDialog
from ui.call_history_model import COLUMNS
from ui.call_history_panel import CallHistoryPanel

SALES, SUPPORT = 10, 11
IVANOVA, PETROV = 1, 2


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


class FilterServer:
    """``GET /api/v1/history`` of a supervisor (``ME``): the calls of one employee or one group, the
    choices with every page, 403 for an employee or group outside the scope."""

    def __init__(self, *, employees: list[tuple[int, str]], groups: list[tuple[int, str]]) -> None:
        self.employees = employees
        self.groups = groups
        calls = [(IVANOVA, SALES), (PETROV, SALES), (ME.employee_id, SUPPORT), (IVANOVA, SUPPORT)]
        self.rows = [
            row(n) | {"operators": [who], "group_id": group} for n, (who, group) in enumerate(calls, start=1)
        ]
        self.asked: list[dict[str, str]] = []
        self.saved: list[tuple[int, dict[str, Any]]] = []
        self.refuse_edits = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":  # /api/v1/calls/{id}/wrapup: an operator of the call only
            call_id = int(request.url.path.split("/")[-2])
            [call] = [r for r in self.rows if r["call_id"] == call_id]
            if self.refuse_edits or ME.employee_id not in call["operators"]:
                return self._refused()
            body = json.loads(request.content)
            self.saved.append((call_id, body))
            call.update(body)
            return httpx.Response(204)
        query = {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}
        self.asked.append(query)
        items = self.rows
        if "employee_id" in query:
            who = int(query["employee_id"])
            if who not in [i for i, _ in self.employees]:
                return self._refused()
            items = [r for r in items if who in r["operators"]]
        if "group_id" in query:
            group = int(query["group_id"])
            if group not in [i for i, _ in self.groups]:
                return self._refused()
            items = [r for r in items if r["group_id"] == group]
        return httpx.Response(
            200,
            json={
                "items": items[: int(query["limit"])],
                "employees": [{"id": i, "name": n} for i, n in self.employees],
                "groups": [{"id": i, "name": n} for i, n in self.groups],
            },
        )

    @staticmethod
    def _refused() -> httpx.Response:
        body = {
            "code": "forbidden",
            "message": "outside your scope (reports.incoming_service)",
            "detail": {"permission": "reports.incoming_service"},
        }
        return httpx.Response(403, json=body)


SUPERVISOR_VIEW = {
    "employees": [
        (IVANOVA, "Иванова Анна Сергеевна"),
        (PETROV, "Петров Дмитрий"),
        (ME.employee_id, ME.full_name),
    ],
    "groups": [(SUPPORT, "Поддержка"), (SALES, "Продажи")],
}


def open_panel(
    qtbot: QtBot, tmp_path: Path, server: Callable[[httpx.Request], httpx.Response]
) -> tuple[CallHistoryPanel, CallHistoryService, SettingsPaths]:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    service = CallHistoryService(
        api=lambda: api,
        spawn=run_now,
        limit=lambda: 1000,
        account_file=lambda: paths.account_file("http://h:1", ME.login),
        me=lambda: ME.employee_id,
    )
    store = SessionStore()
    store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    topics = TopicsStore()
    topics.set(((20, "Продажи / Заказ"), (21, "Продажи / Возврат")))
    panel = CallHistoryPanel(service=service, session=store, topics=topics)
    qtbot.addWidget(panel)
    panel.show()
    return panel, service, paths


def ids(panel: CallHistoryPanel) -> list[int]:
    return [panel.model.row(r).call_id for r in range(panel.model.rowCount())]


def combo_items(panel: CallHistoryPanel) -> list[tuple[str, object]]:
    combo = panel.filter_combo
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def pick(combo: QComboBox, data: object) -> None:
    """As the user choosing an item: it becomes current, then ``activated``."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def test_the_current_user_is_the_default_and_a_group_chosen_is_kept_for_the_account(
    qtbot: QtBot, tmp_path: Path
) -> None:
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, _, paths = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])  # the supervisor's own call

    assert server.asked[0]["employee_id"] == str(ME.employee_id)
    yesterday = date.today() - timedelta(days=1)
    assert datetime.fromisoformat(server.asked[0]["since"]) == local_midnight(yesterday)
    assert panel.by_employee.isChecked()
    assert not panel.by_group.isHidden()
    assert combo_items(panel)[0] == ("All employees", 0)
    assert panel.filter_combo.currentData() == ME.employee_id
    assert panel.period_combo.currentText() == "Last 2 days"

    pick(panel.filter_combo, IVANOVA)
    qtbot.waitUntil(lambda: ids(panel) == [1, 4])
    pick(panel.filter_combo, 0)
    qtbot.waitUntil(lambda: ids(panel) == [1, 2, 3, 4])
    assert "employee_id" not in server.asked[-1]

    panel.by_group.click()  # «Все группы» first: two groups are in scope
    qtbot.waitUntil(
        lambda: combo_items(panel) == [("All groups", 0), ("Поддержка", SUPPORT), ("Продажи", SALES)]
    )
    pick(panel.filter_combo, SALES)
    qtbot.waitUntil(lambda: ids(panel) == [1, 2])
    assert server.asked[-1]["group_id"] == str(SALES)
    saved = paths.account_file("http://h:1", ME.login).load()
    assert (saved.history_by, saved.history_group_id, saved.history_employee_id) == ("group", SALES, 0)

    again, _, _ = open_panel(qtbot, tmp_path, server)  # the next start of the client
    qtbot.waitUntil(lambda: ids(again) == [1, 2])
    assert again.by_group.isChecked()
    assert again.filter_combo.currentText() == "Продажи"


def test_an_employee_has_no_group_filter_and_only_themselves(qtbot: QtBot, tmp_path: Path) -> None:
    server = FilterServer(employees=[(ME.employee_id, ME.full_name)], groups=[])
    panel, _, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])
    assert panel.by_group.isHidden()
    assert combo_items(panel) == [(ME.full_name, ME.employee_id)]
    assert not panel.filter_combo.isEnabled()


def test_a_kept_choice_outside_the_scope_now_falls_back_to_the_user(qtbot: QtBot, tmp_path: Path) -> None:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    file = paths.account_file("http://h:1", ME.login)
    file.save(file.load().model_copy(update={"history_by": "employee", "history_employee_id": 99}))
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, _, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])
    # Until the server names the choices the user's own calls are asked for; 99 is not among them.
    assert [q["employee_id"] for q in server.asked] == [str(ME.employee_id)]
    assert panel.filter_combo.currentData() == ME.employee_id


def test_the_presets_load_at_once_and_a_custom_period_is_at_most_a_month(
    qtbot: QtBot, tmp_path: Path
) -> None:
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, service, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: len(server.asked) == 1)
    today = date.today()

    pick(panel.period_combo, "month")
    qtbot.waitUntil(lambda: len(server.asked) == 2)
    assert datetime.fromisoformat(server.asked[-1]["since"]) == local_midnight(today.replace(day=1))
    assert "until" not in server.asked[-1]
    pick(panel.period_combo, "today")
    qtbot.waitUntil(lambda: len(server.asked) == 3)
    assert datetime.fromisoformat(server.asked[-1]["since"]) == local_midnight(today)
    pick(panel.period_combo, "week")
    qtbot.waitUntil(lambda: len(server.asked) == 4)
    monday = today - timedelta(days=today.weekday())
    assert datetime.fromisoformat(server.asked[-1]["since"]) == local_midnight(monday)

    pick(panel.period_combo, "custom")
    assert panel.date_from.isVisible()
    assert len(server.asked) == 4  # «Произвольный» waits for «Обновить»
    panel.date_from.setDate(QDate(2026, 1, 10))
    panel.date_to.setDate(QDate(2026, 2, 20))
    panel.refresh_button.click()
    assert "longer than a month" in panel.summary.text()
    assert len(server.asked) == 4
    assert panel.date_to.date() == QDate(2026, 2, 20)  # nothing lost: the user corrects the date
    panel.date_to.setDate(QDate(2026, 2, 10))
    panel.refresh_button.click()
    qtbot.waitUntil(lambda: len(server.asked) == 5)
    assert datetime.fromisoformat(server.asked[-1]["since"]) == local_midnight(date(2026, 1, 10))
    assert datetime.fromisoformat(server.asked[-1]["until"]) == local_midnight(date(2026, 2, 11))
    panel.date_to.setDate(QDate(2026, 1, 9))
    panel.refresh_button.click()
    assert "ends before it begins" in panel.summary.text()

    service.clear()  # signed out; the next sign-in starts at «Последние 2 дня»
    panel.hide()
    panel.show()
    qtbot.waitUntil(lambda: len(server.asked) == 6)
    assert panel.period_combo.currentData() == "last_2_days"
    assert not panel.date_from.isVisible()
    yesterday = today - timedelta(days=1)
    assert datetime.fromisoformat(server.asked[-1]["since"]) == local_midnight(yesterday)


def test_the_filters_speak_russian_with_the_spec_labels(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, _, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])
    assert (panel.by_employee.text(), panel.by_group.text()) == ("По сотруднику", "По группе")
    assert panel.period_label.text() == "Период"
    periods = [panel.period_combo.itemText(i) for i in range(panel.period_combo.count())]
    assert periods == ["Последние 2 дня", "Текущий день", "Текущая неделя", "Текущий месяц", "Произвольный"]
    assert combo_items(panel)[0] == ("Все сотрудники", 0)
    panel.by_group.click()
    qtbot.waitUntil(lambda: combo_items(panel)[0] == ("Все группы", 0))


def menu_action(panel: CallHistoryPanel, row: int, name: str) -> QAction:
    [action] = [a for a in panel.menu_for(panel.model.index(row, 0)).actions() if a.objectName() == name]
    return action


def cell(panel: CallHistoryPanel, row: int, key: str) -> str:
    return str(panel.model.index(row, COLUMNS.index(key)).data())


def test_an_operator_of_the_call_edits_and_deletes_its_topics_and_comment(
    qtbot: QtBot, tmp_path: Path
) -> None:
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, service, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])

    menu_action(panel, 0, "edit_topics").trigger()
    dialog = panel.edit_dialog
    assert isinstance(dialog, TopicsDialog)
    assert [dialog.list.item(n).text() for n in range(dialog.list.count())] == [
        "Продажи / Возврат",
        "Продажи / Заказ",
    ]
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: cell(panel, 0, "topic") == "Продажи / Заказ; Продажи / Возврат")
    assert server.saved[-1] == (3, {"topic_ids": [20, 21], "comment": ""})
    assert panel.summary.text() == "Saved."

    menu_action(panel, 0, "edit_comment").trigger()
    comment = panel.edit_dialog
    assert isinstance(comment, CommentDialog)
    comment.edit.setPlainText("x" * 2001)
    comment.save_button.click()
    assert "too long" in comment.message.text()
    assert comment.isVisible()  # nothing lost: the text stays to be shortened
    assert len(server.saved) == 1
    comment.edit.setPlainText("Перезвонить в пятницу")
    comment.save_button.click()
    qtbot.waitUntil(lambda: cell(panel, 0, "comment") == "Перезвонить в пятницу")
    assert server.saved[-1] == (3, {"topic_ids": [20, 21], "comment": "Перезвонить в пятницу"})
    assert service.rows[0].comment == "Перезвонить в пятницу"

    menu_action(panel, 0, "edit_topics").trigger()
    topics = panel.edit_dialog
    assert isinstance(topics, TopicsDialog)
    topics.delete_button.click()  # «Удалить»: no topics, the comment stays
    qtbot.waitUntil(lambda: cell(panel, 0, "topic") == "")
    assert server.saved[-1] == (3, {"topic_ids": [], "comment": "Перезвонить в пятницу"})
    menu_action(panel, 0, "edit_comment").trigger()
    comment = panel.edit_dialog
    assert isinstance(comment, CommentDialog)
    comment.delete_button.click()
    qtbot.waitUntil(lambda: cell(panel, 0, "comment") == "")
    assert server.saved[-1] == (3, {"topic_ids": [], "comment": ""})


def test_someone_elses_call_cannot_be_edited_and_a_refusal_is_told(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    server = FilterServer(**SUPERVISOR_VIEW)
    panel, _, _ = open_panel(qtbot, tmp_path, server)
    qtbot.waitUntil(lambda: ids(panel) == [3])
    pick(panel.filter_combo, 0)  # «Все сотрудники»
    qtbot.waitUntil(lambda: ids(panel) == [1, 2, 3, 4])
    others = menu_action(panel, 0, "edit_comment")
    assert others.text() == "Изменить комментарий"
    assert not others.isEnabled()
    assert others.toolTip() == "Тематику и комментарий вызова может изменить только его оператор."
    assert not menu_action(panel, 0, "edit_topics").isEnabled()

    server.refuse_edits = True  # the server has the last word (a role changed meanwhile)
    mine = menu_action(panel, 2, "edit_comment")
    assert mine.isEnabled()
    mine.trigger()
    dialog = panel.edit_dialog
    assert isinstance(dialog, CommentDialog)
    dialog.edit.setPlainText("Новый")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Не сохранено:"))
    assert "только его оператор" in panel.summary.text()
    assert cell(panel, 2, "comment") == ""
