"""Trunk accounts inside a media worker: one pjsua2 ``Account`` per provider registration.

The account's Contact is the switch's public SIP address (the Kamailio front, or worker 0 without one), so
the provider's calls to the registered number come in like any customer's and spread over the workers.
Registration results go to the manager as :class:`~app.server.switch.protocol.TrunkStateEvent`. A call the
provider sends that pjsua matches to a trunk account is handed to the worker like any other.
"""

from __future__ import annotations

import hashlib
import time
import weakref
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.server.switch import protocol as p

if TYPE_CHECKING:
    from app.server.switch.worker import Leg, Worker

REGISTER_SECONDS = 300
RETRY_SECONDS = 10
OUTBOUND_WAIT_SECONDS = 60.0
"""How long an ordered outbound call waits for the operator's media leg when no api ends it sooner (the api
allows an answered offer's grace, then hangs it up)."""


def identity_headers(caller_id: str, domain: str) -> list[tuple[str, str]]:
    """Headers that present the chosen caller ID to the provider (From carries it too)."""
    return [("P-Asserted-Identity", f"<sip:{caller_id}@{domain}>")]


class TrunkAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, worker: Worker, trunk_id: int) -> None:
        super().__init__()
        self.worker: Worker = weakref.proxy(worker)
        self.trunk_id = trunk_id

    def onRegState(self, prm: Any) -> None:
        try:
            info = self.getInfo()
            self.worker.send(
                p.TrunkStateEvent(
                    trunk_id=self.trunk_id,
                    code=int(prm.code),
                    reason=str(prm.reason),
                    registered=bool(info.regIsActive),
                    expires=int(prm.expiration),
                )
            )
        except Exception as exc:
            self.worker.report_error(f"trunk {self.trunk_id} onRegState: {exc!r}")

    def onIncomingCall(self, prm: Any) -> None:
        try:
            self.worker.incoming(self, prm)
        except Exception as exc:
            self.worker.report_error(f"trunk {self.trunk_id} onIncomingCall: {exc!r}")


def account_config(command: p.RegisterTrunkCommand, *, bind: str, rtp_port: int, rtp_range: int) -> Any:
    cfg = pj.AccountConfig()
    cfg.idUri = f"sip:{command.username}@{command.domain}"
    if command.registers:
        cfg.regConfig.registrarUri = command.registrar
        cfg.regConfig.timeoutSec = REGISTER_SECONDS
        cfg.regConfig.retryIntervalSec = RETRY_SECONDS
        cfg.regConfig.firstRetryIntervalSec = 2
    else:
        cfg.regConfig.registrarUri = ""
    cfg.regConfig.registerOnAdd = command.registers
    cfg.sipConfig.proxies.append(f"{command.registrar};lr")
    if command.contact:
        cfg.sipConfig.contactForced = command.contact
    if command.password:
        cfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", command.username, 0, command.password))
    media = cfg.mediaConfig
    media.transportConfig.port = rtp_port
    media.transportConfig.portRange = rtp_range
    media.transportConfig.boundAddress = bind
    media.srtpUse = pj.PJMEDIA_SRTP_DISABLED
    media.srtpSecureSignaling = 0
    cfg.natConfig.sdpNatRewriteUse = 0
    cfg.natConfig.contactRewriteUse = 0
    cfg.natConfig.viaRewriteUse = 0
    return cfg


