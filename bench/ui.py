#!/usr/bin/env python3
"""The operator's main window under a busy queue, against a bare PySide6 window measured in the same run.

    python bench/ui.py [--calls 500] [--rate 20] [--seconds 20] [--no-softphone]

Both sides run at the same time, each in its own process (offscreen unless a display is set):

* **bare**: ``QApplication`` and a shown ``QMainWindow``, nothing else;
* **pult**: the real main window with the queue, indicators (floating) and telephony panels open and the
  call widget built, fed through the real path: a
  websocket server in a thread of its own pushes ``queue.changed`` frames at ``--rate`` per second to the
  :class:`RealtimeClient`; :class:`CallCenterSync` refetches ``GET /queue`` through the real
  :class:`ApiClient` (answered from a snapshot the feeder thread prepared: ``--calls`` calls waiting, one
  leaving and one joining per event) into the :class:`QueueStore`, which the queue panel renders.

Both run a 16 ms timer on the main thread for the whole run; a frame is "blocked" by how much a tick
came late. Measured per event: main-thread CPU time from the frame's delivery to the end of the refresh
it caused. Targets: per-event p99 ≤ 10 ms, no frame blocked > 50 ms, idle RSS with all panels open
≤ 130 MB. Then the softphone engine is started as after sign-in and the RSS is printed again (no target:
pjsua2, numpy, PortAudio and the echo canceller are the engine's, see bench/softphone.py). Prints one
table and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVENT_P99_MS = 10.0
FRAME_BLOCK_MS = 50.0
RSS_TARGET_MB = 130.0
TICK_MS = 16
WARMUP_S = 2.0
IDLE_S = 3.0


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class FrameProbe:
    """A 16 ms timer on the main thread; how late each tick came is how long a frame was blocked."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.late_ms: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_tick(self) -> None:
        now = time.perf_counter()
        self.late_ms.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        if self.late_ms[-1] > 30 and os.environ.get("BENCH_DEBUG"):
            print(f"late {self.late_ms[-1]:.1f} at {now:.3f}", file=sys.stderr)
        self._last = now


# -- the bare reference ------------------------------------------------------------------------------------


def run_bare(seconds: float) -> dict[str, Any]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1120, 720)
    window.show()
    probe = FrameProbe()
    result: dict[str, Any] = {}

    def finish() -> None:
        probe.stop()
        result.update(rss_mb=rss_mb(), frame_late_ms=probe.late_ms)
        app.quit()

    QTimer.singleShot(int(WARMUP_S * 1000), probe.start)
    QTimer.singleShot(int((seconds + IDLE_S) * 1000), finish)
    app.exec()
    return result


# -- the feeder: a websocket server and the queue it describes ----------------------------------------------


class Feeder:
    """A thread with a websocket server pushing ``queue.changed`` and the ``GET /queue`` body to match."""

    def __init__(self, *, calls: int, rate: float, seconds: float) -> None:
        from websockets.sync.server import serve

        self._rate = rate
        self._seconds = seconds
        self._lock = threading.Lock()
        self._next_id = 1
        self._since = datetime.now(UTC) - timedelta(minutes=10)
        self._calls: list[dict[str, Any]] = [self._call() for _ in range(calls)]
        self.sent = 0
        self._body = self._encode()
        self.done = threading.Event()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _call(self) -> dict[str, Any]:
        call_id = self._next_id
        self._next_id += 1
        group = 1 + call_id % 3
        return {
            "call_id": call_id,
            "caller": "Номер скрыт" if call_id % 17 == 0 else f"7916{call_id:07d}",
            "queue": ("Продажи", "Поддержка", "VIP")[group - 1],
            "group_id": group,
            "state": "queued" if call_id % 5 else "offering",
            "waiting_since": (self._since + timedelta(seconds=call_id)).isoformat(),
            "offered_to": [2] if call_id % 5 == 0 else [],
        }

    def _encode(self) -> bytes:
        return json.dumps({"calls": self._calls, "callbacks": [], "last_seq": self.sent}).encode()

    def body(self) -> bytes:
        with self._lock:
            return self._body

    def _handle(self, ws: Any) -> None:
        now = datetime.now(UTC).isoformat()
        ws.send(json.dumps({"kind": "hello", "last_seq": 0, "server_time": now}))
        start = time.perf_counter()
        period = 1.0 / self._rate
        while time.perf_counter() - start < self._seconds:
            time.sleep(max(0.0, start + (self.sent + 1) * period - time.perf_counter()))
            with self._lock:  # one call answered, one new caller: the list moves at both ends
                left = self._calls.pop(0)
                self._calls.append(self._call())
                self.sent += 1
                self._body = self._encode()
            frame = {
                "kind": "event",
                "seq": self.sent,
                "type": "queue.changed",
                "at": datetime.now(UTC).isoformat(),
                "data": {"call_id": left["call_id"], "group_id": left["group_id"], "state": "talking"},
            }
            ws.send(json.dumps(frame))
        self.done.set()
        from websockets.exceptions import ConnectionClosed

        while True:  # keep the line open and alive while the client idles
            time.sleep(2.0)
            try:
                ws.send(json.dumps({"kind": "heartbeat", "last_seq": self.sent}))
            except ConnectionClosed:
                return

    def close(self) -> None:
        self._server.shutdown()


