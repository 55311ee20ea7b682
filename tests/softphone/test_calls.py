"""Calls through Kamailio to baresip far ends, and direct (contact-center mode) calls."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio

pytestmark = [pytest.mark.sip]


def _registered(
    engine_factory: Callable[..., EngineProcess], kamailio: Kamailio, **config: object
) -> EngineProcess:
    engine = engine_factory(codecs=["PCMU", "PCMA"], **config)
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw"
    )
    assert result["state"] == "registered"
    return engine


def test_call_to_registered_peer_connects_and_hangs_up(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    engine = _registered(engine_factory, kamailio)
    call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio.port}")
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    media = engine.wait_event("MediaStateEvent", call_id=call, active=True)
    assert media["codec"] == "PCMU"
    bob.wait_event("CALL_ESTABLISHED", 10)
    engine.do("hangup", call=call)
    ended = engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert ended["message_key"] == "sip.normal_clearing"
    bob.wait_event("CALL_CLOSED", 10)


def test_unknown_number_gives_404_event_not_a_hang(
    kamailio: Kamailio, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _registered(engine_factory, kamailio)
    call = engine.do("call", uri=f"sip:nobody@127.0.0.1:{kamailio.port}")
    ended = engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert (ended["code"], ended["message_key"]) == (404, "sip.not_found")


def test_invalid_uri_is_refused_with_invalid_number_key(engine_factory: Callable[..., EngineProcess]) -> None:
    engine = engine_factory()
    reply = engine.request("call", uri="sip:bad uri@@")
    assert not reply["ok"]
    assert reply["message_key"] == "dial.invalid_number"


def test_busy_peer_gives_486_event(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio, answer="manual")
    engine = _registered(engine_factory, kamailio)
    call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio.port}")
    engine.wait_event("CallStateEvent", call_id=call, state="early")
    bob.wait_event("CALL_INCOMING", 10)
    bob.command("hangup")  # rejecting a ringing call: baresip answers 486 Busy Here
    ended = engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert ended["code"] == 486
    assert ended["message_key"] == "sip.busy"


def test_contact_center_call_carries_offer_header_without_registration(
    engine_factory: Callable[..., EngineProcess],
) -> None:
    worker = engine_factory()  # stands in for the switch worker: a direct-IP identity, no registrar
    port = worker.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    operator = engine_factory()
    call = operator.do("call", uri=f"sip:queue@127.0.0.1:{port}", headers={"X-Pult-Offer": "tok-123"})
    incoming = worker.wait_event("CallStateEvent", state="incoming")
    assert incoming["headers"].get("X-Pult-Offer") == "tok-123"
    worker.do("answer", call=incoming["call_id"])
    media = operator.wait_event("MediaStateEvent", call_id=call, active=True)
    assert media["codec"]
    operator.do("hangup", call=call)
    worker.wait_event("CallStateEvent", call_id=incoming["call_id"], state="disconnected")


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("tls")
    cert, key = out / "cert.pem", out / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


def test_direct_call_over_tls_with_mandatory_srtp(
    tls_cert: tuple[str, str], engine_factory: Callable[..., EngineProcess]
) -> None:
    cert, key = tls_cert
    worker = engine_factory(transports=["tls"], tls_cert_file=cert, tls_key_file=key, srtp="mandatory")
    port = worker.wait_event("EngineStartedEvent")["sip_ports"]["tls"]
    operator = engine_factory(transports=["tls"], srtp="mandatory")
    call = operator.do("call", uri=f"sip:queue@127.0.0.1:{port};transport=tls")
    incoming = worker.wait_event("CallStateEvent", state="incoming")
    worker.do("answer", call=incoming["call_id"])
    media = operator.wait_event("MediaStateEvent", call_id=call, active=True)
    assert media["srtp"] is True
    operator.do("hangup", call=call)
    worker.wait_event("CallStateEvent", call_id=incoming["call_id"], state="disconnected")


def test_mandatory_srtp_against_a_plain_rtp_peer_is_refused_with_a_typed_code(
    engine_factory: Callable[..., EngineProcess],
) -> None:
    worker = engine_factory(srtp="off")
    port = worker.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    operator = engine_factory(srtp="mandatory")
    call = operator.do("call", uri=f"sip:queue@127.0.0.1:{port}")
    ended = operator.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert ended["code"] in (488, 406)
    assert ended["message_key"] in ("sip.not_acceptable", "sip.client_error")


def test_a_refer_from_the_peer_makes_us_call_the_transfer_target(
    engine_factory: Callable[..., EngineProcess],
) -> None:
    operator = engine_factory()
    transferor = engine_factory()
    target = engine_factory()
    transferor_port = transferor.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    target_port = target.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    call = operator.do("call", uri=f"sip:desk@127.0.0.1:{transferor_port}")
    incoming = transferor.wait_event("CallStateEvent", state="incoming")
    transferor.do("answer", call=incoming["call_id"])
    operator.wait_event("CallStateEvent", call_id=call, state="confirmed")
    transferor.do("transfer_blind", call=incoming["call_id"], uri=f"sip:sales@127.0.0.1:{target_port}")
    at_target = target.wait_event("CallStateEvent", state="incoming")  # we dialled the target ourselves
    target.do("answer", call=at_target["call_id"])
    new_leg = operator.wait_event(
        "CallStateEvent", state="confirmed", remote_uri=f"sip:sales@127.0.0.1:{target_port}"
    )
    assert new_leg["call_id"] != call
    transferor.wait_event("TransferEvent", final=True, code=200)
    operator.wait_event("CallStateEvent", call_id=call, state="disconnected")
