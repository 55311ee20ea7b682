"""The Contact Center roles and permission matrix (spec part 7, Appendix 2) as data.

Loaded into ``roles``/``role_permissions`` for every new tenant, so an administrator can edit a tenant's
values later without a code change. Columns follow part 7 §1.1; values follow the codes of §1.3.
Keys marked ``Pult`` are not in the manual's matrix; they cover things our api needs a rule for, with values
chosen to match the manual's prose (cited next to each).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, NamedTuple


class Scope(StrEnum):
    """Values a permission can take (part 7 §1.3)."""

    N = "N"
    Y = "Y"
    SELF = "SELF"
    MY_GROUP = "MY-GROUP"
    OWN_GRP = "OWN-GRP"
    OWN_CTRL = "OWN+CTRL"
    CTRL = "CTRL"
    MEMBER = "MEMBER"
    ALL = "ALL"


class RoleSpec(NamedTuple):
    code: str
    name: str


ROLES: Final = (
    RoleSpec("employee", "Сотрудник"),
    RoleSpec("senior_employee", "Старший сотрудник"),
    RoleSpec("group_head", "Руководитель группы"),
    RoleSpec("company_head", "Руководитель компании"),
    RoleSpec("accountant", "Бухгалтер"),
    RoleSpec("marketer", "Маркетолог"),
    RoleSpec("administrator", "Администратор"),
)
ROLE_CODES: Final = tuple(r.code for r in ROLES)
ROLE_NAMES: Final = {r.code: r.name for r in ROLES}


class PermissionSpec(NamedTuple):
    key: str
    label: str
    values: tuple[Scope, Scope, Scope, Scope, Scope, Scope, Scope]
    """Emp, Sen, GH, CH, Acc, Mkt, Adm."""


N, Y, SELF, MYG, OWN, OC, CTRL, MEM, ALL = (
    Scope.N,
    Scope.Y,
    Scope.SELF,
    Scope.MY_GROUP,
    Scope.OWN_GRP,
    Scope.OWN_CTRL,
    Scope.CTRL,
    Scope.MEMBER,
    Scope.ALL,
)

PERMISSIONS: Final = (
    # A2.1 «Управление звонками и обращениями»
    PermissionSpec("calls.ivr", "Управлять звонками в IVR", (Y, Y, Y, Y, N, N, Y)),
    PermissionSpec(
        "calls.group_queue",
        "Управлять звонками или обращениями в очереди на группу операторов",
        (OWN, OC, OC, ALL, OWN, OWN, ALL),
    ),
    PermissionSpec(
        "calls.group_routed",
        "Управлять звонками или обращениями у сотрудника по алгоритму группы операторов",
        (OWN, OC, OC, ALL, OWN, OWN, ALL),
    ),
    PermissionSpec(
        "calls.direct",
        "Управлять звонками или обращениями, поступившими непосредственно на сотрудника",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "calls.monitor", "Подключаться, суфлировать, прослушивать сотрудников", (N, OC, OC, ALL, N, N, ALL)
    ),
    PermissionSpec(
        "missed.cancel_callback", "Отменять дозвон по пропущенным вызовам", (N, OC, OC, ALL, N, N, ALL)
    ),
    # A2.2 «Запись разговоров»
    PermissionSpec("recording.softphone", "Записывать разговоры в софтфоне", (Y, Y, Y, Y, Y, Y, Y)),
    # A1.8 «Запись разговоров, правила записи, настройки записи»: listening, marks, and (merged with it, per
    # the source's note) downloading; without it the history's recording items are shown but disabled.
    PermissionSpec(
        "recordings.listen",
        "Видеть и прослушивать записи, ставить и удалять метки",
        (SELF, OC, OC, ALL, SELF, ALL, ALL),
    ),
    # A2.3 «Конференц-связь»
    PermissionSpec(
        "conference.rooms",
        "Создавать, редактировать и удалять комнаты конференций",
        (SELF, SELF, SELF, ALL, SELF, SELF, ALL),
    ),
    # A2.4 «Контакты»
    PermissionSpec("contacts.module", 'Доступ к модулю "Контакты"', (Y, Y, Y, Y, Y, Y, Y)),
    PermissionSpec(
        "contacts.view_personal", "Просматривать персональные контакты", (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec("contacts.edit", "Создавать и редактировать контакты", (N, Y, Y, Y, N, Y, Y)),
    PermissionSpec("contacts.delete", "Удалять контакты", (N, Y, Y, Y, Y, Y, Y)),
    PermissionSpec("contacts.import", "Импортировать контакты", (N, Y, Y, Y, N, Y, Y)),
    PermissionSpec("contacts.export", "Экспортировать контакты", (N, N, N, Y, N, N, Y)),
    PermissionSpec("contacts.delete_all", "Удалять всю адресную книгу", (N, N, N, Y, N, N, Y)),
    PermissionSpec("contacts.fields", "Настраивать поля в адресной книге", (N, N, N, N, N, N, Y)),
    # A2.5 «Управление сотрудниками»
    PermissionSpec(
        "status.set_dnd", 'Менять статус на "Не беспокоить"', (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec("status.set_outbound", 'Менять статус на "Обзвон"', (SELF, OC, OC, ALL, SELF, SELF, ALL)),
    PermissionSpec("status.set_break", 'Менять статус на "Перерыв"', (SELF, OC, OC, ALL, SELF, SELF, ALL)),
    PermissionSpec(
        "status.set_offline", 'Менять статус на "Не в сети"', (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec(
        "employees.control_tab", 'Просматривать вкладку "Контроль сотрудников"', (N, OC, OC, ALL, N, N, ALL)
    ),
    PermissionSpec(
        "tasks.assign", "Назначать (или переназначать) задачи", (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec(
        "employees.view_full", "Просматривать полную информацию", (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    # A2.6 «Сообщения и факсы»
    PermissionSpec("fax.send", "Отправлять факсы", (Y, Y, Y, Y, Y, Y, Y)),
    PermissionSpec("fax.mailing", "Осуществлять факс-рассылки", (Y, Y, Y, Y, Y, Y, Y)),
    PermissionSpec(
        "fax.view",
        "Просматривать входящие и исходящие факсы и голосовые сообщения",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "fax.manage",
        "Скачивать и удалять входящие и исходящие факсы и голосовые сообщения",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    # A2.7 «Панель показателей»
    PermissionSpec("kpi.configure", "Настраивать панель показателей", (SELF, OC, OC, ALL, SELF, SELF, ALL)),
    # A2.8 «Отчеты Контакт-Центра»
    PermissionSpec(
        "reports.working_time",
        "Просматривать рабочее время сотрудников",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "reports.employee_performance",
        "Просматривать производительность сотрудников",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "reports.group_performance",
        "Просматривать производительность групп",
        (MYG, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "reports.incoming_service",
        "Просматривать обслуживание входящих вызовов",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "reports.workday_card", "Просматривать карточку рабочего дня", (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec(
        "reports.request_classification",
        "Просматривать классификацию обращений",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec(
        "reports.dashboard", "Просматривать виджеты Dashboard", (SELF, OC, OC, ALL, SELF, SELF, ALL)
    ),
    PermissionSpec(
        "reports.missed_history",
        "Просматривать историю пропущенных вызовов",
        (SELF, OC, OC, ALL, SELF, SELF, ALL),
    ),
    PermissionSpec("reports.work_schedule", "Просматривать График работы", (N, OC, OC, ALL, N, N, ALL)),
    # A2.9 «Бизнес-аналитика»
    PermissionSpec("analytics.module", 'Доступ к модулю "Бизнес-аналитика"', (N, N, N, Y, N, Y, Y)),
    # A2.10 «Исходящий обзвон»
    PermissionSpec("campaigns.edit", "Создавать / редактировать кампании", (N, OC, OC, ALL, N, N, ALL)),
    PermissionSpec("campaigns.view", "Просматривать кампании", (MEM, OC, OC, ALL, N, N, ALL)),
    PermissionSpec("campaigns.export_contacts", "Выгружать список контактов", (N, N, Y, Y, N, N, Y)),
    # A2.11 «Скрипты»
    PermissionSpec("scripts.edit", "Создавать, просматривать и редактировать скрипты", (N, N, Y, Y, N, Y, Y)),
    # A2.12 «Обращения»
    PermissionSpec(
        "requests.control_tab", 'Просматривать вкладку "Контроль обращений"', (N, OC, OC, Y, N, N, Y)
    ),
    PermissionSpec("requests.edit_topics", "Редактировать тематики", (N, N, OC, ALL, N, N, ALL)),
    PermissionSpec(
        "requests.use_topics", "Использовать тематики в обращениях", (OC, OC, OC, ALL, OC, OC, ALL)
    ),
    PermissionSpec(
        "requests.edit_quick_replies", "Редактировать справочник быстрых ответов", (N, N, OC, ALL, N, N, ALL)
    ),
    PermissionSpec(
        "requests.use_quick_replies",
        "Использовать быстрые ответы в обращениях",
        (OC, OC, OC, ALL, OC, OC, ALL),
    ),
    # A2.14 WFM
    PermissionSpec("wfm.schedule_tab", 'Доступ к вкладке "График работы"', (N, N, N, Y, N, N, Y)),
    PermissionSpec("wfm.templates_tab", 'Доступ к вкладке "Шаблоны графика работы"', (N, N, N, Y, N, N, Y)),
    PermissionSpec("wfm.planning_tab", 'Доступ к вкладке "Планирование загрузки"', (N, N, N, Y, N, N, Y)),
    # A2.15 «Сделки»
    PermissionSpec(
        "deals.edit", "Создавать, редактировать, просматривать сделки", (SELF, OC, OC, ALL, N, N, ALL)
    ),
    PermissionSpec("deals.funnel", "Настраивать воронку продаж", (N, N, N, Y, N, N, Y)),
    PermissionSpec("deals.automation", "Настраивать автоматические действия", (N, N, N, Y, N, N, Y)),
    PermissionSpec("deals.custom_fields", "Настройки пользовательских полей", (N, N, N, N, N, N, Y)),
    PermissionSpec("deals.loss_reasons", "Настраивать причины отказа в сделках", (N, N, N, N, N, N, Y)),
    PermissionSpec("deals.import", "Импортировать сделки", (N, N, N, Y, N, N, Y)),
    # Pult: whose presence (status) an employee sees. The queue panel and missed-call rules of part 1 §4 show
    # an operator the members of their groups and a supervisor their groups; the company roles see everyone.
    PermissionSpec(
        "employees.view_status", "Видеть статусы сотрудников (Pult)", (OWN, OC, OC, ALL, OWN, OWN, ALL)
    ),
    # Pult: employee and group administration is the LK «Администратор»'s job (part 1 MW-01, MW-04).
    PermissionSpec("employees.manage", "Управлять сотрудниками и группами (Pult)", (N, N, N, N, N, N, ALL)),
    # Pult: tab «Статусы сотрудников» is for users with a controlled group (part 2 TP-32), and admins.
    PermissionSpec(
        "settings.employee_statuses",
        "Настраивать статусы сотрудников (Pult)",
        (CTRL, CTRL, CTRL, CTRL, CTRL, CTRL, ALL),
    ),
    # Pult: «Поствызывная обработка» for the groups one controls, every group for admins (part 2 TP-34).
    PermissionSpec(
        "settings.post_call",
        "Настраивать поствызывную обработку (Pult)",
        (CTRL, CTRL, CTRL, CTRL, CTRL, CTRL, ALL),
    ),
    # Pult: error reports (part 7 App. 3) carry users' contacts and logs; support reads them as administrator.
    PermissionSpec("error_reports.view", "Просматривать отчеты об ошибках (Pult)", (N, N, N, N, N, N, ALL)),
)
PERMISSION_KEYS: Final = frozenset(p.key for p in PERMISSIONS)


def default_values(role_code: str) -> dict[str, Scope]:
    """The matrix column of one role."""
    column = ROLE_CODES.index(role_code)
    return {p.key: p.values[column] for p in PERMISSIONS}
