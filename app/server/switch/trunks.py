"""Trunk accounts inside a media worker: one pjsua2 ``Account`` per provider registration.

The account's Contact is the switch's public SIP address (the Kamailio front, or worker 0 without one), so
the provider's calls to the registered number come in like any customer's and spread over the workers.
Registration results go to the manager as :class:`~app.server.switch.protocol.TrunkStateEvent`. A call the
provider sends that pjsua matches to a trunk account is handed to the worker like any other.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from app.server.switch import protocol as p

if TYPE_CHECKING:
    from app.server.switch.worker import Worker

REGISTER_SECONDS = 300
RETRY_SECONDS = 10


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
    """The worker's trunk accounts by trunk id (a pjsua2 process holds 8 accounts; the api allows 6)."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.accounts: dict[int, TrunkAccount] = {}

    def register(self, command: p.RegisterTrunkCommand) -> None:
        self.remove(command.trunk_id)
        worker = self.worker
        cfg = account_config(command, bind=worker.bind, rtp_port=worker.rtp_port, rtp_range=worker.rtp_range)
        account = TrunkAccount(worker, command.trunk_id)
        account.create(cfg, False)
        self.accounts[command.trunk_id] = account
        if not command.registers:
            worker.send(p.TrunkStateEvent(trunk_id=command.trunk_id, code=0, reason="not registering"))

    def remove(self, trunk_id: int) -> None:
        account = self.accounts.pop(trunk_id, None)
        if account is not None:
            account.shutdown()  # unregisters

    def account_for(self, trunk_id: int) -> TrunkAccount | None:
        return self.accounts.get(trunk_id)

    def shutdown(self) -> None:
        for trunk_id in list(self.accounts):
            self.remove(trunk_id)
