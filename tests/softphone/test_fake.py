"""The fake engine used by UI tests follows the real engine's event contract."""

from __future__ import annotations

import queue
from collections.abc import Iterator

import pytest

from softphone.config import AccountConfig, EngineConfig
from softphone.errors import InvalidNumberError
from softphone.events import CallState, CallStateEvent, MessageKey, RegistrationState, SoftphoneEvent
from softphone.fake import FakeSoftphoneEngine


@pytest.fixture
def fake() -> Iterator[tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]]]:
    events: queue.Queue[SoftphoneEvent] = queue.Queue()
    engine = FakeSoftphoneEngine(EngineConfig(), events.put, step_s=0.01)
    engine.start()
    yield engine, events
    engine.stop()


def _states(events: queue.Queue[SoftphoneEvent], call_id: int, until: CallState) -> list[CallState]:
    seen: list[CallState] = []
    while True:
        event = events.get(timeout=2)
        if isinstance(event, CallStateEvent) and event.call_id == call_id:
            seen.append(event.state)
            if event.state is until:
                return seen


def test_outgoing_call_rings_then_connects(
    fake: tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]],
) -> None:
    engine, events = fake
    call_id = engine.call("sip:bob@example.org").result(2)
    assert _states(events, call_id, CallState.CONFIRMED) == [
        CallState.CALLING,
        CallState.EARLY,
        CallState.CONFIRMED,
    ]


def test_busy_far_end_gives_486_with_message_key(
    fake: tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]],
) -> None:
    engine, events = fake
    engine.next_call_result = 486
    call_id = engine.call("sip:bob@example.org").result(2)
    _states(events, call_id, CallState.DISCONNECTED)
    assert engine.calls == {}


def test_wrong_password_fails_registration_with_401(
    fake: tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]],
) -> None:
    engine, _ = fake
    result = engine.register(AccountConfig("sip:pbx", "alice", "wrong")).result(2)
    assert (result.state, result.code, result.message_key) == (
        RegistrationState.FAILED,
        401,
        MessageKey.WRONG_CREDENTIALS,
    )


def test_invalid_uri_fails_the_future(fake: tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]]) -> None:
    engine, _ = fake
    with pytest.raises(InvalidNumberError):
        engine.call("sip:bad uri").result(2)


def test_answering_holds_the_active_call(
    fake: tuple[FakeSoftphoneEngine, queue.Queue[SoftphoneEvent]],
) -> None:
    engine, events = fake
    first = engine.call("sip:bob@example.org").result(2)
    _states(events, first, CallState.CONFIRMED)
    second = engine.simulate_incoming("sip:carol@example.org").result(2)
    engine.answer(second).result(2)
    assert _states(events, first, CallState.HELD) == [CallState.HELD]


def test_fake_offers_every_public_method_of_the_real_engine_with_the_same_parameters() -> None:
    import inspect

    from softphone.engine import SoftphoneEngine

    for name, member in inspect.getmembers(SoftphoneEngine, inspect.isfunction):
        if name.startswith("_"):
            continue
        fake_member = getattr(FakeSoftphoneEngine, name, None)
        assert fake_member is not None, f"FakeSoftphoneEngine lacks {name}"
        real = list(inspect.signature(member).parameters)
        fake = list(inspect.signature(fake_member).parameters)
        assert fake[: len(real)] == real, (name, real, fake)
