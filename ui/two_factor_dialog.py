"""The code window of two-factor authentication (spec MW-13), opened by the login window.

It asks for the 6-digit code of the user's authenticator app and hands it to the session service. A
wrong code is said as such; after more than 5 wrong codes the server locks code entry for 5 minutes,
and the window says until when and opens the field again by itself when the time is up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import ClientError, InvalidCredentialsError, LockedError, ValidationFailedError
from ui.texts import error_message, local_time
from widgets.icons import logo_icon
from widgets.spinner import BusySpinner

if TYPE_CHECKING:
    from app.services.session import SessionService

CODE_DIGITS = 6


class TwoFactorDialog(QDialog):
    """Takes the verification code; closes itself once signed in, or when the login attempt ended."""

    def __init__(
        self,
        *,
        session: SessionService,
        server: str = "",
        locked_until: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TwoFactorDialog")
        self.setWindowIcon(logo_icon())
        self.setModal(True)
        self._session = session
        self._server = server
        self._busy = False
        self._locked_until: datetime | None = None
        self._unlock_timer = QTimer(self)
        self._unlock_timer.setSingleShot(True)
        self._unlock_timer.timeout.connect(self._on_unlock_timer_timeout)

        self.title = QLabel()
        self.title.setObjectName("PanelTitle")
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.code_label = QLabel()
        self.code_label.setObjectName("FieldLabel")
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(9)  # "123 456" or "123-456" as some apps show it
        self.code_edit.setAccessibleName("code")
        self.code_label.setBuddy(self.code_edit)
        self.error_banner = QLabel()
        self.error_banner.setObjectName("ErrorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setAccessibleName("error")
        self.error_banner.hide()
        self.spinner = BusySpinner(diameter=18)
        self.spinner.hide()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("PrimaryButton")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(6)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.code_label)
        layout.addWidget(self.code_edit)
        layout.addSpacing(10)
        actions = QHBoxLayout()
        actions.addWidget(self.spinner)
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.confirm_button)
        layout.addLayout(actions)
        self.hint.setFixedWidth(360)
        self.retranslate()

        self._listening = True
        session.two_factor_failed.connect(self._on_session_two_factor_failed)
        session.logged_in.connect(self._on_session_logged_in)
        session.login_failed.connect(self._on_session_login_failed)
        self.code_edit.textEdited.connect(self._on_code_edit_text_edited)
        if locked_until is not None:
            self.show_locked(locked_until)
        self.code_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pult — verification code"))
        self.title.setText(self.tr("Two-factor authentication"))
        self.hint.setText(
            self.tr("Enter the {digits}-digit code shown by the authenticator app on your phone.").format(
                digits=CODE_DIGITS
            )
        )
        self.code_label.setText(self.tr("Verification code"))
        self.code_edit.setPlaceholderText("000000")
        self.confirm_button.setText(self.tr("Confirm"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- behaviour -------------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._locked_until is not None

    def submit(self) -> bool:
        """Check the code's form and send it; False when it was not sent (the reason is shown)."""
        if self._busy or self.locked:
            return False
        code = "".join(ch for ch in self.code_edit.text() if ch not in " -")
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            self.show_error(self.tr("The code is {digits} digits.").format(digits=CODE_DIGITS))
            self.code_edit.setFocus()
            return False
        self.error_banner.hide()
        self._set_busy(True)
        self._session.start_two_factor(code)
        return True

    def show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()

    def error_text(self) -> str:
        return self.error_banner.text() if self.error_banner.isVisibleTo(self) else ""

    def show_locked(self, until: datetime) -> None:
        """Code entry is locked until ``until``: say so, and open the field again then."""
        self._locked_until = until
        self.show_error(
            self.tr("Too many wrong codes. Code entry is locked until {time}.").format(time=local_time(until))
        )
        self._set_busy(False)
        seconds = (until - datetime.now(UTC)).total_seconds()
        self._unlock_timer.start(max(0, int(seconds * 1000)) + 500)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        enabled = not busy and not self.locked
        self.code_edit.setEnabled(enabled)
        self.confirm_button.setEnabled(enabled)
        self.spinner.setVisible(busy)

    def reject(self) -> None:
        if self._listening:
            self._stop_listening()
            self._session.cancel_two_factor()
        super().reject()

    def _close_quietly(self) -> None:
        self._stop_listening()
        self._set_busy(False)  # the spinner's timer stops with it
        self.done(QDialog.DialogCode.Accepted)

    def _stop_listening(self) -> None:
        self._unlock_timer.stop()
        self._listening = False
        self._session.two_factor_failed.disconnect(self._on_session_two_factor_failed)
        self._session.logged_in.disconnect(self._on_session_logged_in)
        self._session.login_failed.disconnect(self._on_session_login_failed)

    def _on_confirm_button_clicked(self) -> None:
        self.submit()

    def _on_code_edit_text_edited(self, _text: str) -> None:
        if not self.locked:
            self.error_banner.hide()

    def _on_unlock_timer_timeout(self) -> None:
        self._locked_until = None
        self.show_error(self.tr("You can enter the code again."))
        self._set_busy(False)
        self.code_edit.clear()
        self.code_edit.setFocus()

    def _on_session_two_factor_failed(self, error: ClientError) -> None:
        self._set_busy(False)
        if isinstance(error, LockedError) and error.until is not None:
            self.show_locked(error.until)
            return
        if isinstance(error, InvalidCredentialsError):
            self.show_error(self.tr("Wrong code. Check the code in the app and try again."))
        elif isinstance(error, ValidationFailedError):
            self.show_error(self.tr("The code is {digits} digits.").format(digits=CODE_DIGITS))
        else:
            self.show_error(error_message(error, server=self._server))
        self.code_edit.selectAll()
        self.code_edit.setFocus()

    def _on_session_logged_in(self, _me: object) -> None:
        self._close_quietly()

    def _on_session_login_failed(self, _error: ClientError) -> None:
        # The challenge ran out (or the attempt ended): the login window says why and takes over.
        self._close_quietly()
