"""SIP over TLS to a real Kamailio (``tls.so``) with a CA and server certificate made by the fixture.

What is shown is checked at the peers: Kamailio logs the transport of every request it receives
(``KamailioTls.transports``) and the TLS connections it accepts; baresip, registered over TLS too,
reports the call and records what it hears.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.softphone.conftest import USERS
from tests.softphone.driver import ROOT, EngineProcess
from tests.softphone.peers import (
    Baresip,
    KamailioTls,
    TlsPki,
    make_test_pki,
    tls_module_present,
    tools_missing,
    wait_until,
)
from tests.softphone.scoring import pesq_nb, read_wav, rms, ulaw_round_trip

pytestmark = [
    pytest.mark.sip,
    pytest.mark.skipif(
        not tls_module_present(),
        reason="Kamailio has no tls.so: install Debian kamailio-tls-modules (requirements/debian-test.txt)",
    ),
]

TLS_ACCEPTED = "tls_accept: new connection from"


@pytest.fixture
def pki(tmp_path: Path) -> TlsPki:
    missing = tools_missing("openssl")
    if missing:
        pytest.skip("needs openssl (requirements/debian-test.txt)")
    return make_test_pki(tmp_path / "pki")


@pytest.fixture
def rogue_pki(tmp_path: Path) -> TlsPki:
    """Another CA, unknown to Kamailio's certificate: trusting only it must refuse the server."""
    return make_test_pki(tmp_path / "rogue-pki", "Rogue CA")


@pytest.fixture
def kamailio_tls(tmp_path: Path, pki: TlsPki) -> Iterator[KamailioTls]:
    missing = tools_missing("kamailio")
    if missing:
        pytest.skip("needs kamailio (requirements/debian-test.txt)")
    workdir = tmp_path / "kamailio-tls"
    workdir.mkdir()
    server = KamailioTls(workdir, USERS, pki=pki)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def bob_tls(tmp_path: Path, speech_wav: Path, pki: TlsPki, kamailio_tls: KamailioTls) -> Iterator[Baresip]:
    """baresip registered at Kamailio over TLS, auto-answering with speech and recording what it hears."""
    if tools_missing("baresip", "sox"):
        pytest.skip("needs baresip and sox (requirements/debian-test.txt)")
    # baresip ends the call when its source file ends: give it silence to outlast the conversation.
    speech = tmp_path / "bob-speech.wav"
    subprocess.run(["sox", str(speech_wav), str(speech), "pad", "0", "15"], check=True, timeout=30)
    workdir = tmp_path / "baresip-bob"
    workdir.mkdir()
    peer = Baresip(
        workdir, "bob", speech, password=USERS["bob"], registrar_port=kamailio_tls.tls_port,
        tls=pki, registrar_transport="tls",
    )  # fmt: skip
    peer.start()
    yield peer
    peer.stop()


def _tls_connections(kamailio: KamailioTls) -> int:
    return kamailio.log_path.read_text(errors="replace").count(TLS_ACCEPTED)


def _tls_engine(engine_factory: Callable[..., EngineProcess], ca: Path, verify: bool = True) -> EngineProcess:
    return engine_factory(
        transports=["udp", "tls"], tls_ca_file=str(ca), tls_verify_server=verify, codecs=["PCMU", "PCMA"]
    )


def _register_tls(engine: EngineProcess, kamailio: KamailioTls) -> dict[str, object]:
    result: dict[str, object] = engine.do(
        "register",
        registrar=f"sip:127.0.0.1:{kamailio.tls_port}",
        user="alice",
        password="alicepw",
        transport="tls",
    )
    return result


