"""``python -m app.server``: migrate the database, create the demo tenant if asked, serve on uvicorn.

When the socket is bound, stdout gets exactly one line ``Pult server listening on http://HOST:PORT``
(:data:`READY_PREFIX`); tools and tests wait for it. ``--port 0`` picks a free port and the line names it.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from pydantic import ValidationError

from app.server.api.context import AppContext
from app.server.core.clock import system_clock
from app.server.core.config import DEFAULT_DEMO_PASSWORD, ServerSettings, UnsafeConfigError
from app.server.core.db import Database
from app.server.core.logging import log_event
from app.server.core.security import PasswordHashing
from app.server.main import create_app
from app.server.seed import DEMO_LINE, DEMO_PRODUCT, DEMO_QUEUE_NUMBERS, demo_table, seed_demo, seed_demo_line
from app.server.simulate.demo_line import DemoCarrier, carrier_speech
from app.server.simulate.traffic import DemoTraffic
from app.server.switch.front import kamailio_available
from app.server.switch.manager import DisabledSwitch, SwitchManager, pjsua2_available
from app.server.switch.sounds import customer_speech
from app.server.switch.worker_entry import worker_main

READY_PREFIX = "Pult server listening on "


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m app.server", description="Pult contact-center server")
    parser.add_argument(
        "--data-dir", type=Path, help="where the SQLite database lives (default: user data dir)"
    )
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8765; 0 = any free port)")
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://user:password@host/dbname")
    parser.add_argument("--demo", action="store_true", help="create the demo company on first start")
    parser.add_argument(
        "--demo-password", help=f"password of the demo users (default {DEFAULT_DEMO_PASSWORD})"
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    parser.add_argument(
        "--switch",
        choices=["auto", "embedded", "none"],
        help="media switch: embedded pjsua2 workers, none (calls disabled), auto (default: embedded if "
        "pjsua2 is installed)",
    )
    parser.add_argument("--switch-workers", type=int, help="media worker processes (default 2)")
    parser.add_argument("--sip-port", type=int, help="public SIP port of the switch (default 5080)")
    parser.add_argument(
        "--sip-front",
        choices=["auto", "kamailio", "none"],
        help="what takes the public SIP port: kamailio (dispatcher over the workers, with failover), none "
        "(worker 0), auto (default: kamailio when installed)",
    )
    parser.add_argument("--rtp-port", type=int, help="first RTP port of the switch (default 40000)")
    parser.add_argument(
        "--demo-traffic",
        metavar="off|RATE",
        help="with --demo and the embedded switch: simulated customers call the demo queues, RATE new "
        "calls per minute (default 2), or off",
    )
    parser.add_argument(
        "--demo-line",
        choices=["on", "off"],
        help="with --demo and the embedded switch: «Демо-линия», a line whose calls out a simulated carrier "
        "answers (default on)",
    )
    return parser.parse_args(argv)


def build_settings(args: argparse.Namespace) -> ServerSettings:
    overrides: dict[str, Any] = {}
    for name in (
        "data_dir",
        "host",
        "port",
        "database_url",
        "demo_password",
        "switch",
        "switch_workers",
        "sip_front",
        "sip_port",
        "rtp_port",
        "demo_traffic",
    ):
        value = getattr(args, name)
        if value is not None:
            overrides[name] = value
    if args.demo:
        overrides["demo"] = True
    if args.demo_line is not None:
        overrides["demo_line"] = args.demo_line == "on"
    return ServerSettings(**overrides)


class _Server(uvicorn.Server):
    """Announces readiness only once the listening socket exists; exits 0 after a signalled shutdown."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        # uvicorn re-raises captured signals after its graceful shutdown, so the process would die by
        # SIGINT/SIGTERM; a stop that was asked for and completed cleanly is a success (exit status 0).
        self._captured_signals.clear()
        log_event("server.stopping", signal=signal.Signals(sig).name)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.should_exit or not self.servers:
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        url = f"http://{host}:{port}"
        log_event("server.listening", url=url)
        print(f"{READY_PREFIX}{url}", flush=True)


def prepare(settings: ServerSettings, db: Database) -> None:
    """Migrate and seed before accepting connections."""
    db.migrate()
    log_event("server.migrated", database=db.dialect)
    if not settings.demo:
        return
    hashing = PasswordHashing(fast_insecure=settings.fast_password_hashing)
    with db.transaction() as session:
        created = seed_demo(session, password=settings.demo_password, hashing=hashing, now=system_clock())
    if created:
        log_event("server.demo_created", product=DEMO_PRODUCT)
        print(demo_table(settings.demo_password), flush=True)
    else:
        print(f"Demo company {DEMO_PRODUCT} is ready (logins {DEMO_PRODUCT}/op1 … /op5, /supervisor, /admin; "
              "password as set on first start)", flush=True)  # fmt: skip


