"""The client composed in the test process around a real server: real session, API, realtime channel,
contact-center sync, KPI service, softphone bridge and windows, on a qasync loop.

It is the composition of ``app.bootstrap.run`` without the process around it, so a GUI test can click the
real main window and call widget while everything behind them talks to a real ``python -m app.server``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

from app.services.api import ApiClient
from app.services.auto_break import AutoBreakService
from app.services.call_center import CallCenterActions, CallCenterSync
from app.services.kpi import KpiService
from app.services.outbound import OutboundLines
from app.services.realtime import Backoff, RealtimeClient
from app.services.session import SessionService
from app.services.softphone_bridge import SoftphoneBridge
from app.settings.paths import SettingsPaths
from app.settings.secrets import SecretStore
from app.state.calls import CallsStore, MissedStore, TopicsStore
from app.state.connection import ConnectionStore
from app.state.kpi import KpiStore
from app.state.presence import PresenceStore
from app.state.queue import QueueStore
from app.state.session import SessionStore
from app.state.status import StatusStore
from ui.desk import CallDesk
from ui.main_window import MainWindow
from ui.shell import ScriptedLogin, ShellController


class _NoKeyring:
    """No secrets here: «Запомнить» is off in these tests, and no real keyring is touched."""

    priority = 1

    def get_password(self, _service: str, _user: str) -> None:
        return None

    def set_password(self, _service: str, _user: str, _password: str) -> None:
        raise RuntimeError("no keyring in tests")

    def delete_password(self, _service: str, _user: str) -> None:
        return None


class LiveClient:
    """One operator's client; ``run(coro)`` drives it on the qasync loop until ``coro`` returns."""

    def __init__(self, app: QApplication, home: Path, *, engine_factory: Callable[[Any], Any]) -> None:
        self.loop = qasync.QEventLoop(app, already_running=False)
        asyncio.set_event_loop(self.loop)
        self.paths = SettingsPaths(config_dir=home / "config", state_dir=home / "state")
        self.session_store = SessionStore()
        self.status_store = StatusStore()
        self.connection_store = ConnectionStore()
        presence = PresenceStore()
        self.session = SessionService(
            paths=self.paths,
            secrets=SecretStore(backend=_NoKeyring()),
            session_store=self.session_store,
            status_store=self.status_store,
            presence_store=presence,
            connection_store=self.connection_store,
            api_factory=lambda server: ApiClient(server=server),
            realtime_factory=lambda url, token, handler: RealtimeClient(
                url=url, token=token, handler=handler, backoff=Backoff(initial=0.2, maximum=2.0)
            ),
        )
        self.shell = ShellController(
            session=self.session,
            session_store=self.session_store,
            status_store=self.status_store,
            presence_store=presence,
            connection_store=self.connection_store,
            paths=self.paths,
        )
        self.calls, self.missed, self.kpi = CallsStore(), MissedStore(), KpiStore()
        self.queue, self.topics = QueueStore(), TopicsStore()
        self.bridge = SoftphoneBridge(calls=self.calls, missed=self.missed)
        self.desk = CallDesk(
            calls=self.calls,
            missed=self.missed,
            kpi=self.kpi,
            bridge=self.bridge,
            queue=self.queue,
            topics=self.topics,
        )
        self.shell.attach_desk(self.desk)
        self.kpi_service = KpiService(store=self.kpi)
        self.kpi_service.bind(api=lambda: self.session.api, spawn=self.session.spawn)
        self.session.kpi = self.kpi_service
        self.session.logged_in.connect(lambda _me: self.kpi_service.refresh())
        self.actions = CallCenterActions(
            missed=self.missed, queue=self.queue, me=self._my_id, topics=self.topics
        )
        self.actions.bind(api=lambda: self.session.api, spawn=self.session.spawn)
        self.session.call_center = CallCenterSync(calls=self.calls, actions=self.actions)
        self.bridge.call_center = self.actions
        self.session.logged_in.connect(lambda _me: self.actions.refresh())
        self.outbound = OutboundLines(account_file=self._account_file)  # MW-19, as app.bootstrap wires it
        self.outbound.bind(api=lambda: self.session.api, spawn=self.session.spawn)
        self.bridge.outbound = self.outbound
        self.session.call_center.lines_changed = self.outbound.refresh
        self.session.logged_in.connect(lambda _me: self.outbound.refresh())
        self.session.logged_in.connect(lambda _me: self.window.line_selector.bind(self.outbound))
        self.shell.auto_break = AutoBreakService(status=self.status_store, session=self.session)
        self.engine: Any = engine_factory(self.bridge.deliver)

    def _account_file(self) -> Any:
        snapshot = self.session_store.snapshot
        return self.paths.account_file(snapshot.server, snapshot.login) if snapshot.login else None

    def _my_id(self) -> int | None:
        me = self.session_store.snapshot.me
        return None if me is None else me.employee_id

    @property
    def window(self) -> MainWindow:
        window = self.shell.main_window
        assert window is not None
        return window

    async def login(self, server: str, login: str, password: str, status: str) -> None:
        """Start the softphone and sign in through the login window, as ``main.py --login`` does.

        Everything runs inside one ``run()``: callbacks of the qasync loop that fire while it is not
        running find no running loop, and httpx refuses to work there.
        """
        self.shell.show_first(
            scripted=ScriptedLogin(server=server, login=login, password=password, status=status)
        )
        await self.loop.run_in_executor(None, self.engine.start)
        self.bridge.attach(self.engine)
        self.shell.begin()
        await until(lambda: self.shell.main_window is not None and self.session.api is not None, 30)

    def run(self, coro: Coroutine[Any, Any, None]) -> None:
        self.loop.run_until_complete(coro)

    def close(self) -> None:
        async def stop() -> None:
            await self.session.shutdown()
            await self.loop.run_in_executor(None, self.engine.stop)

        try:
            self.run(stop())
            window = self.shell.main_window
            if window is not None:
                window.hide_on_close = False
                window.close()
                window.deleteLater()
            if self.shell.tray is not None:
                self.shell.tray.hide()
        finally:
            self.loop.close()
            asyncio.set_event_loop(None)


async def until(predicate: Callable[[], bool], timeout: float, what: str = "") -> None:  # noqa: ASYNC109
    """Poll ``predicate`` on the loop (Qt and asyncio keep running) until true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what or predicate}")
        await asyncio.sleep(0.05)
