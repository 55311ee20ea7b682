"""One client per user (App. 4, R-URL-2/3/4): link parsing, the hand-over socket, the confirmation before
dialling, and a real second launch through ``xdg-open`` reaching the running client."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.call_links import CallLinkError, link_to_dial_text
from tests.e2e.conftest import ROOT, ClientProcess, ServerProcess, free_port
from ui.instance_socket import hand_over, instance_address
from ui.single_instance import CallLinkController, InstanceServer, UrlOpenFilter


@pytest.mark.parametrize(
    ("link", "text"),
    [
        ("tel:+7-495-123-45-67", "+74951234567"),
        ("tel:+7(495)1234567;phone-context=example.com", "+74951234567"),
        ("-callto:55555555", "55555555"),
        ("callto://8%20495%20123%2045%2067", "84951234567"),
        ("tel:5555555?call", "5555555"),
        ("sip:ivanov@mangosip.ru", "sip:ivanov@mangosip.ru"),
        ("SIP:ivanov@pbx.example:5080?subject=x", "sip:ivanov@pbx.example:5080"),
        ("callto:ivanov@mangosip.ru", "sip:ivanov@mangosip.ru"),
        ("8 (495) 123-45-67", "84951234567"),
        ("tel:74955555,253", "74955555,253"),
        ("callto://+7 (495) 123-45-67", "+74951234567"),
        ("tel:+7-495-123-45-67;ext=123", "+74951234567,123"),  # the extension as tones after the answer
        ("tel:+7-495-123-45-67;phone-context=x;EXT=1-2", "+74951234567,12"),
        ("TEL:%2B74951234567", "+74951234567"),
    ],
)
def test_links_become_what_the_operator_would_type(link: str, text: str) -> None:
    assert link_to_dial_text(link) == text


@pytest.mark.parametrize(
    "link",
    [
        "tel:",
        "https://example.com",
        "tel:call-me",
        "sip:nobody",
        "callto:a b@c",
        "tel:1-800-FLOWERS",
        "tel:;ext=5",
    ],
)
def test_links_without_a_number_are_refused(link: str) -> None:
    with pytest.raises(CallLinkError):
        link_to_dial_text(link)


def test_each_settings_home_has_its_own_address(tmp_path: Path) -> None:
    one, two = instance_address(tmp_path / "a"), instance_address(tmp_path / "b")
    assert one != two
    assert one == instance_address(tmp_path / "a")
    assert len(one) < 100  # a Unix socket path must stay short


@pytest.fixture
def address(tmp_path: Path) -> Iterator[str]:
    found = instance_address(tmp_path / "config")
    yield found
    if os.path.exists(found):
        os.unlink(found)


def _hand_over_in_thread(address: str, url: str) -> list[bool]:
    result: list[bool] = []
    worker = threading.Thread(target=lambda: result.append(hand_over(address, url)), daemon=True)
    worker.start()
    return result


def test_a_second_launch_hands_its_link_to_the_running_client(qtbot: QtBot, address: str) -> None:
    assert not hand_over(address, "tel:1")  # nobody is running yet
    server = InstanceServer(address)
    assert server.listen()
    with qtbot.waitSignal(server.message_received, timeout=10_000) as received:
        result = _hand_over_in_thread(address, "tel:+74951234567")
    assert received.args == ["tel:+74951234567"]
    qtbot.waitUntil(lambda: result == [True], timeout=10_000)
    server.close()
    server.deleteLater()


@pytest.mark.skipif(sys.platform == "win32", reason="a stale Unix socket file is a POSIX matter")
def test_a_socket_left_by_a_dead_client_is_taken_over(qtbot: QtBot, address: str) -> None:
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(address)
    stale.close()  # the file stays, nobody listens: what a killed client leaves
    assert not hand_over(address, "")
    server = InstanceServer(address)
    assert server.listen()
    with qtbot.waitSignal(server.message_received, timeout=10_000):
        _hand_over_in_thread(address, "")
    server.close()
    server.deleteLater()


class RecordingDialer:
    """The softphone bridge's two link intents, with the real dialling rules' normalisation."""

    def __init__(self) -> None:
        self.dialled: list[str] = []

    def normalise(self, text: str) -> str:
        from softphone.dialing import parse_dial_string
        from softphone.errors import InvalidNumberError

        try:
            target = parse_dial_string(text)
        except InvalidNumberError:
            return ""
        return target.uri or target.number

    def dial(self, text: str, *, consult_of: str = "") -> bool:
        self.dialled.append(text)
        return True


def _controller(
    qtbot: QtBot, *, signed_in: list[bool]
) -> tuple[CallLinkController, RecordingDialer, QWidget]:
    window = QWidget()
    qtbot.addWidget(window)
    dialer = RecordingDialer()
    controller = CallLinkController(
        dialer=dialer, window=lambda: window if signed_in else None, ready=lambda: bool(signed_in)
    )
    return controller, dialer, window


def _button(box: QMessageBox, role: QMessageBox.ButtonRole) -> QWidget:
    [button] = [b for b in box.buttons() if box.buttonRole(b) is role]
    return button


def test_a_link_asks_before_dialling_the_normalised_number(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    controller, dialer, _window = _controller(qtbot, signed_in=[True])
    controller.receive("tel:8-495-123-45-67")
    box = controller.dialog
    assert box is not None
    assert box.text() == "Позвонить на номер 74951234567?"
    assert dialer.dialled == []
    with qtbot.waitSignal(controller.dialled) as dialled:
        _button(box, QMessageBox.ButtonRole.AcceptRole).click()
    assert dialled.args == ["74951234567"]
    assert dialer.dialled == ["84951234567"]


def test_a_declined_link_dials_nothing(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("en")
    controller, dialer, _window = _controller(qtbot, signed_in=[True])
    controller.receive("sip:ivanov@pbx.example")
    box = controller.dialog
    assert box is not None
    assert box.text() == "Call the number sip:ivanov@pbx.example?"
    _button(box, QMessageBox.ButtonRole.RejectRole).click()
    assert dialer.dialled == []
    assert controller.dialog is None


def test_a_link_before_sign_in_waits_for_it(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    signed_in: list[bool] = []
    controller, _dialer, _window = _controller(qtbot, signed_in=signed_in)
    controller.receive("callto:+7 495 000-00-01")
    assert controller.dialog is None
    assert controller.pending == "+74950000001"
    signed_in.append(True)
    with qtbot.waitSignal(controller.confirm_shown) as shown:
        controller.retry()
    assert shown.args == ["74950000001"]


def test_a_link_without_a_number_is_explained(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    controller, dialer, _window = _controller(qtbot, signed_in=[True])
    controller.receive("tel:позвоните-мне")
    box = controller.dialog
    assert box is not None
    assert box.text() == "В ссылке «tel:позвоните-мне» нет номера, на который можно позвонить."
    assert dialer.dialled == []


def test_a_number_too_long_to_dial_is_refused_in_a_message_of_sensible_size(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    controller, dialer, _window = _controller(qtbot, signed_in=[True])
    controller.receive("tel:" + "9" * 5000)
    box = controller.dialog
    assert box is not None
    assert box.objectName() == "CallLinkRefused"
    assert box.text() == "На «" + "9" * 59 + "…» позвонить нельзя."
    assert dialer.dialled == []
    _button(box, QMessageBox.ButtonRole.AcceptRole).click()


def test_a_macos_open_url_event_reaches_the_link_controller(qtbot: QtBot) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    url_filter = UrlOpenFilter()
    app.installEventFilter(url_filter)
    try:
        with qtbot.waitSignal(url_filter.url_opened) as opened:
            QApplication.sendEvent(app, QFileOpenEvent(QUrl("tel:+74951234567")))
        assert opened.args == ["tel:+74951234567"]
    finally:
        app.removeEventFilter(url_filter)


# -- a real second launch through the desktop's URL handler -------------------------------------------


@pytest.mark.skipif(shutil.which("xdg-open") is None, reason="xdg-utils is not installed")
def test_xdg_open_of_a_tel_link_reaches_the_running_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULT_SOFTPHONE", "fake")  # the confirmation needs a started softphone, not audio
    server = ServerProcess(tmp_path / "server-data", free_port())
    server.start()
    home = tmp_path / "operator"
    home.mkdir()
    first = ClientProcess(home=home, server=server.url, login="300000001/op1")
    try:
        first.wait_for("login.ok", timeout=60)
        first.wait_for("softphone.started", timeout=60)
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CURRENT_DESKTOP": "",
            "DE": "generic",
            "QT_QPA_PLATFORM": "offscreen",
            "PULT_LOG_FORMAT": "json",
        }
        for key in ("WAYLAND_DISPLAY", "BROWSER", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"):
            env.pop(key, None)
        env["DISPLAY"] = ":0"  # xdg-open asks the desktop's handlers only when there is a display
        applications = home / "data" / "applications"
        applications.mkdir(parents=True)
        launched = tmp_path / "second-launch.log"
        launcher = tmp_path / "pult"
        launcher.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "main.py"}" "$@" 2>>"{launched}"\n',
            encoding="utf-8",
        )
        launcher.chmod(0o755)
        # The packaged entry is ``Exec=pult %u``; here the same entry runs this checkout's client.
        packaged = (ROOT / "packaging" / "linux" / "client" / "pult.desktop").read_text(encoding="utf-8")
        assert "Exec=pult %u" in packaged
        entry = packaged.replace("Exec=pult %u", f"Exec={launcher} %u")
        (applications / "pult.desktop").write_text(entry, encoding="utf-8")
        (home / "config").mkdir(exist_ok=True)
        (home / "config" / "mimeapps.list").write_text(
            "[Default Applications]\n"
            "x-scheme-handler/tel=pult.desktop\n"
            "x-scheme-handler/callto=pult.desktop\n",
            encoding="utf-8",
        )
        query = subprocess.run(
            ["xdg-mime", "query", "default", "x-scheme-handler/tel"], env=env, capture_output=True, text=True
        )
        assert query.stdout.strip() == "pult.desktop", query
        opened = subprocess.run(
            ["xdg-open", "tel:+7-495-123-45-67"], env=env, capture_output=True, text=True, timeout=120
        )
        assert opened.returncode == 0, (opened.stdout, opened.stderr, launched.read_text("utf-8"))
        confirm = first.wait_for("link.confirm", timeout=60)
        assert confirm["number"] == "74951234567"
        assert '"event": "instance.handed_over"' in launched.read_text(encoding="utf-8")
    finally:
        first.close()
        server.stop()


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        (["tel:+74951234567"], "tel:+74951234567"),
        (["--lang", "ru", "-callto:55555555"], "callto:55555555"),  # the original client's registry form
        (["-SIP:ivanov@pbx.example"], "SIP:ivanov@pbx.example"),
        (["84951234567"], "84951234567"),
        ([], ""),
    ],
)
def test_the_command_line_takes_a_link(argv: list[str], url: str) -> None:
    import main

    assert main.parse_args(argv).url == url


def test_a_link_given_at_start_is_offered_after_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULT_SOFTPHONE", "fake")
    server = ServerProcess(tmp_path / "server-data", free_port())
    server.start()
    home = tmp_path / "operator"
    home.mkdir()
    client = ClientProcess(home=home, server=server.url, login="300000001/op3", extra=["-callto:84950000003"])
    try:
        waiting = client.wait_for("link.waiting", timeout=60)  # before sign-in: kept, not lost
        login = client.wait_for("login.ok", timeout=60)
        confirm = client.wait_for("link.confirm", timeout=60)
        assert client.records.index(waiting) < client.records.index(login) < client.records.index(confirm)
        assert confirm["number"] == "74950000003"
    finally:
        client.close()
        server.stop()
