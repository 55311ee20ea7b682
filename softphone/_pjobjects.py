"""pjsua2 subclasses: thin shims that forward every callback to the engine's owner-thread handlers.

They hold the engine through a weak proxy (no reference cycle through a pjsua2 object, notes §1.4) and
wrap every callback so that no Python exception ever reaches SWIG (an escaped one pins the object past
``libDestroy`` and aborts the process at exit, notes §7).
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pjsua2 as pj

if TYPE_CHECKING:
    from softphone._owner import Owner as _Owner

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(self: Any, prm: Any) -> Any:
        try:
            return fn(self, prm)
        except ReferenceError:
            return None  # the engine is gone; pjsua2 is being torn down
        except Exception:
            log.exception("pjsua2 callback %s failed", fn.__name__)
            return None

    return wrapper  # type: ignore[return-value]


class SipAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, owner: _Owner, *, registered: bool) -> None:
        super().__init__()
        self.owner = weakref.proxy(owner)
        self.registered_account = registered

    @guarded
    def onRegState(self, prm: Any) -> None:
        self.owner.on_reg_state(self, prm)

    @guarded
    def onIncomingCall(self, prm: Any) -> None:
        self.owner.on_incoming_call(self, prm)


class SipCall(pj.Call):  # type: ignore[misc]
    def __init__(
        self, owner: _Owner, account: SipAccount, key: int, call_id: int = pj.PJSUA_INVALID_ID
    ) -> None:
        super().__init__(account, call_id)
        self.owner = weakref.proxy(owner)
        self.key = key

    @guarded
    def onCallState(self, prm: Any) -> None:
        self.owner.on_call_state(self)

    @guarded
    def onCallMediaState(self, prm: Any) -> None:
        self.owner.on_call_media_state(self)

    @guarded
    def onCallSdpCreated(self, prm: Any) -> None:
        self.owner.on_sdp(self, str(prm.sdp.wholeSdp), str(prm.remSdp.wholeSdp))

    @guarded
    def onCallTsxState(self, prm: Any) -> None:
        event = prm.e
        if event.type != pj.PJSIP_EVENT_TSX_STATE or event.body.tsxState.type != pj.PJSIP_EVENT_RX_MSG:
            return
        message = str(event.body.tsxState.src.rdata.wholeMsg)
        if message.startswith("SIP/2.0 2") and "m=audio" in message:  # an SDP answer to our offer
            self.owner.on_sdp(self, "", message.split("\r\n\r\n", 1)[-1])

    @guarded
    def onDtmfDigit(self, prm: Any) -> None:
        self.owner.on_dtmf(self, prm)

    @guarded
    def onCallTransferStatus(self, prm: Any) -> None:
        self.owner.on_transfer_status(self, prm)

    @guarded
    def onCallTransferRequest(self, prm: Any) -> None:
        self.owner.on_transfer_request(self, prm)

    @guarded
    def onCallReplaced(self, prm: Any) -> None:
        self.owner.on_call_replaced(self, prm)
