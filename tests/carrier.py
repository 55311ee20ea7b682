"""The trunk tests' world, shared by ``tests/server`` and ``tests/gui`` (a plugin of ``tests/conftest.py``):
Kamailio plays the carrier (registrar and proxy), a baresip "PSTN phone" is registered there, and the real
server runs with its embedded switch and Kamailio front, its trunk registered at the carrier.

The fixtures are module-scoped (each module gets a fresh world) and defined once, here; test modules used
to import them from ``test_trunk_switch``, which made each importer a second definition site. Teardown ends
every process group the world started, including what the server leaves behind it: its SIP front and media
workers run in their own sessions (they are meant to outlive an api restart), so they are found by the
server's data dir and ended after it stops. ``tests/conftest.py`` checks at the end of the run that no
peer is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from app.server.switch.front import kamailio_available
from tests import process_guard
from tests.server.switch_helpers import ServerProcess, free_udp_ports, speech
from tests.softphone.peers import Baresip, Kamailio, started, tools_missing, wait_until

TRUNK_MARKS = [
    pytest.mark.sip,
    pytest.mark.slow,
    pytest.mark.skipif(
        not kamailio_available() or bool(tools_missing("baresip", "espeak-ng", "sox")),
        reason="needs kamailio, baresip, espeak-ng and sox",
    ),
]
"""``pytestmark`` of every module that uses this world."""

DID = DEMO_QUEUE_NUMBERS[SALES][0]
"""The tenant's number at the carrier (the trunk's user); the «Продажи» queue answers it."""
CALLER_ID = "74957654321"
"""The trunk's second outgoing number."""
TRUNK_PASSWORD = "trunk-Secret-1"
PSTN_USER, PSTN_PASSWORD = "79161234567", "pstn-Secret-1"
CUSTOMER_USER, EXPERT_USER = "79160000001", "79160000002"
"""More phones behind the carrier: a customer calling in, and a third party a call is transferred to."""
PHONE_PASSWORD = "phone-Secret-1"


@pytest.fixture(scope="module")
def carrier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kamailio]:
    work = tmp_path_factory.mktemp("carrier")
    users = {
        DID: TRUNK_PASSWORD,
        PSTN_USER: PSTN_PASSWORD,
        CUSTOMER_USER: PHONE_PASSWORD,
        EXPERT_USER: PHONE_PASSWORD,
    }
    kamailio = Kamailio(work, users=users)
    with started(kamailio):
        yield kamailio


@pytest.fixture(scope="module")
def trunk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    data = tmp_path_factory.mktemp("trunk-server") / "data"
    try:
        proc = ServerProcess(
            data,
            sip_port=free_udp_ports(3),
            rtp_port=free_udp_ports(80, start=30000),
            sip_front="kamailio",
        )
        try:
            proc.wait_log("switch.started", 40)
            yield proc
        finally:
            code = proc.stop()
        assert code == 0
    finally:
        # Its front and workers are not its process group; a server that failed to start or was killed
        # leaves them (a worker holding a call would wait a minute for an api to come back).
        process_guard.end_groups(process_guard.leftovers(data))


def wait_trunk(server: ServerProcess, auth: dict[str, str], trunk_id: int, state: str) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def reached() -> bool:
        found.update(server.http.get(f"/trunks/{trunk_id}", headers=auth).json())
        return bool(found["registration"] == state)

    wait_until(reached, 30, f"trunk {trunk_id} {state}", interval=0.2)
    return found


def admin_auth(server: ServerProcess) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.login('300000001/admin')}"}


@pytest.fixture(scope="module")
def trunk_id(trunk_server: ServerProcess, carrier: Kamailio) -> int:
    auth = admin_auth(trunk_server)
    body = {
        "name": "Оператор связи",
        "host": f"127.0.0.1:{carrier.port}",
        "username": DID,
        "password": TRUNK_PASSWORD,
        "caller_ids": [DID, CALLER_ID],
    }
    created = trunk_server.http.post("/trunks", json=body, headers=auth)
    assert created.status_code == 201, created.text
    registered = wait_trunk(trunk_server, auth, created.json()["id"], "registered")
    assert registered["registration_code"] == 200
    return int(created.json()["id"])


@pytest.fixture(scope="module")
def pstn_phone(carrier: Kamailio, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Baresip]:
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
