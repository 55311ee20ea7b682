"""Contact-center call events (``call.offered``, ``call.offer_withdrawn``, ``call.state``, ``wrapup.*``)
turned into :class:`~app.state.calls.CallSnapshot` changes.

The server owns the customer leg; the client only shows the offer and, on «Ответить», opens its
media leg through the softphone bridge. Wire models come from ``app.protocol.calls``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.services.call_control import TransferColleague, TransferGroup, TransferTargets
from app.services.errors import ClientError
from app.services.logs import event as log_event
from app.state.calls import (
    CallOrigin,
    CallPhase,
    CallSnapshot,
    CallsStore,
    MissedEntry,
    MissedSection,
    MissedSnapshot,
    MissedStore,
    TopicsStore,
)
from app.state.queue import QueueEntry, QueueSnapshot, QueueStore

if TYPE_CHECKING:
    from app.protocol.events import Event
    from app.services.api import ApiClient
    from app.services.callbacks import CallbackOrders

log = logging.getLogger(__name__)

_PHASES = {
    "offering": CallPhase.OFFERED,
    "talking": CallPhase.TALKING,
    "held": CallPhase.HELD,
    "transferring": CallPhase.TRANSFERRING,
    "wrapup": CallPhase.WRAPUP,
    "ended": CallPhase.ENDED,
}


class CallCenterActions(QObject):
    """Call control of contact-center calls through the REST API (the switch owns the customer leg)."""

    failed = Signal(object)
    """A :class:`ClientError` the user should see."""

    def __init__(
        self,
        *,
        missed: MissedStore,
        queue: QueueStore | None = None,
        me: Callable[[], int | None] = lambda: None,
        topics: TopicsStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._me = me
        self._topics = topics
        self._api: Callable[[], ApiClient | None] = lambda: None
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] = lambda coro: coro.close()
        self._missed = missed
        self._group_names: dict[int, str] = {}
        missed.cancel_requested.connect(self.cancel_missed)
        if queue is not None:
            queue.intercept_requested.connect(self.intercept)
            queue.hangup_requested.connect(self.hang_up_waiting)
            queue.transfer_requested.connect(self.transfer_waiting)

    def bind(
        self, *, api: Callable[[], ApiClient | None], spawn: Callable[[Coroutine[Any, Any, None]], object]
    ) -> None:
        """Attach the session's API client and task runner (the session is built after this service)."""
        self._api = api
        self._spawn = spawn

    def _run(
        self,
        name: str,
        job: Callable[[ApiClient], Coroutine[Any, Any, None]],
        on_error: Callable[[ClientError], None] | None = None,
    ) -> None:
        api = self._api()
        if api is None:
            return

        async def run() -> None:
            try:
                await job(api)
            except ClientError as exc:
                log_event(log, "call_center.failed", action=name, error=type(exc).__name__)
                if on_error is not None:
                    on_error(exc)  # the panel that asked shows it
                else:
                    self.failed.emit(exc)

        self._spawn(run())

    def intercept(self, call_id: int) -> None:
        """«Перехватить» (MW-33): the waiting call is offered to this user out of turn."""
        store = self._queue
        self._run(
            "intercept",
            lambda api: api.call_action(call_id, "intercept"),
            None if store is None else store.action_failed.emit,
        )

    def hang_up_waiting(self, call_id: int) -> None:
        """«Повесить трубку» on a call of the queue (supervisors for their groups, administrators)."""
        store = self._queue
        self._run(
            "hangup",
            lambda api: api.call_action(call_id, "hangup"),
            None if store is None else store.action_failed.emit,
        )

    def transfer_waiting(self, call_id: int, target: str) -> None:
        """«Перевести» on a call of the queue (MW-33): the server moves it to the employee, the group's
        queue or the number; the queue panel follows from ``queue.changed``."""
        store = self._queue
        self._run(
            "queue_transfer",
            lambda api: api.transfer_waiting(call_id, **parse_target(target)),
            None if store is None else store.action_failed.emit,
        )

    def answer(self, offer_id: int, then: Callable[[str], None]) -> None:
        """«Ответить»: claim the offer, then ``then(worker_uri)`` opens the media leg."""

        async def job(api: ApiClient) -> None:
            answered = await api.answer_offer(offer_id)
            then(answered.worker_uri)

        self._run("answer", job)

    def reject(self, offer_id: int) -> None:
        self._run("reject", lambda api: api.reject_offer(offer_id))

    def control(self, call_id: int, action: str) -> None:
        self._run(action, lambda api: api.call_action(call_id, action))

    def transfer(
        self,
        call_id: int,
        *,
        employee_id: int | None = None,
        group_id: int | None = None,
        number: str | None = None,
    ) -> None:
        """Blind transfer (MW-33 «Перевести», «Без консультации»): the server offers the call to the
        employee, queues it for the group, or has the switch call the number."""
        self._run(
            "transfer",
            lambda api: api.transfer_call(call_id, employee_id=employee_id, group_id=group_id, number=number),
        )

    def transfer_to(self, call_id: int, target: str) -> None:
        self.transfer(call_id, **parse_target(target))

    def third_party(self, call_id: int, mode: str, target: str) -> None:
        """«С консультацией» (``consult``) or «Начать конференцию» (``conference``) with ``target``
        (``employee:<id>``, ``group:<id>`` or a number / SIP address)."""
        self._run(mode, lambda api: api.third_party(call_id, mode, **parse_target(target)))

    def dtmf(self, call_id: int, digits: str) -> None:
        self._run("dtmf", lambda api: api.call_dtmf(call_id, digits))

    def load_targets(self, then: Callable[[TransferTargets], None]) -> None:
        """Colleagues with their statuses and groups with free/total operators, for the transfer dialog."""

        async def job(api: ApiClient) -> None:
            answer = await api.colleagues()
            then(transfer_targets(answer))

        self._run("targets", job)

    def finish_wrapup(self, call_id: int, topic_ids: list[int], comment: str) -> None:
        """«Готов к работе»: the topics and comment of the call (a call out by its negative id), then the end
        of post-call work."""

        async def job(api: ApiClient) -> None:
            if call_id and (topic_ids or comment):
                await api.wrapup(call_id, topic_ids, comment)
            await api.ready()

        self._run("wrapup", job)

    def me(self) -> int | None:
        """The signed-in employee's id (None before sign-in)."""
        return self._me()

    def refresh_missed(self) -> None:
        async def job(api: ApiClient) -> None:
            answer = await api.missed()
            if any(g.group_id is not None and g.group_id not in self._group_names for g in answer.groups):
                groups = await api.groups()
                self._group_names.update({g.id: g.name for g in groups.items})
            self._missed.set(missed_snapshot(answer, self._group_names))

        self._run("missed", job)

    def cancel_missed(self, missed_id: int) -> None:
        """«Отменить» (MW-27): the server removes it from the lists and pushes ``missed.changed``."""
        self._run("missed_cancel", lambda api: api.cancel_missed(missed_id))

    def refresh(self) -> None:
        """After a login: the missed-calls counter and the queue from the server."""
        self.refresh_missed()
        self.refresh_queue()
        self.refresh_topics()

    def refresh_topics(self) -> None:
        store = self._topics
        if store is None:
            return

        async def job(api: ApiClient) -> None:
            answer = await api.topics()
            store.set(topic_choices(answer.items))

        self._run("topics", job)

    def refresh_queue(self) -> None:
        store = self._queue
        if store is None:
            return

        async def job(api: ApiClient) -> None:
            answer = await api.queue()
            me = self._me()
            # A queue event moves a call or two of a list that may be hundreds long: the entries that did
            # not change are kept as they were, so a refetch leaves few new long-lived objects behind
            # (each of them would bring the next full garbage collection of the whole client nearer).
            known = {e.call_id: e for e in store.snapshot.calls}
            calls: list[QueueEntry] = []
            for c in answer.calls:
                if c.state.value not in ("queued", "offering", "ivr"):
                    continue
                mine = me is not None and me in c.offered_to
                old = known.get(c.call_id)
                if (
                    old is not None
                    and old.caller == c.caller
                    and old.queue == c.queue
                    and old.waiting_since == c.waiting_since
                    and old.offered_to_me == mine
                ):
                    calls.append(old)
                else:
                    calls.append(QueueEntry(c.call_id, c.caller, c.queue, c.waiting_since, mine))
            store.set(QueueSnapshot(calls=tuple(calls), loaded=True))

        self._run("queue", job)