def build_switch(settings: ServerSettings) -> SwitchManager | DisabledSwitch:
    """The embedded media switch, or a disabled one that says why calls cannot work."""
    if settings.switch == "none":
        reason = "--switch none"
    elif pjsua2_available():
        if settings.sip_front == "kamailio" and not kamailio_available():
            raise UnsafeConfigError(
                "--sip-front kamailio needs Kamailio with its dispatcher module (apt install kamailio)"
            )
        front = "kamailio" if settings.sip_front != "none" and kamailio_available() else "none"
        return SwitchManager(
            data_dir=settings.resolved_data_dir(),
            workers=settings.switch_workers,
            sip_host="127.0.0.1" if settings.host in ("", "0.0.0.0") else settings.host,  # noqa: S104
            sip_port=settings.sip_port,
            rtp_port=settings.rtp_port,
            front=front,
        )
    else:
        reason = "pjsua2 is not installed"
        if settings.switch == "embedded":
            raise UnsafeConfigError("--switch embedded needs pjsua2 (pip install pjsua2-python)")
    print(f"pult-server: calls are disabled ({reason}): no media switch", file=sys.stderr, flush=True)
    log_event("switch.disabled", reason=reason)
    return DisabledSwitch(reason)


def build_demo_traffic(
    settings: ServerSettings, switch: SwitchManager | DisabledSwitch
) -> DemoTraffic | None:
    """Simulated customers for the demo tenant on the embedded switch (``--demo-traffic off``: none)."""
    rate = settings.demo_calls_per_minute
    if not settings.demo or rate <= 0 or not isinstance(switch, SwitchManager):
        return None
    speech = customer_speech(settings.resolved_data_dir() / "sounds" / "customers")
    if not speech:
        log_event("demo.traffic_off", reason="no speech (espeak-ng missing and no bundled recording)")
        return None
    numbers = [number for number, _ in DEMO_QUEUE_NUMBERS.values()]
    print(f"Demo traffic: simulated customers call {', '.join(numbers)} ({rate:g} per minute; "
          "--demo-traffic off to stop them)", flush=True)  # fmt: skip
    return DemoTraffic(
        numbers=numbers,
        public_sip=switch.public_sip,
        wait_ready=switch.wait_ready,
        speech=speech,
        calls_per_minute=rate,
    )


def start_demo_line(
    settings: ServerSettings, switch: SwitchManager | DisabledSwitch, db: Database
) -> DemoCarrier | None:
    """«Демо-линия» (MW-19 on the demo): with the embedded switch, a simulated carrier answers the demo
    company's calls out and the line points at it; otherwise (or ``--demo-line off``) the line is off."""
    if not settings.demo:
        return None
    carrier: DemoCarrier | None = None
    host: str | None = None
    if settings.demo_line and isinstance(switch, SwitchManager):
        data_dir = settings.resolved_data_dir()
        speech = carrier_speech(data_dir / "sounds")
        if speech is not None:
            carrier = DemoCarrier(speech=speech, log_path=data_dir / "demo-carrier.log")
            host = carrier.start()
    with db.transaction() as session:
        seed_demo_line(session, host=host, now=system_clock())
    if host is None:
        return None
    print(f"Demo line: «{DEMO_LINE}» calls out through a simulated carrier on {host} "
          "(--demo-line off to switch it off)", flush=True)  # fmt: skip
    return carrier


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    if raw[:1] == ["--switch-worker"]:  # a frozen bundle has one program: pult-server is the worker too
        return worker_main(raw[1:])
    if raw[:1] == ["--simulate"]:  # ... and the demo's customer simulator
        from app.server.simulate.__main__ import main as simulate_main

        return simulate_main(raw[1:])
    args = parse_args(argv)
    try:
        settings = build_settings(args)
    except (ValidationError, UnsafeConfigError) as exc:
        print(f"pult-server: refusing to start: {exc}", file=sys.stderr)
        return 2
    try:
        switch = build_switch(settings)
    except UnsafeConfigError as exc:
        print(f"pult-server: refusing to start: {exc}", file=sys.stderr)
        return 2
    db = Database(settings.resolved_database_url())
    try:
        prepare(settings, db)
        app = create_app(settings, db=db, switch=switch)
        assert isinstance(app.state.ctx, AppContext)
        config = uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            log_level=args.log_level,
            lifespan="on",
            ws="websockets-sansio",
        )
        carrier = start_demo_line(settings, switch, db)
        traffic = build_demo_traffic(settings, switch)
        if traffic is not None:
            traffic.start()
        try:
            _Server(config).run()
        finally:
            if traffic is not None:
                traffic.stop()
            if carrier is not None:
                carrier.stop()
    finally:
        db.dispose()
        log_event("server.stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
