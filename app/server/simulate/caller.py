"""One simulator process: up to 4 customer calls on one pjsua2 endpoint owned by the main thread."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pjsua2 as pj


@dataclass(eq=False)
class _Result:
    index: int
    caller: str
    result: str = "failed"
    code: int = 0
    reason: str = ""
    answered_at: float = 0.0
    ended_at: float = 0.0
    record: str | None = None
    done: bool = False
    hung_up: bool = False
    reported: bool = False
    media: list[Any] = field(default_factory=list)


class _CustomerCall(pj.Call):  # type: ignore[misc]
    def __init__(self, account: Any, result: _Result, play: Path, record: Path | None) -> None:
        super().__init__(account)
        self.result = result
        self.play = play
        self.record = record

    def onCallState(self, prm: Any) -> None:
        try:
            info = self.getInfo()
            if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
                self.result.result = "answered"
            if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.result.code = int(info.lastStatusCode)
                self.result.reason = str(info.lastReason)
                self.result.ended_at = time.monotonic()
                self.result.done = True
        except Exception as exc:  # never into SWIG
            self.result.reason = f"callback failed: {exc!r}"

    def onCallMediaState(self, prm: Any) -> None:
        try:
            if self.result.answered_at:
                return
            info = self.getInfo()
            if not any(m.status == pj.PJSUA_CALL_MEDIA_ACTIVE for m in info.media):
                return
            self.result.answered_at = time.monotonic()
            audio = self.getAudioMedia(-1)
            player = pj.AudioMediaPlayer()
            player.createPlayer(str(self.play), 0)  # loops: the customer keeps talking
            player.startTransmit(audio)
            self.result.media.append(player)
            if self.record is not None:
                recorder = pj.AudioMediaRecorder()
                recorder.createRecorder(str(self.record))
                audio.startTransmit(recorder)
                self.result.media.append(recorder)
                self.result.record = str(self.record)
        except Exception as exc:
            self.result.reason = f"media failed: {exc!r}"


def start_endpoint(*, user_agent: str, port: int, log: Path | None) -> Any:
    """A pjsua2 endpoint for a simulator: one thread, UDP on loopback ``port`` (0: any), no sound device."""
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.maxCalls = 4
    cfg.uaConfig.userAgent = user_agent
    cfg.medConfig.sndAutoCloseTime = -1
    cfg.medConfig.noVad = True
    cfg.logConfig.consoleLevel = 0
    cfg.logConfig.level = 4 if log else 0
    if log:
        cfg.logConfig.filename = str(log)
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.port = port
    tc.boundAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    ep.audDevManager().setNullDev()
    return ep


def prefer_codecs(ep: Any, names: list[str]) -> None:
    """Offer only the codecs named (by prefix, case-insensitive), in that order."""
    wanted = [name.lower() for name in names]
    for info in ep.codecEnum2():
        codec = str(info.codecId).lower()
        rank = next((i for i, name in enumerate(wanted) if codec.startswith(name)), None)
        ep.codecSetPriority(str(info.codecId), 0 if rank is None else 250 - rank)


def run_calls(args: argparse.Namespace) -> int:
    # stdout carries the JSON results; pjlib prints a banner before its log settings apply.
    saved = os.dup(1)
    os.dup2(2, 1)
    out = os.fdopen(saved, "w", buffering=1)
    ep = start_endpoint(user_agent="Pult customer simulator", port=0, log=args.log)
    prefer_codecs(ep, args.codec or ["PCMU", "PCMA"])
    if args.record_dir:
        args.record_dir.mkdir(parents=True, exist_ok=True)
    accounts: list[Any] = []
    calls: list[_CustomerCall] = []
    results: list[_Result] = []
    base = int(args.caller_base)
    start = args.t0 or time.time()
    schedule = [(start + (args.first + i) / args.rate, args.first + i) for i in range(args.calls)]
    try:
        while schedule or any(not r.done for r in results):
            ep.libHandleEvents(10)
            now = time.time()
            while schedule and schedule[0][0] <= now:
                _, index = schedule.pop(0)
                result = _Result(index=index, caller=str(base + index))
                results.append(result)
                _place(args, result, accounts, calls)
            _hang_up_due(calls, args.hangup_after)
            for r in results:
                if r.done and not r.reported:
                    r.media.clear()  # the recorder is closed while the bridge is still clocked
                    r.reported = True
                    print(json.dumps(_report(r)), file=out)
    finally:
        with contextlib.suppress(pj.Error):
            ep.hangupAllCalls()
        for _ in range(20):
            ep.libHandleEvents(20)
        for r in results:
            r.media.clear()
        for _ in range(10):
            ep.libHandleEvents(20)
        # No Call or Account may outlive libDestroy (assert → abort, notes §1.4): only these lists
        # hold them, so emptying them destroys them here, on the owner thread.
        calls.clear()
        while accounts:
            accounts.pop().shutdown()
        gc.collect()
        ep.libDestroy()
    ok = all(r.result == "answered" for r in results)
    return 0 if ok else 1


def _place(
    args: argparse.Namespace, result: _Result, accounts: list[Any], calls: list[_CustomerCall]
) -> None:
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:{result.caller}@127.0.0.1"
    acfg.mediaConfig.srtpUse = pj.PJMEDIA_SRTP_DISABLED
    acfg.mediaConfig.srtpSecureSignaling = 0
    account = pj.Account()
    account.create(acfg, False)
    accounts.append(account)
    record = args.record_dir / f"call-{result.index}.wav" if args.record_dir else None
    call = _CustomerCall(account, result, args.play, record)
    calls.append(call)
    try:
        call.makeCall(f"sip:{args.to}@{args.server_sip}", pj.CallOpParam(True))
    except pj.Error as exc:
        result.reason, result.done = str(exc.info()), True


def _hang_up_due(calls: list[_CustomerCall], after: float) -> None:
    now = time.monotonic()
    for call in calls:
        r = call.result
        if r.answered_at and not r.done and not r.hung_up and now - r.answered_at >= after:
            r.hung_up = True
            with contextlib.suppress(pj.Error):
                call.hangup(pj.CallOpParam(True))


def _report(r: _Result) -> dict[str, Any]:
    return {
        "index": r.index,
        "caller": r.caller,
        "result": r.result,
        "code": r.code,
        "reason": r.reason,
        "media_seconds": round(r.ended_at - r.answered_at, 2) if r.answered_at else 0.0,
        "record": r.record,
    }
