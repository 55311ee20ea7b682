"""The session use cases the UI talks to: log in (or restore a remembered session), change status, log out.

A login to an account with two-factor authentication (MW-13) stops after the password with
``two_factor_required``; the UI asks for the code and hands it to :meth:`SessionService.start_two_factor`.

The UI calls the ``start_*`` methods from Qt slots; they return at once and run the network work as
asyncio tasks on the qasync loop. Outcomes come back as signals and as new snapshots in the stores, so
widgets never await anything and tests can drive the UI with a fake of this class.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError, InvalidCredentialsError, UnauthenticatedError
from app.services.logs import event as log_event
from app.services.presence import PresenceSync
from app.settings.files import SettingsFileError
from app.state.connection import ConnectionSnapshot, ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import KEEP, StatusSnapshot, StatusStore

if TYPE_CHECKING:
    import asyncio

    from app.protocol.auth import LoginResponse, Me
    from app.protocol.events import Event
    from app.services.api import ApiClient
    from app.services.call_center import CallCenterSync
    from app.services.kpi import KpiService
    from app.services.realtime import RealtimeClient, RealtimeHandler
    from app.settings.files import VersionedFile
    from app.settings.models import AppSettings
    from app.settings.paths import SettingsPaths
    from app.settings.secrets import SecretStore

log = logging.getLogger(__name__)

CLIENT_NAME = "Pult desktop 0.1"

ApiFactory = Callable[[str], "ApiClient"]
RealtimeFactory = Callable[[str, Callable[[], str], "RealtimeHandler"], "RealtimeClient"]


class _PendingCode:
    """A password step that the server answered with a two-factor challenge (MW-13).

    A plain class: a dataclass would cost the first window its generated code at import (startup).
    """

    __slots__ = ("api", "challenge", "login", "remember", "server", "status")

    def __init__(
        self, api: ApiClient, server: str, login: str, status: str, remember: bool, challenge: str
    ) -> None:
        self.api = api
        self.server = server
        self.login = login
        self.status = status
        self.remember = remember
        self.challenge = challenge


class SessionService(QObject):
    """Owns the API client and the realtime channel of the signed-in session."""

    login_started = Signal()
    login_failed = Signal(object)
    """A :class:`ClientError`; the session did not start (or a remembered one could not be restored)."""
    logged_in = Signal(object)
    """The :class:`Me` of the new session."""
    logged_out = Signal(str)
    """``user`` (asked for), ``expired`` (the server ended the session)."""
    status_change_failed = Signal(object)
    two_factor_required = Signal(object)
    """The password was right and the account asks for a code: a :class:`TwoFactorChallenge` (MW-13)."""
    two_factor_failed = Signal(object)
    """The code was refused (wrong, locked, malformed, unreachable server); the challenge still stands.
    An expired challenge ends the login attempt with ``login_failed`` instead."""

    def __init__(
        self,
        *,
        paths: SettingsPaths,
        secrets: SecretStore,
        session_store: SessionStore,
        status_store: StatusStore,
        presence_store: PresenceStore,
        connection_store: ConnectionStore,
        api_factory: ApiFactory,
        realtime_factory: RealtimeFactory,
        call_center: CallCenterSync | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._app_file_: VersionedFile[AppSettings] | None = None
        self._secrets = secrets
        self._session = session_store
        self._status = status_store
        self._presence = PresenceSync(store=presence_store, api=lambda: self._api, spawn=self._spawn)
        self._connection = connection_store
        self._api_factory = api_factory
        self._realtime_factory = realtime_factory
        self.call_center = call_center
        self.kpi: KpiService | None = None
        """Refetches the indicators on ``kpi.changed`` and after a resync (set by the composition root)."""
        """Contact-center call events go here (set by the composition root once the first window is up)."""
        self._api: ApiClient | None = None
        self._realtime: RealtimeClient | None = None
        self._refresh_token: str | None = None
        self._remember = False
        self._pending_code: _PendingCode | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def _app_file(self) -> VersionedFile[AppSettings]:
        # Built on first use: it brings in pydantic, which the first window does not wait for.
        if self._app_file_ is None:
            self._app_file_ = self._paths.app_file()
        return self._app_file_

    # -- what the UI asks ------------------------------------------------------------------------------

    @property
    def remember_available(self) -> bool:
        return self._secrets.available

    def app_settings(self) -> AppSettings:
        return self._app_file().load()

    def remembered_account(self) -> tuple[str, str] | None:
        """``(server, login)`` when «Запомнить» was on at the last login; cheap, for the first window."""
        data = self._paths.peek_app_settings()
        server, login = data.get("last_server"), data.get("last_login")
        if (
            data.get("remember") is True
            and isinstance(server, str)
            and isinstance(login, str)
            and server
            and login
        ):
            return server, login
        return None

    def start_login(self, *, server: str, login: str, password: str, status: str, remember: bool) -> None:
        self.login_started.emit()
        self._spawn(self._login(server, login, password, status, remember))

    def start_two_factor(self, code: str) -> None:
        """Send the authenticator's code for the login waiting on it (after ``two_factor_required``)."""
        self._spawn(self._two_factor(code))

    def cancel_two_factor(self) -> None:
        """Give up the login waiting for a code (the user closed the code window)."""
        pending, self._pending_code = self._pending_code, None
        if pending is not None:
            log_event(log, "login.two_factor_cancelled", server=pending.server, login=pending.login)
            self._spawn(pending.api.aclose())

    def start_auto_login(self) -> bool:
        """Restore the remembered session (MW-11); False when there is none to restore."""
        settings = self._app_file().load()
        if not (settings.remember and settings.last_server and settings.last_login):
            return False
        token = self._secrets.refresh_token(settings.last_server, settings.last_login)
        if token is None:
            return False
        self.login_started.emit()
        self._spawn(self._restore(settings.last_server, settings.last_login, token))
        return True

    def start_status_change(self, key: str) -> None:
        if self._api is None or key == self._status.snapshot.current:
            return
        self._status.set_pending(key)
        self._spawn(self._change_status(key))

    def start_logout(self) -> None:
        self._spawn(self._logout())

    async def shutdown(self) -> None:
        """Sign out on exit (the user goes «Не в сети», spec §3.1); a remembered login stays valid."""
        import asyncio

        for task in list(self._tasks):
            task.cancel()
        pending, self._pending_code = self._pending_code, None
        if pending is not None:
            await pending.api.aclose()
        if self._realtime is not None:
            await self._realtime.stop()
            self._realtime = None
        if self._api is not None:
            with contextlib.suppress(ClientError, TimeoutError):
                await asyncio.wait_for(self._api.logout(keep_remembered=self._remember), timeout=2.0)
            await self._api.aclose()
            self._api = None

    # -- flows -----------------------------------------------------------------------------------------

    async def _login(self, server: str, login: str, password: str, status: str, remember: bool) -> None:
        from app.protocol.auth import LoginRequest, TwoFactorChallenge

        api = self._api_factory(server)
        remember = remember and self._secrets.available
        request = LoginRequest(
            login=login,
            password=password,
            status=None if status == KEEP else status,
            remember=remember,
            client=CLIENT_NAME,
        )
        try:
            answer = await api.login(request)
        except ClientError as exc:
            await api.aclose()
            log_event(log, "login.failed", server=server, login=login, error=type(exc).__name__)
            self.login_failed.emit(exc)
            return
        if isinstance(answer, TwoFactorChallenge):
            challenge = answer
            if self._pending_code is not None:
                await self._pending_code.api.aclose()
            self._pending_code = _PendingCode(api, server, login, status, remember, challenge.challenge)
            log_event(log, "login.two_factor_required", server=server, login=login)
            self.two_factor_required.emit(challenge)
            return
        self._remember_choice(server, login, status)
        await self._begin(api, server, login, answer, remember=remember)

    async def _two_factor(self, code: str) -> None:
        from app.protocol.auth import TwoFactorLoginRequest

        pending = self._pending_code
        if pending is None:
            return
        try:
            answer = await pending.api.two_factor(
                TwoFactorLoginRequest(challenge=pending.challenge, code=code.strip()[:20] or "-")
            )
        except ClientError as exc:
            log_event(log, "login.two_factor_failed", login=pending.login, error=type(exc).__name__)
            if isinstance(exc, UnauthenticatedError):  # the challenge ran out: back to the password
                if self._pending_code is pending:
                    self._pending_code = None
                await pending.api.aclose()
                self.login_failed.emit(exc)
            else:
                self.two_factor_failed.emit(exc)
            return
        if self._pending_code is not pending:  # cancelled while the code was on its way
            return
        self._pending_code = None
        self._remember_choice(pending.server, pending.login, pending.status)
        await self._begin(pending.api, pending.server, pending.login, answer, remember=pending.remember)

    async def _restore(self, server: str, login: str, token: str) -> None:
        from app.protocol.auth import RefreshRequest

        api = self._api_factory(server)
        try:
            answer = await api.refresh(RefreshRequest(refresh_token=token))
        except ClientError as exc:
            await api.aclose()
            if isinstance(exc, UnauthenticatedError | InvalidCredentialsError):
                self._secrets.forget(server, login)  # the token is dead; a stale one would fail every start
            log_event(
                log, "login.failed", server=server, login=login, error=type(exc).__name__, remembered=True
            )
            self.login_failed.emit(exc)
            return
        await self._begin(api, server, login, answer, remember=True)

    async def _begin(
        self, api: ApiClient, server: str, login: str, answer: LoginResponse, *, remember: bool
    ) -> None:
        api.token = answer.token
        self._api = api
        self._remember = remember
        self._refresh_token = answer.refresh_token if remember else None
        me = answer.me
        if remember and answer.refresh_token:
            remember = self._secrets.set_refresh_token(server, login, answer.refresh_token)
        elif not remember:
            self._secrets.forget(server, login)
        self._save_app_settings(server, login, remember)
        self._session.set(SessionSnapshot(server=server, login=login, me=me))
        self._apply_me(me)
        self._remember_statuses(server, login, me)
        log_event(
            log,
            "login.ok",
            server=server,
            login=login,
            employee_id=me.employee_id,
            role=me.role,
            status=me.status,
            remembered=remember,
        )
        self.logged_in.emit(me)
        after = await self._presence.load()
        from app.services.address import websocket_url

        self._realtime = self._realtime_factory(websocket_url(server, "/api/v1/events"), self._token, self)
        self._realtime.start(after=after)

    async def _change_status(self, key: str) -> None:
        api = self._api
        if api is None:
            return
        try:
            try:
                await api.set_status(key)
            except UnauthenticatedError:
                # The session token expired under us: renew it once («Запомнить») or end the session.
                if not await self._renew_or_end():
                    return
                await api.set_status(key)
        except ClientError as exc:
            self._status.set_pending(None)
            log_event(log, "status.change_failed", status=key, error=type(exc).__name__)
            self.status_change_failed.emit(exc)
            return
        self._status.set_current(key, datetime.now(UTC))
        log_event(log, "status.set", status=key)

    async def _logout(self) -> None:
        import asyncio

        session = self._session.snapshot
        if self._realtime is not None:
            await self._realtime.stop()
            self._realtime = None
        api, self._api = self._api, None
        if api is not None:
            try:
                await asyncio.wait_for(api.logout(), timeout=5.0)
            except (ClientError, TimeoutError) as exc:
                log_event(log, "logout.server_failed", error=type(exc).__name__)
            await api.aclose()
        self._secrets.forget(session.server, session.login)
        self._save_app_settings(session.server, session.login, remember=False)
        self._end("user")

    def _end(self, reason: str) -> None:
        self._refresh_token = None
        self._remember = False
        session = self._session.snapshot
        self._session.set(SessionSnapshot(server=session.server, login=session.login))
        self._status.set(StatusSnapshot())
        self._presence.clear()
        self._connection.set(ConnectionSnapshot())
        log_event(log, "logout", reason=reason)
        self.logged_out.emit(reason)

    # -- realtime --------------------------------------------------------------------------------------

    def _token(self) -> str:
        return self._api.token or "" if self._api is not None else ""

    def on_connection(self, snapshot: ConnectionSnapshot) -> None:
        if self._connection.set(snapshot):
            log_event(
                log,
                "connection.state",
                state=snapshot.state.value,
                attempt=snapshot.attempt,
                retry_in=snapshot.retry_in,
            )

    async def on_event(self, event: Event) -> None:
        from app.protocol.events import STATUS_CHANGED, STATUSES_CHANGED, StatusChangedData

        if event.type == STATUSES_CHANGED:
            await self._reload_statuses()
            return
        if event.type != STATUS_CHANGED:
            if self.kpi is not None and self.kpi.apply(event):
                return
            if self.call_center is not None:
                self.call_center.apply(event)
            return
        data = StatusChangedData.model_validate(event.data)
        me = self._session.snapshot.me
        log_event(log, "status.changed", seq=event.seq, employee_id=data.employee_id, status=data.status)
        if me is not None and data.employee_id == me.employee_id:
            self._status.set_current(data.status, data.since)
        is_me = me is not None and data.employee_id == me.employee_id
        self._presence.apply_status(data.employee_id, data.status, data.since, is_me=is_me)

    async def _reload_statuses(self) -> None:
        """The tenant's custom statuses changed (someone edited «Статусы сотрудников»): refetch them."""
        from dataclasses import replace

        api = self._api
        if api is None:
            return
        try:
            definitions = await api.statuses()
        except ClientError as exc:
            log_event(log, "statuses.reload_failed", error=type(exc).__name__)
            return
        self._status.set(replace(self._status.snapshot, definitions=tuple(definitions)))
        log_event(log, "statuses.reloaded", count=len(definitions))

    async def on_resync(self, last_seq: int) -> None:
        api = self._api
        if api is None:
            return
        try:
            me = await api.me()
        except ClientError as exc:
            log_event(log, "resync.failed", error=type(exc).__name__)
            return
        self._session.set(
            SessionSnapshot(server=self._session.snapshot.server, login=self._session.snapshot.login, me=me)
        )
        self._apply_me(me)
        await self._presence.load()
        if self.kpi is not None:
            self.kpi.refresh()

    async def on_unauthorized(self) -> bool:
        return await self._renew_or_end(from_realtime=True)

    async def _renew_or_end(self, *, from_realtime: bool = False) -> bool:
        """Trade the refresh token for a new session token; without one, end the session ("expired")."""
        from app.protocol.auth import RefreshRequest

        api = self._api
        token = self._refresh_token
        if api is not None and token:
            try:
                answer = await api.refresh(RefreshRequest(refresh_token=token))
            except ClientError:
                pass
            else:
                api.token = answer.token
                if answer.refresh_token:
                    self._refresh_token = answer.refresh_token
                    session = self._session.snapshot
                    self._secrets.set_refresh_token(session.server, session.login, answer.refresh_token)
                return True
        realtime, self._realtime = self._realtime, None
        if realtime is not None and not from_realtime:  # the realtime task ends by itself on False
            await realtime.stop()
        if api is not None:
            self._api = None
            await api.aclose()
        self._end("expired")
        return False

    # -- helpers ---------------------------------------------------------------------------------------

    def _apply_me(self, me: Me) -> None:
        old = self._status.snapshot
        since = me.status_since or (old.since if old.current == me.status else None)
        self._status.set(StatusSnapshot(current=me.status, since=since, definitions=tuple(me.statuses)))

    def _remember_choice(self, server: str, login: str, status: str) -> None:
        file = self._paths.account_file(server, login)
        settings = file.load()
        settings.login_status = status
        try:
            file.save(settings)
        except SettingsFileError as exc:
            log_event(log, "settings.write_failed", error=str(exc))

    def _remember_statuses(self, server: str, login: str, me: Me) -> None:
        from app.settings.models import KnownStatus

        file = self._paths.account_file(server, login)
        settings = file.load()
        custom = [
            KnownStatus(key=d.key, name=d.name, color=d.color.value)
            for d in me.statuses
            if d.selectable and not d.builtin
        ]
        if custom == settings.custom_statuses and settings.full_name == me.full_name:
            return
        settings.custom_statuses = custom
        settings.full_name = me.full_name
        try:
            file.save(settings)
        except SettingsFileError as exc:
            log_event(log, "settings.write_failed", error=str(exc))

    def _save_app_settings(self, server: str, login: str, remember: bool) -> None:
        settings = self._app_file().load()
        settings.last_server = server
        settings.last_login = login
        settings.remember = remember
        try:
            self._app_file().save(settings)
        except SettingsFileError as exc:
            log_event(log, "settings.write_failed", error=str(exc))

    @property
    def api(self) -> ApiClient | None:
        """The signed-in session's API client (None while signed out); other services borrow it."""
        return self._api

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run a coroutine as one of the session's tasks (its failures reach the crash path)."""
        return self._spawn(coro)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        import asyncio

        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            # Not an expected error: hand it to the loop's exception handler, i.e. the crash path.
            task.get_loop().call_exception_handler(
                {"message": "unexpected error in a session task", "exception": exc, "task": task}
            )
