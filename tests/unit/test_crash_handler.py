"""The single crash path: an unexpected error is logged and written to a report, and never shown in CI."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import main


def test_crash_is_logged_and_reported_without_a_dialog(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    handler = main.CrashHandler(report_dir=tmp_path / "crashes", show_dialog=False)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL, logger="pult"):
            handler.excepthook(RuntimeError, exc, exc.__traceback__)
    [report] = list((tmp_path / "crashes").iterdir())
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError: boom" in text
    assert "test_crash_is_logged_and_reported_without_a_dialog" in text
    [record] = [r for r in caplog.records if r.getMessage() == "crash"]
    assert record.fields["report"] == str(report)  # type: ignore[attr-defined]


def test_command_line_for_a_scripted_ci_login() -> None:
    args = main.parse_args(
        ["--server", "http://h:1", "--login", "300000001/op1", "--status", "break", "--log-format", "json"]
    )
    assert (args.server, args.login, args.status, args.log_format) == (
        "http://h:1",
        "300000001/op1",
        "break",
        "json",
    )
    assert not args.no_err_windows
