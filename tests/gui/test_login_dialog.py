"""The login window: local validation, the request it sends, busy state, and server errors in ru/en."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.protocol.errors import ErrorBody, ErrorCode
from app.services import errors
from tests.gui.conftest import FakeSession
from ui.login_dialog import LoginDialog


def make_dialog(qtbot: QtBot, session: FakeSession, **kw: str) -> LoginDialog:
    dialog = LoginDialog(session=session, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog: LoginDialog, qtbot: QtBot, server: str, login: str, password: str) -> None:
    for edit, text in (
        (dialog.server_edit, server),
        (dialog.login_edit, login),
        (dialog.password_edit, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_labels_and_status_choices_are_the_spec_wording_in_russian(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    dialog = make_dialog(qtbot, fake_session)
    assert dialog.login_button.text() == "Войти"
    assert dialog.remember_box.text() == "Запомнить"
    assert dialog._labels["status"].text() == "Статус"
    choices = [dialog.status_combo.itemText(i) for i in range(dialog.status_combo.count())]
    assert choices == ["Не изменять", "На линии", "Перерыв", "Обзвон", "Все звонки", "Не беспокоить"]
    assert dialog.status_combo.currentData() == "keep"  # MW-12: «Не изменять» by default


@pytest.mark.parametrize(
    ("language", "server_msg", "login_msg", "password_msg"),
    [
        ("ru", "Введите адрес сервера.", "Введите логин.", "Введите пароль."),
        ("en", "Enter the server address.", "Enter your login.", "Enter your password."),
    ],
)
def test_empty_form_is_refused_with_a_reason_per_field(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    language: str,
    server_msg: str,
    login_msg: str,
    password_msg: str,
) -> None:
    use_language(language)
    dialog = make_dialog(qtbot, fake_session)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert fake_session.logins == []
    assert (dialog.server_error.text(), dialog.login_error.text(), dialog.password_error.text()) == (
        server_msg,
        login_msg,
        password_msg,
    )
    assert dialog.focusWidget() is dialog.server_edit
    qtbot.keyClicks(dialog.server_edit, "x")
    assert not dialog.server_error.isVisible()  # typing clears that field's error


def test_bad_server_address_is_refused(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    dialog = make_dialog(qtbot, fake_session)
    fill(dialog, qtbot, "ftp://pult", "300000001/op1", "pw")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert fake_session.logins == []
    assert dialog.server_error.text() == "Это не адрес сервера."


def test_valid_form_starts_the_login_and_shows_it_is_busy(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    dialog = make_dialog(qtbot, fake_session)
    fill(dialog, qtbot, "127.0.0.1:8765", " 300000001/op1 ", "PultDemo1")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("break"))
    box = dialog.remember_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert fake_session.logins == [
        {
            "server": "http://127.0.0.1:8765",
            "login": "300000001/op1",
            "password": "PultDemo1",
            "status": "break",
            "remember": True,
        }
    ]
    assert dialog.busy
    assert dialog.spinner.isVisible()
    assert dialog.busy_label.text() == "Вход…"
    assert not dialog.login_button.isEnabled()
    assert not dialog.password_edit.isEnabled()
    assert not dialog.submit()  # a second press while busy does nothing
    assert len(fake_session.logins) == 1


# One moment for the error and the expected text: the parameters are built at collection time, which can
# be minutes before the test runs in a full suite, so "now" must not be read twice.
BASE = datetime.now(UTC)


def locked_until(minutes: int) -> errors.LockedError:
    until = BASE + timedelta(minutes=minutes)
    body = ErrorBody(code=ErrorCode.LOCKED, message="locked", locked_until=until.isoformat())
    return errors.LockedError("locked", body=body, status=423)


def expected_clock(minutes: int) -> str:
    return (BASE + timedelta(minutes=minutes)).astimezone().strftime("%H:%M")


@pytest.mark.parametrize(
    ("language", "error", "expected"),
    [
        ("ru", errors.InvalidCredentialsError("x"), "Неверный логин или пароль."),
        ("en", errors.InvalidCredentialsError("x"), "Wrong login or password."),
        (
            "ru",
            errors.ServerUnreachableError("x"),
            "Нет связи с сервером http://127.0.0.1:8765. Проверьте адрес и подключение к сети.",
        ),
        (
            "en",
            errors.ServerUnreachableError("x"),
            "Cannot reach the server http://127.0.0.1:8765. Check the address and the network connection.",
        ),
        ("ru", locked_until(5), "Слишком много неудачных попыток. Вход заблокирован до {clock}."),
        ("en", locked_until(5), "Too many failed attempts. Signing in is locked until {clock}."),
        (
            "ru",
            errors.LimitReachedError("x"),
            "Все лицензии на одновременную работу заняты: попросите администратора освободить одну.",
        ),
    ],
)
def test_server_errors_are_shown_in_the_users_language(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    language: str,
    error: errors.ClientError,
    expected: str,
) -> None:
    use_language(language)
    dialog = make_dialog(qtbot, fake_session)
    fill(dialog, qtbot, "127.0.0.1:8765", "300000001/op1", "wrong")
    dialog.submit()
    fake_session.login_failed.emit(error)
    assert dialog.error_text() == expected.format(clock=expected_clock(5))
    assert not dialog.busy
    assert dialog.login_button.isEnabled()
    assert dialog.isVisible()


def test_successful_login_closes_the_dialog_and_forgets_the_password(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("en")
    dialog = make_dialog(qtbot, fake_session)
    fill(dialog, qtbot, "127.0.0.1:8765", "300000001/op1", "PultDemo1")
    dialog.submit()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        fake_session.logged_in.emit(object())
    assert dialog.password_edit.text() == ""


@pytest.mark.parametrize(
    ("language", "hint"),
    [
        (
            "ru",
            "Недоступно: на этом компьютере нет хранилища паролей (keyring), "
            "поэтому входить нужно каждый раз.",
        ),
        ("en", "Unavailable: this computer has no password storage (keyring), so you sign in every time."),
    ],
)
def test_remember_is_disabled_with_an_explanation_without_a_keyring(
    qtbot: QtBot, use_language: Callable[[str], None], language: str, hint: str
) -> None:
    use_language(language)
    session = FakeSession(remember_available=False)
    dialog = make_dialog(qtbot, session, server="http://h:1", login="u", remember=True)  # type: ignore[arg-type]
    assert not dialog.remember_box.isEnabled()
    assert not dialog.remember_box.isChecked()
    assert dialog.remember_hint.text() == hint
    dialog.password_edit.setText("pw")
    dialog.submit()
    assert session.logins[0]["remember"] is False


def test_custom_statuses_seen_at_the_last_login_are_offered(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    dialog = LoginDialog(session=fake_session, custom_statuses=[("custom-7", "Обучение", "purple")])  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    index = dialog.status_combo.findData("custom-7")
    assert dialog.status_combo.itemText(index) == "Обучение"
    dialog.status_combo.setCurrentIndex(index)
    fill(dialog, qtbot, "127.0.0.1:8765", "300000001/op1", "pw")
    dialog.submit()
    assert fake_session.logins[0]["status"] == "custom-7"
