"""What the settings dialog asks of the server, as Qt-signal use cases.

Every request is started by a plain method and answered by :attr:`SettingsService.finished` with a
tag naming what finished and its result, or :attr:`SettingsService.failed` with the tag and the
:class:`~app.services.errors.ClientError`. Tabs listen for their tags; the fake in the GUI tests has
the same surface and answers synchronously. Writes to the status list refresh the status store, so
the status control in the top bar shows a new custom status at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.errors import ClientError, UnauthenticatedError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from app.services.api import ApiClient
    from app.state.status import StatusStore

log = logging.getLogger(__name__)

STATUSES = "statuses"
STATUS_SAVED = "status_saved"
STATUS_DELETED = "status_deleted"
GROUPS = "groups"
DISTRIBUTION = "distribution"
DISTRIBUTION_SAVED = "distribution_saved"
MISSED_RULES = "missed_rules"
MISSED_RULES_SAVED = "missed_rules_saved"
HEALTH = "health"
TOPICS = "topics"
TOPIC_SAVED = "topic_saved"
TOPIC_DELETED = "topic_deleted"
POST_CALL = "post_call"
POST_CALL_SAVED = "post_call_saved"
QUICK_ANSWERS = "quick_answers"
QUICK_ANSWER_SAVED = "quick_answer_saved"
QUICK_ANSWER_DELETED = "quick_answer_deleted"
SCREEN_POP = "screen_pop"
SCREEN_POP_SAVED = "screen_pop_saved"
EMPLOYEES = "employees"
EMPLOYEE_SAVED = "employee_saved"
EMPLOYEE_DELETED = "employee_deleted"
PHOTO_SAVED = "photo_saved"
GROUP_SAVED = "group_saved"
GROUP_DELETED = "group_deleted"
ROLES = "roles"
ROLE_SAVED = "role_saved"


class SettingsService(QObject):
    """Runs the settings dialog's requests on the signed-in session's API client."""

    finished = Signal(str, object)
    failed = Signal(str, object)

    def __init__(
        self,
        *,
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        api_factory: Callable[[str], ApiClient],
        status_store: StatusStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._spawn = spawn
        self._api_factory = api_factory
        self._status_store = status_store

    # -- «Статусы сотрудников» -------------------------------------------------------------------------

    def load_statuses(self) -> None:
        self._start(STATUSES, self._statuses)

    def create_status(self, body: BaseModel) -> None:
        self._start(STATUS_SAVED, lambda api: self._then_statuses(api, api.create_status(body)))

    def update_status(self, key: str, body: BaseModel) -> None:
        self._start(STATUS_SAVED, lambda api: self._then_statuses(api, api.update_status(key, body)))

    def delete_status(self, key: str) -> None:
        async def delete(api: ApiClient) -> str:
            await api.delete_status(key)
            await self._statuses(api)
            return key

        self._start(STATUS_DELETED, delete)

    # -- «Обработка звонков» ---------------------------------------------------------------------------

    def load_groups(self) -> None:
        self._start(GROUPS, lambda api: api.groups())

    def load_distribution(self, group_id: int) -> None:
        async def load(api: ApiClient) -> tuple[int, Any]:
            return group_id, await api.distribution(group_id)

        self._start(DISTRIBUTION, load)

    def save_distribution(self, group_id: int, body: BaseModel) -> None:
        async def save(api: ApiClient) -> tuple[int, Any]:
            return group_id, await api.set_distribution(group_id, body)

        self._start(DISTRIBUTION_SAVED, save)

    def load_missed_rules(self) -> None:
        self._start(MISSED_RULES, lambda api: api.missed_rules())

    def save_missed_rules(self, body: BaseModel) -> None:
        self._start(MISSED_RULES_SAVED, lambda api: api.set_missed_rules(body))

    # -- «Справочник тематик обращений» ------------------------------------------------------------------

    def load_topics(self) -> None:
        self._start(TOPICS, lambda api: api.topics())

    def create_topic(self, body: BaseModel) -> None:
        self._start(TOPIC_SAVED, lambda api: self._then_topics(api, api.create_topic(body)))

    def update_topic(self, topic_id: int, body: BaseModel) -> None:
        self._start(TOPIC_SAVED, lambda api: self._then_topics(api, api.update_topic(topic_id, body)))

    def delete_topic(self, topic_id: int, *, force: bool = False) -> None:
        async def delete(api: ApiClient) -> int:
            await api.delete_topic(topic_id, force=force)
            self.finished.emit(TOPICS, await api.topics())
            return topic_id

        self._start(TOPIC_DELETED, delete)

    def load_post_call(self) -> None:
        """«Поствызывная обработка» as a list of conditions (``PostCallConditions``)."""
        from app.protocol.settings_tabs import PostCallConditions

        self._start(POST_CALL, lambda api: api.send("GET", "/settings/post-call", PostCallConditions))

    def save_post_call(self, body: BaseModel) -> None:
        from app.protocol.settings_tabs import PostCallConditions

        self._start(
            POST_CALL_SAVED, lambda api: api.send("PUT", "/settings/post-call", PostCallConditions, body=body)
        )

    # -- «Быстрые ответы» ------------------------------------------------------------------------------

    def load_quick_answers(self) -> None:
        self._start(QUICK_ANSWERS, self._quick_answers)

    def create_quick_answer(self, body: BaseModel) -> None:
        from app.protocol.settings_tabs import QuickAnswerInfo

        self._start(
            QUICK_ANSWER_SAVED,
            lambda api: self._then_quick_answers(
                api, api.send("POST", "/quick-answers", QuickAnswerInfo, body=body)
            ),
        )

    def update_quick_answer(self, answer_id: int, body: BaseModel) -> None:
        from app.protocol.settings_tabs import QuickAnswerInfo

        path = f"/quick-answers/{answer_id}"
        self._start(
            QUICK_ANSWER_SAVED,
            lambda api: self._then_quick_answers(api, api.send("PATCH", path, QuickAnswerInfo, body=body)),
        )

    def delete_quick_answer(self, answer_id: int) -> None:
        async def delete(api: ApiClient) -> int:
            await api.send("DELETE", f"/quick-answers/{answer_id}")
            await self._quick_answers(api)
            return answer_id

        self._start(QUICK_ANSWER_DELETED, delete)

    # -- «HTTP-запросы» --------------------------------------------------------------------------------

    def load_screen_pop(self) -> None:
        from app.protocol.settings_tabs import ScreenPopSettings

        self._start(SCREEN_POP, lambda api: api.send("GET", "/me/screen-pop", ScreenPopSettings))

    def save_screen_pop(self, body: BaseModel) -> None:
        from app.protocol.settings_tabs import ScreenPopSettings

        self._start(
            SCREEN_POP_SAVED, lambda api: api.send("PUT", "/me/screen-pop", ScreenPopSettings, body=body)
        )

    # -- «ВАТС» -----------------------------------------------------------------------------------------

    def load_employees(self) -> None:
        self._start(EMPLOYEES, self._employees)

    def create_employee(self, body: BaseModel) -> None:
        from app.protocol.admin import EmployeeInfo

        self._start(
            EMPLOYEE_SAVED,
            lambda api: self._then_employees(api, api.send("POST", "/employees", EmployeeInfo, body=body)),
        )

    def update_employee(self, employee_id: int, body: BaseModel) -> None:
        from app.protocol.admin import EmployeeInfo

        path = f"/employees/{employee_id}"
        self._start(
            EMPLOYEE_SAVED,
            lambda api: self._then_employees(api, api.send("PATCH", path, EmployeeInfo, body=body)),
        )

    def delete_employee(self, employee_id: int) -> None:
        async def delete(api: ApiClient) -> int:
            await api.send("DELETE", f"/employees/{employee_id}")
            await self._employees(api)
            self.finished.emit(GROUPS, await api.groups())
            return employee_id

        self._start(EMPLOYEE_DELETED, delete)

    def upload_photo(self, employee_id: int, data: bytes, content_type: str) -> None:
        async def upload(api: ApiClient) -> int:
            await api.put_bytes(f"/employees/{employee_id}/photo", data, content_type)
            await self._employees(api)
            return employee_id

        self._start(PHOTO_SAVED, upload)

    def create_group(self, body: BaseModel) -> None:
        from app.protocol.admin import GroupInfo

        self._start(
            GROUP_SAVED, lambda api: self._then_groups(api, api.send("POST", "/groups", GroupInfo, body=body))
        )

    def set_group_members(self, group_id: int, body: BaseModel) -> None:
        from app.protocol.admin import GroupInfo

        path = f"/groups/{group_id}/members"
        self._start(
            GROUP_SAVED, lambda api: self._then_groups(api, api.send("PUT", path, GroupInfo, body=body))
        )

    def delete_group(self, group_id: int) -> None:
        async def delete(api: ApiClient) -> int:
            await api.send("DELETE", f"/groups/{group_id}")
            self.finished.emit(GROUPS, await api.groups())
            return group_id

        self._start(GROUP_DELETED, delete)

    def load_roles(self) -> None:
        from app.protocol.admin import RoleList

        self._start(ROLES, lambda api: api.send("GET", "/roles", RoleList))

    def set_role_permission(self, code: str, key: str, value: str) -> None:
        from app.protocol.admin import RoleInfo, RolePermissionUpdate

        body = RolePermissionUpdate(value=value)
        path = f"/roles/{code}/permissions/{key}"
        self._start(ROLE_SAVED, lambda api: api.send("PUT", path, RoleInfo, body=body))

    # -- «Подключение» ---------------------------------------------------------------------------------

    def check_health(self, server: str) -> None:
        """``GET /api/v1/health`` of ``server`` (not necessarily the one signed in to)."""

        async def run() -> None:
            api = self._api_factory(server)
            try:
                result = await api.health()
            except ClientError as exc:
                self.failed.emit(HEALTH, exc)
                return
            finally:
                await api.aclose()
            self.finished.emit(HEALTH, result)

        self._spawn(run())

    # -- plumbing --------------------------------------------------------------------------------------

    async def _statuses(self, api: ApiClient) -> Any:
        definitions = await api.statuses()
        if self._status_store is not None:
            store = self._status_store
            store.set(replace(store.snapshot, definitions=tuple(definitions)))
        self.finished.emit(STATUSES, definitions)
        return definitions

    async def _then_statuses(self, api: ApiClient, write: Awaitable[Any]) -> Any:
        result = await write
        await self._statuses(api)
        return result

    async def _then_topics(self, api: ApiClient, write: Awaitable[Any]) -> Any:
        result = await write
        self.finished.emit(TOPICS, await api.topics())
        return result

    async def _quick_answers(self, api: ApiClient) -> Any:
        from app.protocol.settings_tabs import QuickAnswerList

        result = await api.send("GET", "/quick-answers", QuickAnswerList)
        self.finished.emit(QUICK_ANSWERS, result)
        return result

    async def _then_quick_answers(self, api: ApiClient, write: Awaitable[Any]) -> Any:
        result = await write
        await self._quick_answers(api)
        return result

    async def _employees(self, api: ApiClient) -> Any:
        from app.protocol.admin import EmployeeList

        result = await api.send("GET", "/employees", EmployeeList)
        self.finished.emit(EMPLOYEES, result)
        return result

    async def _then_employees(self, api: ApiClient, write: Awaitable[Any]) -> Any:
        result = await write
        await self._employees(api)
        return result

    async def _then_groups(self, api: ApiClient, write: Awaitable[Any]) -> Any:
        result = await write
        self.finished.emit(GROUPS, await api.groups())
        return result

    def _start(self, tag: str, request: Callable[[ApiClient], Awaitable[Any]]) -> None:
        api = self._api()
        if api is None:
            self.failed.emit(tag, UnauthenticatedError("no session"))
            return

        async def run() -> None:
            try:
                result = await request(api)
            except ClientError as exc:
                log.info(
                    "settings.request_failed", extra={"fields": {"tag": tag, "error": type(exc).__name__}}
                )
                self.failed.emit(tag, exc)
                return
            except asyncio.CancelledError:
                raise
            if tag not in (STATUSES, QUICK_ANSWERS, EMPLOYEES):
                self.finished.emit(tag, result)

        self._spawn(run())
