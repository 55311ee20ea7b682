"""«Пользовательские» → two-factor authentication (MW-13) against a real server: on with a code, off with
a code, a wrong code said, and the lock after more than five wrong codes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.server.services.two_factor import secret_key, totp
from app.services.api import ApiClient
from app.services.two_factor import TwoFactorService
from tests.gui.live_client import until
from tests.gui.test_two_factor_login import release_now
from tests.gui.two_factor_server import running_server, sign_in
from ui.settings.two_factor_section import TwoFactorSection


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with running_server(tmp_path / "server") as url:
        yield url


def code(secret: str, *, later: float = 0) -> str:
    return totp(secret_key(secret), datetime.now(UTC) + timedelta(seconds=later))


def run(qapp: QApplication, scenario: Callable[[ApiClient], Any], url: str, token: str) -> None:
    quit_on_close = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the client: closing a window must not stop the loop
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    api = ApiClient(server=url)
    api.token = token

    async def main() -> None:
        try:
            await scenario(api)
        finally:
            await api.aclose()

    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        qapp.setQuitOnLastWindowClosed(quit_on_close)
        del loop
        release_now()  # the loop's timers die here, on the main thread


def two_factor_on(url: str, token: str) -> bool:
    answer = httpx.get(
        f"{url}/api/v1/me/two-factor", headers={"Authorization": f"Bearer {token}"}, timeout=15
    )
    return bool(answer.json()["enabled"])


def test_turning_two_factor_on_and_off_in_the_settings(
    qapp: QApplication, use_language: Callable[[str], None], server: str
) -> None:
    use_language("ru")
    token = sign_in(server, "300000001/op1")

    async def scenario(api: ApiClient) -> None:
        tasks: list[asyncio.Future[None]] = []
        service = TwoFactorService(
            api=lambda: api, spawn=lambda coro: tasks.append(asyncio.ensure_future(coro))
        )
        section = TwoFactorSection(service=service)
        section.show()
        try:
            await until(lambda: section.enabled is False, 30, "the state from the server")
            assert section.title() == "Двухфакторная аутентификация"
            assert section.state_label.text() == "Выключена: для входа нужен только пароль."
            assert section.enable_button.isVisible()
            assert not section.code_row.isVisible()

            section.enable_button.click()
            await until(lambda: bool(section.secret_edit.text()), 30, "the new secret")
            secret = section.secret_edit.text()
            assert section.uri_edit.text().startswith("otpauth://totp/Pult:300000001%2Fop1?secret=" + secret)
            assert section.secret_edit.isReadOnly()
            section.copy_secret_button.click()
            clipboard = QGuiApplication.clipboard()
            assert clipboard is not None
            assert clipboard.text() == secret
            assert section.action_button.text() == "Подтвердить"

            section.code_edit.setText(code(secret, later=3600))
            section.action_button.click()
            await until(lambda: section.error.isVisible(), 30, "the wrong code's message")
            assert section.error.text() == "Неверный код. Проверьте код в приложении и попробуйте снова."
            assert not two_factor_on(server, token)

            section.code_edit.setText(code(secret))
            section.action_button.click()
            await until(lambda: section.enabled is True, 30, "switched on")
            assert two_factor_on(server, token)
            assert section.secret_edit.text() == ""  # the key is not left on screen
            assert section.action_button.text() == "Выключить"
            assert not section.error.isVisible()

            section.code_edit.setText("12")
            section.action_button.click()
            assert section.error.text() == "Код состоит из 6 цифр."

            section.code_edit.setText(code(secret, later=30))  # the confirming code's step is used up
            section.action_button.click()
            await until(lambda: section.enabled is False, 30, "switched off")
            assert not two_factor_on(server, token)
            assert section.enable_button.isVisible()
        finally:
            section.close()
            await asyncio.gather(*tasks, return_exceptions=True)
            release_now(section, service)

    run(qapp, scenario, server, token)


def test_more_than_five_wrong_codes_lock_code_entry_and_say_until_when(
    qapp: QApplication, use_language: Callable[[str], None], server: str
) -> None:
    use_language("en")
    token = sign_in(server, "300000001/op2")

    async def scenario(api: ApiClient) -> None:
        tasks: list[asyncio.Future[None]] = []
        service = TwoFactorService(
            api=lambda: api, spawn=lambda coro: tasks.append(asyncio.ensure_future(coro))
        )
        section = TwoFactorSection(service=service)
        section.show()
        try:
            await until(lambda: section.enabled is False, 30, "the state from the server")
            section.enable_button.click()
            await until(lambda: bool(section.secret_edit.text()), 30, "the new secret")
            wrong = code(section.secret_edit.text(), later=3600)
            for attempt in range(6):
                section.code_edit.setText(wrong)
                section.action_button.click()
                await until(lambda: section.action_button.isEnabled(), 30, f"answer {attempt + 1}")
            assert section.error.text().startswith("Too many wrong codes. Code entry is locked until ")
            section.code_edit.setText(code(section.secret_edit.text()))
            section.action_button.click()
            await until(lambda: section.action_button.isEnabled(), 30, "the locked answer")
            assert section.error.text().startswith("Too many wrong codes.")
            assert not two_factor_on(server, token)
        finally:
            section.close()
            await asyncio.gather(*tasks, return_exceptions=True)
            release_now(section, service)

    run(qapp, scenario, server, token)
