"""STUN against a real (tiny, in-test) STUN server: the engine asks it, and the address it learns is the one
a SIP peer is told to use, in the Contact and in the SDP. Judged by the server's log and the peer's INVITE."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterator

import pytest

from tests.softphone.driver import EngineProcess

pytestmark = [pytest.mark.sip]

MAGIC = 0x2112A442
MAPPED_IP = "192.0.2.10"  # TEST-NET-1: nothing on this machine could have made it up by itself
PORT_SHIFT = 7


class StunServer:
    """RFC 5389 Binding responder that maps every client to MAPPED_IP and its port + PORT_SHIFT."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, addr = self.sock.recvfrom(2048)
            except TimeoutError:
                continue
            except OSError:
                return
            if len(data) < 20 or struct.unpack("!H", data[:2])[0] != 0x0001:  # Binding Request only
                continue
            self.requests.append(addr)
            cookie_and_id = data[4:20]  # RFC 3489 clients put 16 bytes of id here; echo them either way
            mapped_port = addr[1] + PORT_SHIFT
            ip = socket.inet_aton(MAPPED_IP)
            mapped = struct.pack("!BBH", 0, 1, mapped_port) + ip
            xor_ip = bytes(b ^ m for b, m in zip(ip, struct.pack("!I", MAGIC), strict=True))
            xor_mapped = struct.pack("!BBH", 0, 1, mapped_port ^ (MAGIC >> 16)) + xor_ip
            attrs = struct.pack("!HH", 0x0001, 8) + mapped + struct.pack("!HH", 0x0020, 8) + xor_mapped
            self.sock.sendto(struct.pack("!HH", 0x0101, len(attrs)) + cookie_and_id + attrs, addr)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def stun_server() -> Iterator[StunServer]:
    server = StunServer()
    yield server
    server.close()


def test_stun_mapped_address_is_what_the_peer_is_told(
    stun_server: StunServer, engine_factory: Callable[..., EngineProcess]
) -> None:
    engine = engine_factory(codecs=["PCMU"], stun_servers=[f"127.0.0.1:{stun_server.port}"])
    sip_port = engine.wait_event("EngineStartedEvent")["sip_ports"]["udp"]
    assert stun_server.requests, "the engine never asked the STUN server"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(15)
        call = engine.do("call", uri=f"sip:peer@127.0.0.1:{peer.getsockname()[1]}")
        invite = ""
        while not invite.startswith("INVITE "):
            invite = peer.recv(65536).decode(errors="replace")
    contact = next(line for line in invite.splitlines() if line.lower().startswith(("contact:", "m:")))
    # pjsua publishes the mapped host for SIP but keeps its bound port; the media port below is mapped whole.
    assert f"@{MAPPED_IP}:{sip_port}" in contact, invite
    sdp_lines = invite.split("\r\n\r\n", 1)[1].splitlines()
    assert f"c=IN IP4 {MAPPED_IP}" in sdp_lines, invite
    rtp_port = int(next(line for line in sdp_lines if line.startswith("m=audio")).split()[1])
    assert any(port + PORT_SHIFT == rtp_port for _, port in stun_server.requests), (
        rtp_port,
        stun_server.requests,
    )
    engine.do("hangup", call=call)
    engine.wait_event("CallStateEvent", 40, call_id=call, state="disconnected")