class TrunkAccounts:
    """The worker's trunk accounts by trunk id, and outbound calls through trunks.

    A pjsua2 process holds 8 accounts: the worker's own, at most 5 registered trunks (the api's limit, on
    one worker only) and one short-lived account per leg placed through a trunk (From: the caller ID): an
    operator's outbound call or a third party dialled by number, 2 at most within the wheel's 4 legs."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.accounts: dict[int, TrunkAccount] = {}
        self.outbound: dict[str, tuple[float, p.OutboundCallCommand]] = {}
        self.dialers: list[TrunkAccount] = []

    def expect_outbound(self, command: p.OutboundCallCommand) -> None:
        digest = command.token_sha256
        self.outbound[digest] = (time.monotonic(), command)
        self.worker.later(OUTBOUND_WAIT_SECONDS, lambda: self._leg_missing(digest))

    def _leg_missing(self, digest: str) -> None:
        """The operator's leg never came (the api ends such a call sooner; this is for when none listens)."""
        found = self.outbound.pop(digest, None)
        if found is not None:
            self.worker.send(p.CustomerEndedEvent(call_ref=found[1].call_ref, reason="operator_leg_missing"))

    def drop_outbound(self, call_ref: str, reason: str) -> bool:
        """Forget an outbound call still waiting for its operator's leg (a late leg is refused)."""
        digest = next((d for d, (_, c) in self.outbound.items() if c.call_ref == call_ref), None)
        if digest is None:
            return False
        del self.outbound[digest]
        self.worker.send(p.CustomerEndedEvent(call_ref=call_ref, reason=reason or "hangup"))
        return True

    def take_outbound(self, leg: Leg, token: str) -> bool:
        """The operator's leg of an ordered outbound call: answer it and dial the number through the trunk.
        False when the token is not one of ours (an ACD offer, or forged: the worker refuses it)."""
        from app.server.switch.worker import MAX_CONVERSATIONS, MAX_LEGS, Conversation, Leg

        found = self.outbound.pop(hashlib.sha256(token.encode()).hexdigest(), None)
        if found is None:
            return False
        command = found[1]
        worker = self.worker
        leg.ref, leg.token, leg.role = command.call_ref, token, "operator"
        # The callee needs a leg too; a conversation with a third party holds three of the four.
        if len(worker.convs) >= MAX_CONVERSATIONS or len(worker.legs) >= MAX_LEGS:
            leg.role = "refused"
            worker._respond(leg, 486)
            worker.send(p.CustomerEndedEvent(call_ref=command.call_ref, reason="switch_worker_full"))
            return True
        line = p.TrunkLine(
            registrar=command.registrar,
            username=command.username,
            password=command.password,
            domain=command.domain,
            caller_id=command.caller_id,
        )
        try:
            dialer = self.dialer(line)
        except pj.Error as exc:
            worker.report_error(f"outbound {command.call_ref}: no account for the trunk: {exc!r}")
            leg.role = "refused"
            worker._respond(leg, 503)
            worker.send(p.CustomerEndedEvent(call_ref=command.call_ref, reason="switch_worker_full"))
            return True
        worker._respond(leg, 200)
        worker.send(p.OutboundLegEvent(call_ref=command.call_ref))
        key = next(worker._keys)
        callee = Leg(worker, dialer, pj.PJSUA_INVALID_ID, key, "customer")
        callee.ref = command.call_ref
        worker.legs[key] = callee
        conv = Conversation(ref=command.call_ref, customer=callee, state="queue", operator=leg)
        conv.bridge_wanted = True
        worker.convs[command.call_ref] = conv
        try:
            callee.makeCall(command.uri, self.call_param(line))
        except pj.Error as exc:
            worker.report_error(f"outbound {command.call_ref}: {exc!r}")
            del worker.convs[command.call_ref]
            worker.legs.pop(key, None)
            worker._hangup(leg)
            worker.send(p.CustomerEndedEvent(call_ref=command.call_ref, reason="dial_failed"))
        self.reap_when_gone(dialer, key)
        return True

    def dialer(self, line: p.TrunkLine) -> TrunkAccount:
        """A short-lived account that calls out through the trunk as ``line.caller_id`` (From), with the
        trunk's digest credentials; drop it with :meth:`reap_when_gone` once its call is placed."""
        cfg = account_config(
            p.RegisterTrunkCommand(
                trunk_id=0,
                registrar=line.registrar,
                username=line.caller_id,
                password=line.password,
                domain=line.domain,
                registers=False,
            ),
            bind=self.worker.bind,
            rtp_port=self.worker.rtp_port,
            rtp_range=self.worker.rtp_range,
        )
        if line.password:  # digest as the trunk's user, From as the caller ID
            cfg.sipConfig.authCreds.clear()
            cfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", line.username, 0, line.password))
        dialer = TrunkAccount(self.worker, 0)
        dialer.create(cfg, False)
        self.dialers.append(dialer)
        return dialer

    @staticmethod
    def call_param(line: p.TrunkLine) -> Any:
        prm = pj.CallOpParam(True)
        for name, value in identity_headers(line.caller_id, line.domain):
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            prm.txOption.headers.append(header)
        return prm

    def reap_when_gone(self, dialer: TrunkAccount, leg_key: int) -> None:
        """Drop a dialer account once the leg it placed has ended (a merged party lives on as the
        conversation's operator leg, so the leg, not the conversation, is what counts)."""

        def reap() -> None:
            if leg_key in self.worker.legs:
                self.worker.later(1.0, reap)
                return
            if dialer in self.dialers:
                self.dialers.remove(dialer)
                dialer.shutdown()

        self.worker.later(1.0, reap)

    def register(self, command: p.RegisterTrunkCommand) -> None:
        self.remove(command.trunk_id)
        if not command.registers:  # outbound only: each call gets its own account (take_outbound)
            self.worker.send(p.TrunkStateEvent(trunk_id=command.trunk_id, code=0, reason="not registering"))
            return
        worker = self.worker
        cfg = account_config(command, bind=worker.bind, rtp_port=worker.rtp_port, rtp_range=worker.rtp_range)
        account = TrunkAccount(worker, command.trunk_id)
        account.create(cfg, False)
        self.accounts[command.trunk_id] = account

    def remove(self, trunk_id: int) -> None:
        account = self.accounts.pop(trunk_id, None)
        if account is not None:
            account.shutdown()  # unregisters

    def account_for(self, trunk_id: int) -> TrunkAccount | None:
        return self.accounts.get(trunk_id)

    def shutdown(self) -> None:
        for trunk_id in list(self.accounts):
            self.remove(trunk_id)
        for dialer in self.dialers:
            dialer.shutdown()
        self.dialers.clear()
