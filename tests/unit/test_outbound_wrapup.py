"""Post-call work after an operator's call out (TP-34): the server's ``wrapup.*`` events name it by the
negated outbound id; the client puts it on the call's card, which takes a topic as a queue call's does."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.protocol.events import Event
from app.services.call_center import CallCenterActions, CallCenterSync
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore, MissedStore
from ui.call_views import card_view

ME = 6


def _wrapup(kind: str, employee_id: int, call_id: int, due: datetime, reason: str | None = None) -> Event:
    data = {"employee_id": employee_id, "call_id": call_id, "due_at": due.isoformat(), "status": None}
    if reason is not None:
        data["reason"] = reason
    return Event(seq=1, type=f"wrapup.{kind}", at=datetime.now(UTC), data=data)


def _sync() -> tuple[CallsStore, CallCenterSync]:
    calls = CallsStore()
    actions = CallCenterActions(missed=MissedStore(), me=lambda: ME)
    return calls, CallCenterSync(calls=calls, actions=actions)


def _call_out(key: str, *, connected: bool = True) -> CallSnapshot:
    now = datetime.now(UTC)
    return CallSnapshot(
        key=key,
        origin=CallOrigin.SIP,
        phase=CallPhase.ENDED if connected else CallPhase.DIALING,
        incoming=False,
        remote="79161234567",
        started_at=now,
        connected_at=now if connected else None,
        outbound_ref=f"ref-{key}",
    )


def test_the_ended_call_out_turns_into_post_call_work_and_leaves_with_its_end() -> None:
    calls, sync = _sync()
    calls.upsert(_call_out("out:1"))
    due = datetime.now(UTC) + timedelta(seconds=30)
    assert sync.apply(_wrapup("started", ME, -17, due))
    call = calls.snapshot.get("out:1")
    assert call is not None
    assert (call.phase, call.cc_call_id, call.wrapup_due, call.remote) == (
        CallPhase.WRAPUP,
        -17,
        due,
        "79161234567",
    )
    view = card_view(call, calls.snapshot, due - timedelta(seconds=25), topics=((1, "Жалоба"),))
    assert view.timer_text == "00:25"
    assert view.topic_label != ""  # topics for a call out too (the server keeps them by its negative id)
    assert view.topics == ((1, "Жалоба"),)
    assert [a.name for a in view.actions] == ["ready"]
    sip_call = replace(call, key="sip:5", cc_call_id=None)  # a plain SIP call: nothing to classify
    assert card_view(sip_call, calls.snapshot, due).topic_label == ""

    assert sync.apply(_wrapup("ended", ME, -17, due, "ready"))
    assert calls.snapshot.calls == ()


def test_a_colleagues_post_call_work_and_a_call_still_ringing_out_are_left_alone() -> None:
    calls, sync = _sync()
    calls.upsert(_call_out("out:1"))
    due = datetime.now(UTC) + timedelta(seconds=30)
    assert sync.apply(_wrapup("started", ME + 1, -17, due))  # a supervisor sees colleagues' events too
    untouched = calls.snapshot.get("out:1")
    assert untouched is not None
    assert (untouched.phase, untouched.cc_call_id, len(calls.snapshot.calls)) == (CallPhase.ENDED, None, 1)

    assert sync.apply(_wrapup("started", ME, -16, datetime.now(UTC) - timedelta(seconds=1)))  # over already
    assert calls.snapshot.get("out:1").phase is CallPhase.ENDED  # type: ignore[union-attr]

    calls.remove("out:1")
    calls.upsert(_call_out("out:2", connected=False))
    assert sync.apply(_wrapup("started", ME, -18, due))
    dialing = calls.snapshot.get("out:2")
    assert dialing is not None
    assert dialing.phase is CallPhase.DIALING
    # The card of the ended call had gone already: the post-call work shows on its own card.
    alone = calls.snapshot.get("cc:-18")
    assert alone is not None
    assert (alone.phase, alone.wrapup_due, alone.cc_call_id) == (CallPhase.WRAPUP, due, -18)
    assert sync.apply(_wrapup("ended", ME, -18, due, "timer"))
    assert calls.snapshot.get("cc:-18") is None
    assert calls.snapshot.get("out:2") is not None
