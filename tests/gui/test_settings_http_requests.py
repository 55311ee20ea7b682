"""«HTTP-запросы» (TP-41): the tab checks the address as the server does, and on an external incoming call
the filled-in link is opened — received here by a local HTTP server through Qt's URL handler."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from app.protocol.calls import HIDDEN_NUMBER
from app.protocol.errors import ErrorBody, ErrorCode, FieldError
from app.protocol.settings_tabs import ScreenPopSettings
from app.services import settings_api
from app.services.errors import ServerUnreachableError, ValidationFailedError
from app.services.screen_pop import ScreenPopService, fill
from app.state.calls import CallOrigin, CallPhase, CallSnapshot, CallsStore
from tests.gui.settings_fake import FakeSettingsService
from ui.settings.http_requests_tab import HttpRequestsTab, open_in_browser


def make(qtbot: QtBot) -> tuple[HttpRequestsTab, FakeSettingsService]:
    service = FakeSettingsService()
    tab = HttpRequestsTab(service=service)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    assert service.names() == ["load_screen_pop"]
    service.finished.emit(settings_api.SCREEN_POP, ScreenPopSettings())
    return tab, service


def test_the_tab_saves_the_enabled_link(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.enabled_box.setChecked(True)
    tab.url_edit.setText("https://crm.example/?q=")
    tab.variable_buttons["ex_phone"].click()
    tab.save_button.click()
    (body,) = service.last("save_screen_pop")
    assert body == ScreenPopSettings(enabled=True, url="https://crm.example/?q={ex_phone}")
    service.finished.emit(settings_api.SCREEN_POP_SAVED, body)
    assert not tab.notice.isHidden()


@pytest.mark.parametrize(
    ("url", "english", "russian"),
    [
        ("", "Fill this in", "Заполните"),
        ("crm.example/?q={ex_phone}", "http://", "http://"),
        ("https://crm.example/?q={phone}", "{phone}", "{phone}"),
    ],
)
def test_a_bad_link_is_refused_under_the_field_in_both_languages_and_kept(
    qtbot: QtBot, use_language: Callable[[str], None], url: str, english: str, russian: str
) -> None:
    for language, expected in (("en", english), ("ru", russian)):
        use_language(language)
        tab, service = make(qtbot)
        tab.enabled_box.setChecked(True)
        tab.url_edit.setText(url)
        tab.save_button.click()
        assert "save_screen_pop" not in service.names()
        assert not tab.url_error.isHidden()
        assert expected in tab.url_error.text()
        if language == "ru":
            assert any("а" <= ch <= "я" for ch in tab.url_error.text().lower())
        assert tab.url_edit.text() == url


def test_a_server_refusal_goes_under_the_field(qtbot: QtBot) -> None:
    tab, service = make(qtbot)
    tab.enabled_box.setChecked(True)
    tab.url_edit.setText("https://crm.example/")
    tab.save_button.click()
    body = ErrorBody(
        code=ErrorCode.VALIDATION,
        message="bad",
        fields=[FieldError(loc=["body", "url"], message="bad host", type="value_error")],
    )
    service.failed.emit(settings_api.SCREEN_POP_SAVED, ValidationFailedError("x", body=body, status=422))
    assert "bad host" in tab.url_error.text()
    assert tab.url_edit.text() == "https://crm.example/"
    assert tab.save_button.isEnabled()


def test_variables_are_percent_encoded_also_when_written_encoded() -> None:
    values = {"ex_phone": "+7 999", "in_phone": "101"}
    assert fill("http://h/?a={ex_phone}&b=%7Bin_phone%7D", values) == "http://h/?a=%2B7%20999&b=101"


# -- the call side against a local HTTP server ------------------------------------------------------------


@dataclass
class Recorder:
    requests: list[str] = field(default_factory=list)
    port: int = 0


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    found = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found.requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


class Browser(QObject):
    """Stands in for the default browser: fetches what Qt's openUrl hands it."""

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        with urlopen(url.toString(QUrl.ComponentFormattingOption.FullyEncoded), timeout=10) as answer:
            answer.read()


