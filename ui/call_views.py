"""From a call snapshot to what the call card and the call list show: texts, timer, the actions that fit.

Kept apart from the windows so that the state → view mapping is tested without building widgets.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsSnapshot
from widgets.call_card import CallCardView, CardAction
from widgets.call_icons import mic_icon, pause_icon, phone_icon, transfer_icon

CONTEXT = "CallViews"


def translated(text: str) -> str:
    """A text already marked for extraction elsewhere in this module, in the user's language."""
    return QCoreApplication.translate(CONTEXT, text)


def _strings() -> None:  # pragma: no cover - lupdate sees the literals here
    QCoreApplication.translate("CallViews", "Incoming call")
    QCoreApplication.translate("CallViews", "The server's certificate did not pass the check")
    QCoreApplication.translate("CallViews", "Calling")
    QCoreApplication.translate("CallViews", "Conversation")
    QCoreApplication.translate("CallViews", "On hold")
    QCoreApplication.translate("CallViews", "Consultation")
    QCoreApplication.translate("CallViews", "Transferring")
    QCoreApplication.translate("CallViews", "Conference")
    QCoreApplication.translate("CallViews", "Post-call work")
    QCoreApplication.translate("CallViews", "Call ended")


STATE_TEXTS = {
    CallPhase.OFFERED: "Incoming call",
    CallPhase.DIALING: "Calling",
    CallPhase.TALKING: "Conversation",
    CallPhase.HELD: "On hold",
    CallPhase.CONSULTING: "Consultation",
    CallPhase.TRANSFERRING: "Transferring",
    CallPhase.CONFERENCE: "Conference",
    CallPhase.WRAPUP: "Post-call work",
    CallPhase.ENDED: "Call ended",
}

TONE = {
    CallPhase.OFFERED: "offer",
    CallPhase.DIALING: "dialing",
    CallPhase.TALKING: "talking",
    CallPhase.HELD: "held",
    CallPhase.CONSULTING: "consulting",
    CallPhase.TRANSFERRING: "transferring",
    CallPhase.CONFERENCE: "conference",
    CallPhase.WRAPUP: "wrapup",
    CallPhase.ENDED: "ended",
}


