"""«Подключение» (spec TP-27): another server, a proxy, the connection timers, and a health check.

Saved automatically 4 s after the last edit or when a field loses focus (TP-07 names this tab as
one that overrides the dialog's «Сохранить»). The API and realtime clients read the proxy and the timers
whenever they are made, so the values apply from the next sign-in and to the connection check at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import settings_api
from app.settings.files import SettingsFileError
from ui.texts import error_message

if TYPE_CHECKING:
    from app.services.errors import ClientError
    from app.services.settings_api import SettingsService
    from app.settings.files import VersionedFile
    from app.settings.models import AppSettings, ConnectionSettings

AUTOSAVE_MS = 4000


class ConnectionTab(QWidget):
    """Edits ``AppSettings.connection``; «Проверить соединение» asks the server's ``/api/v1/health``."""

    def __init__(
        self,
        *,
        app_file: VersionedFile[AppSettings],
        service: SettingsService,
        current_server: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._app_file = app_file
        self._service = service
        self._current_server = current_server
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save)

        self.server_check = QCheckBox()
        self.server_host = QLineEdit()
        self.server_port_check = QCheckBox()
        self.server_port = QSpinBox()
        self.server_port.setRange(0, 65535)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.proxy_check = QCheckBox()
        self.proxy_host = QLineEdit()
        self.proxy_port = QSpinBox()
        self.proxy_port.setRange(0, 65535)
        self.ping = self._seconds(1, 600)
        self.sync_timeout = self._seconds(5, 3600)
        self.reconnect_delay = self._seconds(1, 600)
        self.reconnect_timeout = self._seconds(5, 3600)
        self.defaults_button = QPushButton()
        self.defaults_button.clicked.connect(self._on_defaults_clicked)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self._on_check_clicked)
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d92d20;")
        self.error.setWordWrap(True)
        self.error.hide()

        self.server_box = QGroupBox()
        self.host_label, self.port_label = QLabel(), QLabel()
        server_form = QFormLayout(self.server_box)
        server_form.addRow("", self.server_check)
        server_form.addRow(self.host_label, self.server_host)
        port_row = QHBoxLayout()
        port_row.addWidget(self.server_port_check)
        port_row.addWidget(self.server_port)
        port_row.addStretch(1)
        server_form.addRow(self.port_label, port_row)
        server_form.addRow("", self.warning)
        self.proxy_box = QGroupBox()
        self.proxy_host_label, self.proxy_port_label = QLabel(), QLabel()
        proxy_form = QFormLayout(self.proxy_box)
        proxy_form.addRow("", self.proxy_check)
        proxy_form.addRow(self.proxy_host_label, self.proxy_host)
        proxy_form.addRow(self.proxy_port_label, self.proxy_port)
        self.timers_box = QGroupBox()
        self.ping_label, self.sync_label = QLabel(), QLabel()
        self.delay_label, self.timeout_label = QLabel(), QLabel()
        timers_form = QFormLayout(self.timers_box)
        timers_form.addRow(self.ping_label, self.ping)
        timers_form.addRow(self.sync_label, self.sync_timeout)
        timers_form.addRow(self.delay_label, self.reconnect_delay)
        timers_form.addRow(self.timeout_label, self.reconnect_timeout)
        timers_form.addRow("", self.defaults_button)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        self.restart_notice = QLabel()
        self.restart_notice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_box)
        layout.addWidget(self.proxy_box)
        layout.addWidget(self.timers_box)
        layout.addLayout(check_row)
        layout.addWidget(self.restart_notice)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self._fill(app_file.load().connection)
        for edit in (self.server_host, self.proxy_host):
            edit.textEdited.connect(self._on_edited)
            edit.editingFinished.connect(self._on_editing_finished)
        for spin in (
            self.server_port,
            self.proxy_port,
            self.ping,
            self.sync_timeout,
            self.reconnect_delay,
            self.reconnect_timeout,
        ):
            spin.valueChanged.connect(self._on_edited)
            spin.editingFinished.connect(self._on_editing_finished)
        for check in (self.server_check, self.server_port_check, self.proxy_check):
            check.toggled.connect(self._on_edited)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)
        self.retranslate()

    @staticmethod
    def _seconds(low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        return spin

    def retranslate(self) -> None:
        self.server_box.setTitle(self.tr("Server"))
        self.server_check.setText(self.tr("Use another server for access to the Web"))
        self.host_label.setText(self.tr("Host"))
        self.port_label.setText(self.tr("Port"))
        self.server_port_check.setText(self.tr("Specify a port"))
        self.warning.setText(
            self.tr("Change the server settings only on your administrator's advice: the program may stop.")
        )
        self.proxy_box.setTitle(self.tr("Proxy"))
        self.proxy_check.setText(self.tr("Use a proxy server for access to the Web"))
        self.proxy_host_label.setText(self.tr("Host"))
        self.proxy_port_label.setText(self.tr("Port"))
        self.timers_box.setTitle(self.tr("Advanced settings"))
        self.ping_label.setText(self.tr("Connection check period (s)"))
        self.sync_label.setText(self.tr("Maximum data synchronisation wait (s)"))
        self.delay_label.setText(self.tr("Delay before reconnecting (s)"))
        self.timeout_label.setText(self.tr("Maximum wait for the connection to recover (s)"))
        self.defaults_button.setText(self.tr("Return to the default parameters"))
        self.check_button.setText(self.tr("Check the connection"))
        self.restart_notice.setText(
            self.tr("The proxy and the timers apply from the next sign-in; the check uses them at once.")
        )

    def _fill(self, value: ConnectionSettings) -> None:
        self.server_check.setChecked(value.use_other_server)
        self.server_host.setText(value.server_host)
        self.server_port_check.setChecked(value.use_server_port)
        self.server_port.setValue(value.server_port)
        self.proxy_check.setChecked(value.use_proxy)
        self.proxy_host.setText(value.proxy_host)
        self.proxy_port.setValue(value.proxy_port)
        self.ping.setValue(value.ping_seconds)
        self.sync_timeout.setValue(value.sync_timeout_seconds)
        self.reconnect_delay.setValue(value.reconnect_delay_seconds)
        self.reconnect_timeout.setValue(value.reconnect_timeout_seconds)
        self._render_enabled()

    def _render_enabled(self) -> None:
        self.server_host.setEnabled(self.server_check.isChecked())
        self.server_port_check.setEnabled(self.server_check.isChecked())
        self.server_port.setEnabled(self.server_check.isChecked() and self.server_port_check.isChecked())
        self.proxy_host.setEnabled(self.proxy_check.isChecked())
        self.proxy_port.setEnabled(self.proxy_check.isChecked())

    def value(self) -> ConnectionSettings:
        from app.settings.models import ConnectionSettings

        return ConnectionSettings(
            use_other_server=self.server_check.isChecked(),
            server_host=self.server_host.text().strip(),
            use_server_port=self.server_port_check.isChecked(),
            server_port=self.server_port.value(),
            use_proxy=self.proxy_check.isChecked(),
            proxy_host=self.proxy_host.text().strip(),
            proxy_port=self.proxy_port.value(),
            ping_seconds=self.ping.value(),
            sync_timeout_seconds=self.sync_timeout.value(),
            reconnect_delay_seconds=self.reconnect_delay.value(),
            reconnect_timeout_seconds=self.reconnect_timeout.value(),
        )

    def problems(self) -> list[str]:
        value = self.value()
        found = []
        if value.use_other_server and not value.server_host:
            found.append(self.tr("Enter the server host or clear «Use another server»."))
        if value.use_other_server and value.use_server_port and not value.server_port:
            found.append(self.tr("Enter the server port or clear «Specify a port»."))
        if value.use_proxy and (not value.proxy_host or not value.proxy_port):
            found.append(self.tr("Enter the proxy host and port or clear «Use a proxy server»."))
        return found

    def save(self) -> bool:
        """Write the values (the incomplete ones too: at startup they fall back to the defaults)."""
        self.autosave.stop()
        problems = self.problems()
        try:
            app = self._app_file.load()
            self._app_file.save(app.model_copy(update={"connection": self.value()}))
        except SettingsFileError as exc:
            problems.append(self.tr("The settings could not be saved: {reason}").format(reason=str(exc)))
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        return not problems

    def target_server(self) -> str:
        value = self.value()
        if not value.use_other_server or not value.server_host:
            return self._current_server
        host = value.server_host if "://" in value.server_host else f"https://{value.server_host}"
        if value.use_server_port and value.server_port:
            host = f"{host.rstrip('/')}:{value.server_port}"
        return host

    def _on_edited(self, *_args: object) -> None:
        self._render_enabled()
        self.autosave.start()

    def _on_editing_finished(self) -> None:
        if self.autosave.isActive():
            self.save()

    def _on_defaults_clicked(self) -> None:
        from app.settings.models import ConnectionSettings

        self._fill(ConnectionSettings())
        self.save()

    def _on_check_clicked(self) -> None:
        if self.autosave.isActive():
            self.save()  # the check connects with what is on the screen (the proxy just typed)
        server = self.target_server()
        if not server:
            self.check_result.setText(self.tr("No server address to check."))
            return
        self.check_button.setEnabled(False)
        self.check_result.setStyleSheet("")
        self.check_result.setText(self.tr("Checking {server}…").format(server=server))
        self._service.check_health(server)

    def _on_service_finished(self, tag: str, result: object) -> None:
        if tag == settings_api.HEALTH:
            self.check_button.setEnabled(True)
            self.check_result.setStyleSheet("color: #16a34a;")
            self.check_result.setText(
                self.tr("The server answers: version {version}.").format(
                    version=getattr(result, "version", "?")
                )
            )

    def _on_service_failed(self, tag: str, error: ClientError) -> None:
        if tag == settings_api.HEALTH:
            self.check_button.setEnabled(True)
            self.check_result.setStyleSheet("color: #d92d20;")
            self.check_result.setText(error_message(error, server=self.target_server()))
