"""A trunk end to end: Kamailio plays the provider (registrar and proxy), a baresip "PSTN phone" registered
there calls the tenant's number; the server's switch registers the trunk and the call reaches the queue
through the server's own Kamailio front."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from app.server.switch.front import kamailio_available
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


def test_the_switch_registers_the_trunk_and_a_carrier_call_reaches_the_queue(
    server: ServerProcess, carrier: Kamailio, tmp_path: Path
) -> None:
    auth = _admin(server)
    body = {
        "name": "Оператор связи",
        "host": f"127.0.0.1:{carrier.port}",
        "username": DID,
        "password": TRUNK_PASSWORD,
        "caller_ids": [DID],
    }
    created = server.http.post("/trunks", json=body, headers=auth)
    assert created.status_code == 201, created.text
    registered = _wait_trunk(server, auth, created.json()["id"], "registered")
    assert registered["registration_code"] == 200

    phone = Baresip(
        tmp_path / "pstn",
        user=PSTN_USER,
        speech=speech(tmp_path / "pstn.wav", "Алло, это звонок из города."),
        password=PSTN_PASSWORD,
        registrar_port=carrier.port,
    )
    (tmp_path / "pstn").mkdir()
    arrived_before = len(server.events("switch.customer_arrived"))
    with started(phone):
        phone.command("dial", f"sip:{DID}@127.0.0.1")
        phone.wait_event("CALL_ESTABLISHED", 20)
        arrived = server.wait_log("switch.customer_arrived", 20, count=arrived_before + 1)[-1]
        assert arrived["to"] == DID
        queue = server.http.get("/queue", headers=auth).json()
        assert any(c["caller"].endswith(PSTN_USER) for c in queue["calls"]), queue
        phone.command("hangup")
        server.wait_log("switch.customer_ended", 20)
    assert any(line.startswith("INVITE") and DID in line for line in carrier.requests())
