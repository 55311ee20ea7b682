"""The login window (spec MW-10..12, MW-15): server, login, password, «Статус», «Запомнить», «Войти».

The dialog validates what it can locally, hands the rest to the session service and shows its answer
in the user's language. While a login is under way the form is locked and a spinner turns. For an
account with two-factor authentication the code window (MW-13, :mod:`ui.two_factor_dialog`) follows the
password; closing it returns to this form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.address import BadAddressError, normalize_server
from app.services.errors import (
    ClientError,
    InvalidCredentialsError,
    LockedError,
    UnauthenticatedError,
    ValidationFailedError,
)
from app.state.status import BUILTIN_KEYS, KEEP
from ui.texts import builtin_status_name, error_message, keep_status_name, status_color_of
from widgets.icons import dot_icon, draw_logo, logo_icon
from widgets.spinner import BusySpinner
from widgets.theme import STATUS_COLORS

if TYPE_CHECKING:
    from app.protocol.auth import TwoFactorChallenge
    from app.services.session import SessionService
    from ui.two_factor_dialog import TwoFactorDialog

LOGIN_STATUSES = BUILTIN_KEYS


class _Logo(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(44, 44))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        draw_logo(painter, QRectF(0, 0, 44, 44))
        painter.end()


class LoginDialog(QDialog):
    """Collects credentials and starts a login; stays open with a clear message when it fails."""

    def __init__(
        self,
        *,
        session: SessionService,
        server: str = "",
        login: str = "",
        status: str = KEEP,
        remember: bool = False,
        custom_statuses: Sequence[tuple[str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        """``custom_statuses``: ``(key, name, colour)`` of the tenant's own statuses, as last seen."""
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.setWindowIcon(logo_icon())
        self._session = session
        self._busy = False
        self._server = ""
        self.two_factor_dialog: TwoFactorDialog | None = None

        self.title = QLabel()
        self.title.setObjectName("PanelTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("Muted")
        self.subtitle.setWordWrap(True)
        self.error_banner = QLabel()
        self.error_banner.setObjectName("ErrorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.hide()
        self.error_banner.setAccessibleName("error")

        self.server_edit = QLineEdit(server)
        self.login_edit = QLineEdit(login)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_error = self._field_error()
        self.login_error = self._field_error()
        self.password_error = self._field_error()

        self.status_combo = QComboBox()
        self.status_combo.addItem(keep_status_name(), KEEP)
        for key in LOGIN_STATUSES:
            color = STATUS_COLORS[status_color_of(key)]
            self.status_combo.addItem(dot_icon(color), builtin_status_name(key) or key, key)
        for key, name, color_name in custom_statuses:
            self.status_combo.addItem(
                dot_icon(STATUS_COLORS.get(color_name, STATUS_COLORS["grey"])), name, key
            )
        index = self.status_combo.findData(status)
        self.status_combo.setCurrentIndex(max(0, index))

        self.remember_box = QCheckBox()
        self.remember_box.setChecked(remember and session.remember_available)
        self.remember_hint = QLabel()
        self.remember_hint.setObjectName("Hint")
        self.remember_hint.setWordWrap(True)

        self.spinner = BusySpinner(diameter=18)
        self.spinner.hide()
        self.busy_label = QLabel()
        self.busy_label.setObjectName("Muted")
        self.busy_label.hide()
        self.login_button = QPushButton()
        self.login_button.setObjectName("PrimaryButton")
        self.login_button.setDefault(True)
        self.login_button.setMinimumWidth(120)
        self.login_button.clicked.connect(self._on_login_button_clicked)

        self._labels = {name: self._label() for name in ("server", "login", "password", "status")}
        self._build_layout()
        self.retranslate()
        for edit in (self.server_edit, self.login_edit, self.password_edit):
            edit.textEdited.connect(self._on_field_edited)
        session.login_started.connect(self._on_session_login_started)
        session.login_failed.connect(self._on_session_login_failed)
        session.logged_in.connect(self._on_session_logged_in)
        session.two_factor_required.connect(self._on_session_two_factor_required)
        self._focus_first_empty()

    # -- layout ----------------------------------------------------------------------------------------

    @staticmethod
    def _field_error() -> QLabel:
        label = QLabel()
        label.setObjectName("FieldError")
        label.setWordWrap(True)
        label.hide()
        return label

    @staticmethod
    def _label() -> QLabel:
        label = QLabel()
        label.setObjectName("FieldLabel")
        return label

    def _build_layout(self) -> None:
        card = QFrame()
        card.setObjectName("Card")
        form = QVBoxLayout(card)
        form.setContentsMargins(28, 24, 28, 24)
        form.setSpacing(6)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(_Logo())
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        form.addLayout(header)
        form.addSpacing(12)
        form.addWidget(self.error_banner)
        for name, edit, error in (
            ("server", self.server_edit, self.server_error),
            ("login", self.login_edit, self.login_error),
            ("password", self.password_edit, self.password_error),
        ):
            form.addSpacing(4)
            form.addWidget(self._labels[name])
            form.addWidget(edit)
            form.addWidget(error)
        form.addSpacing(4)
        form.addWidget(self._labels["status"])
        form.addWidget(self.status_combo)
        form.addSpacing(8)
        form.addWidget(self.remember_box)
        form.addWidget(self.remember_hint)
        form.addSpacing(14)
        actions = QHBoxLayout()
        actions.addWidget(self.spinner)
        actions.addWidget(self.busy_label)
        actions.addStretch(1)
        actions.addWidget(self.login_button)
        form.addLayout(actions)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        # Fixed size from the layout: word-wrapped labels (the «Запомнить» hint, errors) get the
        # height they need for the width instead of being cut off.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        card.setFixedWidth(460)
        outer.addWidget(card)
        self._labels["server"].setBuddy(self.server_edit)
        self._labels["login"].setBuddy(self.login_edit)
        self._labels["password"].setBuddy(self.password_edit)
        self._labels["status"].setBuddy(self.status_combo)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pult — sign in"))
        self.title.setText(self.tr("Sign in to Pult"))
        self.subtitle.setText(self.tr("Welcome to the contact center."))
        self._labels["server"].setText(self.tr("Server address"))
        self._labels["login"].setText(self.tr("Login"))
        self._labels["password"].setText(self.tr("Password"))
        self._labels["status"].setText(self.tr("Status"))
        self.server_edit.setPlaceholderText(self.tr("e.g. pult.example.com"))
        self.login_edit.setPlaceholderText(self.tr("Login, e-mail, mobile number or SIP account"))
        self.remember_box.setText(self.tr("Remember me"))
        self.login_button.setText(self.tr("Sign in"))
        self.busy_label.setText(self.tr("Signing in…"))
        self.status_combo.setItemText(0, keep_status_name())
        for index in range(1, self.status_combo.count()):
            name = builtin_status_name(str(self.status_combo.itemData(index)))
            if name:
                self.status_combo.setItemText(index, name)
        if self._session.remember_available:
            self.remember_box.setEnabled(True)
            self.remember_hint.setText(self.tr("Next time Pult signs you in without asking."))
        else:
            self.remember_box.setEnabled(False)
            self.remember_box.setChecked(False)
            self.remember_hint.setText(
                self.tr(
                    "Unavailable: this computer has no password storage (keyring), so you sign in every time."
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- behaviour -------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> bool:
        """Validate and start logging in; False when the form has errors (they are shown)."""
        if self._busy:
            return False
        self._clear_errors()
        server_text = self.server_edit.text().strip()
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        first_bad: QLineEdit | None = None
        server = ""
        if not server_text:
            first_bad = self._field_invalid(
                self.server_edit, self.server_error, self.tr("Enter the server address.")
            )
        else:
            try:
                server = normalize_server(server_text)
            except BadAddressError:
                first_bad = self._field_invalid(
                    self.server_edit, self.server_error, self.tr("This is not a server address.")
                )
        if not login:
            bad = self._field_invalid(self.login_edit, self.login_error, self.tr("Enter your login."))
            first_bad = first_bad or bad
        if not password:
            bad = self._field_invalid(
                self.password_edit, self.password_error, self.tr("Enter your password.")
            )
            first_bad = first_bad or bad
        if first_bad is not None:
            first_bad.setFocus()
            return False
        self._server = server
        self._session.start_login(
            server=server,
            login=login,
            password=password,
            status=str(self.status_combo.currentData()),
            remember=self.remember_box.isChecked(),
        )
        return True

    def show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()

    def error_text(self) -> str:
        return self.error_banner.text() if self.error_banner.isVisibleTo(self) else ""

    def _field_invalid(self, edit: QLineEdit, label: QLabel, text: str) -> QLineEdit:
        label.setText(text)
        label.show()
        edit.setProperty("invalid", True)
        edit.style().unpolish(edit)
        edit.style().polish(edit)
        return edit

    def _clear_errors(self) -> None:
        self.error_banner.hide()
        for edit, label in (
            (self.server_edit, self.server_error),
            (self.login_edit, self.login_error),
            (self.password_edit, self.password_error),
        ):
            label.hide()
            if edit.property("invalid"):
                edit.setProperty("invalid", False)
                edit.style().unpolish(edit)
                edit.style().polish(edit)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.server_edit,
            self.login_edit,
            self.password_edit,
            self.status_combo,
            self.login_button,
        ):
            widget.setEnabled(not busy)
        self.remember_box.setEnabled(not busy and self._session.remember_available)
        self.spinner.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _focus_first_empty(self) -> None:
        for edit in (self.server_edit, self.login_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.login_button.setFocus()

    def _on_login_button_clicked(self) -> None:
        self.submit()

    def _on_field_edited(self, _text: str) -> None:
        sender = self.sender()
        for edit, label in (
            (self.server_edit, self.server_error),
            (self.login_edit, self.login_error),
            (self.password_edit, self.password_error),
        ):
            if edit is sender and label.isVisibleTo(self):
                label.hide()
                edit.setProperty("invalid", False)
                edit.style().unpolish(edit)
                edit.style().polish(edit)

    def _on_session_login_started(self) -> None:
        self._clear_errors()
        self._set_busy(True)

    def _on_session_login_failed(self, error: ClientError) -> None:
        self._set_busy(False)
        if self.two_factor_dialog is not None and isinstance(error, UnauthenticatedError):
            self.two_factor_dialog = None
            self.show_error(self.tr("The time to enter the code has run out. Sign in again."))
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.two_factor_dialog = None
        self.show_error(error_message(error, server=self._server or self.server_edit.text().strip()))
        if isinstance(error, InvalidCredentialsError | LockedError | ValidationFailedError):
            self.password_edit.selectAll()
            self.password_edit.setFocus()
        else:
            self.server_edit.setFocus()

    def _on_session_two_factor_required(self, challenge: TwoFactorChallenge) -> None:
        from ui.two_factor_dialog import TwoFactorDialog

        dialog = TwoFactorDialog(
            session=self._session,
            server=self._server,
            locked_until=challenge.locked_until,
            parent=self,
        )
        dialog.rejected.connect(self._on_two_factor_dialog_rejected)
        self.two_factor_dialog = dialog
        dialog.open()

    def _on_two_factor_dialog_rejected(self) -> None:
        self.two_factor_dialog = None
        self._set_busy(False)
        self.password_edit.setFocus()

    def _on_session_logged_in(self, _me: object) -> None:
        self.two_factor_dialog = None
        self._set_busy(False)
        self.password_edit.clear()
        self.accept()
