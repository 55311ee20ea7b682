"""A conversation transferred to a phone number when the company has no line: the real server refuses it
with ``detail.reason: "no_line"`` and the client's call actions turn that into a sentence in the user's
language (the one the queue's «Перевести» shows), not the general «changed by someone else»."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import QCoreApplication, QTranslator

from app.server.core.db import Database
from app.services.api import ApiClient
from app.services.call_center import CallCenterActions
from app.services.errors import ClientError
from app.state.calls import MissedStore
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock
from ui.texts import error_message

ROOT = Path(__file__).resolve().parents[2]


class _ThroughTestClient(httpx.AsyncBaseTransport):
    """The client's async API calls answered by the in-process server app."""

    def __init__(self, client: TestClient) -> None:
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._client.request(
            request.method,
            request.url.raw_path.decode(),
            content=request.content,
            headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
        )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


@pytest.fixture
def russian(qapp: QCoreApplication, tmp_path: Path) -> Iterator[None]:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    qm = tmp_path / "pult_ru.qm"
    subprocess.run(
        [str(lrelease), "-silent", str(ROOT / "translations/pult_ru.ts"), "-qm", str(qm)], check=True
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _refusal(cc: CC, target: str) -> ClientError:
    for login in ("op1", "op2"):
        cc.session(login)
        cc.clock.advance(seconds=1)
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op1"]
    assert cc.answer(ref, "op1")
    call_id = cc.call_id(ref)
    api = ApiClient(server="http://pult.test", transport=_ThroughTestClient(cc.api.client))
    api.token = cc.tokens["op1"]
    actions = CallCenterActions(missed=MissedStore())
    actions.bind(api=lambda: api, spawn=asyncio.run)  # type: ignore[arg-type, return-value]
    failures: list[ClientError] = []
    actions.failed.connect(failures.append)
    actions.transfer_to(call_id, target)  # «Перевести» on the call in conversation, a typed number
    asyncio.run(api.aclose())
    assert len(failures) == 1, failures
    return failures[0]


def test_a_transfer_to_a_number_without_a_line_says_why_in_english(cc: CC) -> None:
    refused = _refusal(cc, "79161234567")
    assert refused.status == 409
    assert error_message(refused) == (
        "The company has no line to call a number through: an administrator adds a SIP trunk, "
        "or give a SIP address (sip:name@host)."
    )


def test_a_transfer_to_a_number_without_a_line_says_why_in_russian(cc: CC, russian: None) -> None:
    text = error_message(_refusal(cc, "79161234567"))
    assert text.startswith("У компании нет линии"), text
