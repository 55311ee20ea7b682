"""«HTTP-запросы» (spec TP-41): the URL opened in the browser on an external inbound call.

The address is checked here with the server's rules (http or https, a host, only the six variables) and
refused next to the field; what was typed stays. «Сохранить» writes it to the server for this user. The
running client picks the new address up on the next call (see :mod:`app.services.screen_pop`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.protocol.settings_tabs import MAX_SCREEN_POP_URL_LENGTH, SCREEN_POP_VARIABLES, ScreenPopSettings
from app.services import settings_api
from ui.settings import messages

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def open_in_browser(url: str) -> None:
    """The screen-pop URL in the default browser (IDN hosts and Cyrillic keys as typed)."""
    QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.TolerantMode))


class HttpRequestsTab(QWidget):
    def __init__(self, *, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.enabled_box = QCheckBox()
        self.url_edit = QLineEdit()
        self.url_edit.setMaxLength(MAX_SCREEN_POP_URL_LENGTH)
        self.url_edit.setPlaceholderText("https://crm.example/?phone={ex_phone}&ext={in_phone}")
        self.url_label = QLabel()
        self.url_error = QLabel()
        self.url_error.setObjectName("FieldError")
        self.url_error.setStyleSheet("color: #d92d20;")
        self.url_error.setWordWrap(True)
        self.url_error.hide()
        self.variable_buttons: dict[str, QPushButton] = {}
        variables = QHBoxLayout()
        for name in SCREEN_POP_VARIABLES:
            button = QPushButton("{" + name + "}")
            button.clicked.connect(lambda _checked=False, n=name: self._insert(n))
            self.variable_buttons[name] = button
            variables.addWidget(button)
        variables.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.url_label)
        layout.addWidget(self.url_edit)
        layout.addWidget(self.url_error)
        layout.addLayout(variables)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        service.load_screen_pop()

    def retranslate(self) -> None:
        self.enabled_box.setText(self.tr("Open a link on an incoming external call"))
        self.url_label.setText(self.tr("Link"))
        self.save_button.setText(self.tr("Save"))
        self.hint.setText(
            self.tr(
                "The link opens in the default browser when an external call comes in. Variables:"
                " {ex_phone} the caller's number, {in_phone} your internal number, {context_id} the call,"
                " {call_id_a} and {call_id_b} its first and second leg, {switch_id} the switch."
            )
        )
        for name, button in self.variable_buttons.items():
            button.setToolTip(self.tr("Insert the variable {name}").format(name="{" + name + "}"))

    def _insert(self, name: str) -> None:
        self.url_edit.insert("{" + name + "}")
        self.url_edit.setFocus()

    def problem(self) -> str:
        """Why the typed address cannot be saved, in the user's language; empty when it can."""
        url = self.url_edit.text().strip()
        if not url:
            return messages.required() if self.enabled_box.isChecked() else ""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return self.tr("The link must start with http:// or https:// and name a site.")
        unknown = [n for n in _PLACEHOLDER.findall(url) if n not in SCREEN_POP_VARIABLES]
        if unknown:
            return self.tr("Unknown variable {name}. Use only the variables listed below.").format(
                name="{" + unknown[0] + "}"
            )
        return ""

    def _show_error(self, text: str) -> None:
        self.url_error.setText(text)
        self.url_error.setVisible(bool(text))

    def _show_notice(self, text: str, *, error: bool) -> None:
        self.notice.setStyleSheet("color: #d92d20;" if error else "color: #16a34a;")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_save_clicked(self) -> None:
        self._show_notice("", error=False)
        problem = self.problem()
        self._show_error(problem)
        if problem:
            return
        self.save_button.setEnabled(False)
        self._service.save_screen_pop(
            ScreenPopSettings(enabled=self.enabled_box.isChecked(), url=self.url_edit.text().strip())
        )

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag in (settings_api.SCREEN_POP, settings_api.SCREEN_POP_SAVED) and isinstance(
            result, ScreenPopSettings
        ):
            self.save_button.setEnabled(True)
            self.enabled_box.setChecked(result.enabled)
            self.url_edit.setText(result.url)
            self._show_error("")
            if tag == settings_api.SCREEN_POP_SAVED:
                self._show_notice(self.tr("Saved. The next incoming call uses it."), error=False)

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag not in (settings_api.SCREEN_POP, settings_api.SCREEN_POP_SAVED):
            return
        self.save_button.setEnabled(True)
        found = messages.field_errors(error)
        if "url" in found:
            self._show_error(found.pop("url"))
        self._show_notice("\n".join(found.values()), error=True)
