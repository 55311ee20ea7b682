"""Contact-center call events (``call.offered``, ``call.offer_withdrawn``, ``call.state``, ``wrapup.*``)
turned into :class:`~app.state.calls.CallSnapshot` changes.

The server owns the customer leg; the client only shows the offer and, on «Ответить», opens its
media leg through the softphone bridge. Wire models come from ``app.protocol.calls``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from app.services.logs import event as log_event
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore

if TYPE_CHECKING:
    from app.protocol.events import Event

log = logging.getLogger(__name__)

_PHASES = {
    "offering": CallPhase.OFFERED,
    "talking": CallPhase.TALKING,
    "held": CallPhase.HELD,
    "transferring": CallPhase.TRANSFERRING,
    "wrapup": CallPhase.WRAPUP,
    "ended": CallPhase.ENDED,
}


class CallCenterSync:
    """Applies the server's call events to the calls store; returns whether an event was its own."""

    def __init__(self, *, calls: CallsStore) -> None:
        self._calls = calls

    def apply(self, event: Event) -> bool:
        from app.protocol import calls as wire

        if event.type == wire.CALL_OFFERED:
            offered = wire.OfferedData.model_validate(event.data)
            now = datetime.now(UTC)
            self._calls.upsert(
                CallSnapshot(
                    key=f"cc:{offered.call_id}",
                    origin=CallOrigin.CONTACT_CENTER,
                    phase=CallPhase.OFFERED,
                    incoming=True,
                    remote=offered.caller,
                    queue=offered.queue,
                    started_at=now,
                    waited_seconds=offered.waiting_seconds,
                    cc_call_id=offered.call_id,
                    offer_id=offered.offer_id,
                    offer_token=offered.token,
                    worker_uri=offered.worker_uri,
                )
            )
            log_event(log, "call.offered", call_id=offered.call_id, offer_id=offered.offer_id)
            return True
        if event.type == wire.CALL_OFFER_WITHDRAWN:
            withdrawn = wire.OfferWithdrawnData.model_validate(event.data)
            call = self._calls.snapshot.find_cc(withdrawn.call_id)
            if call is not None and call.phase is CallPhase.OFFERED:
                self._calls.remove(call.key)
            return True
        if event.type == wire.CALL_STATE:
            state = wire.CallStateData.model_validate(event.data)
            call = self._calls.snapshot.find_cc(state.call_id)
            phase = _PHASES.get(state.state.value)
            if call is None or phase is None:
                return True
            connected = call.connected_at
            if connected is None and phase is CallPhase.TALKING:
                connected = datetime.now(UTC)
            self._calls.upsert(
                replace(call, phase=phase, connected_at=connected, end_reason=state.reason or call.end_reason)
            )
            return True
        if event.type == wire.WRAPUP_STARTED:
            wrapup = wire.WrapupData.model_validate(event.data)
            call = self._calls.snapshot.find_cc(wrapup.call_id)
            if call is not None:
                self._calls.upsert(
                    replace(call, phase=CallPhase.WRAPUP, wrapup_due=wrapup.due_at, sip_call_id=None)
                )
            return True
        if event.type == wire.WRAPUP_ENDED:
            wrapup = wire.WrapupData.model_validate(event.data)
            call = self._calls.snapshot.find_cc(wrapup.call_id)
            if call is not None:
                self._calls.remove(call.key)
            return True
        return False


def wrapup_seconds_left(call: CallSnapshot, now: datetime) -> int:
    if call.wrapup_due is None:
        return 0
    return max(0, int((call.wrapup_due - now) / timedelta(seconds=1)))