def clock(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def timer_text(call: CallSnapshot, now: datetime) -> str:
    if call.phase is CallPhase.WRAPUP:
        if call.wrapup_due is None:
            return ""
        return clock((call.wrapup_due - now) / timedelta(seconds=1))
    if call.phase is CallPhase.ENDED:
        return ""
    since = (
        call.connected_at
        if call.connected_at is not None and call.phase is not CallPhase.OFFERED
        else call.started_at
    )
    if since is None:
        return ""
    return clock((now - since) / timedelta(seconds=1))


def end_reason_text(key: str) -> str:
    texts = {
        "sip.normal_clearing": "The call is over",
        "sip.busy": "The line is busy",
        "sip.declined": "The call was declined",
        "sip.no_answer": "No answer",
        "sip.not_found": "The number does not exist",
        "sip.cancelled": "The caller hung up",
        "sip.unavailable": "The number is unavailable",
        "dial.invalid_number": "The number is not valid",
        "sip.timeout": "No answer from the network",
        "sip.tls_certificate": "The server's certificate did not pass the check",
    }
    return translated(texts.get(key, "The call is over"))


def _reasons() -> None:  # pragma: no cover - lupdate sees the literals here
    for text in (
        "The call is over",
        "The line is busy",
        "The call was declined",
        "No answer",
        "The number does not exist",
        "The caller hung up",
        "The number is unavailable",
        "The number is not valid",
        "No answer from the network",
        "The server's certificate did not pass the check",
    ):
        QCoreApplication.translate("CallViews", text)


def details(call: CallSnapshot, now: datetime) -> tuple[str, ...]:
    lines: list[str] = []
    if call.phase is CallPhase.OFFERED:
        if call.origin is CallOrigin.CONTACT_CENTER:
            lines.append(
                QCoreApplication.translate("CallViews", "Queue: {queue}").format(queue=call.queue or "—")
            )
            waited = call.waited_seconds + (
                (now - call.started_at) / timedelta(seconds=1) if call.started_at else 0
            )
            lines.append(
                QCoreApplication.translate("CallViews", "Waiting: {time}").format(time=clock(waited))
            )
        else:
            lines.append(QCoreApplication.translate("CallViews", "Personal call"))
    elif call.phase is CallPhase.ENDED:
        lines.append(end_reason_text(call.end_reason))
    elif call.queue:
        lines.append(QCoreApplication.translate("CallViews", "Queue: {queue}").format(queue=call.queue))
    if call.remote_held:
        lines.append(QCoreApplication.translate("CallViews", "The other side put the call on hold"))
    return tuple(lines)


def card_view(
    call: CallSnapshot,
    calls: CallsSnapshot,
    now: datetime,
    *,
    shortcuts: dict[str, str] | None = None,
    topics: tuple[tuple[int, str], ...] = (),
) -> CallCardView:
    keys = shortcuts or {}
    actions: list[CardAction] = []
    phase = call.phase
    if phase is CallPhase.OFFERED:
        actions = [
            CardAction(
                "reject",
                QCoreApplication.translate("CallViews", "Reject"),
                phone_icon("#ffffff", hangup=True),
                "danger",
                shortcut=keys.get("reject", ""),
            ),
            CardAction(
                "answer",
                QCoreApplication.translate("CallViews", "Answer"),
                phone_icon("#ffffff"),
                "accept",
                shortcut=keys.get("answer", ""),
            ),
        ]
    elif phase is CallPhase.DIALING or phase is CallPhase.TRANSFERRING:
        actions = [
            CardAction(
                "hangup",
                QCoreApplication.translate("CallViews", "Hang up"),
                phone_icon("#ffffff", hangup=True),
                "danger",
                shortcut=keys.get("hangup", ""),
            )
        ]
    elif phase in (CallPhase.TALKING, CallPhase.HELD, CallPhase.CONSULTING, CallPhase.CONFERENCE):
        held = phase is CallPhase.HELD
        cc = call.origin is CallOrigin.CONTACT_CENTER
        # A contact-center third party's card (consultation, conference) has no hold of its own: the
        # customer's hold belongs to the call it came from.
        party = cc and bool(call.consult_of)
        actions = [
            CardAction(
                "mute",
                QCoreApplication.translate("CallViews", "Mute"),
                mic_icon("#344054", muted=calls.muted),
                "toggle",
                calls.muted,
                keys.get("mute", ""),
            ),
        ]
        if not party:
            actions.append(
                CardAction(
                    "hold",
                    QCoreApplication.translate("CallViews", "Resume")
                    if held
                    else QCoreApplication.translate("CallViews", "Hold"),
                    pause_icon("#344054"),
                    "toggle",
                    held,
                    keys.get("hold", ""),
                )
            )
        if phase is CallPhase.CONSULTING:
            actions.append(
                CardAction(
                    "merge", QCoreApplication.translate("CallViews", "Merge calls"), transfer_icon("#344054")
                )
            )
            if party:
                actions.append(CardAction("join", QCoreApplication.translate("CallViews", "Conf.")))
        elif party:
            pass  # the conference's third party: «Х» (hang up) takes them out
        elif phase is not CallPhase.CONFERENCE:
            actions.append(
                CardAction(
                    "transfer",
                    QCoreApplication.translate("CallViews", "Transfer"),
                    transfer_icon("#344054"),
                    shortcut=keys.get("transfer", ""),
                )
            )
            if cc and phase is CallPhase.TALKING and calls.get(f"{call.key}:party") is None:
                actions.append(CardAction("conference", QCoreApplication.translate("CallViews", "Conf.")))
        if not party:
            # «Клавиши» (TP-02): the keypad sends DTMF to the counterpart (for a CC call, to the customer).
            actions.append(
                CardAction("keys", QCoreApplication.translate("CallViews", "Keys"), None, "toggle")
            )
        actions.append(
            CardAction(
                "hangup",
                QCoreApplication.translate("CallViews", "Hang up"),
                phone_icon("#ffffff", hangup=True),
                "danger",
                shortcut=keys.get("hangup", ""),
            )
        )
    elif phase is CallPhase.WRAPUP:
        actions = [CardAction("ready", QCoreApplication.translate("CallViews", "Ready"), None, "accept")]
    elif phase is CallPhase.ENDED:
        actions = [CardAction("dismiss", QCoreApplication.translate("CallViews", "Close"))]
    return CallCardView(
        tone=TONE[phase],
        state_text=translated(STATE_TEXTS[phase]),
        title=call.remote,
        details=details(call, now),
        timer_text=timer_text(call, now),
        actions=tuple(actions),
        topics=topics,
        # Queue calls and calls out alike (the server names a call out by its negative id).
        topic_label=QCoreApplication.translate("CallViews", "Topic")
        if phase is CallPhase.WRAPUP and call.cc_call_id
        else "",
        comment_placeholder=QCoreApplication.translate("CallViews", "Comment"),
    )
