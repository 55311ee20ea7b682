"""Hold, transfers, DTMF and local conference, each verified at the far ends (Kamailio, baresip)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio, wait_until
from tests.softphone.scoring import rms, tone_fraction

pytestmark = [pytest.mark.sip, pytest.mark.slow]


def _alice(engine_factory: Callable[..., EngineProcess], kamailio: Kamailio) -> EngineProcess:
    engine = engine_factory(codecs=["PCMU", "PCMA"])
    result = engine.do(
        "register", registrar=f"sip:127.0.0.1:{kamailio.port}", user="alice", password="alicepw"
    )
    assert result["state"] == "registered"
    return engine


def _connected_call(engine: EngineProcess, kamailio: Kamailio, peer: Baresip, user: str) -> int:
    before = len(peer.find_events("CALL_ESTABLISHED"))
    call: int = engine.do("call", uri=f"sip:{user}@127.0.0.1:{kamailio.port}")
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    peer.wait_event("CALL_ESTABLISHED", 10, count=before + 1)
    return call


def _sdp_directions(kamailio: Kamailio) -> list[str]:
    return [r.split()[1] for r in kamailio.requests() if r.startswith("SDP ")]


@pytest.fixture
def tone_wav(tmp_path: Path) -> Path:
    wav = tmp_path / "tone1000.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "8000",
            "-c",
            "1",
            "-b",
            "16",
            str(wav),
            "synth",
            "40",
            "sine",
            "1000",
            "vol",
            "0.5",
        ],
        check=True,
        timeout=30,
    )
    return wav


def test_hold_sends_sendonly_and_resume_sendrecv(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    engine = _alice(engine_factory, kamailio)
    call = _connected_call(engine, kamailio, bob, "bob")
    engine.do("hold", call=call)
    engine.wait_event("CallStateEvent", call_id=call, state="held")
    wait_until(lambda: "sendonly" in _sdp_directions(kamailio), 5, "re-INVITE with a=sendonly at the proxy")
    engine.do("resume", call=call)
    wait_until(lambda: _sdp_directions(kamailio)[-1:] == ["sendrecv"], 5, "re-INVITE with a=sendrecv")
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed", timeout=5)
    assert not bob.find_events("CALL_CLOSED")


def test_dtmf_rfc4733_and_sip_info_reach_the_peer(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    engine = _alice(engine_factory, kamailio)
    call = _connected_call(engine, kamailio, bob, "bob")
    engine.do("dtmf", call=call, digits="19#")
    digits = bob.wait_event("CALL_DTMF_START", 10, count=3)
    assert [e["param"] for e in digits] == ["1", "9", "#"]
    engine.do("dtmf", call=call, digits="7", method="sip_info")
    info = wait_until(
        lambda: [r for r in kamailio.requests() if r.startswith("INFO-BODY")], 5, "INFO at proxy"
    )
    assert "Signal=7" in info[0]


def test_post_dial_extension_is_sent_as_dtmf_after_the_pause(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    engine = _alice(engine_factory, kamailio)
    call = engine.do("call", uri=f"sip:bob@127.0.0.1:{kamailio.port}", dtmf="253", dtmf_delay=1.0)
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    digits = bob.wait_event("CALL_DTMF_START", 10, count=3)
    assert [e["param"] for e in digits] == ["2", "5", "3"]


def test_blind_transfer_connects_the_peer_to_the_target(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    carol = baresip_factory("carol", registrar=kamailio)
    engine = _alice(engine_factory, kamailio)
    call = _connected_call(engine, kamailio, bob, "bob")
    engine.do("transfer_blind", call=call, uri=f"sip:carol@127.0.0.1:{kamailio.port}")
    final = engine.wait_event("TransferEvent", call_id=call, final=True, timeout=20)
    assert final["code"] == 200
    engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    incoming = carol.wait_event("CALL_ESTABLISHED", 10)
    assert "bob" in incoming[0].get("peeruri", "")
    assert any(r.startswith("REFER-TO") and "carol" in r for r in kamailio.requests())


def test_attended_transfer_connects_both_peers_and_frees_our_legs(
    kamailio: Kamailio, baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    carol = baresip_factory("carol", registrar=kamailio)
    engine = _alice(engine_factory, kamailio)
    first = _connected_call(engine, kamailio, bob, "bob")
    engine.do("hold", call=first)
    engine.wait_event("CallStateEvent", call_id=first, state="held")
    consult = _connected_call(engine, kamailio, carol, "carol")
    engine.do("transfer_attended", call=first, other=consult)
    final = engine.wait_event("TransferEvent", call_id=first, final=True, timeout=20)
    assert final["code"] == 200
    engine.wait_event("CallStateEvent", call_id=first, state="disconnected")
    engine.wait_event("CallStateEvent", call_id=consult, state="disconnected")
    refer_to = [r for r in kamailio.requests() if r.startswith("REFER-TO")]
    assert "Replaces" in refer_to[0]
    from_bob = wait_until(
        lambda: [e for e in carol.find_events("CALL_ESTABLISHED") if "bob" in e.get("peeruri", "")],
        10,
        "bob→carol",
    )
    assert from_bob


def test_local_conference_mixes_the_two_peers(
    tmp_path: Path,
    tone_wav: Path,
    kamailio: Kamailio,
    baresip_factory: Callable[..., Baresip],
    engine_factory: Callable[..., EngineProcess],
) -> None:
    bob = baresip_factory("bob", registrar=kamailio)
    carol = baresip_factory("carol", registrar=kamailio, speech=tone_wav)  # carol plays a 1 kHz tone
    engine = _alice(engine_factory, kamailio)
    # No hold before the conference here: baresip's sndfile names its dumps by the second and a re-INVITE
    # restarts them, so a hold/resume within one second would clobber the recording we analyse.
    first = _connected_call(engine, kamailio, bob, "bob")
    second = _connected_call(engine, kamailio, carol, "carol")
    engine.do("conference", calls=[first, second])
    # Give the mix a few seconds of audio, then end the calls so baresip closes its recordings.
    carol_heard = wait_until(
        lambda: engine.events("MediaStateEvent", call_id=second, active=True), 5, "media"
    )
    assert carol_heard
    time.sleep(3.0)  # three seconds of conference audio to analyse
    engine.do("hangup", call=first)
    engine.do("hangup", call=second)
    bob.wait_event("CALL_CLOSED", 10)
    carol.wait_event("CALL_CLOSED", 10)
    # Bob's recording must contain carol's tone: only our bridge can have mixed it in.
    heard_by_bob = wait_until(bob.decoded_recordings, 5, "bob's recording")[-1]
    assert tone_fraction(heard_by_bob, 1000.0) > 0.2
    heard_by_carol = wait_until(carol.decoded_recordings, 5, "carol's recording")[-1]
    assert tone_fraction(heard_by_carol, 1000.0) < 0.05  # carol hears bob's speech, not her own tone
    assert rms(heard_by_carol) > 300
