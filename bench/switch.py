"""Media switch capacity: concurrent bridged, recorded calls with no audio loss, CPU and RSS per conversation.

    .venv/bin/python bench/switch.py [--levels 1,10,20,30,40,50,60] [--hold 25] [--setup 20] [--workers N]
                                     [--keep DIR] [--sipp-normal-priority] [--all-levels]

The real server (``python -m app.server``: api, switch manager, pjsua2 workers behind its Kamailio front)
serves a bench group of operators. Customers are SIPp (Debian ``sip-tester``, ``bench/sipp/customer.xml``)
calling the group's number on the public SIP port and streaming a 440 Hz tone; the operators sign in over
the real api, follow the websocket, answer each ``call.offered`` over the api and open their media leg
with SIPp (``bench/sipp/operator.xml``, the offer token in its header) streaming a 1000 Hz tone. SIPp keeps
the load generator light so the figures are the switch's (the operator bot, ``python -m app.server.simulate
operators``, runs a whole softphone per leg).

For each level N: every customer stays ``--setup`` seconds (time for every call to be offered and answered)
plus ``--hold``; all N must be bridged and bridged *at the same moment* ("at once": the peak overlap of the
operator legs' wall-clock spans). CPU (api + workers + Kamailio, % of one core) and RSS are sampled while all
N talk, with the SIPp load generator's CPU and the whole machine's busy share shown apart; then every
recording (both sides mixed) is checked. "No audio loss" means, for every conversation of the level:

- the recording is as long as the bridged time on the wall clock (>= 98 %; the operator leg's SIPp notes
  when its call was set up and when the switch hung it up): the workers' conference bridge clock kept up,
  so no 20 ms frame was skipped;
- both tones are present in >= 99 % of the recording's 20 ms frames (first and last second aside) and no
  tone is missing for more than 40 ms at a time: no RTP stream stalled long enough for the jitter buffer's
  concealment to run out. (Single 20 ms dips of the operators' tone come from SIPp looping its 10 s tone
  file: they sit at whole multiples of 10 s into a leg.)

The largest level that passes is the capacity. Ratios are against the reference measured in the same run:
one conversation (CPU and RSS per conversation at N / at 1), and the idle switch.

Where the CPU went (``perf record -g`` on the workers at 10 calls, ``py-spy`` on the api), and what changed:

- Workers, before: 64 % of their CPU was pjmedia's clock thread and 53 % of all of it two functions,
  ``FilterUD``/``FilterUp`` of the resampler: the bridge ran at pjsua's default 16 kHz, so every 8 kHz G.711
  port and the recorder were resampled both ways on every 20 ms tick. The bridge now runs at 8 kHz
  (``worker.py``), the prompts are made at 8 kHz (``sounds.py``), and recordings are 8 kHz WAV (half the
  disk); the clock thread fell from ~16 to ~3 ticks per 10 s per worker. A wideband (G.722) operator leg
  is the only port still resampled, as before. Per conversation the workers now take ~0.5 % of a core,
  0.8-1.4 % with the api and Kamailio (most of the api's share is its websocket polling, below), against
  1.4-1.6 % in all before. An idle worker's RSS fell by ~11 MiB to ~45 MiB (no numpy unless it makes prompts).
- Workers, idle: the owner thread woke every 10 ms for ``libHandleEvents`` (0.8 % of a core per idle
  worker, and ``N / 2 + 2`` workers wait for ``N`` calls). It now waits up to 100 ms or the next timer and a
  command wakes it at once (a SIP keep-alive datagram to its own port): ~0.1 %.
- Scheduling: on a shared 2-core machine the losses were stalls, not throughput: 40-180 ms where both tones
  of a conversation vanished at once while the machine was 100 % busy. pjmedia's clock and RTP threads now
  run SCHED_RR priority 5 where allowed (``worker.MEDIA_PRIORITY``; root, CAP_SYS_NICE or ``LimitRTPRIO=``),
  and SIPp runs under ``chrt -r 1`` (below the switch) where the bench may, so other people's work on the
  machine does not count against the switch. Where priority is refused the worker says so on stderr.
  What is left: now and then one conversation loses both tones at once for 40-240 ms while the machine is
  saturated (other engineers' work, SCHED_FIFO probes at a higher priority). A 60 ms floor under the legs'
  jitter buffers (``jbMinPre``) hid it (40-60 calls passed at load 18-21) but cost speech quality in
  ``tests/server/test_switch.py`` (PESQ 3.2-3.4, correlation 0.85, in 1 of 3 calls), so it is not used.
- The load generator: one SIPp streaming every customer's RTP was late by 40-60 ms for many calls at once on
  a busy machine; customers are now spread over SIPp processes of 10. At 50 calls SIPp takes ~45 % of a
  core, more than the workers.
- The api: at 40-50 calls it takes 15-30 % of a core while nothing happens on the calls, nearly all of it
  in the websocket streams (``events/stream.py``): each operator's stream re-reads the outbox every second
  and reloads its principal, so the cost grows with signed-in operators, not with calls.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.protocol.admin import EmployeeCreate, GroupMemberSpec  # noqa: E402
from app.protocol.calls import CALL_OFFERED, OFFER_TOKEN_HEADER  # noqa: E402
from app.server.core.clock import system_clock  # noqa: E402
from app.server.core.config import ServerSettings  # noqa: E402
from app.server.core.db import Database  # noqa: E402
from app.server.core.security import PasswordHashing  # noqa: E402
from app.server.models import DistributionSettings, QueueNumber, Tenant  # noqa: E402
from app.server.seed import DEMO_PRODUCT, seed_demo  # noqa: E402
from app.server.services import employees, groups  # noqa: E402
from tests.server.switch_helpers import ServerProcess, free_udp_ports  # noqa: E402

PASSWORD = "BenchPult1"
BENCH_NUMBER = "74950009999"
CUSTOMER_HZ, OPERATOR_HZ = 440.0, 1000.0
READY = "Pult server listening on "
SIPP_DIR = ROOT / "bench" / "sipp"
RTP_RANGE = 40
MIN_DURATION_RATIO = 0.98
MIN_TONE_FRAMES = 0.99
MAX_GAP_MS = 40
LOAD_GENERATOR = "sipp"
CUSTOMERS_PER_SIPP = 10
SIPP = ["sipp"]
"""How SIPp is started: under ``chrt -r 1`` where the bench may (see ``main``)."""
BOX = "box"
"""Every process on the machine (other people's work included), % of one core: sampled with the rest."""


# --- setup -----------------------------------------------------------------------------------------------


def prepare_database(data_dir: Path, operators: int) -> list[str]:
    """The demo tenant plus a «Bench» group of operators (no post-call work) behind BENCH_NUMBER."""
    db = Database(ServerSettings(data_dir=data_dir).resolved_database_url())
    hashing = PasswordHashing(fast_insecure=True)
    now = system_clock()
    logins = [f"bench{i:03d}" for i in range(operators)]
    try:
        db.migrate()
        with db.transaction() as session:
            seed_demo(session, password=PASSWORD, hashing=hashing, now=now)
            from sqlalchemy import select

            tenant = session.execute(select(Tenant).where(Tenant.product_number == DEMO_PRODUCT)).scalar_one()
            group = groups.create_group(session, tenant.id, "Bench", now=now, retention=None)
            specs = []
            for i, login in enumerate(logins):
                body = EmployeeCreate(
                    login=login,
                    full_name=f"Bench operator {i}",
                    extension=str(5000 + i),
                    password=PASSWORD,
                )
                employee = employees.create_employee(session, tenant, body, hashing=hashing, now=now)
                specs.append(GroupMemberSpec(employee_id=employee.id))
            groups.set_members(session, group, specs, now=now, retention=None)
            session.add(
                QueueNumber(tenant_id=tenant.id, number=BENCH_NUMBER, group_id=group.id, comment="Bench")
            )
            session.add(
                DistributionSettings(
                    group_id=group.id,
                    tenant_id=tenant.id,
                    algorithm="longest_idle",
                    ring_timeout_seconds=30,
                    max_wait_seconds=900,
                    fallback="missed",
                    wrapup_seconds=0,
                    wrapup_status=None,
                )
            )
    finally:
        db.dispose()
    return logins


def tone(path: Path, hz: float) -> Path:
    """A u-law WAV tone for SIPp's rtp_stream (looped)."""
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "8000",
            "-c",
            "1",
            "-e",
            "u-law",
            str(path),
            "synth",
            "10",
            "sine",
            str(hz),
            "vol",
            "0.5",
        ],
        check=True,
    )
    return path