@pytest.fixture
def browser() -> Iterator[Browser]:
    handler = Browser()
    QDesktopServices.setUrlHandler("http", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("http")


class SettingsApi:
    """The API client's ``send`` as the screen-pop service uses it."""

    def __init__(self, settings: ScreenPopSettings | None) -> None:
        self.settings = settings
        self.asked = 0

    async def send(self, method: str, path: str, model: Any, **_: Any) -> Any:
        assert (method, path) == ("GET", "/me/screen-pop")
        self.asked += 1
        if self.settings is None:
            raise ServerUnreachableError("down")
        return self.settings


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


def offered(key: str = "cc:41", **changes: Any) -> CallSnapshot:
    values: dict[str, Any] = {
        "key": key,
        "origin": CallOrigin.CONTACT_CENTER,
        "phase": CallPhase.OFFERED,
        "incoming": True,
        "remote": "+79990001122",
        "cc_call_id": 41,
        "offer_id": 7,
        "worker_uri": "sip:127.0.0.1:5072;transport=udp",
    }
    values.update(changes)
    return CallSnapshot(**values)


def test_an_external_incoming_call_opens_the_link_with_all_six_variables(
    qtbot: QtBot, recorder: Recorder, browser: Browser
) -> None:
    url = (
        f"http://127.0.0.1:{recorder.port}/card?ключ1={{ex_phone}}&ключ2={{in_phone}}&c={{context_id}}"
        "&a={call_id_a}&b={call_id_b}&s={switch_id}"
    )
    api = SettingsApi(ScreenPopSettings(enabled=True, url=url))
    calls = CallsStore()
    service = ScreenPopService(calls=calls, extension=lambda: "101", api=lambda: api, spawn=run_now)  # type: ignore[arg-type,return-value]
    service.open_requested.connect(open_in_browser)
    calls.upsert(offered())
    qtbot.waitUntil(lambda: len(recorder.requests) == 1, timeout=10_000)
    parts = urlsplit(recorder.requests[0])
    assert parts.path == "/card"
    assert parse_qs(parts.query) == {
        "ключ1": ["+79990001122"],
        "ключ2": ["101"],
        "c": ["41"],
        "a": ["41"],
        "b": ["7"],
        "s": ["127.0.0.1:5072"],
    }
    # Answering the same call does not open the card again; a new call does.
    calls.upsert(offered(phase=CallPhase.TALKING))
    calls.upsert(offered("cc:42", cc_call_id=42, remote=HIDDEN_NUMBER))
    qtbot.waitUntil(lambda: len(recorder.requests) == 2, timeout=10_000)
    assert parse_qs(urlsplit(recorder.requests[1]).query, keep_blank_values=True)["ключ1"] == [""]


def test_internal_outgoing_and_disabled_calls_open_nothing(
    qtbot: QtBot, recorder: Recorder, browser: Browser
) -> None:
    api = SettingsApi(ScreenPopSettings(enabled=False, url=f"http://127.0.0.1:{recorder.port}/x"))
    calls = CallsStore()
    opened: list[str] = []
    service = ScreenPopService(calls=calls, extension=lambda: "101", api=lambda: api, spawn=run_now)  # type: ignore[arg-type,return-value]
    service.open_requested.connect(opened.append)
    calls.upsert(offered())  # disabled
    internal = offered("sip:3", origin=CallOrigin.SIP, remote="sip:102@pbx", sip_call_id=3)
    calls.upsert(internal)
    api.settings = ScreenPopSettings(enabled=True, url=f"http://127.0.0.1:{recorder.port}/x")
    calls.upsert(offered("cc:50", cc_call_id=50, incoming=False))
    assert opened == []
    assert api.asked == 1  # neither the internal nor the outgoing call asked


def test_the_last_known_settings_serve_when_the_server_cannot_be_asked(qtbot: QtBot) -> None:
    api = SettingsApi(ScreenPopSettings(enabled=True, url="http://crm.example/?p={ex_phone}"))
    calls = CallsStore()
    opened: list[str] = []
    service = ScreenPopService(calls=calls, extension=lambda: "101", api=lambda: api, spawn=run_now)  # type: ignore[arg-type,return-value]
    service.open_requested.connect(opened.append)
    calls.upsert(offered())
    api.settings = None
    calls.upsert(offered("cc:43", cc_call_id=43, remote="+79990003344"))
    assert opened == ["http://crm.example/?p=%2B79990001122", "http://crm.example/?p=%2B79990003344"]
