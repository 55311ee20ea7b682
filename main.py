#!/usr/bin/env python3
"""Start the Pult client: parse the command line, install the crash handler, run the composition root."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

log = logging.getLogger("pult")
_LINK_SCHEMES = ("tel", "callto", "sip", "sips")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pult", description="Pult contact-center operator workstation")
    parser.add_argument(
        "--server", default="", help="server address; with --login and $PULT_PASSWORD, log in"
    )
    parser.add_argument("--login", default="", help="login for a scripted sign-in")
    parser.add_argument(
        "--status", default="keep", help="status at sign-in: online, break, outbound, all_calls, dnd, keep"
    )
    parser.add_argument("--remember", action="store_true", help="«Запомнить» for a scripted sign-in")
    parser.add_argument("--lang", default="", choices=["", "ru", "en"], help="user interface language")
    parser.add_argument(
        "--log-format",
        default=os.environ.get("PULT_LOG_FORMAT", "text"),
        choices=["text", "json"],
        help="stderr log format (json: one object per line; env PULT_LOG_FORMAT)",
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    parser.add_argument(
        "--no-err-windows", action="store_true", help="never show error dialogs (CI): crashes are only logged"
    )
    parser.add_argument(
        "--reconnect-delay",
        type=float,
        default=None,
        help="seconds before the first reconnect attempt (default: the «Подключение» setting)",
    )
    parser.add_argument(
        "--skip-first-run",
        action="store_true",
        help="do not open the softphone settings on an account's first sign-in (pre-configured machines)",
    )
    parser.add_argument("--stdin-commands", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "url", nargs="?", default="", help="tel:, callto: or sip: link, or a number, to call (asks first)"
    )
    # Links registered for the original client arrive as "-callto:…" (spec App. 4); that is no option.
    links = [a[1:] if a[:1] == "-" and a[1:].split(":", 1)[0].lower() in _LINK_SCHEMES else a for a in argv]
    return parser.parse_args(links)


class CrashHandler:
    """The single path for unexpected errors: log, write a report, tell the user (unless told not to)."""

    def __init__(self, *, report_dir: Path, show_dialog: bool) -> None:
        self._report_dir = report_dir
        self._show_dialog = show_dialog
        self._handling = False

    def install(self) -> None:
        sys.excepthook = self.excepthook

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.handle(exc)

    def handle(self, exc: BaseException) -> None:
        if self._handling:
            return
        self._handling = True
        try:
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            report = self._write_report(text)
            log.critical(
                "crash",
                extra={"fields": {"error": f"{type(exc).__name__}: {exc}", "report": str(report or "")}},
                exc_info=(type(exc), exc, exc.__traceback__),
            )
            if self._show_dialog:
                self._dialog(exc, report)
        finally:
            self._handling = False

    def _write_report(self, text: str) -> Path | None:
        try:
            self._report_dir.mkdir(parents=True, exist_ok=True)
            path = self._report_dir / time.strftime("crash-%Y%m%d-%H%M%S.txt")
            header = f"Pult crash report\npython {sys.version}\nplatform {sys.platform}\nargv {sys.argv}\n\n"
            path.write_text(header + text, encoding="utf-8")
        except OSError:
            return None
        return path

    @staticmethod
    def _dialog(exc: BaseException, report: Path | None) -> None:
        from ui.crash_dialog import show_crash_dialog

        show_crash_dialog(exc, report)


def main(argv: list[str] | None = None) -> int:
    # No cyclic garbage collection until the first window is painted (app.bootstrap turns it back
    # on): the start-up builds only long-lived objects (modules, classes, enums, widgets), and the
    # ~40 collections that walked them cost the first window ~6 ms (bench/startup.py).
    gc.disable()
    from app import none_guard

    none_guard.install()  # before any Qt call: PySide6 6.12 on Python 3.11 drops references to None
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from app.services.logs import configure_logging

    configure_logging(fmt=args.log_format, level=getattr(logging, args.log_level.upper()))
    from app.settings.paths import SettingsPaths

    crash = CrashHandler(report_dir=SettingsPaths.default().crash_dir, show_dialog=not args.no_err_windows)
    crash.install()
    from ui.instance_socket import hand_over, instance_address

    instance = instance_address(SettingsPaths.default().config_dir)
    if hand_over(instance, args.url):
        log.info("instance.handed_over", extra={"fields": {"url": bool(args.url)}})
        return 0  # the running Pult raises its window and offers the call (spec App. 4)
    from app.services.logs import start_file_log

    start_file_log(SettingsPaths.default().state_dir / "logs")  # attached to error reports (App. 3)
    from app import bootstrap

    options = bootstrap.ClientOptions(
        server=args.server,
        login=args.login,
        password=os.environ.get("PULT_PASSWORD", ""),
        status=args.status,
        remember=args.remember,
        language=args.lang,
        no_err_windows=args.no_err_windows,
        reconnect_delay=args.reconnect_delay,
        stdin_commands=args.stdin_commands,
        skip_first_run=args.skip_first_run,
        url=args.url,
        instance=instance,
    )
    return bootstrap.run(options, on_crash=crash.handle)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--softphone-host"]:  # the frozen client as its softphone's own process
        from softphone.host import main as softphone_host

        sys.exit(softphone_host(sys.argv[2:]))
    if sys.argv[1:2] == ["--recording-player"]:  # the frozen client as its recordings' player
        from softphone.player import main as recording_player

        sys.exit(recording_player(sys.argv[2:]))
    sys.exit(main())
