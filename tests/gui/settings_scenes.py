"""Screenshot scenes of the settings dialog, one per tab (``settings_<tab>.png``).

Called by :mod:`tests.gui.screenshot_scenes` after the main-window scenes, with the Russian
translation installed. The tabs get their server data from the fake service, as in the GUI tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

SETTINGS_SIZE = (1120, 700)
SETTINGS_SCENES = (
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
)


def render_settings(app: QApplication, out_dir: Path) -> list[Path]:
    from app.protocol.admin import GroupInfo, GroupList
    from app.protocol.calls import MissedRule, MissedRules, TopicInfo, TopicList
    from app.protocol.settings_tabs import PostCallCondition, PostCallConditions
    from app.protocol.status import StatusColor, StatusDefinition
    from app.services import settings_api
    from app.services.autostart import Autostart
    from app.settings.files import VersionedFile
    from app.settings.migrations import (
        ACCOUNT_MIGRATIONS,
        ACCOUNT_SETTINGS_VERSION,
        APP_MIGRATIONS,
        APP_SETTINGS_VERSION,
    )
    from app.settings.models import AccountSettings, AppSettings
    from tests.gui.settings_fake import FakeSettingsService
    from tests.gui.test_settings_dialog import ADMIN
    from tests.gui.test_status_control import definitions
    from ui.settings.dialog import SettingsContext, SettingsDialog

    temp = Path(tempfile.mkdtemp(prefix="pult-settings-"))
    account_file = VersionedFile(
        path=temp / "account.json",
        model=AccountSettings,
        version=ACCOUNT_SETTINGS_VERSION,
        migrations=ACCOUNT_MIGRATIONS,
    )
    account_file.save(AccountSettings(idle_break_minutes=10, history_size=200))
    app_file = VersionedFile(
        path=temp / "app.json", model=AppSettings, version=APP_SETTINGS_VERSION, migrations=APP_MIGRATIONS
    )
    service = FakeSettingsService()
    softphone, engine = _softphone_service(account_file)
    dialog = SettingsDialog(
        context=SettingsContext(
            service=service,  # type: ignore[arg-type]
            me=ADMIN,
            account_file=account_file,
            app_file=app_file,
            autostart=Autostart(directory=temp / "autostart", platform="linux"),
            server="https://pult.example.com",
            softphone=softphone,
        )
    )
    softphone_tab = dialog.tabs["softphone"]
    while softphone_tab.microphone.count() < 2:  # type: ignore[attr-defined]  # devices come from the engine
        app.processEvents()

    def custom(key: str, name: str, color: StatusColor, base: str, synonym: str) -> StatusDefinition:
        return StatusDefinition(
            key=key,
            name=name,
            builtin=False,
            color=color,
            synonym=synonym,
            receives_group_calls=base in ("online", "all_calls"),
            receives_direct_calls=base != "dnd",
            receives_campaign_calls=base == "all_calls",
            base=base,
        )

    statuses = [
        *definitions(),
        custom("custom-1", "Обед", StatusColor.ORANGE, "break", "lunch"),
        custom("custom-2", "Тренинг", StatusColor.PURPLE, "dnd", "training"),
        custom("custom-3", "Работа с почтой", StatusColor.CYAN, "online", "mail"),
    ]
    service.finished.emit(settings_api.STATUSES, statuses)
    groups = GroupList(items=[GroupInfo(id=1, name="Продажи"), GroupInfo(id=2, name="Поддержка")])
    service.finished.emit(settings_api.GROUPS, groups)
    service.finished.emit(
        settings_api.POST_CALL,
        PostCallConditions(
            items=[
                PostCallCondition(group_id=1, seconds=45, status="custom-1"),
                PostCallCondition(group_id=2, seconds=120, status="dnd"),
            ],
            group_ids=[1, 2],
        ),
    )
    _pbx_and_answers(service)
    service.finished.emit(
        settings_api.MISSED_RULES,
        MissedRules(
            items=[
                MissedRule(target="all", days=3),
                MissedRule(target="ivr", days=1),
                MissedRule(target="group:2", days=7),
            ]
        ),
    )
    topics = [
        TopicInfo(id=1, name="Оплата", parent_id=None, folder=True),
        TopicInfo(id=2, name="Возврат средств", parent_id=1, folder=False),
        TopicInfo(id=3, name="Счёт для юрлица", parent_id=1, folder=False),
        TopicInfo(id=4, name="Доставка", parent_id=None, folder=True),
        TopicInfo(id=5, name="Сроки доставки", parent_id=4, folder=False),
        TopicInfo(id=6, name="Консультация", parent_id=None, folder=False),
        TopicInfo(id=7, name="Жалоба", parent_id=None, folder=False),
    ]
    service.finished.emit(settings_api.TOPICS, TopicList(items=topics))
    statuses_tab = dialog.tabs["statuses"]
    getattr(statuses_tab, "status_list").setCurrentRow(0)  # noqa: B009 - a QWidget in the dict

    written: list[Path] = []
    dialog.resize(*SETTINGS_SIZE)
    dialog.show()
    for key in SETTINGS_SCENES:
        dialog.show_tab(key)
        app.processEvents()
        path = out_dir / f"settings_{key}.png"
        dialog.grab().save(str(path))
        written.append(path)
    dialog.close()
    engine.stop()
    return written


def _pbx_and_answers(service: Any) -> None:
    """«ВАТС», «Быстрые ответы» and «HTTP-запросы» data, as the server would answer."""
    from datetime import UTC, datetime

    from app.protocol.admin import (
        EmployeeInfo,
        EmployeeList,
        GroupInfo,
        GroupList,
        GroupMemberSpec,
        RoleInfo,
        RoleList,
    )
    from app.protocol.settings_tabs import QuickAnswerInfo, QuickAnswerList, ScreenPopSettings
    from app.services import settings_api

    people = [
        ("Иванова Анна Сергеевна", "101", "employee", "Оператор"),
        ("Петров Олег Викторович", "102", "employee", "Оператор"),
        ("Смирнова Екатерина Игоревна", "103", "senior_employee", "Старший оператор"),
        ("Кузнецов Дмитрий Алексеевич", "110", "group_head", "Руководитель группы"),
        ("Орлова Мария Павловна", "111", "administrator", "Администратор"),
    ]
    since = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    employees = [
        EmployeeInfo(
            id=n,
            login=f"300000001/user{n}",
            full_name=name,
            extension=ext,
            email=f"user{n}@demo.example",
            mobile=None,
            position=position,
            department="Контакт-центр",
            role_code=role,
            role=role,
            has_photo=False,
            sip_login=None,
            status="online",
            status_since=since,
        )
        for n, (name, ext, role, position) in enumerate(people, start=1)
    ]
    service.finished.emit(settings_api.EMPLOYEES, EmployeeList(items=employees))
    service.finished.emit(
        settings_api.GROUPS,
        GroupList(
            items=[
                GroupInfo(
                    id=1,
                    name="Продажи",
                    members=[
                        GroupMemberSpec(employee_id=1),
                        GroupMemberSpec(employee_id=2),
                        GroupMemberSpec(employee_id=4, supervisor=True),
                    ],
                ),
                GroupInfo(id=2, name="Поддержка", members=[GroupMemberSpec(employee_id=3)]),
            ]
        ),
    )
    service.finished.emit(
        settings_api.ROLES,
        RoleList(
            items=[
                RoleInfo(
                    code="employee", name="Сотрудник", permissions={"calls.ivr": "Y", "kpi.configure": "SELF"}
                )
            ],
            labels={
                "calls.ivr": "Управлять звонками в IVR",
                "kpi.configure": "Настраивать панель показателей",
            },
        ),
    )
    answers = [
        QuickAnswerInfo(id=1, text="Приветствия", category=True, parent_id=None, group_id=None, position=1),
        QuickAnswerInfo(
            id=2,
            text="Здравствуйте! Чем могу помочь?",
            category=False,
            parent_id=1,
            group_id=None,
            position=1,
        ),
        QuickAnswerInfo(
            id=3, text="Добрый день! Меня зовут Анна.", category=False, parent_id=1, group_id=None, position=2
        ),
        QuickAnswerInfo(id=4, text="Прощания", category=True, parent_id=None, group_id=None, position=2),
        QuickAnswerInfo(
            id=5, text="Спасибо за обращение!", category=False, parent_id=4, group_id=None, position=1
        ),
        QuickAnswerInfo(
            id=6,
            text="Минутку, уточню информацию.",
            category=False,
            parent_id=None,
            group_id=None,
            position=3,
        ),
    ]
    service.finished.emit(settings_api.QUICK_ANSWERS, QuickAnswerList(items=answers, editable_group_ids=None))
    service.finished.emit(
        settings_api.SCREEN_POP,
        ScreenPopSettings(enabled=True, url="https://crm.example.ru/card?phone={ex_phone}&ext={in_phone}"),
    )


def _softphone_service(account_file: Any) -> tuple[Any, Any]:
    """The «Софтфон» tab's service over the fake engine (its one device is a headset)."""
    import asyncio

    from app.services.softphone_bridge import SoftphoneBridge
    from app.services.softphone_settings import SoftphoneSettingsService
    from app.state.calls import CallsStore, MissedStore
    from softphone.fake import FakeSoftphoneEngine

    calls = CallsStore()
    bridge = SoftphoneBridge(calls=calls, missed=MissedStore())
    service = SoftphoneSettingsService(
        bridge=bridge, calls=calls, account_file=lambda: account_file, spawn=asyncio.run
    )
    engine = FakeSoftphoneEngine(service.engine_config(), bridge.deliver)
    engine.start()
    bridge.attach(engine)
    return service, engine
