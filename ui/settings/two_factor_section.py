"""«Пользовательские» → two-factor authentication (spec MW-13): turn it on with an authenticator, or off.

Turning on shows a new secret and its ``otpauth://`` URI as text to copy into an authenticator app; the
first code the app shows confirms it. Turning off takes a current code too. Each step is a request of
:class:`~app.services.two_factor.TwoFactorService`; nothing waits for «Сохранить» of the dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import two_factor
from app.services.errors import (
    ClientError,
    ConflictError,
    InvalidCredentialsError,
    LockedError,
    ValidationFailedError,
)
from ui.texts import error_message, local_time

if TYPE_CHECKING:
    from app.services.two_factor import TwoFactorService

CODE_DIGITS = 6


class TwoFactorSection(QGroupBox):
    """Shows whether 2FA is on and walks the user through switching it."""

    def __init__(self, *, service: TwoFactorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TwoFactorSection")
        self._service = service
        self._enabled: bool | None = None
        self._enrolling = False
        self._busy = False

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.enable_button = QPushButton()
        self.enable_button.clicked.connect(self._on_enable_button_clicked)
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.secret_edit = QLineEdit()
        self.secret_edit.setReadOnly(True)
        self.secret_edit.setAccessibleName("secret")
        self.uri_edit = QLineEdit()
        self.uri_edit.setReadOnly(True)
        self.uri_edit.setAccessibleName("otpauth")
        self.secret_label, self.uri_label, self.code_label = QLabel(), QLabel(), QLabel()
        self.copy_secret_button = QPushButton()
        self.copy_secret_button.clicked.connect(lambda: self._copy(self.secret_edit.text()))
        self.copy_uri_button = QPushButton()
        self.copy_uri_button.clicked.connect(lambda: self._copy(self.uri_edit.text()))
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(9)
        self.code_edit.setPlaceholderText("000000")
        self.code_edit.setAccessibleName("code")
        self.code_edit.returnPressed.connect(self._on_action_button_clicked)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._on_action_button_clicked)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        self.enrolment = QWidget()
        grid = QGridLayout(self.enrolment)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.instructions, 0, 0, 1, 3)
        grid.addWidget(self.secret_label, 1, 0)
        grid.addWidget(self.secret_edit, 1, 1)
        grid.addWidget(self.copy_secret_button, 1, 2)
        grid.addWidget(self.uri_label, 2, 0)
        grid.addWidget(self.uri_edit, 2, 1)
        grid.addWidget(self.copy_uri_button, 2, 2)
        self.code_row = QWidget()
        row = QHBoxLayout(self.code_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.code_label)
        row.addWidget(self.code_edit)
        row.addWidget(self.action_button)
        row.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.state_label, 1)
        top.addWidget(self.enable_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.enrolment)
        layout.addWidget(self.code_row)
        layout.addWidget(self.error)

        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self._render()
        self._set_busy(True)
        service.load()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Two-factor authentication"))
        self.enable_button.setText(self.tr("Turn on…"))
        self.instructions.setText(
            self.tr(
                "Add this key to an authenticator app on your phone (type the key or paste the link), "
                "then enter the {digits}-digit code the app shows."
            ).format(digits=CODE_DIGITS)
        )
        self.secret_label.setText(self.tr("Key"))
        self.uri_label.setText(self.tr("Link"))
        self.copy_secret_button.setText(self.tr("Copy"))
        self.copy_uri_button.setText(self.tr("Copy"))
        self.code_label.setText(self.tr("Code"))
        self._render()

    # -- state -----------------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool | None:
        """Whether 2FA is on, as the server last said (None before it answered)."""
        return self._enabled

    def _render(self) -> None:
        if self._enabled is None:
            self.state_label.setText(self.tr("Checking…"))
        elif self._enabled:
            self.state_label.setText(
                self.tr(
                    "On: signing in asks for a code from your authenticator app. Enter a code to turn it off."
                )
            )
        elif self._enrolling:
            self.state_label.setText(self.tr("Off until you confirm it with a code."))
        else:
            self.state_label.setText(self.tr("Off: signing in needs only the password."))
        self.enable_button.setVisible(self._enabled is False and not self._enrolling)
        self.enrolment.setVisible(self._enrolling)
        self.code_row.setVisible(bool(self._enabled) or self._enrolling)
        self.action_button.setText(self.tr("Turn off") if self._enabled else self.tr("Confirm"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.enable_button, self.action_button, self.code_edit):
            widget.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    @staticmethod
    def _copy(text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)

    # -- intents ---------------------------------------------------------------------------------------

    def _on_enable_button_clicked(self) -> None:
        self._show_error("")
        self._set_busy(True)
        self._service.enrol()

    def _on_action_button_clicked(self) -> None:
        if self._busy or not self.code_row.isVisible():
            return
        code = "".join(ch for ch in self.code_edit.text() if ch not in " -")
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            self._show_error(self.tr("The code is {digits} digits.").format(digits=CODE_DIGITS))
            self.code_edit.setFocus()
            return
        self._show_error("")
        self._set_busy(True)
        if self._enabled:
            self._service.disable(code)
        else:
            self._service.confirm(code)

    # -- answers ---------------------------------------------------------------------------------------

    def _on_service_finished(self, tag: str, result: object) -> None:
        self._set_busy(False)
        if tag == two_factor.STATE:
            self._enabled = bool(getattr(result, "enabled", False))
        elif tag == two_factor.ENROLMENT:
            self._enrolling = True
            self.secret_edit.setText(str(getattr(result, "secret", "")))
            self.uri_edit.setText(str(getattr(result, "uri", "")))
            self.code_edit.clear()
            self.code_edit.setFocus()
        elif tag in (two_factor.CONFIRMED, two_factor.DISABLED):
            self._enabled = tag == two_factor.CONFIRMED
            self._enrolling = False
            self.secret_edit.clear()
            self.uri_edit.clear()
            self.code_edit.clear()
        self._render()

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        self._set_busy(False)
        if isinstance(error, LockedError) and error.until is not None:
            text = self.tr("Too many wrong codes. Code entry is locked until {time}.").format(
                time=local_time(error.until)
            )
        elif isinstance(error, InvalidCredentialsError):
            text = self.tr("Wrong code. Check the code in the app and try again.")
        elif isinstance(error, ValidationFailedError) and tag in (two_factor.CONFIRMED, two_factor.DISABLED):
            text = self.tr("The code is {digits} digits.").format(digits=CODE_DIGITS)
        elif isinstance(error, ConflictError):
            text = ""
            self._enrolling = False
            self._set_busy(True)
            self._service.load()  # switched elsewhere meanwhile: show what is true now
        else:
            text = error_message(error)
        self._show_error(text)
        self.code_edit.selectAll()
        self._render()