def parse_target(target: str) -> dict[str, Any]:
    """``employee:<id>`` / ``group:<id>`` (picked in the dialog) or a typed number / SIP address."""
    found: dict[str, Any] = {"employee_id": None, "group_id": None, "number": None}
    kind, _, value = target.partition(":")
    if kind in ("employee", "group") and value.isdigit():
        found[f"{kind}_id"] = int(value)
    else:
        found["number"] = target.strip()
    return found


def transfer_targets(answer: Any) -> TransferTargets:
    """The dialog's lists from ``GET /colleagues``: colleagues by name, groups with free/total members."""
    colleagues = sorted(answer.items, key=lambda c: c.full_name.casefold())
    groups = []
    for group in sorted(answer.groups, key=lambda g: g.name.casefold()):
        members = [c for c in answer.items if group.id in c.group_ids]
        free = sum(c.status == "online" for c in members)
        groups.append(TransferGroup(group.id, group.name, free, len(members)))
    return TransferTargets(
        colleagues=tuple(
            TransferColleague(c.employee_id, c.full_name, c.status, c.extension, tuple(c.group_ids))
            for c in colleagues
        ),
        groups=tuple(groups),
        loaded=True,
    )


def party_key(call_key: str) -> str:
    """The calls-store key of a contact-center call's third party (its consultation/conference card)."""
    return f"{call_key}:party"


