"""The crash report dialog: what the user sees when the single crash path caught an unexpected error.

The report file stays in the crash directory; at the next start, once signed in, the user is asked whether to
send it to support through «Сообщить о проблеме» (``ui.error_report_dialog.ErrorReportOpener``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox


def show_crash_dialog(error: BaseException, report: Path | None) -> None:
    """A modal message naming the error and where its report was saved (no-op without a QApplication)."""
    if QApplication.instance() is None:
        return
    text = QCoreApplication.translate("Crash", "Pult hit an unexpected error and may not work correctly.")
    details = f"{type(error).__name__}: {error}"
    if report is not None:
        details += "\n\n" + QCoreApplication.translate("Crash", "A report was saved to {path}").format(
            path=report
        )
        details += "\n" + QCoreApplication.translate(
            "Crash", "Pult will offer to send this report to support at the next start."
        )
    QMessageBox.critical(None, "Pult", f"{text}\n\n{details}")
