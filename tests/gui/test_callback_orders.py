"""«Заказы обратного звонка» (MW-35) against the real server: two operators' clients in this process, each
with its real session, API, realtime channel and queue panel; orders are left through the REST API.

The tab's list and count change only through ``callback.changed`` events. «Позвонить» locks the order for
the other operator (their button is disabled and names who is calling); the call's outcome ends the attempt:
a conversation completes the order, a number the softphone cannot call releases it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from app.services.api import ApiClient
from app.services.call_center import CallCenterSync
from app.services.callbacks import CallbackOrders
from app.services.realtime import Backoff, RealtimeClient
from app.services.session import SessionService
from app.services.softphone_bridge import SoftphoneBridge
from app.settings.paths import SettingsPaths
from app.settings.secrets import SecretStore
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore, MissedStore
from app.state.connection import ConnectionStore
from app.state.presence import PresenceStore
from app.state.queue import QueueStore
from app.state.session import SessionStore
from app.state.status import StatusStore
from tests.e2e.conftest import READY, free_port
from tests.gui.live_client import _NoKeyring, until
from ui.callback_orders import HOLDER
from ui.panels import QueuePanel

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "PultDemo1"
OP1_NAME = "Иванова Анна Сергеевна"


class Server:
    """``python -m app.server --demo --switch none`` on a free port."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure", "PYTHONUNBUFFERED": "1"}
        data_dir.mkdir(parents=True)
        self._log = (data_dir.parent / "server.log").open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.server",
                "--demo",
                "--demo-password",
                PASSWORD,
                "--switch",
                "none",
                "--port",
                str(self.port),
                "--data-dir",
                str(data_dir),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 60
        for line in self.proc.stdout:
            if line.startswith(READY) or time.monotonic() > deadline:
                break
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        self.http = httpx.Client(base_url=f"{self.url}/api/v1", timeout=30)

    def token(self, login: str) -> str:
        answer = self.http.post("/auth/login", json={"login": f"300000001/{login}", "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def stop(self) -> None:
        self.http.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    proc = Server(tmp_path / "data")
    try:
        yield proc
    finally:
        proc.stop()


class Operator:
    """One operator's client: session, realtime events, the callbacks service and the queue panel."""

    def __init__(self, home: Path, dial: Callable[[Operator, str], bool] | None = None) -> None:
        self.session_store = SessionStore()
        self.session = SessionService(
            paths=SettingsPaths(config_dir=home / "config", state_dir=home / "state"),
            secrets=SecretStore(backend=_NoKeyring()),
            session_store=self.session_store,
            status_store=StatusStore(),
            presence_store=PresenceStore(),
            connection_store=ConnectionStore(),
            api_factory=lambda server: ApiClient(server=server),
            realtime_factory=lambda url, token, handler: RealtimeClient(
                url=url, token=token, handler=handler, backoff=Backoff(initial=0.2, maximum=2.0)
            ),
        )
        self.calls, self.queue = CallsStore(), QueueStore()
        # No softphone engine: the bridge refuses every dial as the real one does when it cannot call.
        self.bridge = SoftphoneBridge(calls=self.calls, missed=MissedStore())
        self.dialled: list[str] = []

        def dial_with(text: str) -> bool:
            self.dialled.append(text)
            return self.bridge.dial(text) if dial is None else dial(self, text)

        self.orders = CallbackOrders(
            store=self.queue.callbacks,
            calls=self.calls,
            dial=dial_with,
            dial_failed=self.bridge.operation_failed,
            me=self._me,
        )
        self.orders.bind(api=lambda: self.session.api, spawn=self.session.spawn)
        self.session.call_center = CallCenterSync(calls=self.calls)
        self.session.call_center.callbacks = self.orders
        self.session.logged_in.connect(lambda _me: self.orders.refresh())
        self.panel = QueuePanel(queue=self.queue)

    def _me(self) -> int | None:
        me = self.session_store.snapshot.me
        return None if me is None else me.employee_id

    async def login(self, url: str, login: str) -> None:
        self.session.start_login(
            server=url, login=f"300000001/{login}", password=PASSWORD, status="keep", remember=False
        )
        await until(lambda: self.queue.callbacks.snapshot.loaded, 30, f"{login} signed in")

    @property
    def tab_title(self) -> str:
        return self.panel.tabs.tabText(1)

    def button_enabled(self, order_id: int) -> bool:
        button = self.panel.callbacks_view.buttons.get(order_id)
        return button is not None and button.isEnabled()


class Phone:
    """A stand-in softphone call the test ends: ringing out, answered, hung up, as the bridge reports it."""

    def __init__(self) -> None:
        self.hang_up = asyncio.Event()

    def dial(self, op: Operator, number: str) -> bool:
        call = CallSnapshot(
            key="sip:1", origin=CallOrigin.SIP, phase=CallPhase.DIALING, incoming=False, remote=number
        )

        async def call_goes_on() -> None:
            op.calls.upsert(call)
            await asyncio.sleep(0.2)
            op.calls.upsert(replace(call, phase=CallPhase.TALKING, connected_at=datetime.now(UTC)))
            await self.hang_up.wait()
            op.calls.upsert(replace(call, phase=CallPhase.ENDED, end_reason="call.ended"))

        op.session.spawn(call_goes_on())
        return True


Scenario = Callable[["Operator", "Operator"], Any]


def _run_clients(qapp: QApplication, tmp_path: Path, scenario: Scenario, **dials: Any) -> None:
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    op1 = Operator(tmp_path / "op1", dials.get("op1"))
    op2 = Operator(tmp_path / "op2", dials.get("op2"))

    async def stop() -> None:
        for op in (op1, op2):
            await op.session.shutdown()

    try:
        loop.run_until_complete(scenario(op1, op2))
    finally:
        try:
            loop.run_until_complete(stop())
        finally:
            loop.close()
            asyncio.set_event_loop(None)
            del loop
            # Released here, on the main thread: left to the garbage collector, the closed loop's Qt
            # timers and these objects could die on another thread of a later test (a softphone's).
            for op in (op1, op2):
                op.panel.close()
                for obj in (op.panel, op.orders, op.session, op.bridge, op.queue, op.calls):
                    Shiboken.delete(obj)
            gc.collect()


def _leave_order(server: Server, admin: dict[str, str], phone: str) -> int:
    groups = server.http.get("/groups", headers=admin).json()["items"]
    sales = next(g["id"] for g in groups if g["name"] == "Продажи")
    answer = server.http.post(
        "/callbacks", headers=admin, json={"phone": phone, "group_id": sales, "widget": "Сайт"}
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_a_claimed_order_is_locked_for_the_other_operator_and_a_conversation_completes_it(
    qapp: QApplication, server: Server, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {server.token('admin')}"}
    phone = Phone()

    async def scenario(op1: Operator, op2: Operator) -> None:
        await op1.login(server.url, "op1")
        await op2.login(server.url, "op2")
        assert op1.tab_title == op2.tab_title == "Callback orders (0)"
        first = _leave_order(server, admin, "+79990001122")
        second = _leave_order(server, admin, "+79990003344")
        for op in (op1, op2):  # pushed by callback.changed: nobody refreshed by hand
            await until(lambda op=op: op.tab_title == "Callback orders (2)", 15, "both orders shown")
        assert op2.panel.callbacks_view.cell(first, 1) == "+79990001122"
        assert op2.button_enabled(first)

        op1.panel.callbacks_view.press(first)
        await until(lambda: op2.panel.callbacks_view.cell(first, HOLDER) == OP1_NAME, 15, "op2 sees the lock")
        assert not op2.button_enabled(first)
        assert op2.button_enabled(second)
        op2.panel.callbacks_view.press(first)  # a disabled button does nothing
        assert op2.dialled == []

        # Pressed at the same moment elsewhere: the server refuses, and says who is calling.
        op2.queue.callbacks.request_call(first)
        await until(lambda: not op2.panel.callbacks_view.error_label.isHidden(), 15, "refusal shown")
        assert OP1_NAME in op2.panel.callbacks_view.error_label.text()
        assert op2.dialled == []

        # op1's call was answered, then ended: the order is done and leaves both lists.
        await until(lambda: op1.calls.snapshot.get("sip:1") is not None, 15, "op1 is calling")
        assert op1.queue.callbacks.snapshot.orders[0].mine
        assert op1.panel.callbacks_view.cell(first, HOLDER) == "You"
        phone.hang_up.set()
        for op in (op1, op2):
            await until(lambda op=op: op.tab_title == "Callback orders (1)", 15, "the completed order left")
        assert op1.dialled == ["+79990001122"]
        assert op1.orders.calling is None
        remaining = [o.id for o in op2.queue.callbacks.snapshot.orders]
        assert remaining == [second]

    _run_clients(qapp, tmp_path, scenario, op1=phone.dial)


def test_a_number_the_softphone_cannot_call_releases_the_order_for_everyone(
    qapp: QApplication, server: Server, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {server.token('admin')}"}

    async def scenario(op1: Operator, op2: Operator) -> None:
        await op1.login(server.url, "op1")
        await op2.login(server.url, "op2")
        order = _leave_order(server, admin, "+79990005566")
        await until(lambda: op2.button_enabled(order), 15, "op2 sees the order")

        op1.panel.callbacks_view.press(order)  # the real bridge, no engine: the dial is refused
        await until(lambda: not op1.panel.callbacks_view.error_label.isHidden(), 15, "failure shown")
        assert op1.dialled == ["+79990005566"]
        await until(lambda: op1.queue.callbacks.snapshot.orders[0].attempts == 1, 15, "the attempt counted")
        entry = op2.queue.callbacks.snapshot.orders[0]
        await until(lambda: op2.queue.callbacks.snapshot.orders[0].attempts == 1, 15, "op2 sees the attempt")
        assert entry.holder_id is None
        assert op2.button_enabled(order)
        assert op1.button_enabled(order)
        assert op2.tab_title == "Callback orders (1)"

    _run_clients(qapp, tmp_path, scenario)
