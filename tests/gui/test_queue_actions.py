"""«Перехватить» and «Повесить трубку» on a waiting call (MW-33): offered by permission, sent to the server,
a refusal shown in the panel in the user's language."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from app.protocol.errors import ErrorBody
from app.services.call_center import CallCenterActions, CallCenterSync
from app.services.errors import ForbiddenError
from app.state.calls import CallPhase, MissedStore
from app.state.queue import QueueEntry, QueueSnapshot, QueueStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_calls import cc_offer
from tests.gui.test_main_window import ME
from tests.gui.test_panels import make_window
from ui.main_window import _allow_queue_actions
from ui.panels import QueuePanel


class Api:
    def __init__(self, refuse: bool = False) -> None:
        self.requests: list[tuple[str, int]] = []
        self.refuse = refuse

    async def call_action(self, call_id: int, action: str) -> None:
        self.requests.append((action, call_id))
        if self.refuse:
            body = ErrorBody(code="forbidden", message="this queue is outside your scope")
            raise ForbiddenError("POST: forbidden", body=body, status=403)


def _panel(qtbot: QtBot, api: Api) -> tuple[QueuePanel, QueueStore, CallCenterActions]:
    store = QueueStore()
    actions = CallCenterActions(missed=MissedStore(), queue=store)
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    panel = QueuePanel(queue=store)
    qtbot.addWidget(panel)
    now = datetime.now(UTC)
    store.set(
        QueueSnapshot(
            calls=(
                QueueEntry(31, "79160000031", "Продажи", now - timedelta(seconds=50)),
                QueueEntry(32, "79160000032", "Продажи", now - timedelta(seconds=10)),
            ),
            loaded=True,
        )
    )
    return panel, store, actions


def test_intercept_and_hang_up_go_to_the_server_for_the_rows_call(qtbot: QtBot) -> None:
    api = Api()
    panel, _store, _actions = _panel(qtbot, api)
    panel.may_hang_up = True
    menu = panel.menu_for(1)
    assert panel.intercept_action.isEnabled()
    assert panel.hangup_action.isEnabled()
    assert menu.actions() == [panel.intercept_action, panel.transfer_action, panel.hangup_action]
    panel.choose(1, panel.intercept_action)
    panel.choose(0, panel.hangup_action)
    assert api.requests == [("intercept", 32), ("hangup", 31)]


def test_an_operator_may_intercept_but_not_hang_up_others_calls(qtbot: QtBot) -> None:
    api = Api()
    panel, _store, _actions = _panel(qtbot, api)
    operator = ME.model_copy(
        update={"permission_scopes": {"calls.group_queue": "OWN-GRP", "calls.monitor": "N"}}
    )
    _allow_queue_actions(panel, operator)
    panel.menu_for(0)
    assert panel.intercept_action.isEnabled()
    assert not panel.hangup_action.isEnabled()
    panel.choose(0, panel.hangup_action)
    assert api.requests == []
    supervisor = ME.model_copy(
        update={"permission_scopes": {"calls.group_queue": "OWN-GRP", "calls.monitor": "CTRL"}}
    )
    _allow_queue_actions(panel, supervisor)
    panel.menu_for(0)
    assert panel.hangup_action.isEnabled()


def test_a_refusal_is_shown_under_the_list(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    api = Api(refuse=True)
    panel, _store, _actions = _panel(qtbot, api)
    assert panel.intercept_action.text() == "Перехватить"
    panel.choose(0, panel.intercept_action)
    assert api.requests == [("intercept", 31)]
    assert not panel.error_label.isHidden()
    assert panel.error_label.text().startswith("Вызов из очереди не обработан")


def test_a_refused_call_operation_is_told_in_the_main_window(
    qtbot: QtBot, use_language: Callable[[str], None], phone: Phone
) -> None:
    use_language("ru")
    api = Api(refuse=True)
    actions = CallCenterActions(missed=phone.desk.missed, queue=phone.desk.queue)
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    CallCenterSync(calls=phone.calls, actions=actions)
    phone.bridge.call_center = actions
    window = make_window(qtbot, FakeSession(), phone)
    phone.calls.upsert(replace(cc_offer(), phase=CallPhase.TALKING))
    phone.bridge.toggle_hold("cc:42")
    assert api.requests == [("hold", 42)]
    assert not window.notice.isHidden()
    assert window.notice.text().startswith("Операция со звонком не выполнена")
