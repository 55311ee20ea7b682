"""«Сообщить о проблеме» (App. 3): tray entry, validation in the user's language, preview, offline queue,
the problem ID from a real server, and the crash report offered at the next start."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.services.api import ApiClient
from app.services.error_reports import ErrorReportService
from tests.e2e.conftest import PASSWORD, ServerProcess, free_port
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_tray import make_tray
from ui.error_report_dialog import ErrorReportDialog, ErrorReportOpener


def make_service(
    tmp_path: Path, api: Callable[[], ApiClient | None] = lambda: None, opened: list[ApiClient] | None = None
) -> ErrorReportService:
    logs = tmp_path / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "pult.log").write_text(
        "10:00:00 I pult: login.ok token=s3cr3t-token\n10:00:05 I softphone: call to 74951234567\n",
        encoding="utf-8",
    )
    service = ErrorReportService(
        directory=tmp_path / "reports",
        log_dir=logs,
        crash_dir=tmp_path / "crashes",
        system=lambda: "Pult test system",
        version="0.1.0",
    )

    def run_now(coro: Coroutine[Any, Any, None]) -> None:
        async def then_close() -> None:
            try:
                await coro
            finally:
                for client in opened or []:
                    await client.aclose()

        asyncio.run(then_close())  # widgets never await: the send runs to its end inside the click

    service.bind(api=api, spawn=run_now)
    return service


def fill(dialog: ErrorReportDialog, **values: str) -> None:
    dialog.name_edit.setText(values.get("name", "Иван Петров"))
    dialog.email_edit.setText(values.get("email", "ivan@example.com"))
    dialog.phone_edit.setText(values.get("phone", ""))
    dialog.description_edit.setPlainText(values.get("description", "Не слышно клиента"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "Укажите имя.",
                "Укажите e-mail или телефон, чтобы техподдержка могла вам ответить.",
                "Опишите проблему.",
            ],
        ),
        (
            "en",
            [
                "Enter your name.",
                "Give an e-mail or a phone number so that support can answer you.",
                "Describe the problem.",
            ],
        ),
    ],
)
def test_an_empty_form_says_what_is_missing_in_the_users_language(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None], language: str, expected: list[str]
) -> None:
    use_language(language)
    service = make_service(tmp_path)
    dialog = ErrorReportDialog(service=service)
    qtbot.addWidget(dialog)
    dialog.send_button.click()
    assert dialog.error_label.text().splitlines() == expected
    assert dialog.pages.currentIndex() == 0
    assert service.pending() == []


def test_a_bad_email_and_phone_are_refused_and_the_text_is_kept(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    dialog = ErrorReportDialog(service=make_service(tmp_path))
    qtbot.addWidget(dialog)
    fill(dialog, email="ivan@", phone="позвоните")
    dialog.send_button.click()
    assert dialog.error_label.text().splitlines() == [
        "Неверный адрес e-mail.",
        "Телефон может содержать только цифры, пробелы, +, - и скобки.",
    ]
    assert dialog.description_edit.toPlainText() == "Не слышно клиента"
    assert dialog.windowTitle() == "Сообщить о проблеме"
    assert dialog.logs_check.isChecked()


def test_the_preview_shows_the_exact_body_with_masked_logs(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    dialog = ErrorReportDialog(service=make_service(tmp_path))
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.preview_button.click()
    assert dialog.preview is not None
    from PySide6.QtWidgets import QPlainTextEdit

    [text] = dialog.preview.findChildren(QPlainTextEdit)
    body = json.loads(text.toPlainText())
    assert body["client_report_id"] == dialog.report_id
    assert body["description"] == "Не слышно клиента"
    assert "token=***" in body["logs"]
    assert "s3cr3t" not in body["logs"]
    assert "*********67" in body["logs"]
    dialog.logs_check.setChecked(False)
    assert dialog._service.payload(dialog.draft())["logs"] == ""


def test_before_sign_in_the_report_is_kept_and_the_user_is_told(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    service = make_service(tmp_path)
    dialog = ErrorReportDialog(service=service)
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.send_button.click()
    assert dialog.pages.currentIndex() == 1
    assert dialog.result_label.text().startswith("Вы не вошли в систему.")
    assert service.pending() == [dialog.report_id]
    kept = json.loads((tmp_path / "reports" / "outbox" / f"{dialog.report_id}.json").read_text("utf-8"))
    assert kept["name"] == "Иван Петров"


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server-data", free_port())
    server.start()
    yield server
    server.stop()


def _token(server: ServerProcess, login: str) -> str:
    answer = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"login": f"300000001/{login}", "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def test_a_sent_report_shows_its_problem_id_and_reaches_the_administrator(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None], live_server: ServerProcess
) -> None:
    use_language("ru")
    token = _token(live_server, "op1")

    opened: list[ApiClient] = []

    def api() -> ApiClient:
        client = ApiClient(server=live_server.url)
        client.token = token
        opened.append(client)
        return client

    service = make_service(tmp_path, api, opened)
    dialog = ErrorReportDialog(service=service)
    qtbot.addWidget(dialog)
    fill(dialog, phone="+7 495 000-00-00")
    dialog.send_button.click()
    assert dialog.pages.currentIndex() == 1
    problem_id = dialog.problem_edit.text()
    assert problem_id.startswith("PR-")
    assert dialog.result_label.text().startswith("Спасибо, отчет получен.")
    dialog.copy_button.click()
    clipboard = QApplication.clipboard()
    assert clipboard is not None
    assert clipboard.text() == problem_id
    assert service.pending() == []
    admin = {"Authorization": f"Bearer {_token(live_server, 'admin')}"}
    items = httpx.get(f"{live_server.url}/api/v1/error-reports", headers=admin).json()["items"]
    assert [i["problem_id"] for i in items] == [problem_id]
    assert items[0]["login"] == "300000001/op1"


def test_the_tray_entry_opens_the_dialog_with_the_users_contacts(
    qtbot: QtBot,
    tmp_path: Path,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    phone: Phone,
) -> None:
    use_language("ru")
    tray, _status, window = make_tray(qtbot, fake_session, phone)
    opener = ErrorReportOpener(
        service=make_service(tmp_path),
        contact=lambda: ("Оператор Один", "op1@example.com", ""),
        window=lambda: window,
        notify=lambda _text: None,
    )
    tray.error_report_requested.connect(lambda: opener.open())
    assert tray.error_report_action.text() == "Отправить отчет об ошибке"
    assert tray.error_report_action in tray.menu.actions()
    tray.error_report_action.trigger()
    dialog = opener.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Сообщить о проблеме"
    assert (dialog.name_edit.text(), dialog.email_edit.text()) == ("Оператор Один", "op1@example.com")


def test_a_crash_report_is_offered_at_the_next_start_and_travels_with_the_report(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    import main

    use_language("ru")
    crashes = tmp_path / "crashes"
    handler = main.CrashHandler(report_dir=crashes, show_dialog=False)
    try:
        raise RuntimeError("boom at 74951234567")
    except RuntimeError as exc:
        handler.handle(exc)
    service = make_service(tmp_path)
    opener = ErrorReportOpener(
        service=service, contact=lambda: ("", "", ""), window=lambda: None, notify=print
    )
    opener.offer_crashes()
    box = opener.crash_question
    assert box is not None
    qtbot.addWidget(box)
    assert box.text().startswith("В прошлый раз Pult закрылся из-за ошибки.")
    [send] = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole]
    send.click()
    dialog = opener.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    fill(dialog)
    body = service.payload(dialog.draft(), report_id=dialog.report_id)
    assert body["crash"] is True
    assert "RuntimeError: boom at *********67" in body["logs"]
    dialog.send_button.click()
    assert service.pending_crashes() == []  # sent with the report: not offered again
    assert list((crashes / "seen").iterdir())


def test_a_dismissed_crash_report_is_kept_but_not_offered_again(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    crashes = tmp_path / "crashes"
    crashes.mkdir()
    (crashes / "crash-20261123-050000.txt").write_text("Traceback ...", encoding="utf-8")
    service = make_service(tmp_path)
    opener = ErrorReportOpener(
        service=service, contact=lambda: ("", "", ""), window=lambda: None, notify=print
    )
    opener.offer_crashes()
    box = opener.crash_question
    assert box is not None
    qtbot.addWidget(box)
    [skip] = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole]
    skip.click()
    assert service.pending_crashes() == []
    assert (crashes / "seen" / "crash-20261123-050000.txt").is_file()
    opener.offer_crashes()
    assert opener.crash_question is None


def test_a_report_kept_while_the_server_was_down_goes_out_when_it_is_back(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    server = ServerProcess(tmp_path / "server-data", free_port())  # not started yet: nothing listens
    token = ["dead-session"]
    opened: list[ApiClient] = []

    def api() -> ApiClient:
        client = ApiClient(server=server.url, timeout=5.0)
        client.token = token[0]
        opened.append(client)
        return client

    service = make_service(tmp_path, api, opened)
    notices: list[str] = []
    opener = ErrorReportOpener(
        service=service,
        contact=lambda: ("Иван", "", "+7 495 000-00-00"),
        window=lambda: None,
        notify=notices.append,
    )
    dialog = opener.open()
    qtbot.addWidget(dialog)
    dialog.description_edit.setPlainText("Пропал звук")
    dialog.send_button.click()
    assert dialog.result_label.text().startswith("Сервер сейчас недоступен.")
    assert service.pending() == [dialog.report_id]
    dialog.close()

    server.start()
    try:
        token[0] = _token(server, "op2")
        service.flush()  # what sign-in and the retry timer do
        assert service.pending() == []
        [sent] = service.sent_reports()
        assert notices == [f"Отчет об ошибке отправлен. Идентификатор проблемы: {sent['problem_id']}"]
        admin = {"Authorization": f"Bearer {_token(server, 'admin')}"}
        items = httpx.get(f"{server.url}/api/v1/error-reports", headers=admin).json()["items"]
        assert [(i["problem_id"], i["description"], i["phone"]) for i in items] == [
            (sent["problem_id"], "Пропал звук", "+7 495 000-00-00")
        ]
        service.flush()  # nothing left: no second copy
        assert len(httpx.get(f"{server.url}/api/v1/error-reports", headers=admin).json()["items"]) == 1
    finally:
        server.stop()


def test_the_report_can_be_saved_to_a_file_for_support(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    dialog = ErrorReportDialog(service=make_service(tmp_path))
    qtbot.addWidget(dialog)
    fill(dialog)
    target = tmp_path / "report.json"
    assert dialog.save_to(target)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert (saved["client_report_id"], saved["description"]) == (dialog.report_id, "Не слышно клиента")
    assert dialog.info_label.text().startswith("Отчет сохранен в файл")
    assert not dialog.save_to(tmp_path / "missing-dir" / "report.json")
    assert dialog.error_label.text().startswith("Не удалось сохранить отчет")


def test_the_client_log_file_is_what_a_report_attaches(tmp_path: Path) -> None:
    import logging

    from app.services.logs import start_file_log

    root = logging.getLogger()
    before = list(root.handlers)
    path = start_file_log(tmp_path / "logs")
    try:
        logging.getLogger("pult.test").warning("login.ok", extra={"fields": {"password": "Hunter2x"}})
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                handler.close()
                root.removeHandler(handler)
    line = path.read_text(encoding="utf-8")
    assert "W pult.test: login.ok password=Hunter2x" in line
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line)  # the date leads each line
    service = ErrorReportService(
        directory=tmp_path / "reports",
        log_dir=tmp_path / "logs",
        crash_dir=tmp_path / "crashes",
        system=lambda: "",
        version="0.1.0",
    )
    logs = service.collect_logs()
    assert "login.ok password=***" in logs
    assert "Hunter2x" not in logs


def test_the_avatar_menu_offers_the_report_too(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    from tests.gui.test_main_window import make_window

    use_language("ru")
    window, _presence, _connection = make_window(qtbot, fake_session)
    opener = ErrorReportOpener(
        service=make_service(tmp_path), contact=lambda: ("", "", ""), window=lambda: window, notify=print
    )
    action = opener.add_to_menu(window.avatar_menu)
    texts = [a.text() for a in window.avatar_menu.actions() if not a.isSeparator()]
    assert texts[-2] == "Отправить отчет об ошибке"  # just above the sign-out
    action.trigger()
    assert opener.dialog is not None
    assert opener.dialog.isVisible()


# -- «Написать в поддержку» (R-ERR-6) ------------------------------------------------------------------


def test_the_help_menu_writes_to_support_offline_and_the_request_goes_out_after_sign_in(
    qtbot: QtBot,
    tmp_path: Path,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    live_server: ServerProcess,
) -> None:
    from tests.gui.test_main_window import make_window
    from ui.about_dialog import AboutOpener

    use_language("ru")
    window, _presence, _connection = make_window(qtbot, fake_session)
    signed_in: list[str] = []
    opened: list[ApiClient] = []

    def api() -> ApiClient | None:
        if not signed_in:
            return None
        client = ApiClient(server=live_server.url)
        client.token = signed_in[0]
        opened.append(client)
        return client

    service = make_service(tmp_path, api, opened)
    opener = ErrorReportOpener(
        service=service,
        contact=lambda: ("Оператор Один", "op1@example.com", ""),
        window=lambda: window,
        notify=lambda _text: None,
    )
    # As the composition root does it: the «?» menu reads help, «О программе», «Написать в поддержку».
    opener.add_support_to_menu(window.help_menu)
    AboutOpener().add_to_menu(window.help_menu, window)
    texts = [a.text() for a in window.help_menu.actions() if not a.isSeparator()]
    assert texts == ["Справка и горячие клавиши", "О программе", "Написать в поддержку"]
    assert window.help_button.menu() is window.help_menu

    [support] = [a for a in window.help_menu.actions() if a.objectName() == "SupportAction"]
    support.trigger()
    dialog = opener.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Написать в поддержку"
    assert dialog.support
    fill(dialog, description="Как сменить мелодию звонка?")
    dialog.send_button.click()  # not signed in: kept, not refused as in the original
    assert dialog.pages.currentIndex() == 1
    assert dialog.result_label.text().startswith("Вы не вошли в систему. Ваше обращение сохранено")
    assert service.pending() == [dialog.report_id]

    signed_in.append(_token(live_server, "op1"))
    with qtbot.waitSignal(service.sent, timeout=30_000) as sent:
        service.flush()
    report_id, problem_id = sent.args
    assert report_id == dialog.report_id
    assert problem_id.startswith("PR-")
    assert dialog.problem_edit.text() == problem_id
    assert dialog.result_label.text().startswith("Спасибо, техподдержка получила ваше обращение")
    admin = {"Authorization": f"Bearer {_token(live_server, 'admin')}"}
    items = httpx.get(f"{live_server.url}/api/v1/error-reports", headers=admin).json()["items"]
    assert [i["problem_id"] for i in items] == [problem_id]


def test_the_tray_writes_to_support_too(
    qtbot: QtBot,
    tmp_path: Path,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    phone: Phone,
) -> None:
    use_language("en")
    tray, _status, window = make_tray(qtbot, fake_session, phone)
    opener = ErrorReportOpener(
        service=make_service(tmp_path), contact=lambda: ("", "", ""), window=lambda: window, notify=print
    )
    tray.support_requested.connect(lambda: opener.open(support=True))
    assert tray.support_action in tray.menu.actions()
    assert tray.support_action.text() == "Write to support"
    tray.support_action.trigger()
    assert opener.dialog is not None
    qtbot.addWidget(opener.dialog)
    assert opener.dialog.windowTitle() == "Write to support"


def test_formatted_phone_numbers_and_nul_bytes_do_not_reach_the_report(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "pult.log").write_bytes(
        b"2026-11-23 05:50:11 I ui: caller +7 (495) 123-45-67 rang\n"
        b"2026-11-23 05:50:12 I ui: dialled 8 495 123 45 67.\n"
        b"2026-11-23 05:50:13 I sip: 192.168.100.200:5060 levels 10 20 30 40 50\n"
        b"\x00\x00\xff\xfe cut off by a crash\n"
    )
    service = ErrorReportService(
        directory=tmp_path / "reports", log_dir=logs, crash_dir=tmp_path / "c", system=lambda: "", version=""
    )
    text = service.collect_logs()
    assert text.splitlines() == [
        "2026-11-23 05:50:11 I ui: caller +* (***) ***-**-67 rang",
        "2026-11-23 05:50:12 I ui: dialled * *** *** ** 67.",
        "2026-11-23 05:50:13 I sip: 192.168.100.200:5060 levels 10 20 30 40 50",
        "\ufffd\ufffd cut off by a crash",  # bytes that are not UTF-8 are replaced, NULs dropped
    ]


def test_an_outbox_that_cannot_be_written_is_told_and_the_text_is_kept(
    qtbot: QtBot, tmp_path: Path, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    service = make_service(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "outbox").write_text("not a directory", encoding="utf-8")  # root ignores modes
    dialog = ErrorReportDialog(service=service)
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.send_button.click()
    assert dialog.pages.currentIndex() == 0
    assert dialog.error_label.text().startswith("Не удалось сохранить отчет на этом компьютере:")
    assert dialog.description_edit.toPlainText() == "Не слышно клиента"
    assert dialog.send_button.isEnabled()
    (tmp_path / "reports" / "outbox").unlink()
    dialog.send_button.click()  # once the disk is fine again the same form goes out
    assert dialog.pages.currentIndex() == 1
    assert service.pending() == [dialog.report_id]