def scenario(name: str, audio: Path, out: Path) -> Path:
    text = (SIPP_DIR / name).read_text()
    text = text.replace("<!-- AUDIO -->", f'<nop><action><exec rtp_stream="{audio},-1,0"/></action></nop>')
    text = text.replace("X-Pult-Offer:", f"{OFFER_TOKEN_HEADER}:")
    out.write_text(text)
    return out


# --- the server ------------------------------------------------------------------------------------------


class Server(ServerProcess):
    """The suite's server process with the Kamailio front over ``workers`` workers, plus process figures."""

    def __init__(self, data_dir: Path, *, workers: int, sip_port: int, rtp_port: int) -> None:
        super().__init__(
            data_dir,
            sip_port=sip_port,
            rtp_port=rtp_port,
            sip_front="kamailio",
            workers=workers,
            extra=("--demo-password", PASSWORD),
        )

    def pids(self) -> dict[str, list[int]]:
        """api, workers and the Kamailio front (its whole process group)."""
        kamailio = int(self.events("sip_front.started")[-1]["pid"])
        found: dict[str, list[int]] = {"api": [self.proc.pid], "workers": [], "kamailio": []}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == self.proc.pid and b"app.server.switch.worker" in cmdline:
                found["workers"].append(int(entry.name))
            elif int(stat[2]) == kamailio:
                found["kamailio"].append(int(entry.name))
        return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds so far of each process still there."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / tick
    return found


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings, of the processes in both (one that ended in between is left out)."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def load_generator() -> list[int]:
    """The SIPp processes this bench started (customers and operators' legs)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError):
            stat = (entry / "stat").read_text()
            if (
                stat.split(" (", 1)[1].startswith("sipp)")
                and int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid()
            ):
                found.append(int(entry.name))
    return found


def sample(server: Server, seconds: float) -> tuple[dict[str, float], dict[str, float]]:
    """CPU (% of one core) and RSS (MiB) of api, workers and Kamailio over ``seconds``, and of the load
    generator (``sipp``, not the switch's)."""
    pids = {**server.pids(), LOAD_GENERATOR: load_generator()}
    before = {k: cpu_seconds(v) for k, v in pids.items()}
    box = box_busy_seconds()
    started = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - started
    cpu = {k: 100 * cpu_spent(before[k], cpu_seconds(v)) / elapsed for k, v in pids.items()}
    cpu[BOX] = 100 * (box_busy_seconds() - box) / elapsed
    return cpu, {k: rss_mib(v) for k, v in pids.items()}


def box_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores, /proc/stat without idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def switch_total(values: dict[str, float]) -> float:
    """The switch's own share: api, workers and Kamailio, without the load generator or the machine."""
    return sum(v for k, v in values.items() if k not in (LOAD_GENERATOR, BOX))


# --- operators -------------------------------------------------------------------------------------------


@dataclass
class Operators:
    server: Server
    logins: list[str]
    operator_xml: Path
    work: Path
    legs: list[asyncio.subprocess.Process] = field(default_factory=list)
    answered: int = 0
    delays: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    async def run(self, ready: asyncio.Event) -> None:
        async with httpx.AsyncClient(base_url=self.server.url + "/api/v1", timeout=60) as http:
            tokens = []
            for login in self.logins:
                r = await http.post(
                    "/auth/login",
                    json={"login": f"{DEMO_PRODUCT}/{login}", "password": PASSWORD, "status": "online"},
                )
                r.raise_for_status()
                tokens.append(r.json()["token"])
            connected = [asyncio.Event() for _ in tokens]
            tasks = [
                asyncio.create_task(self._follow(http, token, event))
                for token, event in zip(tokens, connected, strict=True)
            ]
            await asyncio.gather(*(e.wait() for e in connected))
            ready.set()
            await asyncio.gather(*tasks)

    async def _follow(self, http: httpx.AsyncClient, token: str, connected: asyncio.Event) -> None:
        """Answer every new offer; a dropped websocket (a loaded box misses pings) resumes after the last
        event seen, as the desktop client does."""
        base = self.server.url.replace("http://", "ws://") + "/api/v1/events?after="
        headers = {"Authorization": f"Bearer {token}"}
        seen: int | None = None  # events up to here are old (replayed at the first hello) or handled
        while True:
            try:
                async with connect(
                    base + str(seen or 0), additional_headers=headers, max_size=None, ping_interval=None
                ) as ws:
                    async for raw in ws:
                        frame = json.loads(raw)
                        if frame.get("kind") == "hello":
                            seen = frame.get("last_seq", 0) if seen is None else seen
                            connected.set()
                            continue
                        if frame.get("kind") != "event" or (seen is not None and frame["seq"] <= seen):
                            continue
                        seen = frame["seq"]
                        if frame.get("type") == CALL_OFFERED:
                            sent = datetime.fromisoformat(frame["at"]).timestamp()
                            self.delays.append(time.time() - sent)
                            await self._answer(http, headers, frame["data"])
            except (OSError, WebSocketException) as exc:
                self.failed.append(f"websocket: {exc!r}")
                await asyncio.sleep(0.5)

    async def _answer(self, http: httpx.AsyncClient, headers: dict[str, str], offer: dict[str, Any]) -> None:
        r = await http.post(f"/offers/{offer['offer_id']}/answer", headers=headers)
        if r.status_code != 200:
            self.failed.append(r.text)
            return
        self.answered += 1
        await self._leg(r.json().get("worker_uri") or offer["worker_uri"], offer["token"])

    async def _leg(self, uri: str, token: str) -> None:
        service, _, address = uri.removeprefix("sip:").partition("@")
        local = free_udp_ports(1, start=45000 + (self.answered * 7) % 10000)
        proc = await asyncio.create_subprocess_exec(
            *SIPP, "-sf", str(self.operator_xml), "-s", service, address, "-i", "127.0.0.1",
            "-p", str(local), "-m", "1", "-key", "token", token, "-nostdin", "-timeout", "900",
            "-mp", str(free_udp_ports(4, start=20000 + (self.answered * 13) % 9000)),
            cwd=self.work, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        self.legs.append(proc)


# --- recordings ------------------------------------------------------------------------------------------


def tone_presence(path: Path) -> tuple[float, float, float, int]:
    """(seconds, share of 20 ms frames with the customer's tone, with the operator's tone, the longest run
    of frames without one of them in ms), the first and last second aside."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    seconds = len(data) / rate
    frame = rate // 50
    body = data[rate : len(data) - rate]
    count = len(body) // frame
    if count < 10:
        return seconds, 0.0, 0.0, 0
    frames = body[: count * frame].reshape(count, frame)
    t = np.arange(frame) / rate
    shares, gap = [], 0
    for hz in (CUSTOMER_HZ, OPERATOR_HZ):
        level = np.abs(frames @ np.exp(-2j * math.pi * hz * t)) / frame
        present = level >= 0.3 * np.median(level) if np.median(level) > 50 else np.zeros(count, dtype=bool)
        shares.append(float(np.mean(present)))
        run = 0
        for ok in present:
            run = 0 if ok else run + 1
            gap = max(gap, run)
    return seconds, shares[0], shares[1], gap * 20


def leg_times(path: Path) -> dict[str, tuple[float, float]]:
    """Call ref → (when the operator leg's ACK went, when the switch's BYE came) on the wall clock (the
    SIPp operator legs write both moments; the api's log times lag under load, these do not)."""
    start: dict[str, float] = {}
    found: dict[str, tuple[float, float]] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            service, what, stamp = line.split()
            ref = service.removeprefix("cc-")
            if what == "start":
                start[ref] = float(stamp)
            elif ref in start:
                found[ref] = (start[ref], float(stamp))
    return found


def peak_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one moment."""
    edges = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    peak = level = 0
    for _, step in edges:
        level += step
        peak = max(peak, level)
    return peak


# --- one level -------------------------------------------------------------------------------------------


@dataclass
class Level:
    calls: int
    bridged: int = 0
    customers_failed: int = 0
    cpu: dict[str, float] = field(default_factory=dict)
    rss: dict[str, float] = field(default_factory=dict)
    min_duration_ratio: float = 0.0
    min_customer_tone: float = 0.0
    min_operator_tone: float = 0.0
    max_gap_ms: int = 0
    recordings: int = 0
    peak: int = 0
    """The most conversations bridged at one moment (from the operator legs' wall-clock times)."""
    offer_delay_p50: float = 0.0
    offer_delay_max: float = 0.0
    """Seconds from the api writing a ``call.offered`` event to the operator's websocket delivering it."""
    load: float = 0.0
    """The machine's 1-minute load average when the level ended (other people's work shows here)."""

    @property
    def passed(self) -> bool:
        return (
            self.bridged >= self.calls
            and self.peak >= self.calls
            and self.recordings >= self.calls
            and self.customers_failed == 0
            and self.min_duration_ratio >= MIN_DURATION_RATIO
            and min(self.min_customer_tone, self.min_operator_tone) >= MIN_TONE_FRAMES
            and self.max_gap_ms <= MAX_GAP_MS
        )


async def _until(predicate: Callable[[], bool], seconds: float) -> bool:
    """Poll the server's log (no event to await: it is another process's output)."""
    deadline = time.monotonic() + seconds
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.2)


async def run_level(
    server: Server, operators: Operators, n: int, customer_xml: Path, args: argparse.Namespace, work: Path
) -> Level:
    level = Level(calls=n)
    operators.delays.clear()
    # A customer stays ``setup`` seconds for every call of the level to be answered, then ``hold`` more: the
    # calls overlap for ``hold`` seconds however slowly the last one was offered (``at once`` checks it).
    stay, hold = args.setup + args.hold, args.hold
    bridged_before = len(server.events("switch.bridged"))
    closed_before = len(server.events("switch.recording_closed"))
    # Several SIPp processes share the customers, CUSTOMERS_PER_SIPP each, at 20 new calls a second in all:
    # one process streaming every customer's RTP was late by 40-60 ms now and then on a busy machine.
    shares = [min(CUSTOMERS_PER_SIPP, n - i) for i in range(0, n, CUSTOMERS_PER_SIPP)]
    customers = [
        await asyncio.create_subprocess_exec(
            *SIPP, "-sf", str(customer_xml), "-s", BENCH_NUMBER, f"127.0.0.1:{server.sip_port}",
            "-i", "127.0.0.1", "-p", str(free_udp_ports(1, start=41000)),
            "-mp", str(free_udp_ports(4 * share + 4, start=30000)),
            "-m", str(share), "-l", str(share), "-r", str(max(1, 20 // len(shares))),
            "-d", str(int(stay * 1000)), "-nostdin", "-timeout", str(int(stay + 180)), "-timeout_error",
            cwd=work, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        for share in shares
    ]  # fmt: skip
    await _until(lambda: len(server.events("switch.bridged")) >= bridged_before + n, 60 + n)
    level.bridged = len(server.events("switch.bridged")) - bridged_before
    if level.bridged >= n:
        await asyncio.sleep(1.0)
        level.cpu, level.rss = await asyncio.to_thread(sample, server, min(8.0, hold / 3))
    codes = [await proc.wait() for proc in customers]
    level.load = os.getloadavg()[0]
    level.customers_failed = sum(1 for code in codes if code != 0)
    await _until(lambda: len(server.events("switch.recording_closed")) >= closed_before + level.bridged, 30)
    talked = leg_times(work / "leg-times.txt")
    ratios, cust, oper, gaps, spans = [], [], [], [], []
    for event in server.events("switch.recording_closed")[closed_before:]:
        ref = event["call_ref"]
        if ref not in talked:
            continue
        seconds, c, o, gap = await asyncio.to_thread(tone_presence, Path(event["path"]))
        start, end = talked[ref]
        spans.append((start, end))
        ratios.append(seconds / max(0.001, end - start))
        gaps.append(gap)
        cust.append(c)
        oper.append(o)
    level.recordings = len(ratios)
    if ratios:
        level.min_duration_ratio, level.min_customer_tone, level.min_operator_tone = (
            min(ratios),
            min(cust),
            min(oper),
        )
        level.max_gap_ms = max(gaps)
        level.peak = peak_overlap(spans)
    if operators.delays:
        level.offer_delay_p50 = statistics.median(operators.delays)
        level.offer_delay_max = max(operators.delays)
    return level


# --- main ------------------------------------------------------------------------------------------------


async def bench(
    args: argparse.Namespace, work: Path
) -> tuple[list[Level], dict[str, float], dict[str, float]]:
    levels = [int(x) for x in args.levels.split(",")]
    top = max(levels)
    workers = args.workers or top // 2 + 2
    data_dir = work / "data"
    logins = prepare_database(data_dir, top + 4)
    customer_xml = scenario("customer.xml", tone(work / "customer.wav", CUSTOMER_HZ), work / "customer.xml")
    operator_xml = scenario("operator.xml", tone(work / "operator.wav", OPERATOR_HZ), work / "operator.xml")
    sip_port = free_udp_ports(workers + 1, start=26000)
    rtp_port = free_udp_ports(workers * RTP_RANGE, start=32000)
    server = Server(data_dir, workers=workers, sip_port=sip_port, rtp_port=rtp_port)
    try:
        server.wait_log("switch.started", 180)
        idle_cpu, idle_rss = await asyncio.to_thread(sample, server, 5.0)
        operators = Operators(server, logins, operator_xml, work)
        ready = asyncio.Event()
        follower = asyncio.create_task(operators.run(ready))
        await asyncio.wait_for(ready.wait(), 300)
        results: list[Level] = []
        for n in levels:
            level = await run_level(server, operators, n, customer_xml, args, work)
            results.append(level)
            print(_row(level), flush=True)
            for leg in operators.legs:
                with contextlib.suppress(ProcessLookupError):
                    if leg.returncode is None:
                        await asyncio.wait_for(leg.wait(), 30)
            operators.legs.clear()
            if not level.passed and not args.all_levels:
                break
        print(f"  operators: {operators.answered} offers answered; problems: {operators.failed[:5]}")
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await follower
        return results, idle_cpu, idle_rss
    finally:
        server.stop()


def _row(level: Level) -> str:
    cpu, rss = switch_total(level.cpu), switch_total(level.rss)
    per = f"{cpu / level.calls:6.2f} %  {rss / level.calls:7.1f} MiB" if level.cpu else "   n/a"
    return (
        f"  {level.calls:4d} calls  bridged {level.bridged:4d}  recordings {level.recordings:4d}  "
        f"CPU {cpu:6.1f} %  RSS {rss:7.1f} MiB  per call {per}  "
        f"[{_parts(level.cpu)}; load {level.load:.1f}]  "
        f"duration >= {level.min_duration_ratio * 100:5.1f} %  tones >= "
        f"{level.min_customer_tone * 100:5.1f}/{level.min_operator_tone * 100:5.1f} %  "
        f"longest gap {level.max_gap_ms:4d} ms  at once {level.peak:4d}  offers delivered in "
        f"{level.offer_delay_p50:.1f} s (max {level.offer_delay_max:.1f})  "
        f"{'ok' if level.passed else 'LOSS/FAILED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="1,10,20,30,40,50,60", help="concurrent calls per step")
    parser.add_argument(
        "--hold", type=float, default=25.0, help="seconds all calls of a level talk at once (at least)"
    )
    parser.add_argument(
        "--setup", type=float, default=20.0, help="seconds allowed for every call of a level to be answered"
    )
    parser.add_argument("--workers", type=int, default=0, help="switch workers (default: top level / 2 + 2)")
    parser.add_argument("--all-levels", action="store_true", help="go on after a level fails")
    parser.add_argument("--keep", type=Path, help="keep the work directory (recordings, logs) here")
    parser.add_argument(
        "--sipp-normal-priority",
        action="store_true",
        help="run the SIPp load generator as an ordinary process (default: chrt -r 1 where permitted)",
    )
    args = parser.parse_args()
    missing = [
        t
        for t in ("sipp", "kamailio", "sox")
        if shutil.which(t, path=os.environ["PATH"] + ":/usr/sbin") is None
    ]
    if missing:
        print(
            f"bench/switch.py needs {', '.join(missing)} (Debian: sip-tester, kamailio, sox)", file=sys.stderr
        )
        return 2
    if (
        not args.sipp_normal_priority
        and subprocess.run(["chrt", "-r", "1", "true"], check=False, capture_output=True).returncode == 0
    ):
        SIPP[:] = ["chrt", "-r", "1", "sipp"]  # below the switch's media threads (worker.MEDIA_PRIORITY)
    with tempfile.TemporaryDirectory(prefix="pult-bench-switch-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(
            f"Switch bench: {os.cpu_count()} CPUs, levels {args.levels}, {args.hold:.0f} s per call, "
            f"SIPp at {'real-time priority 1' if SIPP[0] == 'chrt' else 'normal priority'}, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        results, idle_cpu, idle_rss = asyncio.run(bench(args, work))
    idle_total = switch_total(idle_cpu)
    print(f"  idle switch: CPU {idle_total:.1f} % ({_parts(idle_cpu)}), RSS {switch_total(idle_rss):.0f} MiB")
    passed = [lv for lv in results if lv.passed]
    capacity = max((lv.calls for lv in passed), default=0)
    failed_below = [lv.calls for lv in results if not lv.passed and lv.calls < capacity]
    print(f"  capacity: {capacity} concurrent bridged, recorded calls with no audio loss (target >= 50: "
          f"{'met' if capacity >= 50 else 'NOT met'})"
          + (f"; levels that failed below it: {failed_below}" if failed_below else ""))  # fmt: skip
    reference = next((lv for lv in results if lv.calls == 1 and lv.cpu), None)
    best = max(passed, key=lambda lv: lv.calls, default=None)
    if reference is not None and best is not None and best.cpu:
        idle_cpu_total, idle_rss_total = switch_total(idle_cpu), switch_total(idle_rss)
        ref_cpu = switch_total(reference.cpu) - idle_cpu_total
        ref_rss = switch_total(reference.rss) - idle_rss_total
        cpu = (switch_total(best.cpu) - idle_cpu_total) / best.calls
        rss = (switch_total(best.rss) - idle_rss_total) / best.calls
        print(
            f"  per conversation at {best.calls}, over the idle switch: CPU {cpu:.2f} % of a core "
            f"({cpu / max(ref_cpu, 0.01):.2f}x the one-call reference's {ref_cpu:.2f} %), RSS {rss:.1f} MiB "
            f"({rss / max(ref_rss, 0.1):.2f}x its {ref_rss:.1f} MiB)"
        )
        print(
            f"  all in at {best.calls}: CPU {switch_total(best.cpu):.1f} % ({_parts(best.cpu)}), "
            f"RSS {switch_total(best.rss):.0f} MiB = {switch_total(best.rss) / best.calls:.1f} MiB per "
            f"conversation with the idle workers"
        )
    return 0 if capacity else 1


def _parts(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in values.items())


if __name__ == "__main__":
    raise SystemExit(main())
