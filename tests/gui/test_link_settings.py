"""«Пользовательские» and links (TP-19, App. 4 R-URL-5): «Предупреждать при попытке звонка из браузера» both
ways, and «Проверить обработку ссылок» against the real ``xdg-mime`` in a temporary desktop home."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services.autostart import Autostart
from app.services.link_handler import (
    LOCAL_ENTRY,
    PACKAGED_ENTRY,
    LinkHandlerReport,
    LinkHandlerService,
    client_command,
    desktop_exec,
    local_entry_text,
    read_entry,
    runs_this_client,
)
from app.settings.paths import SettingsPaths
from tests.e2e.conftest import ClientProcess, ServerProcess, free_port
from tests.gui.test_single_instance import RecordingDialer, _button
from ui.settings.user_tab import UserTab
from ui.single_instance import CallLinkController

needs_xdg = pytest.mark.skipif(shutil.which("xdg-mime") is None, reason="xdg-utils is not installed")


def make_tab(
    qtbot: QtBot, tmp_path: Path, link_handler: LinkHandlerService | None = None
) -> tuple[UserTab, SettingsPaths]:
    paths = SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state")
    tab = UserTab(
        account_file=paths.account_file("http://h:1", "300000001/op1"),
        app_file=paths.app_file(),
        autostart=Autostart(directory=tmp_path / "autostart", platform="linux"),
        link_handler=link_handler,
    )
    qtbot.addWidget(tab)
    return tab, paths


# -- «Предупреждать при попытке звонка из браузера» --------------------------------------------------------


def test_the_browser_call_warning_switch_decides_whether_a_link_asks_first(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    tab, paths = make_tab(qtbot, tmp_path)
    account = paths.account_file("http://h:1", "300000001/op1")
    assert tab.browser_call_check.text() == "Предупреждать при попытке звонка из браузера"
    assert tab.browser_call_check.isChecked()  # on by default: a link never calls unasked
    window = QWidget()
    qtbot.addWidget(window)
    dialer = RecordingDialer()
    controller = CallLinkController(
        dialer=dialer,
        window=lambda: window,
        ready=lambda: True,
        confirm=lambda: account.load().warn_browser_call,
    )

    tab.browser_call_check.setChecked(False)
    assert tab.dirty
    assert tab.save()
    assert account.load().warn_browser_call is False
    with qtbot.waitSignal(controller.dialled) as dialled:
        controller.receive("tel:+7-495-123-45-67")
    assert dialled.args == ["74951234567"]
    assert controller.dialog is None  # no question asked
    assert dialer.dialled == ["+74951234567"]

    tab.browser_call_check.setChecked(True)
    assert tab.save()
    controller.receive("callto:84950000001")
    box = controller.dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "Позвонить на номер 74950000001?"
    assert dialer.dialled == ["+74951234567"]  # nothing new until «Позвонить»
    _button(box, QMessageBox.ButtonRole.RejectRole).click()


def test_an_unreadable_settings_file_keeps_the_question(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialer = RecordingDialer()

    def broken() -> bool:
        raise OSError("settings.json: permission denied")

    controller = CallLinkController(dialer=dialer, window=lambda: window, ready=lambda: True, confirm=broken)
    controller.receive("tel:5555555")
    assert isinstance(controller.dialog, QMessageBox)
    assert dialer.dialled == []
    _button(controller.dialog, QMessageBox.ButtonRole.RejectRole).click()


def test_a_running_client_with_the_warning_off_dials_a_link_without_asking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULT_SOFTPHONE", "fake")
    server = ServerProcess(tmp_path / "server-data", free_port())
    server.start()
    home = tmp_path / "operator"
    login = "300000001/op4"
    paths = SettingsPaths(config_dir=home / "config" / "pult", state_dir=home / "state" / "pult")
    account = paths.account_file(server.url, login)
    account.save(account.load().model_copy(update={"warn_browser_call": False}))
    client = ClientProcess(home=home, server=server.url, login=login, extra=["sip:echo@127.0.0.1"])
    try:
        client.wait_for("login.ok", timeout=60)
        dialled = client.wait_for("link.dialled", timeout=60)
        assert dialled["number"] == "sip:echo@127.0.0.1"
        client.wait_for("call.dial", timeout=30)
        assert not [r for r in client.records if r.get("event") == "link.confirm"]
    finally:
        client.close()
        server.stop()


# -- «Проверить обработку ссылок» ----------------------------------------------------------------------------


def desktop_env(tmp_path: Path) -> dict[str, str]:
    """A desktop home of its own: the user's and the system's data and config dirs all under tmp_path."""
    for name in ("data/applications", "config", "system/applications", "etc"):
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_DIRS": str(tmp_path / "system"),
        "XDG_CONFIG_DIRS": str(tmp_path / "etc"),
        "XDG_CURRENT_DESKTOP": "",
        "DE": "generic",
    }


def ask(qtbot: QtBot, service: LinkHandlerService, action: Callable[[], None]) -> LinkHandlerReport:
    with qtbot.waitSignal(service.checked, timeout=30_000) as answer:
        action()
    [report] = answer.args
    assert isinstance(report, LinkHandlerReport)
    return report


@needs_xdg
def test_the_check_names_the_other_program_and_registering_makes_this_client_the_handler(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    env = desktop_env(tmp_path)
    (tmp_path / "system" / "applications" / "softphone.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Другой софтфон\nExec=/usr/bin/other-softphone %u\n"
        "MimeType=x-scheme-handler/tel;\n",
        encoding="utf-8",
    )
    (tmp_path / "config" / "mimeapps.list").write_text(
        "[Default Applications]\nx-scheme-handler/tel=softphone.desktop\n", encoding="utf-8"
    )
    service = LinkHandlerService(platform="linux", env=env)
    tab, _paths = make_tab(qtbot, tmp_path, service)

    with qtbot.waitSignal(service.checked, timeout=30_000):
        tab.link_check_button.click()
    assert tab.link_check_button.text() == "Проверить обработку ссылок"
    lines = tab.link_status.text().splitlines()
    assert lines == [
        "Некоторые из этих ссылок открывает другая программа или никакая.",
        "tel: — Другой софтфон",
        "callto: — нет программы",
        "sip: — нет программы",
    ]
    assert tab.link_register_button.isVisibleTo(tab)

    with qtbot.waitSignal(service.checked, timeout=30_000):
        tab.link_register_button.click()
    report = tab.link_report
    assert report is not None
    assert report.registered
    assert report.all_ours
    assert [s.handler for s in report.schemes] == [LOCAL_ENTRY] * 3
    assert tab.link_status.text().splitlines() == [
        "Готово: теперь эти ссылки открывает Пульт.",
        "tel: — Пульт (эта программа)",
        "callto: — Пульт (эта программа)",
        "sip: — Пульт (эта программа)",
    ]
    assert not tab.link_register_button.isVisibleTo(tab)
    mimeapps = (tmp_path / "config" / "mimeapps.list").read_text(encoding="utf-8")
    assert f"x-scheme-handler/callto={LOCAL_ENTRY}" in mimeapps
    _name, argv = read_entry(tmp_path / "data" / "applications" / LOCAL_ENTRY)
    assert argv == client_command()

    fresh = LinkHandlerService(platform="linux", env=env)
    again = ask(qtbot, fresh, fresh.check)
    assert again.all_ours
    assert not again.registered


@needs_xdg
def test_an_installed_entry_of_this_client_is_made_the_default_as_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    env = desktop_env(tmp_path)
    command = client_command()
    (tmp_path / "system" / "applications" / PACKAGED_ENTRY).write_text(
        local_entry_text(command).replace("NoDisplay=true\n", ""), encoding="utf-8"
    )
    service = LinkHandlerService(platform="linux", env=env, command=command)
    report = ask(qtbot, service, service.register)
    assert [s.handler for s in report.schemes] == [PACKAGED_ENTRY] * 3
    assert report.all_ours
    assert not (tmp_path / "data" / "applications" / LOCAL_ENTRY).exists()


@needs_xdg
def test_another_copy_of_pult_is_not_taken_for_this_one(qtbot: QtBot, tmp_path: Path) -> None:
    env = desktop_env(tmp_path)
    (tmp_path / "system" / "applications" / PACKAGED_ENTRY).write_text(
        local_entry_text(["/opt/pult/pult"]), encoding="utf-8"
    )
    (tmp_path / "config" / "mimeapps.list").write_text(
        "[Default Applications]\nx-scheme-handler/tel=pult.desktop\n", encoding="utf-8"
    )
    service = LinkHandlerService(platform="linux", env=env)
    report = ask(qtbot, service, service.check)
    assert report.schemes[0].handler == PACKAGED_ENTRY
    assert not report.schemes[0].ours


def test_without_xdg_utils_the_user_is_told_what_is_missing(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    env = {**desktop_env(tmp_path), "PATH": str(tmp_path / "empty-bin")}
    service = LinkHandlerService(platform="linux", env=env)
    tab, _paths = make_tab(qtbot, tmp_path, service)
    with qtbot.waitSignal(service.checked, timeout=10_000):
        tab.link_check_button.click()
    assert tab.link_status.text() == (
        "The desktop's link settings cannot be read: the xdg-utils package is not installed."
    )
    assert not tab.link_register_button.isVisibleTo(tab)
    assert tab.link_check_button.isEnabled()


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, "/home/user/my projects/pult/main.py"],
        ["/opt/pult/pult"],
        ['/tmp/a$b/"odd" `name`\\x', "50%"],
    ],
)
def test_the_written_entry_runs_exactly_this_command(argv: list[str], tmp_path: Path) -> None:
    path = tmp_path / LOCAL_ENTRY
    path.write_text(local_entry_text(argv), encoding="utf-8")
    name, found = read_entry(path)
    assert name == "Pult"
    assert found == argv
    assert desktop_exec(argv).endswith(" %u")


def test_an_entry_through_a_symlink_still_runs_this_client(tmp_path: Path) -> None:
    script = tmp_path / "main.py"
    script.write_text("", encoding="utf-8")
    link = tmp_path / "link.py"
    link.symlink_to(script)
    env = {"PATH": os.environ.get("PATH", "")}
    assert runs_this_client([sys.executable, str(link), "--lang", "ru"], [sys.executable, str(script)], env)
    assert not runs_this_client([sys.executable], [sys.executable, str(script)], env)
    assert not runs_this_client(["/usr/bin/false", str(script)], [sys.executable, str(script)], env)


@needs_xdg
def test_a_link_opened_by_the_desktop_after_registering_reaches_the_running_client(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry «Открывать эти ссылки в Пульте» writes is one ``xdg-open`` can really run."""
    import subprocess

    monkeypatch.setenv("PULT_SOFTPHONE", "fake")
    server = ServerProcess(tmp_path / "server-data", free_port())
    server.start()
    home = tmp_path / "operator"
    home.mkdir()
    first = ClientProcess(home=home, server=server.url, login="300000001/op5")
    try:
        first.wait_for("softphone.started", timeout=60)
        env = {
            **os.environ,
            **desktop_env(home),
            "XDG_CONFIG_HOME": str(home / "config"),  # the running client's too: the same instance socket
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": "offscreen",
            "PULT_LOG_FORMAT": "json",
            "DISPLAY": ":0",  # xdg-open asks the desktop's handlers only when there is a display
        }
        for key in ("WAYLAND_DISPLAY", "BROWSER", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"):
            env.pop(key, None)
        service = LinkHandlerService(platform="linux", env=env)
        report = ask(qtbot, service, service.register)
        assert report.all_ours
        opened = subprocess.run(
            ["xdg-open", "callto:+7 (495) 000-00-05"], env=env, capture_output=True, text=True, timeout=120
        )
        assert opened.returncode == 0, (opened.stdout, opened.stderr)
        confirm = first.wait_for("link.confirm", timeout=60)
        assert confirm["number"] == "74950000005"
    finally:
        first.close()
        server.stop()


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_the_other_systems_checks_say_when_they_cannot_run_and_that_they_are_untried(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None], platform: str
) -> None:
    use_language("ru")
    service = LinkHandlerService(platform=platform, env=desktop_env(tmp_path))
    tab, _paths = make_tab(qtbot, tmp_path, service)
    with qtbot.waitSignal(service.checked, timeout=10_000):
        tab.link_check_button.click()
    report = tab.link_report
    assert report is not None
    assert report.error  # no registry, no LaunchServices on this Linux machine
    assert not report.tested
    lines = tab.link_status.text().splitlines()
    assert lines[0].startswith("Система не ответила: ")
    assert lines[-1] == "Разработчики Пульта ещё не опробовали эту проверку в данной системе."


