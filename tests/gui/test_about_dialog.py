"""«О программе»: the product version from ``app.__version__``, the build, pjsua2, Qt, PySide6 and Python;
reachable from the avatar menu and the tray."""

from __future__ import annotations

import platform
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

import app
from app.server.version import VERSION
from app.services.about import about_facts, build_id
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import make_window
from tests.gui.test_tray import make_tray
from ui.about_dialog import AboutDialog, AboutOpener


def test_the_about_dialog_names_every_version(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "О программе"
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"Pult {app.__version__}" in shown
    assert dialog.values["Версия"] == app.__version__
    assert dialog.values["pjsua2"] == metadata.version("pjsua2-python")
    assert dialog.values["Qt"] == qVersion()
    assert dialog.values["Python"] == platform.python_version()
    assert dialog.values["Сборка"] == build_id()
    assert dialog.values["Сборка"] != "unknown"  # a checkout names its commit
    [copy] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Копировать"]
    copy.click()
    clipboard = QApplication.clipboard()
    assert clipboard is not None
    assert clipboard.text() == about_facts().one_line()


def test_the_build_can_be_named_by_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULT_BUILD", "deb 0.1.0-1 (ci 4711)")
    assert build_id() == "deb 0.1.0-1 (ci 4711)"


def test_the_server_reports_the_same_version() -> None:
    assert app.__version__ == VERSION
    assert about_facts().version == app.__version__
    assert f"Pult {app.__version__} " in about_facts().one_line()


def test_the_avatar_menu_opens_about(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    window, _presence, _connection = make_window(qtbot, fake_session)
    opener = AboutOpener()
    action = opener.add_to_menu(window.avatar_menu, window)
    texts = [a.text() for a in window.avatar_menu.actions() if not a.isSeparator()]
    assert texts.index("О программе") == len(texts) - 2  # just above the sign-out
    action.trigger()
    assert opener.dialog is not None
    assert opener.dialog.isVisible()
    assert opener.dialog.parent() is window


def test_the_tray_opens_about(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession, phone: Phone
) -> None:
    use_language("en")
    tray, _status, window = make_tray(qtbot, fake_session, phone)
    opener = AboutOpener()
    tray.about_requested.connect(lambda: opener.open(window))
    assert tray.about_action.text() == "About Pult"
    tray.about_action.trigger()
    assert opener.dialog is not None
    qtbot.addWidget(opener.dialog)
    assert opener.dialog.isVisible()


def test_no_python_source_repeats_the_version_string() -> None:
    """The version lives in ``app/__init__.py``; every other consumer reads it from there."""
    root = Path(app.__file__).resolve().parent.parent
    literal = re.compile(r"(?<![\d.])" + re.escape(app.__version__) + r"(?![\d.])")
    sources = [root / "main.py"]
    for package in ("app", "ui", "widgets", "softphone"):
        sources += (root / package).rglob("*.py")
    repeated = [
        str(p.relative_to(root))
        for p in sources
        if p != root / "app" / "__init__.py" and literal.search(p.read_text(encoding="utf-8"))
    ]
    assert repeated == []
