"""Bodies of the settings tabs that live on the server: post-call conditions (TP-34), quick answers (TP-29)
and the screen-pop request (TP-41)."""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_POST_CALL_CONDITIONS = 50
MAX_POST_CALL_SECONDS = 3600
MAX_QUICK_ANSWER_LENGTH = 1000
MAX_SCREEN_POP_URL_LENGTH = 2000
SCREEN_POP_VARIABLES = ("ex_phone", "in_phone", "context_id", "call_id_a", "call_id_b", "switch_id")
"""The six variables of TP-41, written ``{name}`` in the URL."""


class PostCallCondition(BaseModel):
    """One row of «Поствызывная обработка»: after an external call, the group's operators hold ``status``
    for ``seconds`` (None keeps their status; offers pause all the same)."""

    group_id: int
    seconds: int = Field(ge=1, le=MAX_POST_CALL_SECONDS)
    status: str | None = Field(default=None, max_length=40)


class PostCallConditions(BaseModel):
    """``GET/PUT /api/v1/settings/post-call``: the conditions of the groups in the caller's scope; a PUT
    replaces exactly those (a supervisor's controlled groups, every group for an administrator)."""

    items: list[PostCallCondition] = Field(max_length=MAX_POST_CALL_CONDITIONS)
    group_ids: list[int] = []
    """Answers only: the groups the caller may give a condition."""


class QuickAnswerCreate(BaseModel):
    """``POST /api/v1/quick-answers``: a category (``category`` true) or an answer, as the last child of
    ``parent_id`` (a category) and for ``group_id`` (None: «Без группы», for everyone)."""

    text: str = Field(min_length=1, max_length=MAX_QUICK_ANSWER_LENGTH)
    category: bool = False
    parent_id: int | None = None
    group_id: int | None = None


class QuickAnswerUpdate(BaseModel):
    """``PATCH /api/v1/quick-answers/{id}``: new text, and/or a move one place up (-1) or down (+1)."""

    text: str | None = Field(default=None, min_length=1, max_length=MAX_QUICK_ANSWER_LENGTH)
    move: int = Field(default=0, ge=-1, le=1)


class QuickAnswerInfo(BaseModel):
    id: int
    text: str
    category: bool
    parent_id: int | None
    group_id: int | None
    position: int


class QuickAnswerList(BaseModel):
    """Categories and answers in display order (by parent, then position)."""

    items: list[QuickAnswerInfo]
    editable_group_ids: list[int] | None = None
    """Groups whose answers the caller may edit; None: every group and «Без группы»; [] none."""


class ScreenPopSettings(BaseModel):
    """``GET/PUT /api/v1/me/screen-pop``: «HTTP-запросы» of the signed-in user."""

    enabled: bool = False
    url: str = Field(default="", max_length=MAX_SCREEN_POP_URL_LENGTH)
