"""A stand-in for :class:`app.services.settings_api.SettingsService`: records requests, answers on cue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class FakeSettingsService(QObject):
    finished = Signal(str, object)
    failed = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def last(self, name: str) -> tuple[Any, ...]:
        return next(args for n, args in reversed(self.calls) if n == name)

    def load_statuses(self) -> None:
        self._record("load_statuses")

    def create_status(self, body: Any) -> None:
        self._record("create_status", body)

    def update_status(self, key: str, body: Any) -> None:
        self._record("update_status", key, body)

    def delete_status(self, key: str) -> None:
        self._record("delete_status", key)

    def load_groups(self) -> None:
        self._record("load_groups")

    def load_distribution(self, group_id: int) -> None:
        self._record("load_distribution", group_id)

    def save_distribution(self, group_id: int, body: Any) -> None:
        self._record("save_distribution", group_id, body)

    def load_missed_rules(self) -> None:
        self._record("load_missed_rules")

    def save_missed_rules(self, body: Any) -> None:
        self._record("save_missed_rules", body)

    def check_health(self, server: str) -> None:
        self._record("check_health", server)

    def load_topics(self) -> None:
        self._record("load_topics")

    def create_topic(self, body: Any) -> None:
        self._record("create_topic", body)

    def update_topic(self, topic_id: int, body: Any) -> None:
        self._record("update_topic", topic_id, body)

    def delete_topic(self, topic_id: int, *, force: bool = False) -> None:
        self._record("delete_topic", topic_id, force)

    def load_post_call(self) -> None:
        self._record("load_post_call")

    def save_post_call(self, body: Any) -> None:
        self._record("save_post_call", body)

    def load_quick_answers(self) -> None:
        self._record("load_quick_answers")

    def create_quick_answer(self, body: Any) -> None:
        self._record("create_quick_answer", body)

    def update_quick_answer(self, answer_id: int, body: Any) -> None:
        self._record("update_quick_answer", answer_id, body)

    def delete_quick_answer(self, answer_id: int) -> None:
        self._record("delete_quick_answer", answer_id)

    def load_screen_pop(self) -> None:
        self._record("load_screen_pop")

    def save_screen_pop(self, body: Any) -> None:
        self._record("save_screen_pop", body)

    def load_employees(self) -> None:
        self._record("load_employees")

    def create_employee(self, body: Any) -> None:
        self._record("create_employee", body)

    def update_employee(self, employee_id: int, body: Any) -> None:
        self._record("update_employee", employee_id, body)

    def delete_employee(self, employee_id: int) -> None:
        self._record("delete_employee", employee_id)

    def upload_photo(self, employee_id: int, data: bytes, content_type: str) -> None:
        self._record("upload_photo", employee_id, data, content_type)

    def create_group(self, body: Any) -> None:
        self._record("create_group", body)

    def set_group_members(self, group_id: int, body: Any) -> None:
        self._record("set_group_members", group_id, body)

    def delete_group(self, group_id: int) -> None:
        self._record("delete_group", group_id)

    def load_roles(self) -> None:
        self._record("load_roles")

    def set_role_permission(self, code: str, key: str, value: str) -> None:
        self._record("set_role_permission", code, key, value)
