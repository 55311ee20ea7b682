"""Call recordings: ``GET /recordings/{id}`` streams one WAV (with HTTP Range) to a user whose
``recordings.listen`` covers its call; the rules are in :mod:`app.server.services.recordings`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.protocol.errors import ErrorBody
from app.server.api.deps import Ctx, CurrentPrincipal
from app.server.services import recordings

router = APIRouter(tags=["recordings"])
_ERRORS: dict[int | str, dict[str, object]] = {403: {"model": ErrorBody}, 404: {"model": ErrorBody}}


@router.get(
    "/recordings/{recording_id}",
    responses={**_ERRORS, 200: {"content": {recordings.MEDIA_TYPE: {}}}},
    response_class=FileResponse,
)
def recording(recording_id: int, principal: CurrentPrincipal, ctx: Ctx) -> FileResponse:
    with ctx.db.reading() as session:
        found = recordings.find(session, principal, recording_id)
    return FileResponse(found.path, media_type=recordings.MEDIA_TYPE, filename=found.file_name)
