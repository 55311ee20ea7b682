"""Employee and group administration bodies (spec MW-02, MW-07), and small service answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr, Field

from app.protocol.status import StatusDefinition

LOGIN_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
"""The part after ``<product>/`` of a login: lowercase latin letters, digits, dot, dash, underscore."""


class EmployeeCreate(BaseModel):
    """``POST /api/v1/employees``. ``extension`` None takes the next free number (MW-02 step 2)."""

    login: str = Field(pattern=LOGIN_PATTERN)
    full_name: str = Field(min_length=1, max_length=200)
    extension: str | None = Field(default=None, pattern=r"^\d{1,5}$")
    role: str = "employee"
    """A role code: employee, senior_employee, group_head, company_head, accountant, marketer,
    administrator."""
    email: EmailStr | None = None
    mobile: str | None = Field(default=None, max_length=30)
    """+79…, 79… or 89…; stored as 79XXXXXXXXX."""
    position: str = Field(default="", max_length=200)
    department: str = Field(default="", max_length=200)
    password: str | None = Field(default=None, max_length=200)
    """MW-04: ≥ 8 characters with digits, lowercase and uppercase latin letters, no Russian letters."""
    sip_login: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._-]{1,64}$")
    sip_password: str | None = Field(default=None, max_length=200)


class EmployeeUpdate(BaseModel):
    """``PATCH /api/v1/employees/{id}``: only the fields sent change; ``email``/``mobile`` null clears."""

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    extension: str | None = Field(default=None, pattern=r"^\d{1,5}$")
    role: str | None = None
    email: EmailStr | None = None
    mobile: str | None = Field(default=None, max_length=30)
    position: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, max_length=200)


class EmployeeInfo(BaseModel):
    """An employee as the api shows them."""

    id: int
    login: str
    """Full login ``<product>/<login>``."""
    full_name: str
    extension: str
    email: str | None
    mobile: str | None
    position: str
    department: str
    role_code: str
    role: str
    has_photo: bool
    sip_login: str | None
    status: str
    status_since: datetime | None
    group_ids: list[int] = []
    supervised_group_ids: list[int] = []


class EmployeeList(BaseModel):
    items: list[EmployeeInfo]


class GroupCreate(BaseModel):
    """``POST /api/v1/groups``."""

    name: str = Field(min_length=1, max_length=200)


class GroupMemberSpec(BaseModel):
    employee_id: int
    supervisor: bool = False
    """Every member is an operator of the group; a supervisor also controls it."""


class GroupMembersUpdate(BaseModel):
    """``PUT /api/v1/groups/{id}/members``: the complete member list."""

    members: list[GroupMemberSpec]


class GroupInfo(BaseModel):
    id: int
    name: str
    members: list[GroupMemberSpec] = []


class GroupList(BaseModel):
    items: list[GroupInfo]


class StatusList(BaseModel):
    """``GET /api/v1/statuses``."""

    items: list[StatusDefinition]


class Health(BaseModel):
    """``GET /api/v1/health``."""

    status: str = "ok"
    version: str
    database: str
    server_time: datetime


class RoleInfo(BaseModel):
    """One of the seven roles of a tenant with its value for every permission key (part 7 Appendix 2)."""

    code: str
    name: str
    permissions: dict[str, str]


class RoleList(BaseModel):
    """``GET /api/v1/roles``; ``labels`` gives the Russian name of every permission key."""

    items: list[RoleInfo]
    labels: dict[str, str] = {}


class RolePermissionUpdate(BaseModel):
    """``PUT /api/v1/roles/{code}/permissions/{key}``: N, Y, SELF, MY-GROUP, OWN-GRP, OWN+CTRL, CTRL, MEMBER
    or ALL; a yes/no permission takes only N or Y."""

    value: str = Field(min_length=1, max_length=20)
