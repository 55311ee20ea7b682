"""An operator's client that vanishes (its last realtime stream closed and none came back within the
grace): calls ringing at them go to the next operator as ``operator_vanished``, no new call is offered to
them, and a client that comes back makes them eligible again. The ACD's entry points are driven directly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.server.core.db import Database
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _two_online(cc: CC) -> None:
    for login in ("op1", "op2"):
        cc.session(login)
        cc.clock.advance(seconds=1)
        cc.engine.client_connected(cc.ids[login])


def test_a_call_ringing_at_a_vanished_client_goes_to_the_next_operator(cc: CC) -> None:
    _two_online(cc)
    ref = cc.arrive()
    assert cc.ringing(ref) == ["op1"]
    cc.engine.client_grace_seconds = 0.0
    cc.engine.client_disconnected(cc.ids["op1"])
    cc.engine.tick()
    assert cc.offer_results(ref) == [("op1", "operator_vanished"), ("op2", None)]
    assert cc.ringing(ref) == ["op2"]


def test_no_new_call_is_offered_to_a_vanished_client_until_it_is_back(cc: CC) -> None:
    _two_online(cc)
    cc.engine.client_grace_seconds = 0.0
    cc.engine.client_disconnected(cc.ids["op1"])
    cc.engine.tick()
    first = cc.arrive()
    assert cc.ringing(first) == ["op2"]
    assert cc.answer(first, "op2")
    cc.engine.client_connected(cc.ids["op1"])
    second = cc.arrive(caller="+79990000002")
    assert cc.ringing(second) == ["op1"]


def test_a_client_back_within_the_grace_keeps_its_offer(cc: CC) -> None:
    _two_online(cc)
    ref = cc.arrive()
    cc.engine.client_grace_seconds = 3600.0
    cc.engine.client_disconnected(cc.ids["op1"])
    cc.engine.tick()
    cc.engine.client_connected(cc.ids["op1"])
    cc.engine.client_grace_seconds = 0.0
    cc.engine.tick()
    assert cc.ringing(ref) == ["op1"]


def test_one_of_two_clients_closing_is_not_vanishing(cc: CC) -> None:
    _two_online(cc)
    cc.engine.client_connected(cc.ids["op1"])  # a second client of op1
    ref = cc.arrive()
    cc.engine.client_grace_seconds = 0.0
    cc.engine.client_disconnected(cc.ids["op1"])
    cc.engine.tick()
    assert cc.ringing(ref) == ["op1"]
