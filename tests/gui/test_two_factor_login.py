"""The code window of two-factor authentication (MW-13) after the login window's password step.

The first tests drive the real dialogs with the fake session; the last one signs in through them against a
real ``python -m app.server`` with 2FA switched on for the operator.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from app.protocol.auth import TwoFactorChallenge
from app.protocol.errors import ErrorBody, ErrorCode
from app.server.services.two_factor import secret_key, totp
from app.services import errors
from app.services.api import ApiClient
from app.services.realtime import Backoff, RealtimeClient
from app.services.session import SessionService
from app.settings.paths import SettingsPaths
from app.settings.secrets import SecretStore
from app.state.connection import ConnectionState, ConnectionStore
from app.state.presence import PresenceStore
from app.state.session import SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.live_client import until
from tests.gui.two_factor_server import PASSWORD, running_server, switch_on_two_factor
from ui.login_dialog import LoginDialog
from ui.two_factor_dialog import TwoFactorDialog


def challenge(locked_until: datetime | None = None) -> TwoFactorChallenge:
    now = datetime.now(UTC)
    return TwoFactorChallenge(challenge="c", expires_at=now + timedelta(minutes=5), locked_until=locked_until)


def error(
    cls: type[errors.ClientError], code: ErrorCode, locked_until: str | None = None
) -> errors.ClientError:
    return cls("x", body=ErrorBody(code=code, message="x", locked_until=locked_until))


def signed_in_form(qtbot: QtBot, session: FakeSession) -> LoginDialog:
    dialog = LoginDialog(session=session, server="http://127.0.0.1:1", login="300000001/op1")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.password_edit.setText(PASSWORD)
    assert dialog.submit()
    return dialog


def code_window(
    qtbot: QtBot, session: FakeSession, answer: TwoFactorChallenge
) -> tuple[LoginDialog, TwoFactorDialog]:
    form = signed_in_form(qtbot, session)
    session.two_factor_required.emit(answer)
    window = form.two_factor_dialog
    assert window is not None
    qtbot.waitExposed(window)
    return form, window


def test_the_code_window_follows_the_password_step_in_russian(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    form, window = code_window(qtbot, fake_session, challenge())
    assert window.title.text() == "Двухфакторная аутентификация"
    assert window.confirm_button.text() == "Подтвердить"
    assert form.busy  # the password form waits behind the code window
    qtbot.keyClicks(window.code_edit, "123 456")
    window.confirm_button.click()
    assert fake_session.codes == ["123456"]
    assert not window.confirm_button.isEnabled()  # sent; waiting for the answer


@pytest.mark.parametrize(
    ("language", "expected"), [("ru", "Код состоит из 6 цифр."), ("en", "The code is 6 digits.")]
)
def test_a_code_that_is_not_six_digits_is_refused_before_sending(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    fake_session: FakeSession,
    language: str,
    expected: str,
) -> None:
    use_language(language)
    _form, window = code_window(qtbot, fake_session, challenge())
    qtbot.keyClicks(window.code_edit, "12a45")
    window.confirm_button.click()
    assert window.error_text() == expected
    assert fake_session.codes == []


def test_a_wrong_code_is_said_and_the_window_stays_for_another_try(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    _form, window = code_window(qtbot, fake_session, challenge())
    qtbot.keyClicks(window.code_edit, "111111")
    window.confirm_button.click()
    fake_session.two_factor_failed.emit(error(errors.InvalidCredentialsError, ErrorCode.INVALID_CREDENTIALS))
    assert window.error_text() == "Неверный код. Проверьте код в приложении и попробуйте снова."
    assert window.isVisible()
    assert window.confirm_button.isEnabled()
    assert window.code_edit.selectedText() == "111111"


def test_the_lock_says_until_when_and_code_entry_opens_again_by_itself(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("en")
    _form, window = code_window(qtbot, fake_session, challenge())
    until_moment = datetime.now(UTC) + timedelta(seconds=1)
    fake_session.two_factor_failed.emit(error(errors.LockedError, ErrorCode.LOCKED, until_moment.isoformat()))
    assert window.error_text().startswith("Too many wrong codes. Code entry is locked until ")
    assert window.error_text().endswith(until_moment.astimezone().strftime("%H:%M") + ".")
    assert not window.code_edit.isEnabled()
    window.code_edit.setText("123456")
    assert not window.submit()
    qtbot.waitUntil(window.confirm_button.isEnabled, timeout=15_000)
    assert window.error_text() == "You can enter the code again."
    assert fake_session.codes == []


def test_a_challenge_that_arrives_locked_opens_the_window_locked(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    _form, window = code_window(qtbot, fake_session, challenge(datetime.now(UTC) + timedelta(minutes=4)))
    assert window.error_text().startswith("Слишком много неверных кодов. Ввод кода заблокирован до ")
    assert not window.confirm_button.isEnabled()


def test_closing_the_code_window_gives_the_password_form_back(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    form, window = code_window(qtbot, fake_session, challenge())
    window.cancel_button.click()
    assert fake_session.code_cancels == 1
    assert not window.isVisible()
    assert not form.busy
    assert form.login_button.isEnabled()
    assert form.two_factor_dialog is None


def test_an_expired_challenge_returns_to_the_login_window_with_the_reason(
    qtbot: QtBot, use_language: Callable[[str], None], fake_session: FakeSession
) -> None:
    use_language("ru")
    form, window = code_window(qtbot, fake_session, challenge())
    fake_session.login_failed.emit(error(errors.UnauthenticatedError, ErrorCode.UNAUTHENTICATED))
    assert not window.isVisible()
    assert fake_session.code_cancels == 0  # the server ended it; nothing to cancel
    assert form.error_text() == "Время на ввод кода истекло. Войдите снова."
    assert form.login_button.isEnabled()


# -- against the real server --------------------------------------------------------------------------


class _NoKeyring:
    priority = 1

    def get_password(self, _service: str, _user: str) -> None:
        return None

    def set_password(self, _service: str, _user: str, _password: str) -> None:
        raise RuntimeError("no keyring in tests")

    def delete_password(self, _service: str, _user: str) -> None:
        return None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with running_server(tmp_path / "server") as url:
        yield url


def test_signing_in_with_the_code_window_against_a_real_server(
    qapp: QApplication, use_language: Callable[[str], None], server: str, tmp_path: Path
) -> None:
    use_language("en")
    secret = switch_on_two_factor(server, "300000001/op1")
    quit_on_close = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the client: the login window closing must not stop the loop
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    session_store = SessionStore()
    connection_store = ConnectionStore()
    session = SessionService(
        paths=SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state"),
        secrets=SecretStore(backend=_NoKeyring()),
        session_store=session_store,
        status_store=StatusStore(),
        presence_store=PresenceStore(),
        connection_store=connection_store,
        api_factory=lambda url: ApiClient(server=url),
        realtime_factory=lambda url, token, handler: RealtimeClient(
            url=url, token=token, handler=handler, backoff=Backoff(initial=0.2, maximum=2.0)
        ),
    )
    form = LoginDialog(session=session, server=server, login="300000001/op1")
    form.show()

    async def scenario() -> None:
        form.password_edit.setText(PASSWORD)
        assert form.submit()
        await until(lambda: form.two_factor_dialog is not None and form.two_factor_dialog.isVisible(), 30)
        window = form.two_factor_dialog
        assert window is not None
        wrong = totp(secret_key(secret), datetime.now(UTC) + timedelta(hours=1))
        window.code_edit.setText(wrong)
        window.confirm_button.click()
        await until(lambda: bool(window.error_text()), 30, "the wrong code's message")
        assert window.error_text() == "Wrong code. Check the code in the app and try again."
        assert session_store.snapshot.me is None
        # The next step's code: the confirming code's own step is used up (no replay).
        window.code_edit.setText(totp(secret_key(secret), datetime.now(UTC) + timedelta(seconds=30)))
        window.confirm_button.click()
        await until(lambda: session_store.snapshot.me is not None, 30, "signed in")
        me = session_store.snapshot.me
        assert me is not None
        assert me.login == "300000001/op1"
        assert not window.isVisible()
        assert form.result() == LoginDialog.DialogCode.Accepted
        # The session is whole (events channel up) before it is shut down, as a user's would be.
        await until(lambda: connection_store.snapshot.state is ConnectionState.CONNECTED, 30, "connected")
        await session.shutdown()

    try:
        loop.run_until_complete(scenario())
    finally:
        form.close()
        loop.close()
        asyncio.set_event_loop(None)
        qapp.setQuitOnLastWindowClosed(quit_on_close)
        del loop
        release_now(form, session)


def release_now(*objects: QObject) -> None:
    """Delete the Qt objects and collect the closed event loop here, on the main thread.

    A closed qasync loop keeps the Qt timers of its pending ``call_later`` handles registered until its
    timer object dies; left to the garbage collector, that could happen on whatever thread allocates
    later (a websocket thread of the next test), the timers would stay behind and fire on freed memory.
    Call it after dropping the last reference to the loop.
    """
    for obj in objects:
        Shiboken.delete(obj)
    gc.collect()
