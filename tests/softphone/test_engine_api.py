"""Engine API contracts that need no pjsua2: futures never hang, SIP codes map to message keys."""

from __future__ import annotations

import pytest

from softphone.config import EngineConfig
from softphone.engine import SoftphoneEngine
from softphone.errors import EngineNotRunningError
from softphone.events import MessageKey, message_key_for_sip


def test_commands_on_a_stopped_engine_fail_at_once_instead_of_hanging() -> None:
    engine = SoftphoneEngine(EngineConfig(), lambda event: None)
    future = engine.call("sip:bob@example.org")
    with pytest.raises(EngineNotRunningError):
        future.result(timeout=0.1)
    with pytest.raises(EngineNotRunningError):
        engine.hangup(1).result(timeout=0.1)
    assert engine.levels().headset_ready is False


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (200, MessageKey.OK),
        (401, MessageKey.WRONG_CREDENTIALS),
        (403, MessageKey.FORBIDDEN),
        (404, MessageKey.NOT_FOUND),
        (408, MessageKey.REQUEST_TIMEOUT),
        (480, MessageKey.NO_ANSWER),
        (484, MessageKey.INVALID_NUMBER),
        (486, MessageKey.BUSY),
        (488, MessageKey.NOT_ACCEPTABLE),
        (499, MessageKey.CLIENT_ERROR),
        (503, MessageKey.UNAVAILABLE),
        (500, MessageKey.SERVER_ERROR),
        (603, MessageKey.DECLINED),
    ],
)
def test_sip_codes_map_to_message_keys(code: int, key: MessageKey) -> None:
    assert message_key_for_sip(code) is key
