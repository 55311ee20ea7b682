"""Settings tabs kept on the server: ``/settings/post-call`` (TP-34), ``/quick-answers`` (TP-29) and
``/me/screen-pop`` (TP-41). Who may do what is decided in the services."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.protocol.errors import ErrorBody
from app.protocol.settings_tabs import (
    PostCallConditions,
    QuickAnswerCreate,
    QuickAnswerInfo,
    QuickAnswerList,
    QuickAnswerUpdate,
    ScreenPopSettings,
)
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import acd_signals, post_call, quick_answers, screen_pop

router = APIRouter(tags=["settings tabs"])
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("/settings/post-call", responses=_ERRORS)
def get_post_call(principal: CurrentPrincipal, ctx: Ctx) -> PostCallConditions:
    with ctx.db.reading() as session:
        return post_call.conditions(session, principal)


@router.put("/settings/post-call", responses=_ERRORS)
def put_post_call(body: PostCallConditions, principal: CurrentPrincipal, ctx: Ctx) -> PostCallConditions:
    """Replaces the conditions of the groups in the caller's scope (at most 50 in the company)."""
    with ctx.db.transaction() as session:
        changed = post_call.replace(session, principal, body)
        acd_signals.take(session)
    for group_id in changed:
        ctx.acd.rules_changed(group_id)
    with ctx.db.reading() as session:
        return post_call.conditions(session, principal)


@router.get("/quick-answers")
def list_quick_answers(principal: CurrentPrincipal, ctx: Ctx) -> QuickAnswerList:
    with ctx.db.reading() as session:
        return quick_answers.listing(session, principal)


@router.post("/quick-answers", status_code=201, responses=_ERRORS)
def add_quick_answer(body: QuickAnswerCreate, principal: CurrentPrincipal, ctx: Ctx) -> QuickAnswerInfo:
    with ctx.db.transaction() as session:
        return quick_answers.create(session, principal, body)


@router.patch("/quick-answers/{answer_id}", responses=_ERRORS)
def update_quick_answer(
    answer_id: int, body: QuickAnswerUpdate, principal: CurrentPrincipal, ctx: Ctx
) -> QuickAnswerInfo:
    with ctx.db.transaction() as session:
        return quick_answers.update(session, principal, answer_id, body)


@router.delete("/quick-answers/{answer_id}", status_code=204, responses=_ERRORS)
def delete_quick_answer(answer_id: int, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    with ctx.db.transaction() as session:
        quick_answers.remove(session, principal, answer_id)
    return Response(status_code=204)


@router.get("/me/screen-pop")
def get_screen_pop(principal: CurrentPrincipal, ctx: Ctx) -> ScreenPopSettings:
    with ctx.db.reading() as session:
        return screen_pop.get(session, principal.employee_id)


@router.put("/me/screen-pop", responses=_ERRORS)
def put_screen_pop(body: ScreenPopSettings, principal: CurrentPrincipal, ctx: Ctx) -> ScreenPopSettings:
    with ctx.db.transaction() as session:
        return screen_pop.put(session, principal.employee_id, body)
