"""The narrow, typed boundary between the call domain (the brain) and the media switch.

Outbound: the domain gives orders through :class:`SwitchPort`; the switch implements it. Every method is
called *after* the transaction that decided it has committed, never while holding the database, and must
not block: the switch queues the command and reports back through the domain entry points of
:class:`app.server.services.acd.AcdEngine` (``customer_call_arrived``, ``customer_hung_up``,
``operator_leg_answered``, ``leg_failed``, ``recording_saved``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class OutboundLine:
    """A number called through a trunk: the trunk's account and the caller ID the callee sees."""

    trunk_id: int
    registrar: str
    """``sip:host[:port]``, also the outbound proxy."""
    username: str
    password: str
    domain: str
    caller_id: str

    def uri(self, number: str) -> str:
        return f"sip:{number}@{self.registrar.removeprefix('sip:')}"


class SwitchPort(Protocol):
    def worker_uri(self, call_ref: str) -> str:
        """SIP URI of the worker holding customer leg ``call_ref`` (sent to the operator with the offer)."""
        ...

    def offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        """Expect an operator leg for ``call_ref`` carrying ``token`` (one-time); check it by calling
        ``operator_leg_answered(token)``, which answers whether to bridge."""
        ...

    def offer_cancelled(self, call_ref: str, token_sha256: str) -> None:
        """Refuse a leg still to come whose token hashes to ``token_sha256`` (hex): the offer ended without
        an answer. Only the hash is kept after an offer is made, so the worker matches on it."""
        ...

    def bridge(self, call_ref: str, operator_id: int) -> None:
        """Connect the customer leg to the operator leg that presented the accepted token."""
        ...

    def hold(self, call_ref: str) -> None:
        """Put the customer on hold (music); the operator leg stays up."""
        ...

    def resume(self, call_ref: str) -> None: ...

    def transfer(self, call_ref: str, operator_id: int | None) -> None:
        """Detach the current operator leg; the customer hears music until the next bridge.
        ``operator_id`` is the target employee (a new offer follows) or None for a queue."""
        ...

    def to_voicemail(self, call_ref: str) -> None:
        """Take a voicemail from the customer, then hang up (report ``customer_hung_up``)."""
        ...

    def start_recording(self, call_ref: str, recording_id: int) -> None: ...

    def hangup(self, call_ref: str, reason: str) -> None:
        """End the customer leg and any operator leg of it."""
        ...

    def party_offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        """Expect a third-party leg (a consultation or conference target) carrying ``token``; checked by
        ``operator_leg_answered`` like an operator's."""
        ...

    def third_party(self, call_ref: str, mode: str) -> None:
        """Mix the third party: ``consult`` (customer on hold music, operator and party talk),
        ``conference`` (all three) or ``none`` (hang the party up, the customer is back with the operator).
        Reports ``party_answered`` for a dialled party and ``party_ended`` when its leg ends by itself."""
        ...

    def dial_party(
        self, call_ref: str, uri: str, line: OutboundLine | None = None, post_dial: str = ""
    ) -> None:
        """Call ``uri`` from the worker holding the call as its third party: a SIP address as given, a
        phone number through ``line``; ``post_dial`` digits go as DTMF after it answers (an extension)."""
        ...

    def merge(self, call_ref: str, operator_id: int | None) -> None:
        """«Объединить вызовы»: the third party takes the operator's place; the operator leg leaves."""
        ...

    def send_dtmf(self, call_ref: str, digits: str) -> None:
        """Send ``digits`` to the customer (RFC 4733); keys the customer presses come as ``customer_dtmf``."""
        ...


@dataclass(frozen=True, slots=True)
class SwitchCommand:
    name: str
    call_ref: str
    args: tuple[object, ...] = ()


@dataclass(slots=True)
class CommandLogSwitch:
    """A switch without media: records every order. The embedded default until the media switch lands,
    and the way tests see what the domain ordered."""

    sip_host: str = "127.0.0.1:5070"
    commands: list[SwitchCommand] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _add(self, name: str, call_ref: str, *args: object) -> None:
        with self._lock:
            self.commands.append(SwitchCommand(name, call_ref, args))

    def named(self, name: str) -> list[SwitchCommand]:
        with self._lock:
            return [c for c in self.commands if c.name == name]

    def worker_uri(self, call_ref: str) -> str:
        return f"sip:cc-{call_ref}@{self.sip_host}"

    def offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        self._add("offer_ready", call_ref, operator_id, token)

    def offer_cancelled(self, call_ref: str, token_sha256: str) -> None:
        self._add("offer_cancelled", call_ref, token_sha256)

    def bridge(self, call_ref: str, operator_id: int) -> None:
        self._add("bridge", call_ref, operator_id)

    def hold(self, call_ref: str) -> None:
        self._add("hold", call_ref)

    def resume(self, call_ref: str) -> None:
        self._add("resume", call_ref)

    def transfer(self, call_ref: str, operator_id: int | None) -> None:
        self._add("transfer", call_ref, operator_id)

    def to_voicemail(self, call_ref: str) -> None:
        self._add("to_voicemail", call_ref)

    def start_recording(self, call_ref: str, recording_id: int) -> None:
        self._add("start_recording", call_ref, recording_id)

    def hangup(self, call_ref: str, reason: str) -> None:
        self._add("hangup", call_ref, reason)

    def party_offer_ready(self, call_ref: str, operator_id: int, token: str) -> None:
        self._add("party_offer_ready", call_ref, operator_id, token)

    def third_party(self, call_ref: str, mode: str) -> None:
        self._add("third_party", call_ref, mode)

    def dial_party(
        self, call_ref: str, uri: str, line: OutboundLine | None = None, post_dial: str = ""
    ) -> None:
        through = (line.trunk_id, line.caller_id, post_dial) if line is not None else ()
        self._add("dial_party", call_ref, uri, *through)

    def merge(self, call_ref: str, operator_id: int | None) -> None:
        self._add("merge", call_ref, operator_id)

    def send_dtmf(self, call_ref: str, digits: str) -> None:
        self._add("send_dtmf", call_ref, digits)
