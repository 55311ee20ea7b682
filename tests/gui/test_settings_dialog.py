"""The settings dialog: tabs by role, search, local «Пользовательские», «Подключение» autosave and check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.protocol.admin import Health
from app.protocol.auth import GroupMembership, Me
from app.services import settings_api
from app.services.autostart import Autostart
from app.services.errors import ServerUnreachableError
from app.settings.files import VersionedFile
from app.settings.migrations import (
    ACCOUNT_MIGRATIONS,
    ACCOUNT_SETTINGS_VERSION,
    APP_MIGRATIONS,
    APP_SETTINGS_VERSION,
)
from app.settings.models import AccountSettings, AppSettings
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.dialog import SettingsContext, SettingsDialog


def me(role_code: str, scopes: dict[str, str], *, supervises: bool = False) -> Me:
    return Me(
        employee_id=1,
        tenant_id=1,
        product_number="300000001",
        company_name="Демо",
        login="op1",
        full_name="Иванова Анна",
        extension="101",
        email=None,
        mobile=None,
        position="",
        department="",
        role=role_code,
        permissions=[k for k, v in scopes.items() if v != "N"],
        groups=[GroupMembership(id=1, name="Продажи", operator=True, supervisor=supervises)],
        status="online",
        statuses=[],
        role_code=role_code,
        permission_scopes=scopes,
    )


OPERATOR = me(
    "employee",
    {
        "settings.employee_statuses": "N",
        "employees.manage": "N",
        "requests.edit_topics": "N",
        "settings.post_call": "CTRL",
        "requests.edit_quick_replies": "N",
    },
)
SUPERVISOR = me(
    "group_head",
    {
        "settings.employee_statuses": "Y",
        "employees.manage": "N",
        "requests.edit_topics": "OWN+CTRL",
        "settings.post_call": "CTRL",
        "requests.edit_quick_replies": "OWN+CTRL",
    },
    supervises=True,
)
ADMIN = me(
    "administrator",
    {
        "settings.employee_statuses": "Y",
        "employees.manage": "ALL",
        "requests.edit_topics": "ALL",
        "settings.post_call": "ALL",
        "requests.edit_quick_replies": "ALL",
    },
)


def make(
    qtbot: QtBot, tmp_path: Path, who: Me | None = ADMIN, **kw: Any
) -> tuple[SettingsDialog, FakeSettingsService]:
    service = FakeSettingsService()
    context = SettingsContext(
        service=service,  # type: ignore[arg-type]
        me=who,
        account_file=VersionedFile(
            path=tmp_path / "account.json",
            model=AccountSettings,
            version=ACCOUNT_SETTINGS_VERSION,
            migrations=ACCOUNT_MIGRATIONS,
        ),
        app_file=VersionedFile(
            path=tmp_path / "app.json",
            model=AppSettings,
            version=APP_SETTINGS_VERSION,
            migrations=APP_MIGRATIONS,
        ),
        autostart=kw.get("autostart") or Autostart(directory=tmp_path / "autostart", platform="linux"),
        server="http://pult.test",
    )
    dialog = SettingsDialog(context=context)
    qtbot.addWidget(dialog)
    return dialog, service


@pytest.mark.parametrize(
    ("who", "tabs"),
    [
        (OPERATOR, ["user", "softphone", "connection", "visibility", "http_requests"]),
        (
            SUPERVISOR,
            [
                "user",
                "topics",
                "quick_answers",
                "softphone",
                "statuses",
                "connection",
                "call_handling",
                "visibility",
                "http_requests",
            ],
        ),
        (
            ADMIN,
            [
                "pbx",
                "user",
                "topics",
                "quick_answers",
                "softphone",
                "statuses",
                "connection",
                "call_handling",
                "visibility",
                "http_requests",
            ],
        ),
    ],
)
def test_each_role_sees_only_its_tabs(qtbot: QtBot, tmp_path: Path, who: Me, tabs: list[str]) -> None:
    dialog, _ = make(qtbot, tmp_path, who)
    assert list(dialog.tabs) == tabs


def test_tab_names_are_the_spec_labels_in_russian(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    dialog, _ = make(qtbot, tmp_path)
    names = [dialog.tab_list.item(i).text() for i in range(dialog.tab_list.count())]
    assert names == [
        "ВАТС",
        "Пользовательские",
        "Справочник тематик обращений",
        "Быстрые ответы",
        "Софтфон",
        "Статусы сотрудников",
        "Подключение",
        "Обработка звонков",
        "Видимость разделов",
        "HTTP-запросы",
    ]


def test_search_finds_a_tab_by_a_label_inside_it(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = make(qtbot, tmp_path)
    dialog.search.setText("proxy")
    visible = [
        dialog.tab_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(dialog.tab_list.count())
        if not dialog.tab_list.item(i).isHidden()
    ]
    assert visible == ["connection"]


def test_user_settings_are_written_on_save(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = make(qtbot, tmp_path)
    tab = dialog.user_tab
    tab.idle_spin.setValue(7)
    tab.tray_check.setChecked(False)
    tab.notifications_check.setChecked(False)
    tab.language_combo.setCurrentIndex(tab.language_combo.findData("en"))
    assert not tab.language_notice.isHidden()
    assert dialog.dirty
    dialog.save_button.click()
    account = AccountSettings.model_validate_json((tmp_path / "account.json").read_text())
    assert (account.idle_break_minutes, account.close_to_tray, account.notifications) == (7, False, False)
    assert AppSettings.model_validate_json((tmp_path / "app.json").read_text()).language == "en"
    assert not dialog.dirty


def test_start_with_the_system_writes_and_removes_the_autostart_entry(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = make(qtbot, tmp_path)
    entry = tmp_path / "autostart" / "pult.desktop"
    dialog.user_tab.autostart_check.setChecked(True)
    dialog.save()
    assert "Exec=" in entry.read_text()
    dialog.user_tab.autostart_check.setChecked(False)
    dialog.save()
    assert not entry.exists()


def test_start_with_the_system_is_honestly_unavailable_elsewhere(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = make(qtbot, tmp_path, autostart=Autostart(directory=tmp_path, platform="win32"))
    assert not dialog.user_tab.autostart_check.isEnabled()
    assert not dialog.user_tab.autostart_notice.isHidden()


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_dialog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, _ = make(qtbot, tmp_path)
    dialog.show()
    dialog.user_tab.idle_spin.setValue(3)
    asked: list[str] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.close()
    assert asked
    assert dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Save)
    dialog.close()
    assert not dialog.isVisible()
    assert (
        AccountSettings.model_validate_json((tmp_path / "account.json").read_text()).idle_break_minutes == 3
    )


def test_connection_settings_autosave_four_seconds_after_the_last_edit(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, _ = make(qtbot, tmp_path)
    tab = dialog.tabs["connection"]
    tab.proxy_check.setChecked(True)  # type: ignore[attr-defined]
    tab.proxy_host.setText("proxy.local")  # type: ignore[attr-defined]
    tab.proxy_port.setValue(3128)  # type: ignore[attr-defined]
    assert tab.autosave.isActive()
    assert tab.autosave.interval() == 4000  # type: ignore[attr-defined]
    assert not (tmp_path / "app.json").exists()
    qtbot.waitUntil(lambda: (tmp_path / "app.json").exists(), timeout=6000)
    saved = AppSettings.model_validate_json((tmp_path / "app.json").read_text()).connection
    assert (saved.use_proxy, saved.proxy_host, saved.proxy_port) == (True, "proxy.local", 3128)


def test_an_incomplete_server_address_is_warned_about(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    dialog, _ = make(qtbot, tmp_path)
    tab: Any = dialog.tabs["connection"]
    tab.server_check.setChecked(True)
    tab.save()
    assert "хост сервера" in tab.error.text()


def test_check_connection_shows_the_servers_answer_or_why_not(qtbot: QtBot, tmp_path: Path) -> None:
    dialog, service = make(qtbot, tmp_path)
    tab: Any = dialog.tabs["connection"]
    tab.check_button.click()
    assert service.last("check_health") == ("http://pult.test",)
    assert not tab.check_button.isEnabled()
    service.finished.emit(
        settings_api.HEALTH, Health(version="0.1.0", database="sqlite", server_time="2026-11-23T10:00:00Z")
    )
    assert "0.1.0" in tab.check_result.text()
    assert tab.check_button.isEnabled()
    tab.server_check.setChecked(True)
    tab.server_host.setText("pult.example:8443")
    tab.check_button.click()
    assert service.last("check_health") == ("https://pult.example:8443",)
    service.failed.emit(settings_api.HEALTH, ServerUnreachableError("down"))
    assert "pult.example" in tab.check_result.text()
