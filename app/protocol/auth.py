"""Login, session and the signed-in user's profile (spec MW-10..16)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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


class TwoFactorChallenge(BaseModel):
    """``POST /api/v1/auth/login`` for an account with two-factor authentication (spec MW-13).

    The password was right but no session exists yet: send the authenticator's code with ``challenge`` to
    ``POST /api/v1/auth/two-factor`` before ``expires_at``. ``locked_until`` is set while code entry is
    locked after too many wrong codes.
    """

    two_factor_required: Literal[True] = True
    challenge: str
    expires_at: datetime
    locked_until: datetime | None = None


class TwoFactorLoginRequest(BaseModel):
    """``POST /api/v1/auth/two-factor``: the second step of a login; answers a :class:`LoginResponse`."""

    challenge: str = Field(min_length=1, max_length=200)
    code: str = Field(min_length=1, max_length=20)


class TwoFactorCode(BaseModel):
    """A code from the authenticator: confirms an enrolment or switches two-factor authentication off."""

    code: str = Field(min_length=1, max_length=20)


class TwoFactorState(BaseModel):
    """``GET /api/v1/me/two-factor``: ``enabled``, or an enrolment waiting for its first code."""

    enabled: bool
    pending: bool = False


class TwoFactorEnrolment(BaseModel):
    """``POST /api/v1/me/two-factor``: a new secret (base32) and its ``otpauth://`` URI for an authenticator.

    Two-factor authentication is on only once a code from the authenticator confirms it.
    """

    secret: str
    uri: str
    digits: int = 6
    period: int = 30
