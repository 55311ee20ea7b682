"""Faults from the far side (issue #3 "Bad input and faults"): malformed SIP, a peer that vanishes mid-call,
digits the peer sends. Each is driven by a real peer (raw UDP socket, baresip) and judged by what the peer
receives or by the engine's events, never by the engine's own state."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, free_port_block, stop_process, tools_missing, wait_until

pytestmark = [pytest.mark.sip]

GARBAGE = [
    b"\x00\xff" * 300,  # binary noise
    b"INVITE sip:pult@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP",  # cut off mid-header
    b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKnone\r\nCSeq: 1 INVITE\r\n\r\n",  # stray
    b"INVITE sip:pult@127.0.0.1 SIP/2.0\r\nContent-Length: 99999\r\n\r\nv=0\r\n",  # lying length
    "INVITE sip:пульт@127.0.0.1 SIP/2.0\r\n\r\n".encode(),  # non-ASCII, no headers
]


def _bad_request(port: int, peer_port: int) -> bytes:
    """A well-formed INVITE whose SDP body is nonsense: the engine must refuse it, not crash or ring."""
    body = "v=0\r\nthis is not a session description\r\nm=audio many RTP/AVP x\r\n"
    return (
        f"INVITE sip:pult@127.0.0.1:{port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{peer_port};branch=z9hG4bK-pult-garbage-1\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:mallory@127.0.0.1:{peer_port}>;tag=m1\r\n"
        f"To: <sip:pult@127.0.0.1:{port}>\r\n"
        "Call-ID: pult-garbage-1@127.0.0.1\r\n"
        "CSeq: 1 INVITE\r\n"
        f"Contact: <sip:mallory@127.0.0.1:{peer_port}>\r\n"
        "Content-Type: application/sdp\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


def test_malformed_sip_is_answered_or_dropped_and_the_engine_keeps_working(
    baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory(codecs=["PCMU"])
    port = engine.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        for datagram in GARBAGE:
            peer.sendto(datagram, ("127.0.0.1", port))
        peer.sendto(_bad_request(port, peer.getsockname()[1]), ("127.0.0.1", port))
        replies = [peer.recv(65536).decode(errors="replace")]
        while replies[-1].startswith("SIP/2.0 1"):  # a 100 Trying may come first
            replies.append(peer.recv(65536).decode(errors="replace"))
    status = int(replies[-1].split()[1])
    assert status in (400, 488), replies  # the peer is told; the engine neither chokes nor rings
    assert not engine.events("CallStateEvent", state="incoming")
    # Then a real call still works end to end, and the process ends cleanly (engine_factory checks rc 0).
    bob = baresip_factory("bob")
    call = engine.do("call", uri=bob.uri)
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    bob.wait_event("CALL_ESTABLISHED", 10)
    engine.do("hangup", call=call)
    engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    assert not engine.events("ErrorEvent")


def test_a_peer_that_vanishes_mid_call_leaves_a_working_engine(
    baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory(codecs=["PCMU"])
    bob = baresip_factory("bob")
    call = engine.do("call", uri=bob.uri)
    engine.wait_event("MediaStateEvent", call_id=call, active=True)
    bob.wait_event("CALL_ESTABLISHED", 10)
    assert bob.proc is not None
    os.killpg(bob.proc.pid, signal.SIGKILL)  # no BYE, no RTCP BYE: the far end is simply gone
    bob.proc.wait(10)
    # The operator hangs up the dead call: it must end (the BYE goes unanswered), not hang the engine.
    engine.do("hangup", call=call)
    ended = engine.wait_event("CallStateEvent", 40, call_id=call, state="disconnected")
    assert ended["state"] == "disconnected"
    carol = baresip_factory("carol")
    again = engine.do("call", uri=carol.uri)
    engine.wait_event("CallStateEvent", call_id=again, state="confirmed")
    carol.wait_event("CALL_ESTABLISHED", 10)
    engine.do("hangup", call=again)
    engine.wait_event("CallStateEvent", call_id=again, state="disconnected")


def test_digits_the_peer_sends_arrive_as_dtmf_events(
    baresip_factory: Callable[..., Baresip], engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory(codecs=["PCMU"])
    bob = baresip_factory("bob")
    call = engine.do("call", uri=bob.uri)
    engine.wait_event("MediaStateEvent", call_id=call, active=True)
    bob.wait_event("CALL_ESTABLISHED", 10)
    bob.command("sndcode", "4#7")  # baresip sends RFC 4733 telephone-events in its RTP stream
    digits = wait_until(
        lambda: found if len(found := engine.events("DtmfEvent", call_id=call)) >= 3 else None,
        15,
        "three DTMF events",
    )
    assert [d["digit"] for d in digits] == ["4", "#", "7"]
    assert {d["method"] for d in digits} == {"rfc4733"}
    engine.do("hangup", call=call)


_SIPP_INFO_DTMF = """<?xml version="1.0" encoding="UTF-8"?>
<scenario name="digits over SIP INFO">
  <send retrans="500"><![CDATA[
INVITE sip:pult@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:sipp@[local_ip]:[local_port]>;tag=[call_number]
To: <sip:pult@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:sipp@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=- 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
ACK sip:pult@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  {infos}
  <pause milliseconds="500"/>
  <send retrans="500"><![CDATA[
BYE sip:pult@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: {bye_cseq} BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
"""

_SIPP_INFO = """<send retrans="500"><![CDATA[
INFO sip:pult@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_From:]
[last_To:]
Call-ID: [call_id]
CSeq: {cseq} INFO
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal={digit}
Duration=160
]]></send>
  <recv response="200"/>
"""


def test_digits_sent_as_sip_info_by_sipp_arrive_as_dtmf_events(
    tmp_path: Path, engine_factory: Callable[..., EngineProcess]
) -> None:
    if tools_missing("sipp"):
        pytest.skip("needs sipp (Debian sip-tester)")
    engine = engine_factory(codecs=["PCMU"])
    port = engine.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    digits = "3*9"
    infos = "".join(_SIPP_INFO.format(cseq=2 + i, digit=d) for i, d in enumerate(digits))
    scenario = tmp_path / "info-dtmf.xml"
    scenario.write_text(_SIPP_INFO_DTMF.format(infos=infos, bye_cseq=2 + len(digits)))
    sipp_port = free_port_block(4)
    sipp = subprocess.Popen(
        [
            "sipp", "-sf", str(scenario), "-m", "1", "-i", "127.0.0.1", "-p", str(sipp_port),
            "-mp", str(sipp_port + 2), "-timeout", "40", "-timeout_error", "-trace_err",
            "-error_file", str(tmp_path / "sipp-errors.log"), f"127.0.0.1:{port}",
        ],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    try:
        incoming = engine.wait_event("CallStateEvent", 15, state="incoming")
        engine.do("answer", call=incoming["call_id"])
        rc = sipp.wait(45)
    finally:
        stop_process(sipp)
    assert rc == 0, (tmp_path / "sipp-errors.log").read_text(errors="replace")  # every INFO got its 200
    events = engine.events("DtmfEvent", call_id=incoming["call_id"])
    assert [e["digit"] for e in events] == list(digits)
    assert {e["method"] for e in events} == {"sip_info"}
    engine.wait_event("CallStateEvent", call_id=incoming["call_id"], state="disconnected")
