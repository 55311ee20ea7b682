"""«Сообщить о проблеме» (spec part 7, Appendix 3): contact details, a description, logs, a problem ID.

Opened from the tray's «Отправить отчет об ошибке», and at start when an earlier run crashed; «Написать в
поддержку» in the main window's «?» menu and the tray opens the same form as a request to support (R-ERR-6,
App. 8 T3): the same contact fields and logs, the same outbox, so a request written offline goes out after
the next sign-in instead of being refused as in the original. The form is
checked here first so every refusal is a sentence in the user's language next to the field; the report is
then kept on disk and sent (:class:`~app.services.error_reports.ErrorReportService`). The answer's problem
ID is shown with a copy button; without a server the user is told the report will go out by itself.
«Предпросмотр» shows the exact body that will be sent (R-ERR-4); «Сохранить в файл…» writes it to a
file the user can mail to support themselves (R-ERR-5, in place of the old SMTP path).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.error_reports import DraftProblem, ErrorReportService, ReportDraft, check_draft
from app.services.errors import ClientError
from ui.texts import error_message


def problem_text(code: str) -> str:
    texts = {
        DraftProblem.NAME_MISSING: QCoreApplication.translate("ErrorReport", "Enter your name."),
        DraftProblem.NAME_TOO_LONG: QCoreApplication.translate(
            "ErrorReport", "The name is too long: at most 200 characters."
        ),
        DraftProblem.EMAIL_INVALID: QCoreApplication.translate(
            "ErrorReport", "The e-mail address is not valid."
        ),
        DraftProblem.PHONE_INVALID: QCoreApplication.translate(
            "ErrorReport", "A phone number may hold only digits, spaces, +, - and brackets."
        ),
        DraftProblem.CONTACT_MISSING: QCoreApplication.translate(
            "ErrorReport", "Give an e-mail or a phone number so that support can answer you."
        ),
        DraftProblem.DESCRIPTION_MISSING: QCoreApplication.translate("ErrorReport", "Describe the problem."),
        DraftProblem.DESCRIPTION_TOO_LONG: QCoreApplication.translate(
            "ErrorReport", "The description is too long: at most 10000 characters."
        ),
    }
    return texts.get(code, code)


class ErrorReportDialog(QDialog):
    """The form, then the answer: a problem ID, or word that the report waits on this computer."""

    def __init__(
        self,
        *,
        service: ErrorReportService,
        name: str = "",
        email: str = "",
        phone: str = "",
        crash_file: str = "",
        support: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``support``: «Написать в поддержку», a question to support rather than an error report."""
        super().__init__(parent)
        self.setObjectName("ErrorReportDialog")
        self.support = support
        self.setWindowTitle(self.tr("Write to support") if support else self.tr("Report a problem"))
        self._service = service
        self._crash_file = crash_file
        self.report_id = str(uuid.uuid4())
        """Chosen once, so the preview shows the id that is sent and a second «Отправить» resends it."""
        self.problem_id = ""
        self.preview: QDialog | None = None

        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(200)
        self.email_edit = QLineEdit(email)
        self.phone_edit = QLineEdit(phone)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("ProblemDescription")
        self.logs_check = QCheckBox(self.tr("Attach the logs (journals of work)"))
        self.logs_check.setChecked(True)
        logs_note = QLabel(
            self.tr(
                "Logs hold only technical data about how Pult works and no confidential information; "
                "phone numbers, passwords and tokens are masked. We recommend leaving them on."
            )
        )
        logs_note.setObjectName("Muted")
        logs_note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("FormError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()

        intro = QLabel(
            self.tr("Fields marked with an asterisk (*) are required. Give an e-mail or a phone number.")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name*"), self.name_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
        form.addRow(self.tr("Phone"), self.phone_edit)
        form.addRow(
            self.tr("Your question or problem*") if support else self.tr("Description of the problem*"),
            self.description_edit,
        )

        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setFlat(True)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.save_button = QPushButton(self.tr("Save to file…"))
        self.save_button.setFlat(True)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.info_label = QLabel()
        self.info_label.setObjectName("Muted")
        self.info_label.setWordWrap(True)
        self.info_label.hide()
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(cancel)

        form_page = QWidget()
        column = QVBoxLayout(form_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addLayout(form)
        if crash_file:
            crash_note = QLabel(
                self.tr("The report of the crash ({file}) is attached.").format(file=Path(crash_file).name)
            )
            crash_note.setObjectName("CrashNote")
            column.addWidget(crash_note)
        column.addWidget(self.logs_check)
        column.addWidget(logs_note)
        column.addWidget(self.error_label)
        column.addWidget(self.info_label)
        column.addLayout(buttons)

        self.result_label = QLabel()
        self.result_label.setObjectName("ReportResult")
        self.result_label.setWordWrap(True)
        self.problem_edit = QLineEdit()
        self.problem_edit.setObjectName("ProblemId")
        self.problem_edit.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        id_row = QHBoxLayout()
        id_row.addWidget(self.problem_edit, 1)
        id_row.addWidget(self.copy_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        result_page = QWidget()
        result_column = QVBoxLayout(result_page)
        result_column.addWidget(self.result_label)
        result_column.addLayout(id_row)
        result_column.addStretch(1)
        result_column.addWidget(close)

        self.pages = QStackedWidget()
        self.pages.addWidget(form_page)
        self.pages.addWidget(result_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 18, 20, 16)
        outer.addWidget(self.pages)
        self.resize(560, 520)

        service.sent.connect(self._on_service_sent)
        service.queued.connect(self._on_service_queued)
        service.refused.connect(self._on_service_refused)

    # -- the form --------------------------------------------------------------------------------------

    def draft(self) -> ReportDraft:
        return ReportDraft(
            name=self.name_edit.text(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            description=self.description_edit.toPlainText(),
            attach_logs=self.logs_check.isChecked(),
            crash_file=self._crash_file,
        )

    def validate(self) -> bool:
        """Show every broken rule under the form and focus the first field at fault."""
        problems = check_draft(self.draft())
        fields = {
            "name": self.name_edit,
            "email": self.email_edit,
            "phone": self.phone_edit,
            "description": self.description_edit,
        }
        for widget in fields.values():
            widget.setProperty("invalid", False)
        if not problems:
            self.error_label.hide()
            return True
        for field, _code in problems:
            fields[field].setProperty("invalid", True)
        self.error_label.setText("\n".join(problem_text(code) for _field, code in problems))
        self.error_label.show()
        fields[problems[0][0]].setFocus()
        return False

    def _on_send_button_clicked(self) -> None:
        if not self.validate():
            return
        self.send_button.setEnabled(False)
        self.send_button.setText(self.tr("Sending…"))
        try:
            _report_id, sending = self._service.submit(self.draft(), report_id=self.report_id)
        except OSError as exc:
            self._back_to_form(
                self.tr("The report could not be saved on this computer: {error}").format(error=exc)
            )
            return
        if not sending:
            self._show_queued()

    def _on_preview_button_clicked(self) -> None:
        payload = self._service.payload(self.draft(), report_id=self.report_id)
        dialog = QDialog(self)
        dialog.setObjectName("ErrorReportPreview")
        dialog.setWindowTitle(self.tr("Preview"))
        text = QPlainTextEdit(json.dumps(payload, ensure_ascii=False, indent=2))
        text.setReadOnly(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        column = QVBoxLayout(dialog)
        column.addWidget(QLabel(self.tr("Exactly this will be sent:")))
        column.addWidget(text, 1)
        column.addWidget(close)
        dialog.resize(640, 520)
        self.preview = dialog
        dialog.open()

    def _on_save_button_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the report"),
            f"pult-report-{self.report_id[:8]}.json",
            self.tr("Report files (*.json)"),
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """R-ERR-5: the bundle as a file the user can mail to support when no server takes it."""
        payload = self._service.payload(self.draft(), report_id=self.report_id)
        try:
            path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            text = self.tr("The report could not be saved to {path}: {error}")
            self.error_label.setText(text.format(path=path, error=exc.strerror or exc))
            self.error_label.show()
            return False
        text = self.tr("The report was saved to {path}. You can send this file to support yourself.")
        self.info_label.setText(text.format(path=path))
        self.info_label.show()
        return True

    def _on_copy_button_clicked(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.problem_edit.text())

    # -- answers ---------------------------------------------------------------------------------------

    def _on_service_sent(self, report_id: str, problem_id: str) -> None:
        if report_id != self.report_id:
            return
        self.problem_id = problem_id
        if self.support:
            text = self.tr(
                "Thank you: support received your request and will answer you. Write down its "
                "identifier and quote it to support:"
            )
        else:
            text = self.tr(
                "Thank you: the report was received. Write down the problem identifier and quote it "
                "to support:"
            )
        self.result_label.setText(text)
        self.problem_edit.setText(problem_id)
        self.problem_edit.show()
        self.copy_button.show()
        self.pages.setCurrentIndex(1)

    def _on_service_queued(self, report_id: str) -> None:
        if report_id == self.report_id and not self.problem_id:
            self._show_queued()

    def _show_queued(self) -> None:
        if self.support and self._service.signed_in:
            text = self.tr(
                "The server cannot be reached now. Your request is kept on this computer and will be sent "
                "by itself; its identifier will be shown then."
            )
        elif self.support:
            text = self.tr(
                "You are not signed in. Your request is kept on this computer and will be sent after you "
                "sign in; its identifier will be shown then."
            )
        elif self._service.signed_in:
            text = self.tr(
                "The server cannot be reached now. The report is kept on this computer and will be sent "
                "by itself; its problem identifier will be shown then."
            )
        else:
            text = self.tr(
                "You are not signed in. The report is kept on this computer and will be sent after you "
                "sign in; its problem identifier will be shown then."
            )
        self.result_label.setText(text)
        self.problem_edit.hide()
        self.copy_button.hide()
        self.pages.setCurrentIndex(1)

    def _on_service_refused(self, report_id: str, error: ClientError) -> None:
        if report_id != self.report_id:
            return
        self.report_id = str(uuid.uuid4())  # the refused one was set aside; a corrected form is new
        self._back_to_form(
            self.tr("The server refused the report: {reason}").format(reason=error_message(error))
        )

    def _back_to_form(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.send_button.setEnabled(True)
        self.send_button.setText(self.tr("Send"))
        self.pages.setCurrentIndex(0)


class ErrorReportOpener(QObject):
    """Opens the dialog (one at a time), offers crash reports at start, tells about reports sent later."""

    def __init__(
        self,
        *,
        service: ErrorReportService,
        contact: Callable[[], tuple[str, str, str]],
        window: Callable[[], QWidget | None],
        notify: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        """``contact``: (name, e-mail, phone) of the signed-in user to pre-fill, or empty strings."""
        super().__init__(parent)
        self._service = service
        self._contact = contact
        self._window = window
        self._notify = notify
        self.dialog: ErrorReportDialog | None = None
        self.crash_question: QMessageBox | None = None
        service.sent.connect(self._on_service_sent)

    def open(self, crash_file: str = "", *, support: bool = False) -> ErrorReportDialog:
        """The form (``support``: as «Написать в поддержку»); an open one is raised, its text kept."""
        if self.dialog is not None and self.dialog.isVisible() and not crash_file:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        name, email, phone = self._contact()
        dialog = ErrorReportDialog(
            service=self._service,
            name=name,
            email=email,
            phone=phone,
            crash_file=crash_file,
            support=support,
            parent=self._window(),
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.show()
        return dialog

    def add_to_menu(self, menu: QMenu) -> QAction:
        """«Отправить отчет об ошибке» in the avatar menu too: a desktop without a tray has no tray menu."""
        action = QAction(self.tr("Send an error report"), menu)
        action.setObjectName("ErrorReportAction")
        action.triggered.connect(lambda: self.open())
        actions = menu.actions()
        if actions:
            menu.insertAction(actions[-1], action)
        else:
            menu.addAction(action)
        return action

    def add_support_to_menu(self, menu: QMenu) -> QAction:
        """«Написать в поддержку» (R-ERR-6) at the end of ``menu`` (the main window's «?» menu)."""
        action = QAction(self.tr("Write to support"), menu)
        action.setObjectName("SupportAction")
        action.triggered.connect(lambda: self.open(support=True))
        menu.addAction(action)
        return action

    def offer_crashes(self) -> None:
        """After sign-in: an earlier run crashed and left a report; ask whether to send it."""
        crashes = self._service.pending_crashes()
        if not crashes or self.crash_question is not None:
            return
        newest = crashes[-1]
        for older in crashes[:-1]:
            self._service.dismiss_crash(older)
        box = QMessageBox(self._window())
        box.setObjectName("CrashOffer")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Report a problem"))
        box.setText(self.tr("Pult closed because of an error last time. Send the error report to support?"))
        send = box.addButton(self.tr("Send report"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Do not send"), QMessageBox.ButtonRole.RejectRole)

        def on_finished(_result: int) -> None:
            self.crash_question = None
            if box.clickedButton() is send:
                self.open(str(newest))
            else:
                self._service.dismiss_crash(newest)
            box.deleteLater()

        box.finished.connect(on_finished)
        self.crash_question = box
        box.open()

    def _on_service_sent(self, report_id: str, problem_id: str) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.isVisible() and dialog.report_id == report_id:
            return  # the open dialog shows it
        self._notify(self.tr("Your error report was sent. Problem identifier: {id}").format(id=problem_id))
