"""«Перевести» from the queue (MW-33) in the transfer window: one «ОК», and a supervisor can pick only the
operators and groups they supervise (the server checks again; these tests hold the window to the spec)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.protocol.auth import GroupMembership
from app.protocol.presence import Colleague, ColleagueList, PresenceGroup
from app.services.call_center import CallCenterActions
from app.state.calls import MissedStore
from app.state.queue import QueueStore
from tests.gui.phone import Phone
from tests.gui.test_main_window import ME
from ui.main_window import _allow_queue_actions
from ui.transfer_dialog import TransferDialog


class ColleaguesApi:
    def __init__(self) -> None:
        self.requests: list[tuple[str, object]] = []

    async def colleagues(self) -> ColleagueList:
        return ColleagueList(
            items=[
                Colleague(employee_id=6, full_name="Соколов Андрей", status="online", group_ids=[]),
                Colleague(employee_id=7, full_name="Петров Дмитрий", status="online", group_ids=[3]),
                Colleague(employee_id=8, full_name="Кузнецов Михаил", status="online", group_ids=[4]),
            ],
            groups=[PresenceGroup(id=3, name="Продажи"), PresenceGroup(id=4, name="Поддержка")],
        )

    async def transfer_waiting(
        self, call_id: int, *, employee_id: int | None, group_id: int | None, number: str | None = None
    ) -> None:
        self.requests.append(("transfer_waiting", (call_id, employee_id, group_id, number)))


def _dialog(qtbot: QtBot, phone: Phone, allowed: frozenset[int] | None) -> tuple[TransferDialog, list[str]]:
    api = ColleaguesApi()
    actions = CallCenterActions(missed=MissedStore())
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    phone.bridge.call_center = actions
    chosen: list[str] = []
    dialog = TransferDialog(
        bridge=phone.bridge, key="", on_transfer=chosen.append, allowed_groups=allowed, me=6
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.colleague_list.count() == 3)
    return dialog, chosen


def _enabled(dialog: TransferDialog) -> tuple[list[bool], list[bool]]:
    on = Qt.ItemFlag.ItemIsEnabled
    people = [bool(dialog.colleague_list.item(i).flags() & on) for i in range(dialog.colleague_list.count())]
    groups = [bool(dialog.group_list.item(i).flags() & on) for i in range(dialog.group_list.count())]
    return people, groups


def test_the_queue_mode_has_one_ok_button_that_hands_over_the_target(qtbot: QtBot, phone: Phone) -> None:
    dialog, chosen = _dialog(qtbot, phone, None)
    assert dialog.ok_button.isVisibleTo(dialog)
    assert not dialog.consult_button.isVisibleTo(dialog)
    assert not dialog.blind_button.isVisibleTo(dialog)
    assert not dialog.ok_button.isEnabled()  # nothing picked yet
    dialog.colleague_list.setCurrentRow(1)
    dialog.ok_button.click()
    assert chosen == ["employee:7"]


def test_a_supervisor_picks_only_within_the_groups_they_supervise(qtbot: QtBot, phone: Phone) -> None:
    dialog, chosen = _dialog(qtbot, phone, frozenset({4}))
    # Sorted by name: Кузнецов (group 4), Петров (group 3), Соколов (me); groups: Поддержка (4), Продажи (3).
    assert [dialog.colleague_list.item(i).text().split(" — ")[0] for i in range(3)] == [
        "Кузнецов Михаил",
        "Петров Дмитрий",
        "Соколов Андрей",
    ]
    assert _enabled(dialog) == ([True, False, True], [True, False])
    dialog.colleague_list.setCurrentRow(1)
    assert not dialog.ok_button.isEnabled()
    dialog.tabs.setCurrentIndex(1)
    dialog.group_list.setCurrentRow(0)
    dialog.ok_button.click()
    assert chosen == ["group:4"]


def test_the_scope_of_calls_monitor_decides_the_groups(qtbot: QtBot, phone: Phone) -> None:
    from ui.panels import QueuePanel

    panel = QueuePanel(queue=QueueStore(), bridge=phone.bridge)
    qtbot.addWidget(panel)
    groups = [
        GroupMembership(id=3, name="Продажи", operator=True, supervisor=False),
        GroupMembership(id=4, name="Поддержка", operator=False, supervisor=True),
    ]
    supervisor = ME.model_copy(update={"groups": groups, "permission_scopes": {"calls.monitor": "CTRL"}})
    _allow_queue_actions(panel, supervisor)
    assert (panel.may_transfer, panel.transfer_groups, panel.me) == (True, frozenset({4}), ME.employee_id)
    admin = ME.model_copy(update={"groups": groups, "permission_scopes": {"calls.monitor": "ALL"}})
    _allow_queue_actions(panel, admin)
    assert (panel.may_transfer, panel.transfer_groups) == (True, None)
    operator = ME.model_copy(update={"groups": groups, "permission_scopes": {"calls.monitor": "N"}})
    _allow_queue_actions(panel, operator)
    assert not panel.may_transfer