# -- the Pult window ---------------------------------------------------------------------------------------


def run_pult(calls: int, rate: float, seconds: float, softphone: bool, home: Path) -> dict[str, Any]:
    import asyncio

    import httpx
    import qasync
    from PySide6.QtWidgets import QApplication

    from app.protocol.events import Event
    from app.services.api import ApiClient
    from app.services.call_center import CallCenterActions, CallCenterSync
    from app.services.call_control import NoCallControl
    from app.services.realtime import Backoff, RealtimeClient
    from app.services.session import SessionService
    from app.services.softphone_bridge import SoftphoneBridge
    from app.settings.paths import SettingsPaths
    from app.settings.secrets import SecretStore
    from app.state.calls import CallsStore, MissedStore, TopicsStore
    from app.state.connection import ConnectionSnapshot, ConnectionStore
    from app.state.kpi import KpiStore
    from app.state.presence import PresenceStore
    from app.state.queue import QueueStore
    from app.state.session import SessionStore
    from app.state.status import StatusStore
    from ui.desk import CallDesk
    from ui.main_window import MainWindow
    from widgets.theme import apply_theme

    app = QApplication([sys.argv[0]])
    apply_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    feeder = Feeder(calls=calls, rate=rate, seconds=seconds)

    session_store, status_store, presence = SessionStore(), StatusStore(), PresenceStore()
    connection = ConnectionStore()
    session = SessionService(
        paths=SettingsPaths(config_dir=home / "config", state_dir=home / "state"),
        secrets=SecretStore(backend=object()),
        session_store=session_store,
        status_store=status_store,
        presence_store=presence,
        connection_store=connection,
        api_factory=lambda server: ApiClient(server=server),
        realtime_factory=lambda url, token, handler: RealtimeClient(url=url, token=token, handler=handler),
    )
    calls_store, missed, queue = CallsStore(), MissedStore(), QueueStore()
    bridge: Any = SoftphoneBridge(calls=calls_store, missed=missed) if softphone else NoCallControl()
    desk = CallDesk(
        calls=calls_store, missed=missed, kpi=KpiStore(), bridge=bridge, queue=queue, topics=TopicsStore()
    )
    window = MainWindow(
        session=session,
        session_store=session_store,
        status_store=status_store,
        presence_store=presence,
        connection_store=connection,
        desk=desk,
    )
    window.show()
    window.build_panels()
    for name in ("queue", "kpi", "telephony"):
        window.set_panel_visible(name, True)
    window.float_panel("kpi")

    api = ApiClient(
        server="http://bench.invalid",
        transport=httpx.MockTransport(lambda _request: httpx.Response(200, content=feeder.body())),
    )
    api.token = "bench"
    samples: list[float] = []

    def spawn(coro: Any) -> object:
        task = asyncio.ensure_future(coro)
        started = current_event[0]
        if started is not None:
            task.add_done_callback(lambda _t, s=started: samples.append((time.thread_time() - s) * 1000))
        return task

    current_event: list[float | None] = [None]
    actions = CallCenterActions(missed=missed, queue=queue, me=lambda: 2)
    actions.bind(api=lambda: api, spawn=spawn)
    sync = CallCenterSync(calls=calls_store, actions=actions)

    class Handler:
        def on_connection(self, snapshot: ConnectionSnapshot) -> None:
            connection.set(snapshot)

        async def on_event(self, event: Event) -> None:
            current_event[0] = time.thread_time()
            sync.apply(event)
            current_event[0] = None

        async def on_resync(self, _last_seq: int) -> None:
            actions.refresh_queue()

        async def on_unauthorized(self) -> bool:
            return False

    realtime = RealtimeClient(
        url=f"ws://127.0.0.1:{feeder.port}/api/v1/events",
        token=lambda: "bench",
        handler=Handler(),
        backoff=Backoff(initial=0.1, maximum=1.0),
    )
    probe = FrameProbe()
    result: dict[str, Any] = {}
    gc_pauses: list[float] = []
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        elif info.get("generation") == 2:
            gc_pauses.append((time.perf_counter() - gc_started[0]) * 1000)
            if os.environ.get("BENCH_DEBUG"):
                print(f"gc2 {gc_pauses[-1]:.1f} at {time.perf_counter():.3f}", file=sys.stderr)

    gc.callbacks.append(on_gc)

    async def main() -> None:
        engine = None
        actions.refresh_queue()
        while queue.snapshot.calls == ():  # noqa: ASYNC110 - a store signal, polled on the Qt loop
            await asyncio.sleep(0.05)
        from ui.shell import freeze_heap

        freeze_heap()  # as the shell does a few seconds after sign-in
        realtime.start()
        await asyncio.sleep(WARMUP_S)
        warm = len(samples)
        probe.start()
        await asyncio.get_running_loop().run_in_executor(None, feeder.done.wait)
        await asyncio.sleep(IDLE_S)
        probe.stop()
        result.update(
            rss_mb=rss_mb(),
            event_ms=samples[warm:],
            events=feeder.sent,
            frame_late_ms=probe.late_ms,
            rows=window.panel_dock("queue").widget().row_count,  # type: ignore[attr-defined]
            gc_full_ms=list(gc_pauses),
        )
        if softphone:  # as after sign-in: pjsua2, the audio stack and echo cancelling loaded and idle
            from softphone.config import EngineConfig
            from softphone.engine import SoftphoneEngine

            engine = SoftphoneEngine(EngineConfig(bind_address="127.0.0.1"), bridge.deliver)
            await loop.run_in_executor(None, engine.start)
            bridge.attach(engine)
            await asyncio.sleep(IDLE_S)
            result["rss_softphone_mb"] = rss_mb()
            host = getattr(engine, "_proc", None)  # the engine runs in a child process (softphone.host)
            if host is not None:
                result["rss_engine_process_mb"] = rss_mb(host.pid)
        await realtime.stop()
        if engine is not None:
            await loop.run_in_executor(None, engine.stop)
        feeder.close()

    with loop:
        loop.run_until_complete(main())
    return result


