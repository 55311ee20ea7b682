"""Registration against a real Kamailio registrar with digest auth."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Kamailio, wait_until

pytestmark = [pytest.mark.sip]


def test_register_with_right_password_is_accepted_by_kamailio(
    kamailio: Kamailio, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory()
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw"
    )
    assert (result["state"], result["code"], result["message_key"]) == ("registered", 200, "ok")
    assert any(r.startswith("REGISTER") and "alice" in r for r in kamailio.requests())
    engine.do("unregister")
    engine.wait_event("RegistrationEvent", state="unregistered")


def test_wrong_password_gives_a_typed_failure_with_the_sip_code(
    kamailio: Kamailio, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory()
    result = engine.do("register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="nope")
    assert result["state"] == "failed"
    assert result["code"] == 403  # the test registrar's answer to a bad digest
    assert result["message_key"] == "sip.wrong_credentials"


def test_register_over_tcp(kamailio: Kamailio, engine_factory: Callable[..., EngineProcess]) -> None:
    engine = engine_factory()
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="bob", password="bobpw", transport="tcp"
    )
    assert (result["state"], result["code"]) == ("registered", 200)


def test_unreachable_registrar_fails_in_bounded_time(engine_factory: Callable[..., EngineProcess]) -> None:
    from tests.softphone.peers import free_port_block

    engine = engine_factory(register_timeout_s=3.0)
    dead = free_port_block(2)  # nothing listens here
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{dead}", user="alice", password="x", transport="tcp"
    )
    assert result["state"] == "failed"
    assert result["message_key"] == "sip.registrar_unreachable"
    assert result["code"] in (408, 502, 503)


@pytest.mark.slow
def test_registration_recovers_after_the_registrar_comes_back(
    kamailio: Kamailio, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory()
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw",
        transport="tcp", expires_s=8, retry_interval_s=2,
    )  # fmt: skip
    assert result["state"] == "registered"
    kamailio.stop()  # the network to the PBX goes away
    engine.wait_event("RegistrationEvent", state="failed", timeout=20)
    before = len(engine.events("RegistrationEvent", state="registered"))
    kamailio.start()  # ... and comes back on the same address
    wait_until(
        lambda: len(engine.events("RegistrationEvent", state="registered")) > before, 20, "re-registration"
    )
    assert any(r.startswith("REGISTER") for r in kamailio.requests())  # the new Kamailio's own log
