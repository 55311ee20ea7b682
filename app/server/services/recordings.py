"""Call recordings for listening and saving (spec part 7 A1.8, part 2 «прослушать через Историю вызовов»).

``recordings.listen`` («Видеть и прослушивать записи, ставить и удалять метки», with downloading merged
into it) decides which recordings a user may fetch, scoped the way the history is: SELF covers the calls the
user talked on or made, OWN+CTRL also the calls queued for their groups and those their groups' members
talked on, ALL the whole tenant. Another tenant's recording answers as an unknown one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.core.errors import ForbiddenError, NotFoundError
from app.server.models import Call, CallLeg, OutboundCall, Recording
from app.server.services.policy import Principal, visible_employees

LISTEN = "recordings.listen"
MEDIA_TYPE = "audio/wav"


@dataclass(frozen=True, slots=True)
class RecordingFile:
    """A recording the principal may fetch: where it lies and the name to offer for saving it."""

    path: Path
    file_name: str


def _unknown(recording_id: int) -> NotFoundError:
    return NotFoundError(f"no recording {recording_id}", detail={"reason": "recording_unknown"})


def _covers_call(session: Session, principal: Principal, call: Call) -> bool:
    visible = visible_employees(session, principal, LISTEN)
    if visible is None:
        return True
    groups = principal.groups_in_scope(LISTEN) or frozenset()
    if call.group_id is not None and call.group_id in groups:
        return True
    talked = session.execute(select(CallLeg.employee_id).where(CallLeg.call_id == call.id)).scalars()
    return not visible.isdisjoint(talked)


def _covers_outbound(session: Session, principal: Principal, call: OutboundCall) -> bool:
    visible = visible_employees(session, principal, LISTEN)
    return visible is None or call.employee_id in visible


def _file_name(number: str, recording: Recording) -> str:
    """``20261123-115200_79990000001.wav`` (UTC): sortable, and safe on every file system."""
    party = re.sub(r"[^0-9A-Za-z]+", "", number) or "unknown"
    suffix = "_voicemail" if recording.voicemail else ""
    return f"{recording.started_at:%Y%m%d-%H%M%S}_{party}{suffix}.wav"


def find(session: Session, principal: Principal, recording_id: int) -> RecordingFile:
    """The file of recording ``recording_id`` if the principal's ``recordings.listen`` covers its call.

    Refusals: 403 without the permission or outside its scope, 404 ``recording_unknown`` for an unknown
    id or another tenant's, 404 ``recording_not_ready`` while the switch still writes it, and 404
    ``recording_file_missing`` when the row names a file that is no longer on disk.
    """
    principal.require(LISTEN)
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise _unknown(recording_id)
    if recording.call_id is not None:
        call = session.get(Call, recording.call_id)
        if call is None or call.tenant_id != principal.tenant_id:
            raise _unknown(recording_id)
        number = "hidden" if call.number_hidden else call.caller_number
        covered = _covers_call(session, principal, call)
    else:
        outbound_id = recording.outbound_call_id
        outbound = None if outbound_id is None else session.get(OutboundCall, outbound_id)
        if outbound is None or outbound.tenant_id != principal.tenant_id:
            raise _unknown(recording_id)
        number = outbound.number
        covered = _covers_outbound(session, principal, outbound)
    if not covered:
        raise ForbiddenError(
            f"your role does not allow this for that call ({LISTEN})", detail={"permission": LISTEN}
        )
    if not recording.path:
        raise NotFoundError("the recording is still being written", detail={"reason": "recording_not_ready"})
    path = Path(recording.path)
    if not path.is_file():
        raise NotFoundError(
            "the recording's file is missing on the server", detail={"reason": "recording_file_missing"}
        )
    return RecordingFile(path=path, file_name=_file_name(number, recording))
