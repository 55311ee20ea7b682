"""Login, session and the signed-in user's profile (spec MW-10..16)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from app.protocol.status import StatusDefinition


class LoginRequest(BaseModel):
    """``POST /api/v1/auth/login``.

    ``login`` is ``<product>/<login>``, an e-mail, a mobile number (+79…, 79…, 89…) or a SIP account.
    ``status`` is a status key, or ``None``/``"keep"`` for «Не изменять».
    """

    login: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)
    status: str | None = None
    remember: bool = False
    client: str = Field(default="", max_length=100)


class RefreshRequest(BaseModel):
    """``POST /api/v1/auth/refresh``: trade a refresh token («Запомнить») for a new session."""

    refresh_token: str = Field(min_length=1, max_length=200)
    status: str | None = None


class LogoutRequest(BaseModel):
    """``POST /api/v1/auth/logout`` (body optional): ``everywhere`` ends every session of the user.

    ``keep_remembered`` is the client closing (spec §3.1: app exit → «Не в сети»): the session ends and the
    user goes offline as with any logout, but the «Запомнить» refresh token of this session stays valid so
    the next start signs in by itself.
    """

    everywhere: bool = False
    keep_remembered: bool = False


class GroupMembership(BaseModel):
    """A group the user belongs to, and in which capacity (spec MW-07)."""

    id: int
    name: str
    operator: bool
    supervisor: bool


class Me(BaseModel):
    """``GET /api/v1/me``: who is signed in and what they may do."""

    employee_id: int
    tenant_id: int
    product_number: str
    company_name: str
    login: str
    full_name: str
    extension: str
    email: str | None
    mobile: str | None
    position: str
    department: str
    role: str
    permissions: list[str]
    groups: list[GroupMembership]
    status: str
    statuses: list[StatusDefinition]
    role_code: str = ""
    """Stable role id: employee, senior_employee, group_head, company_head, accountant, marketer,
    administrator."""
    permission_scopes: dict[str, str] = {}
    """Every permission key with its scope: N, Y, SELF, MY-GROUP, OWN-GRP, OWN+CTRL, CTRL, MEMBER or ALL."""
    status_since: datetime | None = None


class LoginResponse(BaseModel):
    """A new session: bearer ``token``, and ``refresh_token`` when «Запомнить» was asked for."""

    token: str
    expires_at: datetime
    refresh_token: str | None = None
    refresh_expires_at: datetime | None = None
    me: Me
