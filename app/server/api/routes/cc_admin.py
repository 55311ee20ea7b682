"""Contact-center settings: topics («Тематика»), group distribution settings, queue numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.protocol.calls import (
    DistributionSettingsBody,
    QueueNumberCreate,
    QueueNumberInfo,
    TopicCreate,
    TopicInfo,
    TopicList,
    TopicUpdate,
)
from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal, requires
from app.server.services import acd_signals, cc_settings
from app.server.services.policy import Principal

router = APIRouter(tags=["contact-center settings"])
Admin = Annotated[Principal, Depends(requires("employees.manage"))]
TopicEditor = Annotated[Principal, Depends(requires("requests.edit_topics"))]
_ERRORS: dict[int | str, dict[str, object]] = {
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


@router.get("/topics")
def list_topics(principal: CurrentPrincipal, ctx: Ctx) -> TopicList:
    with ctx.db.reading() as session:
        return TopicList(items=cc_settings.topics(session, principal.tenant_id))


@router.post("/topics", status_code=201, responses=_ERRORS)
def add_topic(body: TopicCreate, principal: TopicEditor, ctx: Ctx) -> TopicInfo:
    with ctx.db.transaction() as session:
        return cc_settings.add_topic(session, principal.tenant_id, body)


@router.patch("/topics/{topic_id}", responses=_ERRORS)
def update_topic(topic_id: int, body: TopicUpdate, principal: TopicEditor, ctx: Ctx) -> TopicInfo:
    with ctx.db.transaction() as session:
        return cc_settings.update_topic(session, principal.tenant_id, topic_id, body)


@router.delete("/topics/{topic_id}", status_code=204, responses=_ERRORS)
def delete_topic(topic_id: int, principal: TopicEditor, ctx: Ctx, force: bool = False) -> Response:
    """Deletes the topic and everything below it; 409 ``in_use`` unless ``force`` when calls used it."""
    with ctx.db.transaction() as session:
        cc_settings.delete_topic(session, principal.tenant_id, topic_id, force=force)
    return Response(status_code=204)


@router.get("/groups/{group_id}/distribution", responses=_ERRORS)
def get_distribution(group_id: int, principal: Admin, ctx: Ctx) -> DistributionSettingsBody:
    with ctx.db.reading() as session:
        return cc_settings.distribution(session, principal.tenant_id, group_id)


@router.put("/groups/{group_id}/distribution", responses=_ERRORS)
def put_distribution(
    group_id: int, body: DistributionSettingsBody, principal: Admin, ctx: Ctx
) -> DistributionSettingsBody:
    with ctx.db.transaction() as session:
        cc_settings.set_distribution(session, principal.tenant_id, group_id, body)
        acd_signals.take(session)
    ctx.acd.rules_changed(group_id)
    with ctx.db.reading() as session:
        return cc_settings.distribution(session, principal.tenant_id, group_id)


@router.get("/queue-numbers")
def list_queue_numbers(principal: Admin, ctx: Ctx) -> list[QueueNumberInfo]:
    with ctx.db.reading() as session:
        return cc_settings.queue_numbers(session, principal.tenant_id)


@router.post("/queue-numbers", status_code=201, responses=_ERRORS)
def add_queue_number(body: QueueNumberCreate, principal: Admin, ctx: Ctx) -> QueueNumberInfo:
    with ctx.db.transaction() as session:
        return cc_settings.add_queue_number(session, principal.tenant_id, body)


@router.delete("/queue-numbers/{number_id}", status_code=204, responses=_ERRORS)
def remove_queue_number(number_id: int, principal: Admin, ctx: Ctx) -> Response:
    with ctx.db.transaction() as session:
        cc_settings.remove_queue_number(session, principal.tenant_id, number_id)
    return Response(status_code=204)
