"""«Подключение»: the connection check uses what is on the screen, not the last autosave."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.settings.files import VersionedFile
from app.settings.migrations import APP_MIGRATIONS, APP_SETTINGS_VERSION
from app.settings.models import AppSettings
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.connection_tab import ConnectionTab


def test_the_check_saves_a_pending_edit_first_so_it_goes_through_the_new_proxy(
    qtbot: QtBot, tmp_path: Path
) -> None:
    file = VersionedFile(
        path=tmp_path / "app.json", model=AppSettings, version=APP_SETTINGS_VERSION, migrations=APP_MIGRATIONS
    )
    service = FakeSettingsService()
    written: list[AppSettings] = []
    service.check_health = lambda server: written.append(file.load())  # type: ignore[method-assign]
    tab = ConnectionTab(app_file=file, service=service, current_server="http://pult.test")  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.proxy_check.setChecked(True)
    tab.proxy_host.setText("proxy.local")
    tab.proxy_port.setValue(3128)
    assert tab.autosave.isActive()

    tab.check_button.click()

    assert not tab.autosave.isActive()
    assert [(s.connection.proxy_host, s.connection.proxy_port) for s in written] == [("proxy.local", 3128)]