def test_engine_registers_over_tls_verifying_the_server_with_the_test_ca(
    pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _tls_engine(engine_factory, pki.ca)
    result = _register_tls(engine, kamailio_tls)
    assert (result["state"], result["code"], result["message_key"]) == ("registered", 200, "ok")
    # At the peer: the REGISTERs (challenge and the authenticated one) came over TLS and nothing else did.
    assert kamailio_tls.transports().count(("REGISTER", "tls")) >= 2
    assert {proto for _, proto in kamailio_tls.transports()} == {"tls"}
    assert _tls_connections(kamailio_tls) >= 1
    engine.do("unregister")
    engine.wait_event("RegistrationEvent", state="unregistered")


def test_server_certificate_of_an_unknown_ca_is_refused_with_a_typed_event(
    rogue_pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _tls_engine(engine_factory, rogue_pki.ca)
    result = _register_tls(engine, kamailio_tls)
    assert result["state"] == "failed"
    assert result["code"] == 503  # pjsip's code for a transport that could not be set up
    assert result["message_key"] == "sip.tls_certificate"
    assert "certificate" in str(result["reason"]).lower()
    event = engine.wait_event("RegistrationEvent", state="failed")
    assert event["message_key"] == "sip.tls_certificate"
    # At the peer: the engine opened the TLS connection, saw the certificate, and sent nothing over it.
    wait_until(lambda: _tls_connections(kamailio_tls) >= 1, 10, "the TLS connection at Kamailio")
    assert kamailio_tls.transports() == []
    # The same engine set-up without verification registers: it is the verification that refused.
    lenient = _tls_engine(engine_factory, rogue_pki.ca, verify=False)
    assert _register_tls(lenient, kamailio_tls)["state"] == "registered"
    assert ("REGISTER", "tls") in kamailio_tls.transports()


def test_direct_call_to_a_server_of_an_unknown_ca_ends_with_the_tls_event(
    rogue_pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _tls_engine(engine_factory, rogue_pki.ca)  # no registration: the contact-center mode's path
    call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio_tls.tls_port};transport=tls")
    ended = engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert ended["message_key"] == "sip.tls_certificate"
    assert ended["code"] >= 400
    assert "certificate" in str(ended["reason"]).lower()
    wait_until(lambda: _tls_connections(kamailio_tls) >= 1, 10, "the TLS connection at Kamailio")
    assert kamailio_tls.transports() == []  # the INVITE never reached Kamailio


def test_cli_with_a_missing_ca_file_says_so(tmp_path: Path) -> None:
    proc = _cli(
        "call", "sip:bob@127.0.0.1:5", "--transport", "tls", "--tls-ca", str(tmp_path / "nowhere.pem"),
    )  # fmt: skip
    code, result = _result(proc)
    assert code == 2
    assert result["result"] == "error"
    assert "TLS CA file not found" in str(result["reason"])


def test_call_over_tls_to_baresip_has_two_way_speech(
    tmp_path: Path,
    speech_wav: Path,
    pki: TlsPki,
    kamailio_tls: KamailioTls,
    bob_tls: Baresip,
    engine_factory: Callable[..., EngineProcess],
) -> None:
    engine = _tls_engine(engine_factory, pki.ca)
    assert _register_tls(engine, kamailio_tls)["state"] == "registered"
    heard_by_us = tmp_path / "heard-by-alice.wav"
    call = engine.do("call", uri="bob")  # a plain number: the TLS account's registrar domain
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    media = engine.wait_event("MediaStateEvent", call_id=call, active=True)
    assert media["codec"] == "PCMU"
    bob_tls.wait_event("CALL_ESTABLISHED", 10)
    engine.do("record", call=call, wav=str(heard_by_us))
    engine.do("play", call=call, wav=str(speech_wav))
    data, rate = read_wav(speech_wav)
    time.sleep(data.size / rate + 1.5)  # the whole speech and the jitter buffers' tail
    engine.do("hangup", call=call)
    ended = engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert ended["message_key"] == "sip.normal_clearing"
    bob_tls.wait_event("CALL_CLOSED", 10)
    # At the peer: the whole dialog crossed Kamailio over TLS, on both legs.
    methods = kamailio_tls.transports()
    for method in ("INVITE", "ACK", "BYE"):
        assert (method, "tls") in methods, methods
    assert {proto for _, proto in methods} == {"tls"}
    # Two-way media scored against the codec alone; silence, one-way audio or noise score 1.0-1.3.
    baseline = pesq_nb(speech_wav, ulaw_round_trip(speech_wav, tmp_path))
    heard_by_bob = wait_until(bob_tls.decoded_recordings, 10, "baresip's recording")[-1]
    assert rms(heard_by_bob) > 100
    assert rms(heard_by_us) > 100
    uplink, downlink = pesq_nb(speech_wav, heard_by_bob), pesq_nb(speech_wav, heard_by_us)
    print(f"PESQ nb over TLS: μ-law baseline {baseline:.2f}, to bob {uplink:.2f}, from bob {downlink:.2f}")
    assert uplink >= baseline - 1.5, (baseline, uplink)
    assert downlink >= baseline - 1.5, (baseline, downlink)


# ---- the command line -----------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "softphone", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> tuple[int, dict[str, object]]:
    out, _ = proc.communicate(timeout=90)
    lines = out.strip().splitlines()
    assert len(lines) == 1, out  # exactly one line on stdout
    return proc.returncode, json.loads(lines[0])


@pytest.mark.slow
def test_cli_call_over_tls_registers_and_talks(
    tmp_path: Path, speech_wav: Path, pki: TlsPki, kamailio_tls: KamailioTls, bob_tls: Baresip
) -> None:
    recording = tmp_path / "cli-heard.wav"
    proc = _cli(
        "call", f"sip:bob@127.0.0.1:{kamailio_tls.tls_port}",
        "--registrar", f"sip:127.0.0.1:{kamailio_tls.tls_port}", "--user", "alice", "--password", "alicepw",
        "--transport", "tls", "--tls-ca", str(pki.ca),
        "--play", str(speech_wav), "--record", str(recording), "--duration", "3", "--codec", "PCMU",
    )  # fmt: skip
    code, result = _result(proc)
    assert code == 0, result
    assert (result["registration"], result["result"], result["codec"]) == (200, "answered", "PCMU")
    assert 2.5 <= float(result["media_seconds"]) <= 8  # type: ignore[arg-type]
    bob_tls.wait_event("CALL_CLOSED", 10)
    methods = kamailio_tls.transports()
    for method in ("REGISTER", "INVITE", "BYE"):
        assert (method, "tls") in methods, methods
    assert {proto for _, proto in methods} == {"tls"}
    assert rms(recording) > 300  # bob's speech
    heard_by_bob = wait_until(bob_tls.decoded_recordings, 10, "bob's recording")[-1]
    wait_until(lambda: rms(heard_by_bob) > 300, 10, "our WAV in bob's recording")


@pytest.mark.slow
def test_cli_refuses_a_server_certificate_of_an_unknown_ca(
    rogue_pki: TlsPki, kamailio_tls: KamailioTls
) -> None:
    proc = _cli(
        "call", f"sip:bob@127.0.0.1:{kamailio_tls.tls_port}",
        "--registrar", f"sip:127.0.0.1:{kamailio_tls.tls_port}", "--user", "alice", "--password", "alicepw",
        "--transport", "tls", "--tls-ca", str(rogue_pki.ca),
    )  # fmt: skip
    code, result = _result(proc)
    assert code == 1
    assert (result["result"], result["registration"], result["code"]) == ("registration_failed", 503, 503)
    assert "certificate" in str(result["reason"]).lower()
    wait_until(lambda: _tls_connections(kamailio_tls) >= 1, 10, "the TLS connection at Kamailio")
    assert kamailio_tls.transports() == []  # no SIP request reached Kamailio


@pytest.mark.slow
def test_cli_verifies_against_the_system_cas_by_default_and_not_with_no_verify(
    kamailio_tls: KamailioTls,
) -> None:
    register = (
        "call", f"sip:nobody@127.0.0.1:{kamailio_tls.tls_port}",
        "--registrar", f"sip:127.0.0.1:{kamailio_tls.tls_port}", "--user", "alice", "--password", "alicepw",
        "--transport", "tls", "--timeout", "10",
    )  # fmt: skip
    code, result = _result(_cli(*register))  # the test CA is not among the system's CAs
    assert (code, result["result"], result["registration"]) == (1, "registration_failed", 503)
    assert "certificate" in str(result["reason"]).lower()
    assert kamailio_tls.transports() == []
    code, result = _result(_cli(*register, "--tls-no-verify"))
    assert result["registration"] == 200
    assert (code, result["result"], result["code"]) == (
        1,
        "failed",
        404,
    )  # registered, then a 404 from Kamailio
    assert ("REGISTER", "tls") in kamailio_tls.transports()
    assert ("INVITE", "tls") in kamailio_tls.transports()


# ---- the app's «Софтфон» settings -----------------------------------------------------------------


def _engine_from_app_settings(
    engine_factory: Callable[..., EngineProcess], **settings: object
) -> EngineProcess:
    """The engine configured as the client configures it from the «Софтфон» tab's saved values."""
    from app.services.softphone_settings import engine_values, problems
    from app.settings.models import SoftphoneSettings

    value = SoftphoneSettings(transport="tls", codecs=["PCMU", "PCMA"], **settings)  # type: ignore[arg-type]
    assert problems(value) == []
    values = engine_values(value, audio_enabled=False)
    config = {key: values[key] for key in ("transports", "codecs", "srtp", "tls_verify_server")}
    if values["tls_ca_file"] is not None:
        config["tls_ca_file"] = str(values["tls_ca_file"])
    return engine_factory(**config)


def test_app_settings_verifying_with_the_servers_ca_register_over_tls(
    pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _engine_from_app_settings(engine_factory, tls_ca_file=str(pki.ca))  # verify: on by default
    result = _register_tls(engine, kamailio_tls)
    assert (result["state"], result["code"], result["message_key"]) == ("registered", 200, "ok")
    assert ("REGISTER", "tls") in kamailio_tls.transports()


def test_app_settings_with_another_ca_fail_with_the_certificate_message(
    rogue_pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    from ui.texts import softphone_message

    engine = _engine_from_app_settings(engine_factory, tls_ca_file=str(rogue_pki.ca), tls_verify=True)
    result = _register_tls(engine, kamailio_tls)
    assert (result["state"], result["message_key"]) == ("failed", "sip.tls_certificate")
    # The user reads a sentence about the certificate, not the generic failure.
    assert softphone_message(str(result["message_key"])) != softphone_message("call.operation_failed")
    assert "certificate" in softphone_message(str(result["message_key"]))
    wait_until(lambda: _tls_connections(kamailio_tls) >= 1, 10, "the TLS connection at Kamailio")
    assert kamailio_tls.transports() == []  # no SIP request crossed the untrusted connection


def test_app_settings_with_verification_off_register_despite_an_unknown_ca(
    rogue_pki: TlsPki, kamailio_tls: KamailioTls, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = _engine_from_app_settings(engine_factory, tls_ca_file=str(rogue_pki.ca), tls_verify=False)
    assert _register_tls(engine, kamailio_tls)["state"] == "registered"
    assert ("REGISTER", "tls") in kamailio_tls.transports()
