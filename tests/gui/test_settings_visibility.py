"""«Видимость разделов» (TP-40): the switches are kept on this computer and the main window honours
them — sections, panels and the missed-calls button — also for a section added later; the tray offers
the same switches before signing in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.settings.files import VersionedFile
from app.settings.migrations import APP_MIGRATIONS, APP_SETTINGS_VERSION
from app.settings.models import AppSettings
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_panels import make_window
from tests.gui.test_tray import make_tray
from ui.settings.visibility_tab import VisibilityDialog, VisibilityTab, apply_section_visibility


def app_file(tmp_path: Path) -> VersionedFile[AppSettings]:
    return VersionedFile(
        path=tmp_path / "app.json", model=AppSettings, version=APP_SETTINGS_VERSION, migrations=APP_MIGRATIONS
    )


def test_everything_is_shown_by_default_and_the_choice_is_saved_on_this_computer(
    qtbot: QtBot, tmp_path: Path
) -> None:
    file = app_file(tmp_path)
    tab = VisibilityTab(app_file=file)
    qtbot.addWidget(tab)
    assert all(box.isChecked() for box in tab.boxes.values())
    tab.boxes["kpi"].setChecked(False)
    tab.boxes["missed"].setChecked(False)
    with qtbot.waitSignal(tab.saved) as signal:
        tab.save_button.click()
    assert signal.args == [["missed", "kpi"]]
    assert file.load().hidden_sections == ["missed", "kpi"]
    again = VisibilityTab(app_file=file)
    qtbot.addWidget(again)
    assert not again.boxes["kpi"].isChecked()
    assert again.boxes["queue"].isChecked()


def test_saving_hides_them_in_the_open_main_window_and_closes_a_hidden_panel(
    qtbot: QtBot, tmp_path: Path, fake_session: FakeSession, phone: Phone
) -> None:
    window = make_window(qtbot, fake_session, phone)
    window.panel_buttons["queue"].click()
    assert window.panel_buttons["queue"].isChecked()
    tab = VisibilityTab(app_file=app_file(tmp_path))
    qtbot.addWidget(tab)
    for key in ("queue", "missed", "colleagues"):
        tab.boxes[key].setChecked(False)
    tab.save_button.click()
    assert window.panel_buttons["queue"].isHidden()
    assert window.panel_dock("queue").isHidden()
    assert window.missed_button.isHidden()
    assert window.colleagues_button.isHidden()
    assert not window.panel_buttons["telephony"].isHidden()
    tab.boxes["queue"].setChecked(True)
    tab.save_button.click()
    assert not window.panel_buttons["queue"].isHidden()


def test_a_section_added_later_follows_the_choice(
    qtbot: QtBot, fake_session: FakeSession, phone: Phone
) -> None:
    window = make_window(qtbot, fake_session, phone)
    apply_section_visibility(window, ["history"])
    history = QLabel("history")
    history.setObjectName("CallHistoryPanel")
    button = window.add_section(history, QIcon())
    qtbot.waitUntil(button.isHidden, timeout=5000)
    other = window.add_section(QLabel("other"), QIcon())
    qtbot.waitUntil(lambda: not other.isHidden(), timeout=5000)
    assert button.isHidden()


def test_the_tray_offers_section_visibility_before_signing_in(
    qtbot: QtBot,
    tmp_path: Path,
    fake_session: FakeSession,
    phone: Phone,
    use_language: Callable[[str], None],
) -> None:
    use_language("ru")
    tray, _, _ = make_tray(qtbot, fake_session, phone)
    assert tray.visibility_action in tray.menu.actions()
    assert tray.visibility_action.text() == "Видимость разделов"
    with qtbot.waitSignal(tray.visibility_requested):
        tray.visibility_action.trigger()
    dialog = VisibilityDialog(app_file=app_file(tmp_path))
    qtbot.addWidget(dialog)
    dialog.tab.boxes["telephony"].setChecked(False)
    dialog.tab.save_button.click()
    assert app_file(tmp_path).load().hidden_sections == ["telephony"]


def test_the_dialogs_save_button_also_saves_switched_sections(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.gui.test_settings_dialog import make

    dialog, _ = make(qtbot, tmp_path)
    tab = dialog.tabs["visibility"]
    assert isinstance(tab, VisibilityTab)
    assert not dialog.dirty
    tab.boxes["queue"].setChecked(False)
    assert dialog.dirty
    dialog.save_button.click()
    assert not dialog.dirty
    assert app_file(tmp_path).load().hidden_sections == ["queue"]
