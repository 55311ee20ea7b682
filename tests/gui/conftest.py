"""GUI fixtures: compiled translations, a language switch, and a fake session service.

The fake has the session service's signals and records the intents the UI sends, so widget tests
run real widgets without a network or an event loop of asyncio.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from app.settings.language import install_translators
from app.settings.models import AppSettings
from tests.gui.phone import Phone, running_phone

if TYPE_CHECKING:
    from tests.gui.live_client import LiveClient

ROOT = Path(__file__).resolve().parents[2]


OFFSCREEN_SIZE_HINTS = "This plugin does not support propagateSizeHints"
OFFSCREEN_RAISE = "This plugin does not support raise"
OFFSCREEN_GRAB = "This plugin does not support grabbing"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Qt's offscreen platform plugin warns whenever a top-level window with a layout gets a minimum
    # size (QPlatformWindow::propagateSizeHints is not implemented there). It is not our warning and
    # not a real one on desktop platforms; the same goes for raise() of an always-on-top window (the
    # call widget, floating panels), and the keyboard grab of a popup (the missed-calls list). Every other
    # Qt warning still fails the test.
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_SIZE_HINTS, OFFSCREEN_RAISE, OFFSCREEN_GRAB))


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``translations/*.ts`` compiled into a temp dir (the committed tree has no .qm files)."""
    out = tmp_path_factory.mktemp("qm")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts in sorted((ROOT / "translations").glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(out / ts.with_suffix(".qm").name)], check=True
        )
    return out


@pytest.fixture
def use_language(qapp: QApplication, qm_dir: Path) -> Iterator[Callable[[str], None]]:
    """Call with ``"ru"`` or ``"en"`` before building widgets; translators are removed afterwards."""
    installed: list[QTranslator] = []

    def switch(language: str) -> None:
        for translator in installed:
            qapp.removeTranslator(translator)
        installed.clear()
        installed.extend(install_translators(qapp, language, directory=qm_dir))

    yield switch
    for translator in installed:
        qapp.removeTranslator(translator)


class FakeSession(QObject):
    """Stands in for :class:`app.services.session.SessionService` in widget tests."""

    login_started = Signal()
    login_failed = Signal(object)
    logged_in = Signal(object)
    logged_out = Signal(str)
    status_change_failed = Signal(object)
    two_factor_required = Signal(object)
    two_factor_failed = Signal(object)

    def __init__(self, *, remember_available: bool = True) -> None:
        super().__init__()
        self.remember_available = remember_available
        self.logins: list[dict[str, Any]] = []
        self.status_changes: list[str] = []
        self.logouts = 0
        self.settings = AppSettings()
        self.remembered: tuple[str, str] | None = None
        self.auto_logins = 0
        self.codes: list[str] = []
        self.code_cancels = 0

    def app_settings(self) -> AppSettings:
        return self.settings

    def start_login(self, **kw: Any) -> None:
        self.logins.append(kw)
        self.login_started.emit()

    def start_two_factor(self, code: str) -> None:
        self.codes.append(code)

    def cancel_two_factor(self) -> None:
        self.code_cancels += 1

    def remembered_account(self) -> tuple[str, str] | None:
        return self.remembered

    def start_auto_login(self) -> bool:
        self.auto_logins += 1
        if self.remembered is None:
            return False
        self.login_started.emit()
        return True

    def start_status_change(self, key: str) -> None:
        self.status_changes.append(key)

    def start_logout(self) -> None:
        self.logouts += 1


@pytest.fixture
def fake_session() -> FakeSession:
    return FakeSession()


@pytest.fixture
def phone() -> Iterator[Phone]:
    """A softphone bridge and call desk driven by the fake engine."""
    yield from running_phone()


@pytest.fixture
def softphone_client(qapp: QApplication, tmp_path: Path) -> Iterator[LiveClient]:
    """The client composed in this process around a real server, with the real pjsua2 softphone."""
    pytest.importorskip("pjsua2")
    from softphone.config import EngineConfig
    from softphone.engine import SoftphoneEngine
    from tests.gui.live_client import LiveClient
    from tests.server.switch_helpers import free_udp_ports

    rtp = free_udp_ports(40, start=30000)
    live = LiveClient(
        qapp,
        tmp_path / "client",
        engine_factory=lambda sink: SoftphoneEngine(
            EngineConfig(rtp_port=rtp, rtp_port_range=40, bind_address="127.0.0.1"), sink
        ),
    )
    try:
        yield live
    finally:
        live.close()


@pytest.fixture(autouse=True)
def _no_heap_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell freezes the garbage collector's view of the heap after sign-in (``ui.shell.freeze_heap``);
    in the shared test process that would keep every earlier test's cyclic garbage alive for good."""
    monkeypatch.setattr("ui.shell.freeze_heap", lambda: None)
