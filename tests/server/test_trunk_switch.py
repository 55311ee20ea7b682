"""A trunk end to end: Kamailio plays the provider (registrar and proxy), a baresip "PSTN phone" registered
there calls the tenant's number; the server's switch registers the trunk and the call reaches the queue
through the server's own Kamailio front."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.protocol.calls import OFFER_TOKEN_HEADER
from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from app.server.switch.front import kamailio_available
from app.server.switch.trunks import identity_headers
from tests.server.switch_helpers import ServerProcess, free_udp_ports, speech
from tests.softphone.peers import Baresip, Kamailio, started, tools_missing

pytestmark = [
    pytest.mark.sip,
    pytest.mark.slow,
    pytest.mark.skipif(
        not kamailio_available() or bool(tools_missing("baresip", "espeak-ng", "sox")),
        reason="needs kamailio, baresip, espeak-ng and sox",
    ),
]

DID = DEMO_QUEUE_NUMBERS[SALES][0]
TRUNK_PASSWORD = "trunk-Secret-1"
PSTN_USER, PSTN_PASSWORD = "79161234567", "pstn-Secret-1"


@pytest.fixture(scope="module")
def carrier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    work = tmp_path_factory.mktemp("carrier")
    kamailio = Kamailio(work, users={DID: TRUNK_PASSWORD, PSTN_USER: PSTN_PASSWORD})
    with started(kamailio):
        yield kamailio


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    work = tmp_path_factory.mktemp("trunk-server")
    proc = ServerProcess(
        work / "data",
        sip_port=free_udp_ports(3),
        rtp_port=free_udp_ports(80, start=30000),
        sip_front="kamailio",
    )
    try:
        proc.wait_log("switch.started", 40)
        yield proc
    finally:
        assert proc.stop() == 0


def _admin(server: ServerProcess) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.login('300000001/admin')}"}


def _wait_trunk(server: ServerProcess, auth: dict[str, str], trunk_id: int, state: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        found: dict[str, Any] = server.http.get(f"/trunks/{trunk_id}", headers=auth).json()
        if found["registration"] == state:
            return found
        assert time.monotonic() < deadline, found
        time.sleep(0.2)


def test_a_wrong_trunk_password_shows_as_a_failed_registration(
    server: ServerProcess, carrier: Kamailio
) -> None:
    auth = _admin(server)
    body = {"name": "Неверный", "host": f"127.0.0.1:{carrier.port}", "username": DID, "password": "wrong"}
    created = server.http.post("/trunks", json=body, headers=auth)
    assert created.status_code == 201, created.text
    failed = _wait_trunk(server, auth, created.json()["id"], "failed")
    assert failed["registration_code"] == 403
    assert server.http.delete(f"/trunks/{created.json()['id']}", headers=auth).status_code == 204


@pytest.fixture(scope="module")
def trunk_id(server: ServerProcess, carrier: Kamailio) -> int:
    auth = _admin(server)
    body = {
        "name": "Оператор связи",
        "host": f"127.0.0.1:{carrier.port}",
        "username": DID,
        "password": TRUNK_PASSWORD,
        "caller_ids": [DID, "74957654321"],
    }
    created = server.http.post("/trunks", json=body, headers=auth)
    assert created.status_code == 201, created.text
    registered = _wait_trunk(server, auth, created.json()["id"], "registered")
    assert registered["registration_code"] == 200
    return int(created.json()["id"])


@pytest.fixture(scope="module")
def phone(carrier: Kamailio, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Baresip]:
    """The "PSTN phone": registered at the carrier, answers by itself."""
    work = tmp_path_factory.mktemp("pstn")
    baresip = Baresip(
        work / "phone",
        user=PSTN_USER,
        speech=speech(work / "pstn.wav", "Алло, это звонок из города."),
        password=PSTN_PASSWORD,
        registrar_port=carrier.port,
    )
    (work / "phone").mkdir()
    with started(baresip):
        yield baresip


def test_the_switch_registers_the_trunk_and_a_carrier_call_reaches_the_queue(
    server: ServerProcess, carrier: Kamailio, trunk_id: int, phone: Baresip
) -> None:
    auth = _admin(server)
    arrived_before = len(server.events("switch.customer_arrived"))
    established = len(phone.find_events("CALL_ESTABLISHED"))
    phone.command("dial", f"sip:{DID}@127.0.0.1")
    phone.wait_event("CALL_ESTABLISHED", 20, count=established + 1)
    arrived = server.wait_log("switch.customer_arrived", 20, count=arrived_before + 1)[-1]
    assert arrived["to"] == DID
    queue = server.http.get("/queue", headers=auth).json()
    assert any(c["caller"].endswith(PSTN_USER) for c in queue["calls"]), queue
    ended = len(server.events("switch.customer_ended"))
    phone.command("hangup")
    server.wait_log("switch.customer_ended", 20, count=ended + 1)
    assert any(line.startswith("INVITE") and DID in line for line in carrier.requests())


def test_an_operator_calls_out_through_the_trunk_with_the_chosen_caller_id(
    server: ServerProcess, carrier: Kamailio, trunk_id: int, phone: Baresip
) -> None:
    auth = {"Authorization": f"Bearer {server.login('300000001/op2')}"}
    refused = server.http.post(
        f"/trunks/{trunk_id}/calls", json={"number": PSTN_USER, "caller_id": "70000000000"}, headers=auth
    )
    assert refused.status_code == 422
    assert "caller_id" in refused.text

    ordered = server.http.post(
        f"/trunks/{trunk_id}/calls", json={"number": PSTN_USER, "caller_id": "74957654321"}, headers=auth
    )
    assert ordered.status_code == 201, ordered.text
    call = ordered.json()
    established = len(phone.find_events("CALL_ESTABLISHED"))
    bridged = len(server.events("switch.bridged"))
    leg = subprocess.run(
        [sys.executable, "-m", "softphone", "call", call["worker_uri"], "--header",
         f"{OFFER_TOKEN_HEADER}: {call['token']}", "--duration", "6", "--timeout", "30"],
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip
    assert '"answered"' in leg.stdout, leg.stdout + leg.stderr
    phone.wait_event("CALL_ESTABLISHED", 20, count=established + 1)
    assert any(e["call_ref"] == call["call_ref"] for e in server.events("switch.bridged")[bridged:])
    invite = [r for r in carrier.requests() if r.startswith(f"INVITE sip:{PSTN_USER}@")]
    assert invite, carrier.requests()
    assert "from=sip:74957654321@" in invite[-1]
    # The token works once: a replayed leg is refused by the worker.
    replay = subprocess.run(
        [sys.executable, "-m", "softphone", "call", call["worker_uri"], "--header",
         f"{OFFER_TOKEN_HEADER}: {call['token']}", "--duration", "1", "--timeout", "10"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert '"answered"' not in replay.stdout


def test_the_caller_id_goes_out_in_p_asserted_identity_too() -> None:
    assert identity_headers("74957654321", "carrier.example") == [
        ("P-Asserted-Identity", "<sip:74957654321@carrier.example>")
    ]
