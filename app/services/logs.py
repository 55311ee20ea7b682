"""Structured logging: one JSON object per line on stderr (``--log-format json``), or readable text.

Events are logged as ``log.info("login.ok", extra={"fields": {...}})``: the message is a stable event
name, the fields are data. e2e tests and support tools parse the JSON lines.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any


class JsonFormatter(logging.Formatter):
    """``{"ts": 1700000000.123, "level": "info", "logger": "...", "event": "...", ...fields}``."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": round(record.created, 6),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for key, value in fields.items():
                payload.setdefault(key, value)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    stamp_format = "%H:%M:%S"

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime(self.stamp_format, time.localtime(record.created))
        fields = getattr(record, "fields", None)
        extra = ""
        if isinstance(fields, dict) and fields:
            extra = " " + " ".join(f"{k}={v}" for k, v in fields.items())
        text = f"{stamp} {record.levelname[0]} {record.name}: {record.getMessage()}{extra}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure_logging(*, fmt: str = "text", level: int = logging.INFO) -> None:
    """Route every ``logging`` record of the process to stderr in ``fmt`` (``text`` or ``json``)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "websockets", "asyncio", "qasync"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def event(logger: logging.Logger, name: str, **fields: Any) -> None:
    """Log the structured event ``name`` at INFO."""
    logger.info(name, extra={"fields": fields})


LOG_FILE = "pult.log"


def start_file_log(directory: Path, *, keep_bytes: int = 1_000_000) -> Path:
    """Also write every record, as text, to ``directory/pult.log``: error reports attach it (App. 3).

    The file is rotated at start (``pult.log`` → ``pult.1.log``) once it passes ``keep_bytes``, and opened
    on the first record, so a start costs one ``stat``.
    """
    path = directory / LOG_FILE
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if path.stat().st_size > keep_bytes:
            path.replace(directory / "pult.1.log")
    except FileNotFoundError:
        pass
    except OSError:
        return path
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(FileFormatter())
    logging.getLogger().addHandler(handler)
    return path


class FileFormatter(TextFormatter):
    """The log file outlives a day: support needs the date and the UTC offset of every line."""

    stamp_format = "%Y-%m-%d %H:%M:%S%z"
