"""After sign-in the shell freezes the long-lived heap once the window has settled (``freeze_heap``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import ui.shell
from app.settings.paths import SettingsPaths
from tests.gui.phone import Phone
from tests.gui.test_shortcut_remap import _shell


def test_the_heap_is_frozen_a_moment_after_sign_in(
    qtbot: QtBot, tmp_path: Path, phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(ui.shell, "FREEZE_AFTER_MS", 10)
    monkeypatch.setattr(ui.shell, "freeze_heap", lambda: frozen.append(True))
    shell = _shell(qtbot, SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s"), phone)
    assert shell.main_window is not None
    assert frozen == []  # not while the first frame and the panels are still being built
    qtbot.waitUntil(lambda: frozen == [True])
