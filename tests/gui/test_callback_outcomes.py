"""How a callback attempt ends (MW-35): an unanswered call or a late softphone refusal releases the order,
a conversation completes it, and a second «Позвонить» during an attempt is refused in the panel."""

from __future__ import annotations

import gc
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from app.protocol.admin import GroupList
from app.protocol.calls import CallbackOrderInfo, CallbackOrderList
from app.protocol.errors import ErrorBody
from app.protocol.presence import ColleagueList
from app.services.callbacks import CallbackOrders
from app.services.errors import ConflictError
from app.state.callbacks import CallbackFailure, CallbackOrderEntry, CallbackSnapshot
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
from app.state.queue import QueueStore
from ui.callback_orders import HOLDER
from ui.panels import QueuePanel

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_MADE: list[QObject] = []


@pytest.fixture(autouse=True)
def _release_on_the_main_thread() -> Iterator[None]:
    """The service, its timer and the stores die here, not in a later test's garbage collection on
    another thread (a softphone's)."""
    yield
    while _MADE:
        Shiboken.delete(_MADE.pop())
    gc.collect()


class Api:
    def __init__(self, *, refuse: bool = False) -> None:
        self.actions: list[tuple[int, str]] = []
        self.refuse = refuse
        self.lists: list[CallbackOrderList] = []

    async def callback_action(self, order_id: int, action: str) -> None:
        self.actions.append((order_id, action))
        if self.refuse:
            body = ErrorBody(code="conflict", message="the order is closed", detail={"locked_by": None})
            raise ConflictError("POST: conflict", body=body, status=409)

    async def callbacks(self) -> object:
        if not self.lists:
            raise ConflictError("not in this test")
        return self.lists.pop(0)

    async def colleagues(self) -> object:
        return ColleagueList(items=[])

    async def groups(self) -> object:
        return GroupList(items=[])


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine of the service to its end at once (the fake API never waits), nested ones too."""
    try:
        coro.send(None)
    except StopIteration:
        return
    coro.close()
    raise AssertionError("the coroutine waited on something")


class Softphone(QObject):
    failed = Signal(str)

    def __init__(self, calls: CallsStore, *, start: bool) -> None:
        super().__init__()
        self.calls = calls
        self.start = start
        self.numbers: list[str] = []

    def dial(self, number: str) -> bool:
        self.numbers.append(number)
        if self.start:
            self.calls.upsert(
                CallSnapshot(
                    key="sip:7", origin=CallOrigin.SIP, phase=CallPhase.DIALING, incoming=False, remote=number
                )
            )
        return True


def _setup(
    qtbot: QtBot, api: Api, *, start: bool = True
) -> tuple[QueuePanel, CallsStore, Softphone, CallbackOrders]:
    queue, calls = QueueStore(), CallsStore()
    # A call of another kind already in the store is not the attempt.
    calls.upsert(
        CallSnapshot(
            key="cc:1", origin=CallOrigin.CONTACT_CENTER, phase=CallPhase.HELD, incoming=True, remote="1"
        )
    )
    phone = Softphone(calls, start=start)
    orders = CallbackOrders(
        store=queue.callbacks, calls=calls, dial=phone.dial, dial_failed=phone.failed, me=lambda: 5
    )
    orders.bind(api=lambda: api, spawn=run_now)  # type: ignore[arg-type]
    _MADE.extend((orders, phone, queue, calls))
    panel = QueuePanel(queue=queue)
    qtbot.addWidget(panel)
    queue.callbacks.set(
        CallbackSnapshot(
            orders=(
                CallbackOrderEntry(11, "+79990001122", "Сайт", "Продажи", NOW),
                CallbackOrderEntry(12, "+79990003344", "", "Продажи", NOW),
            ),
            loaded=True,
        )
    )
    return panel, calls, phone, orders


def test_an_unanswered_call_releases_the_order(qtbot: QtBot) -> None:
    api = Api()
    panel, calls, phone, orders = _setup(qtbot, api)
    assert panel.tabs.tabText(1) == "Callback orders (2)"
    panel.callbacks_view.press(11)
    assert phone.numbers == ["+79990001122"]
    assert orders.calling == 11
    call = calls.snapshot.get("sip:7")
    assert call is not None
    calls.upsert(replace(call, phase=CallPhase.ENDED, end_reason="call.busy"))
    assert api.actions == [(11, "claim"), (11, "release")]
    assert orders.calling is None


def test_a_conversation_completes_the_order_even_if_the_call_was_held(qtbot: QtBot) -> None:
    api = Api()
    panel, calls, _phone, _orders = _setup(qtbot, api)
    panel.callbacks_view.press(12)
    call = calls.snapshot.get("sip:7")
    assert call is not None
    calls.upsert(replace(call, phase=CallPhase.TALKING, connected_at=NOW))
    calls.upsert(replace(call, phase=CallPhase.HELD, connected_at=NOW))
    calls.remove("sip:7")
    assert api.actions == [(12, "claim"), (12, "done")]


def test_a_late_softphone_refusal_releases_the_order_and_says_so(qtbot: QtBot) -> None:
    api = Api()
    panel, _calls, phone, orders = _setup(qtbot, api, start=False)
    panel.callbacks_view.press(11)
    phone.failed.emit("call.failed")
    assert api.actions == [(11, "claim"), (11, "release")]
    assert orders.calling is None
    assert (
        panel.callbacks_view.error_label.text() == "The number could not be called; the order is free again."
    )


def test_a_second_call_back_during_an_attempt_is_refused(qtbot: QtBot) -> None:
    api = Api()
    panel, _calls, phone, _orders = _setup(qtbot, api)
    view = panel.callbacks_view
    panel.callbacks_view.press(11)
    assert not view.buttons[12].isEnabled()
    assert not view.buttons[11].isEnabled()
    assert view.cell(11, HOLDER) == ""  # the server's answer comes back as a new list
    panel._queue.callbacks.request_call(12)  # a press that got past the disabled button
    assert phone.numbers == ["+79990001122"]
    assert api.actions == [(11, "claim")]
    assert not view.error_label.isHidden()
    assert "Finish the callback" in view.error_label.text()


def test_the_holder_may_call_again_after_signing_in_anew(qtbot: QtBot) -> None:
    """A client closed during its attempt leaves the lock: its user sees «Вы» and may press again."""
    api = Api()
    panel, _calls, phone, _orders = _setup(qtbot, api)
    store = panel._queue.callbacks
    mine = CallbackOrderEntry(11, "+79990001122", "Сайт", "Продажи", NOW, holder_id=5, holder="Я", mine=True)
    theirs = CallbackOrderEntry(12, "+79990003344", "", "Продажи", NOW, holder_id=6, holder="Петров")
    store.set(CallbackSnapshot(orders=(mine, theirs), loaded=True))
    view = panel.callbacks_view
    assert view.cell(11, HOLDER) == "You"
    assert view.cell(12, HOLDER) == "Петров"
    assert view.buttons[11].isEnabled()
    assert not view.buttons[12].isEnabled()
    assert view.buttons[12].toolTip() == "Петров is calling this number"
    view.press(11)
    assert phone.numbers == ["+79990001122"]


def test_a_closed_order_is_refused_with_a_message(qtbot: QtBot) -> None:
    api = Api(refuse=True)
    panel, _calls, phone, orders = _setup(qtbot, api)
    panel.callbacks_view.press(11)
    assert phone.numbers == []
    assert orders.calling is None
    assert panel.callbacks_view.error_label.text() == "The order is already being handled or is closed."
    assert panel.callbacks_view.buttons[11].isEnabled()


def test_an_order_is_dropped_when_its_14_days_are_over(qtbot: QtBot) -> None:
    """The server stops listing an expired order without an event: the list is fetched again then."""
    api = Api()
    panel, _calls, _phone, orders = _setup(qtbot, api)
    created = datetime.now(UTC) - timedelta(days=14) + timedelta(seconds=1)
    info = CallbackOrderInfo(
        id=21,
        group_id=None,
        widget="",
        mode="manual",
        phone="+79990001122",
        created_at=created,
        state="waiting",
        locked_by=None,
        attempts=0,
    )
    api.lists = [CallbackOrderList(items=[info]), CallbackOrderList(items=[])]
    orders.refresh()
    assert panel.tabs.tabText(1) == "Callback orders (1)"
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "Callback orders (0)", timeout=15000)
    assert api.lists == []


def test_the_tab_speaks_russian(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    api = Api()
    panel, _calls, _phone, _orders = _setup(qtbot, api)
    view = panel.callbacks_view
    assert panel.tabs.tabText(1) == "Заказы обратного звонка (2)"
    assert view.buttons[11].text() == "Позвонить"
    heads = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert heads == ["Сайт (1)", "Оставлены в очереди (1)"]
    row = view.tree.topLevelItem(0).child(0)  # type: ignore[union-attr]
    assert row is not None
    assert row.toolTip(1).startswith("Заказ №11\nНомер: +79990001122\nОставлен: ")
    assert row.toolTip(1).endswith("Попыток дозвона: 0")
    panel._queue.callbacks.action_failed.emit(CallbackFailure(11, "refused", ConflictError("x"), "Петров"))
    assert view.error_label.text() == "Этому клиенту уже звонит Петров."
