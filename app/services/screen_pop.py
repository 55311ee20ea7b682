"""«HTTP-запросы» (spec TP-41): on an external inbound call, the user's URL with its six variables filled in.

The service watches the calls store; when a new incoming external call starts ringing it reads the user's
screen-pop settings from the server (so a change made in the settings tab, or on another computer, applies
to the next call without any wiring), fills the variables in and emits :attr:`open_requested` with the URL.
The ui opens it in the default browser. If the server cannot be asked, the last settings read are used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from PySide6.QtCore import QObject, Signal

from app.protocol.calls import HIDDEN_NUMBER
from app.protocol.settings_tabs import SCREEN_POP_VARIABLES, ScreenPopSettings
from app.services.errors import ClientError
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsSnapshot

if TYPE_CHECKING:
    from app.services.api import ApiClient
    from app.state.calls import CallsStore

log = logging.getLogger(__name__)

MAX_INTERNAL_DIGITS = 5
"""Extensions have at most 5 digits (MW-02); a longer number, or a hidden one, is an external caller."""
_PLACEHOLDER = re.compile(
    r"\{(" + "|".join(SCREEN_POP_VARIABLES) + r")\}|%7b(" + "|".join(SCREEN_POP_VARIABLES) + r")%7d",
    re.IGNORECASE,
)


def is_external(call: CallSnapshot) -> bool:
    if call.origin is CallOrigin.CONTACT_CENTER:
        return True
    digits = re.sub(r"\D", "", call.remote.split("@")[0])
    return call.remote == HIDDEN_NUMBER or len(digits) > MAX_INTERNAL_DIGITS


def variables(call: CallSnapshot, extension: str) -> dict[str, str]:
    """The TP-41 values of a call. A contact-center call is the server's call (``context_id``) whose
    customer leg is the call itself (``call_id_a``) and whose operator leg is this offer (``call_id_b``),
    held by the switch worker at ``worker_uri`` (``switch_id``); a plain SIP call has only its own id."""
    caller = "" if call.remote == HIDDEN_NUMBER else call.remote
    if call.origin is CallOrigin.CONTACT_CENTER:
        context = str(call.cc_call_id or "")
        leg_b = str(call.offer_id or "")
        switch = call.worker_uri.removeprefix("sip:").split(";")[0]
    else:
        context = f"sip-{call.sip_call_id}" if call.sip_call_id is not None else ""
        leg_b, switch = "", ""
    return {
        "ex_phone": caller,
        "in_phone": extension,
        "context_id": context,
        "call_id_a": context,
        "call_id_b": leg_b,
        "switch_id": switch,
    }


def fill(url: str, values: dict[str, str]) -> str:
    """``url`` with each ``{name}`` (or its encoded ``%7Bname%7D``) replaced by the percent-encoded value."""

    def substitute(match: re.Match[str]) -> str:
        name = (match.group(1) or match.group(2)).lower()
        return quote(values.get(name, ""), safe="")

    return _PLACEHOLDER.sub(substitute, url)


class ScreenPopService(QObject):
    """Emits :attr:`open_requested` with the filled URL once per incoming external call."""

    open_requested = Signal(str)

    def __init__(
        self,
        *,
        calls: CallsStore,
        extension: Callable[[], str],
        api: Callable[[], ApiClient | None],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._extension = extension
        self._api = api
        self._spawn = spawn
        self._seen: set[str] = set()
        self.settings = ScreenPopSettings()
        calls.calls_changed.connect(self._on_calls_changed)

    def _on_calls_changed(self, snapshot: CallsSnapshot) -> None:
        live = {c.key for c in snapshot.calls}
        self._seen &= live
        for call in snapshot.calls:
            if call.phase is CallPhase.OFFERED and call.incoming and call.key not in self._seen:
                self._seen.add(call.key)
                if is_external(call):
                    self._spawn(self._pop(call))

    async def _pop(self, call: CallSnapshot) -> None:
        api = self._api()
        if api is not None:
            try:
                self.settings = await api.send("GET", "/me/screen-pop", ScreenPopSettings)
            except ClientError as exc:
                log.info("screen_pop.settings_unavailable", extra={"fields": {"error": type(exc).__name__}})
        if not self.settings.enabled or not self.settings.url:
            return
        url = fill(self.settings.url, variables(call, self._extension()))
        log.info("screen_pop.open", extra={"fields": {"call": call.key}})
        self.open_requested.emit(url)