def test_a_desktop_tool_that_never_answers_is_given_up_on(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    tools = tmp_path / "bin"
    tools.mkdir()
    stuck = tools / "xdg-mime"
    stuck.write_text("#!/bin/sh\nexec /bin/sleep 60\n", encoding="utf-8")  # e.g. waiting on a dead D-Bus
    stuck.chmod(0o755)
    service = LinkHandlerService(platform="linux", env={**desktop_env(tmp_path), "PATH": str(tools)})
    service.timeout_ms = 500
    tab, _paths = make_tab(qtbot, tmp_path, service)
    with qtbot.waitSignal(service.checked, timeout=20_000):
        tab.link_check_button.click()
    assert tab.link_status.text() == "The system did not answer: xdg-mime: no answer in 0.5 s"
    assert tab.link_check_button.isEnabled()
    assert not service.busy


def test_an_error_printed_by_the_desktop_tool_is_not_taken_for_a_handler(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    tools = tmp_path / "bin"
    tools.mkdir()
    broken = tools / "xdg-mime"
    broken.write_text("#!/bin/sh\necho 'xdg-mime: 1: sed: not found'\nexit 0\n", encoding="utf-8")
    broken.chmod(0o755)
    service = LinkHandlerService(platform="linux", env={**desktop_env(tmp_path), "PATH": str(tools)})
    tab, _paths = make_tab(qtbot, tmp_path, service)
    with qtbot.waitSignal(service.checked, timeout=20_000):
        tab.link_check_button.click()
    assert tab.link_status.text() == "The system did not answer: xdg-mime: 1: sed: not found"
    assert not tab.link_register_button.isVisibleTo(tab)
