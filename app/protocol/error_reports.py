"""Error reports (spec part 7, Appendix 3): «Сообщить о проблеме» from the client, read by administrators.

The client sends contact details, a description and, unless the user cleared the box, its own logs; the
server stores the bundle and answers a short problem identifier the user quotes to support.
``client_report_id`` makes a resend after a lost answer idempotent: the offline queue may send twice,
the server stores once.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr, Field, model_validator

MAX_DESCRIPTION = 10_000
"""Characters of the problem description."""
MAX_LOGS = 2_000_000
"""Characters of attached logs (the client sends its newest log lines within this)."""
MAX_BODY_BYTES = 3 * MAX_LOGS
"""The largest request body the server reads (UTF-8 Cyrillic is two bytes a character)."""


class ErrorReportCreate(BaseModel):
    """``POST /api/v1/error-reports``: the fields of «Сообщить о проблеме»."""

    client_report_id: str = Field(pattern=r"^[A-Za-z0-9-]{8,64}$")
    """Chosen by the client once per report; a second send of the same id returns the first answer."""
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str = Field(default="", max_length=40, pattern=r"^[0-9+()\- ]*$")
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION)
    logs: str = Field(default="", max_length=MAX_LOGS)
    crash: bool = False
    """The report carries a crash report the client wrote (its text is in ``logs``)."""
    client_version: str = Field(default="", max_length=200)
    system: str = Field(default="", max_length=500)
    """Build, OS, Qt, pjsua2 and Python versions, as the About dialog shows them."""

    @model_validator(mode="after")
    def _reachable(self) -> ErrorReportCreate:
        self.name = self.name.strip()
        self.description = self.description.strip()
        if not self.name:
            raise ValueError("name: enter your name")
        if not self.description:
            raise ValueError("description: describe the problem")
        if self.email is None and not self.phone.strip():
            raise ValueError("email: give an e-mail or a phone number so that support can answer")
        return self


class ErrorReportCreated(BaseModel):
    """The answer to a sent report."""

    id: int
    problem_id: str
    """What the user quotes to support, e.g. ``PR-7KQ2M4XD``."""
    created_at: datetime


class ErrorReportSummary(BaseModel):
    """One row of the administrators' list."""

    id: int
    problem_id: str
    created_at: datetime
    employee_id: int | None
    login: str
    """The signed-in account that sent it ("" once the employee was deleted)."""
    name: str
    email: str
    phone: str
    description: str
    crash: bool
    logs_size: int
    client_version: str


class ErrorReportList(BaseModel):
    items: list[ErrorReportSummary]


class ErrorReportDetail(ErrorReportSummary):
    """``GET /api/v1/error-reports/{id}``: everything that was sent."""

    logs: str
    system: str