class CallCenterSync:
    """Applies the server's call events to the calls store; returns whether an event was its own."""

    def __init__(self, *, calls: CallsStore, actions: CallCenterActions | None = None) -> None:
        self._calls = calls
        self._actions = actions
        self.lines_changed: Callable[[], None] | None = None
        """Refetches the «Линия» selectors' lines (``lines.changed``: a trunk was added, changed, removed)."""
        self.callbacks: CallbackOrders | None = None
        """The callback-order tab's service (``callback.changed``), set by the composition root."""
        if actions is not None:
            # A refused answer, hold, transfer or wrap-up reaches the window through the calls store.
            actions.failed.connect(calls.control_failed)

    def apply(self, event: Event) -> bool:
        from app.protocol import calls as wire
        from app.protocol.trunks import LINES_CHANGED, OUTBOUND_STATE

        if self.callbacks is not None and self.callbacks.apply(event):
            return True
        if event.type == wire.MISSED_CHANGED:
            if self._actions is not None:
                self._actions.refresh_missed()
            return True
        if event.type == wire.QUEUE_CHANGED:
            if self._actions is not None:
                self._actions.refresh_queue()
            return True

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
            if call is None or phase is None or call.phase is CallPhase.WRAPUP:
                # In post-call work this operator's part is over: a transferred call goes on elsewhere
                # (the server starts the wrap-up before it reports the call «transferring»).
                return True
            connected = call.connected_at
            if connected is None and phase is CallPhase.TALKING:
                connected = datetime.now(UTC)
            self._calls.upsert(
                replace(call, phase=phase, connected_at=connected, end_reason=state.reason or call.end_reason)
            )
            return True
        if event.type == OUTBOUND_STATE:
            self._outbound(event.data)
            return True
        if event.type == LINES_CHANGED:
            if self.lines_changed is not None:
                self.lines_changed()
            return True
        if event.type == wire.CALL_THIRD_PARTY:
            self._third_party(wire.ThirdPartyData.model_validate(event.data))
            return True
        if event.type == wire.CALL_DTMF:
            dtmf = wire.DtmfData.model_validate(event.data)
            log_event(log, "call.dtmf_received", call_id=dtmf.call_id, digit=dtmf.digit)
            return True
        if event.type == wire.WRAPUP_STARTED:
            wrapup = wire.WrapupData.model_validate(event.data)
            call = self._calls.snapshot.find_cc(wrapup.call_id)
            if call is None and wrapup.call_id < 0:
                call = self._outbound_wrapup(wrapup)
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

    def _outbound_wrapup(self, wrapup: Any) -> CallSnapshot | None:
        """Post-call work after this operator's connected call out (TP-34): the server names it by the
        negated outbound id and knows no ``call_ref`` in it, so it belongs to the operator's latest call out
        (its ended card, or one still ending); the card takes the id so ``wrapup.ended`` finds it."""
        me = self._actions.me() if self._actions is not None else None
        if me is not None and wrapup.employee_id != me:
            return None  # a colleague's post-call work (supervisors get these events too)
        if wrapup.due_at <= datetime.now(UTC):
            return None  # over already (an event caught up after a reconnect): no card for it
        outbound = [
            c
            for c in self._calls.snapshot.calls
            if c.outbound_ref and c.connected_at is not None and c.cc_call_id is None
        ]
        if outbound:
            return replace(outbound[-1], cc_call_id=wrapup.call_id)
        return CallSnapshot(  # its card has gone already: the post-call work still shows, without a number
            key=f"cc:{wrapup.call_id}",
            origin=CallOrigin.SIP,
            phase=CallPhase.WRAPUP,
            incoming=False,
            remote="",
            cc_call_id=wrapup.call_id,
        )

    def _outbound(self, raw: dict[str, Any]) -> None:
        """An operator's call out through a trunk (MW-19): the callee answered, or it ended before."""
        from app.protocol.trunks import OutboundState, OutboundStateData

        data = OutboundStateData.model_validate(raw)
        call = next((c for c in self._calls.snapshot.calls if c.outbound_ref == data.call_ref), None)
        if call is None:
            return
        if data.state is OutboundState.TALKING and call.phase is CallPhase.DIALING:
            self._calls.upsert(replace(call, phase=CallPhase.TALKING, connected_at=datetime.now(UTC)))
        elif data.state is OutboundState.ENDED and call.sip_call_id is None and call.live:
            self._calls.upsert(replace(call, phase=CallPhase.ENDED, end_reason=data.reason))

    def _third_party(self, data: Any) -> None:
        """The consultation/conference card follows the server: shown while ringing and talking, gone
        when merged, cancelled, failed or hung up. Only the operator who started it has the card."""
        from app.protocol.calls import ThirdPartyMode, ThirdPartyState

        call = self._calls.snapshot.find_cc(data.call_id)
        me = self._actions.me() if self._actions is not None else None
        if call is None or data.mode is ThirdPartyMode.BLIND or me not in (None, data.by_employee_id):
            return
        key = party_key(call.key)
        existing = self._calls.snapshot.get(key)
        if data.state in (ThirdPartyState.RINGING, ThirdPartyState.TALKING):
            phase = CallPhase.CONSULTING if data.mode is ThirdPartyMode.CONSULT else CallPhase.CONFERENCE
            now = datetime.now(UTC)
            base = existing or CallSnapshot(
                key=key,
                origin=CallOrigin.CONTACT_CENTER,
                phase=phase,
                incoming=False,
                remote=data.number or "",
                started_at=now,
                consult_of=call.key,
            )
            connected = base.connected_at or (now if data.state is ThirdPartyState.TALKING else None)
            self._calls.upsert(replace(base, phase=phase, connected_at=connected))
        elif existing is not None:
            self._calls.remove(key)
            if data.state is ThirdPartyState.FAILED:
                log_event(log, "call.third_party_failed", call_id=data.call_id, reason=data.reason)