# -- the parent: both sides, the table ---------------------------------------------------------------------


def start_child(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.Popen(
        [sys.executable, __file__, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def child_result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=600)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{proc.args!r} failed ({proc.returncode}):\n{err[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def p(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rate", type=float, default=20.0, help="queue events per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--no-softphone", action="store_true", help="do not start the pjsua2 engine")
    parser.add_argument("--child", choices=["bare", "pult"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "bare":
            result = run_bare(args.seconds)
        else:
            import tempfile

            with tempfile.TemporaryDirectory() as home:
                result = run_pult(args.calls, args.rate, args.seconds, not args.no_softphone, Path(home))
        print(json.dumps(result), flush=True)
        # Skip interpreter teardown: the measurement is out, and PySide6 6.12 can abort while the
        # garbage collector tears Qt objects down at exit, which would only hide the result.
        os._exit(0)

    # Side by side, so that both windows share whatever else the machine is doing: the bare window's
    # late frames are the machine's, what the Pult window has beyond them is its own.
    common = ["--seconds", str(args.seconds)]
    bare_proc = start_child(["--child", "bare", *common])
    pult_proc = start_child(
        ["--child", "pult", *common, "--calls", str(args.calls), "--rate", str(args.rate)]
        + (["--no-softphone"] if args.no_softphone else [])
    )
    bare, pult = child_result(bare_proc), child_result(pult_proc)
    events = pult["event_ms"]
    rows = [
        ("queue rows shown", "—", f"{pult['rows']}", ""),
        ("events delivered", "—", f"{pult['events']} at {args.rate:g}/s", ""),
        ("main-thread ms per event, median", "—", f"{statistics.median(events or [0]):.2f}", ""),
        ("main-thread ms per event, p99", "—", f"{p(events, 0.99):.2f}", f"≤ {EVENT_P99_MS:g}"),
        ("main-thread ms per event, max", "—", f"{max(events or [0]):.2f}", ""),
        (
            "full garbage collections, longest ms",
            "—",
            f"{len(pult['gc_full_ms'])}, {max(pult['gc_full_ms'] or [0]):.1f}",
            "",
        ),
        (
            "frame lateness p99, ms",
            f"{p(bare['frame_late_ms'], 0.99):.1f}",
            f"{p(pult['frame_late_ms'], 0.99):.1f}",
            "",
        ),
        (
            "longest blocked frame, ms",
            f"{max(bare['frame_late_ms'] or [0]):.1f}",
            f"{max(pult['frame_late_ms'] or [0]):.1f}",
            f"≤ {FRAME_BLOCK_MS:g}",
        ),
        (
            "idle RSS, MB (all panels open)",
            f"{bare['rss_mb']:.1f}",
            f"{pult['rss_mb']:.1f}  (×{pult['rss_mb'] / bare['rss_mb']:.2f})",
            f"≤ {RSS_TARGET_MB:g}",
        ),
    ]
    if "rss_softphone_mb" in pult:
        extra = pult["rss_softphone_mb"] - pult["rss_mb"]
        rows.append(
            (
                "  + softphone engine started, MB",
                "—",
                f"{pult['rss_softphone_mb']:.1f}  (+{extra:.1f})",
                "",
            )
        )
    if "rss_engine_process_mb" in pult:
        rows.append(("  softphone engine's own process, MB", "—", f"{pult['rss_engine_process_mb']:.1f}", ""))
    print(f"bench/ui.py: {args.calls} waiting calls, {args.rate:g} queue events/s for {args.seconds:g} s")
    print(f"{'':36} {'bare window':>14} {'Pult':>22} {'target':>8}")
    for name, ref, ours, target in rows:
        print(f"{name:36} {ref:>14} {ours:>22} {target:>8}")
    ok = (
        p(events, 0.99) <= EVENT_P99_MS
        and max(pult["frame_late_ms"] or [0]) <= FRAME_BLOCK_MS
        and pult["rss_mb"] <= RSS_TARGET_MB
        and pult["events"] > 0
        and len(events) > 0
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
