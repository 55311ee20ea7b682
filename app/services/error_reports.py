"""Error reports on the client (spec part 7, Appendix 3): compose, keep, send, and never lose one.

A report is written to the outbox (``<state>/error-reports/outbox/<id>.json``) before it is sent, and
removed only once the server answered its problem ID, so a report made while the server is down, or
before sign-in, goes out after the next sign-in or retry by itself. The server refusing a report (it
breaks a rule the dialog did not catch) moves it to ``rejected/`` instead of deleting it.

Logs are the client's own log files (:func:`app.services.logs.start_file_log`), newest lines last, with
what could be personal masked first (R-ERR-2): bearer tokens, passwords, long digit runs such as phone
numbers. Crash reports written by ``main.CrashHandler`` wait in the crash directory until the user sent or
dismissed them at a later start.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.errors import (
    ClientError,
    ProtocolError,
    ServerUnreachableError,
    UnauthenticatedError,
)
from app.services.logs import LOG_FILE
from app.services.logs import event as log_event

if TYPE_CHECKING:
    from app.services.api import ApiClient

log = logging.getLogger(__name__)

MAX_NAME = 200
MAX_PHONE = 40
MAX_DESCRIPTION = 10_000
"""Same limits as ``app.protocol.error_reports`` (not imported: pydantic stays off the start-up path)."""
MAX_LOGS = 2_000_000
RETRY_MS = 60_000

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\- ]*$")
_SECRETS = (
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer ***"),
    (
        re.compile(r"(?i)((?:password|passwd|token|refresh_token|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
        r"\1***",
    ),
)
_LONG_DIGITS = re.compile(r"(?<![\d.])(\+?\d{5,})(\d{2})(?![\d.])")
_FORMATTED_PHONE = re.compile(r"(?<![\w.:/-])\+?\(?\d(?:[ ()-]{0,2}\d){9,14}(?![\w:/-]|\.\d)")
"""``+7 (495) 123-45-67``, ``8 495 123 45 67``: ten digits or more with phone separators, two groups of
three digits or more among them (a date and a time, ``2026-11-23 05:50``, stop at the colon; an address
has dots)."""


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """What the user filled in «Сообщить о проблеме»."""

    name: str
    email: str
    phone: str
    description: str
    attach_logs: bool = True
    crash_file: str = ""
    """A crash report of ``main.CrashHandler`` this report carries."""


class DraftProblem:
    """Why a draft cannot be sent: ``field`` and a stable ``code`` the dialog turns into words."""

    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    DESCRIPTION_MISSING = "description_missing"
    DESCRIPTION_TOO_LONG = "description_too_long"
    EMAIL_INVALID = "email_invalid"
    PHONE_INVALID = "phone_invalid"
    CONTACT_MISSING = "contact_missing"


def check_draft(draft: ReportDraft) -> list[tuple[str, str]]:
    """(field, problem code) for each rule the draft breaks, in the order of the form; [] if none."""
    problems: list[tuple[str, str]] = []
    name = draft.name.strip()
    if not name:
        problems.append(("name", DraftProblem.NAME_MISSING))
    elif len(name) > MAX_NAME:
        problems.append(("name", DraftProblem.NAME_TOO_LONG))
    email, phone = draft.email.strip(), draft.phone.strip()
    if email and (len(email) > 320 or not _EMAIL.fullmatch(email)):
        problems.append(("email", DraftProblem.EMAIL_INVALID))
    if phone and (len(phone) > MAX_PHONE or not _PHONE.fullmatch(phone) or not re.search(r"\d", phone)):
        problems.append(("phone", DraftProblem.PHONE_INVALID))
    if not email and not phone:
        problems.append(("email", DraftProblem.CONTACT_MISSING))
    description = draft.description.strip()
    if not description:
        problems.append(("description", DraftProblem.DESCRIPTION_MISSING))
    elif len(description) > MAX_DESCRIPTION:
        problems.append(("description", DraftProblem.DESCRIPTION_TOO_LONG))
    return problems


def redact(text: str) -> str:
    """Mask tokens, passwords and phone-like digit runs (all but the last two digits).

    NUL characters go too: a log cut off by a crash can hold them, and PostgreSQL refuses them in text,
    so such a report would wait in the outbox for ever.
    """
    text = text.replace("\x00", "")
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    text = _FORMATTED_PHONE.sub(_mask_formatted, text)
    return _LONG_DIGITS.sub(lambda m: "*" * len(m.group(1)) + m.group(2), text)


def _mask_formatted(match: re.Match[str]) -> str:
    found = match.group(0)
    if not re.search(r"[ ()-]", found):
        return found  # a bare digit run: _LONG_DIGITS masks it
    if sum(len(group) >= 3 for group in re.findall(r"\d+", found)) < 2:
        return found  # "10 20 30 40 50" is a list of values, a phone number has longer groups
    keep = len(found)
    for _ in range(2):  # the last two digits stay, as for a bare run
        keep = max(i for i in range(keep) if found[i].isdigit())
    return re.sub(r"\d", "*", found[:keep]) + found[keep:]


class ErrorReportService(QObject):
    """Keeps the outbox and sends it; signals carry what the user should be told."""

    sent = Signal(str, str)
    """(client report id, problem ID) once the server stored a report."""
    queued = Signal(str)
    """(client report id): kept on this computer, to be sent when the server can be reached."""
    refused = Signal(str, object)
    """(client report id, ClientError): the server refused it; it was set aside in ``rejected/``."""

    def __init__(
        self,
        *,
        directory: Path,
        log_dir: Path,
        crash_dir: Path,
        system: Callable[[], str],
        version: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.outbox = directory / "outbox"
        self.rejected = directory / "rejected"
        self.sent_log = directory / "sent.jsonl"
        self._log_dir = log_dir
        self.crash_dir = crash_dir
        self._system = system
        self._version = version
        self._api: Callable[[], ApiClient | None] = lambda: None
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] = lambda coro: coro.close()
        self._sending: set[str] = set()
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)

    def bind(
        self, *, api: Callable[[], ApiClient | None], spawn: Callable[[Coroutine[Any, Any, None]], object]
    ) -> None:
        self._api = api
        self._spawn = spawn

    # -- composing -----------------------------------------------------------------------------------

    def collect_logs(self) -> str:
        """The newest client log lines (older file first), masked, within the size limit."""
        parts: list[str] = []
        for name in ("pult.1.log", LOG_FILE):
            try:
                parts.append((self._log_dir / name).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        text = redact("".join(parts))
        return text[-MAX_LOGS:]

    def payload(self, draft: ReportDraft, *, report_id: str = "") -> dict[str, Any]:
        """The exact JSON body that will be sent (the dialog's «Предпросмотр» shows it)."""
        logs = ""
        crash = ""
        if draft.crash_file:
            try:
                crash = redact(Path(draft.crash_file).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                crash = ""
        if draft.attach_logs:
            logs = self.collect_logs()
        if crash:
            logs = (crash + "\n\n" + logs)[:MAX_LOGS]
        return {
            "client_report_id": report_id or str(uuid.uuid4()),
            "name": draft.name.strip(),
            "email": draft.email.strip() or None,
            "phone": draft.phone.strip(),
            "description": draft.description.strip(),
            "logs": logs,
            "crash": bool(crash),
            "client_version": self._version,
            "system": self._system()[:500],
        }

    # -- sending -------------------------------------------------------------------------------------

    def submit(self, draft: ReportDraft, *, report_id: str = "") -> tuple[str, bool]:
        """Keep the report in the outbox, then send it if signed in.

        Returns (client report id, sending now); when not sending, ``queued`` was emitted as well.
        Raises ``OSError`` if the outbox cannot be written (the dialog keeps the user's text).
        """
        payload = self.payload(draft, report_id=report_id)
        report_id = str(payload["client_report_id"])
        self.outbox.mkdir(parents=True, exist_ok=True)
        target = self.outbox / f"{report_id}.json"
        temporary = target.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as file:
            json.dump(payload, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target)
        if draft.crash_file:
            self.dismiss_crash(Path(draft.crash_file))
        log_event(log, "error_report.kept", id=report_id, logs=len(payload["logs"]))
        sending = self._send(report_id)
        if not sending:
            self.queued.emit(report_id)
            self._retry.start()
        return report_id, sending

    @property
    def signed_in(self) -> bool:
        """Whether a report can go to the server now (else it waits for the next sign-in)."""
        return self._api() is not None

    def pending(self) -> list[str]:
        """Client report ids still in the outbox, oldest first."""
        try:
            files = sorted(self.outbox.glob("*.json"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return []
        return [p.stem for p in files]

    def flush(self) -> None:
        """Send every report in the outbox (after sign-in, and every minute while some wait)."""
        waiting = self.pending()
        if not waiting:
            self._retry.stop()
            return
        for report_id in waiting:
            self._send(report_id)

    def _send(self, report_id: str) -> bool:
        api = self._api()
        if api is None or report_id in self._sending:
            return False
        self._sending.add(report_id)
        self._spawn(self._deliver(api, report_id))
        return True

    async def _deliver(self, api: ApiClient, report_id: str) -> None:
        from app.protocol.error_reports import ErrorReportCreate, ErrorReportCreated

        path = self.outbox / f"{report_id}.json"
        try:
            try:
                body = ErrorReportCreate.model_validate_json(path.read_bytes())
            except OSError:
                return  # sent meanwhile
            except ValueError as exc:
                self._set_aside(path)
                self.refused.emit(report_id, ClientError(str(exc)))
                return
            try:
                answer: ErrorReportCreated = await api.send_error_report(body)
            except (ServerUnreachableError, UnauthenticatedError) as exc:
                self._still_waiting(report_id, exc)
                return
            except ProtocolError as exc:
                if exc.status is None or exc.status >= 500:
                    self._still_waiting(report_id, exc)
                    return
                self._set_aside(path)
                self.refused.emit(report_id, exc)
                return
            except ClientError as exc:
                self._set_aside(path)
                self.refused.emit(report_id, exc)
                return
            self._record_sent(report_id, answer.problem_id, answer.created_at.isoformat())
            path.unlink(missing_ok=True)
            log_event(log, "error_report.sent", id=report_id, problem_id=answer.problem_id)
            self.sent.emit(report_id, answer.problem_id)
        finally:
            self._sending.discard(report_id)

    def _still_waiting(self, report_id: str, exc: ClientError) -> None:
        log_event(log, "error_report.waiting", id=report_id, error=type(exc).__name__)
        self.queued.emit(report_id)
        self._retry.start()

    def _set_aside(self, path: Path) -> None:
        try:
            self.rejected.mkdir(parents=True, exist_ok=True)
            path.replace(self.rejected / path.name)
        except OSError:
            log.warning("error_report.set_aside_failed", exc_info=True)
        log_event(log, "error_report.refused", id=path.stem)

    def _record_sent(self, report_id: str, problem_id: str, at: str) -> None:
        line = json.dumps({"id": report_id, "problem_id": problem_id, "at": at}) + "\n"
        try:
            self.sent_log.parent.mkdir(parents=True, exist_ok=True)
            with self.sent_log.open("a", encoding="utf-8") as file:
                file.write(line)
        except OSError:
            log.warning("error_report.sent_log_failed", exc_info=True)

    def sent_reports(self) -> list[dict[str, str]]:
        """Problem IDs answered so far on this computer (newest last)."""
        try:
            lines = self.sent_log.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        found: list[dict[str, str]] = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                found.append({str(k): str(v) for k, v in record.items()})
        return found

    # -- crash reports ---------------------------------------------------------------------------------

    def pending_crashes(self) -> list[Path]:
        """Crash reports of earlier runs not yet sent or dismissed, oldest first."""
        try:
            return sorted(self.crash_dir.glob("crash-*.txt"))
        except OSError:
            return []

    def dismiss_crash(self, path: Path) -> None:
        """Keep the file (support may still ask for it) but stop offering it."""
        try:
            seen = self.crash_dir / "seen"
            seen.mkdir(parents=True, exist_ok=True)
            path.replace(seen / path.name)
        except OSError:
            log.warning("crash.dismiss_failed", exc_info=True)