def missed_snapshot(answer: Any, group_names: dict[int, str]) -> MissedSnapshot:
    """``GET /missed`` (``MissedList``) as the store's snapshot; the IVR section keeps an empty name."""

    def entry(item: Any) -> MissedEntry:
        return MissedEntry(
            id=item.id,
            call_id=item.call_id,
            kind=item.kind,
            caller=item.caller,
            arrived_at=item.arrived_at,
            employee_id=item.employee_id,
            group_id=item.group_id,
        )

    return MissedSnapshot(
        total=answer.total,
        last_7_days=answer.last_7_days,
        personal=tuple(entry(i) for i in answer.personal),
        sections=tuple(
            MissedSection(
                group_id=g.group_id,
                name="" if g.group_id is None else group_names.get(g.group_id, f"#{g.group_id}"),
                count=g.count,
                entries=tuple(entry(i) for i in g.items),
            )
            for g in answer.groups
        ),
    )


def topic_choices(items: list[Any]) -> tuple[tuple[int, str], ...]:
    """Topics (not folders) as ``(id, "Folder / Topic")``, sorted by that path."""
    by_id = {item.id: item for item in items}

    def path(item: Any) -> str:
        names = [item.name]
        parent = by_id.get(item.parent_id)
        seen = {item.id}
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            names.append(parent.name)
            parent = by_id.get(parent.parent_id)
        return " / ".join(reversed(names))

    return tuple(sorted(((item.id, path(item)) for item in items if not item.folder), key=lambda t: t[1]))


def wrapup_seconds_left(call: CallSnapshot, now: datetime) -> int:
    if call.wrapup_due is None:
        return 0
    return max(0, int((call.wrapup_due - now) / timedelta(seconds=1)))
