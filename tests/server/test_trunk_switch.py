"""A trunk end to end: Kamailio plays the provider (registrar and proxy), a baresip "PSTN phone" registered
there calls the tenant's number; the server's switch registers the trunk and the call reaches the queue
through the server's own Kamailio front."""

from __future__ import annotations

import subprocess
import sys

from app.protocol.calls import OFFER_TOKEN_HEADER
from app.server.switch.trunks import identity_headers
from tests.carrier import CALLER_ID, DID, PSTN_USER, TRUNK_MARKS, admin_auth, wait_trunk
from tests.server.switch_helpers import ServerProcess
from tests.softphone.peers import Baresip, Kamailio, wait_until

pytestmark = TRUNK_MARKS


def test_a_wrong_trunk_password_shows_as_a_failed_registration(
    trunk_server: ServerProcess, carrier: Kamailio
) -> None:
    auth = admin_auth(trunk_server)
    body = {"name": "Неверный", "host": f"127.0.0.1:{carrier.port}", "username": DID, "password": "wrong"}
    created = trunk_server.http.post("/trunks", json=body, headers=auth)
    assert created.status_code == 201, created.text
    failed = wait_trunk(trunk_server, auth, created.json()["id"], "failed")
    assert failed["registration_code"] == 403
    assert trunk_server.http.delete(f"/trunks/{created.json()['id']}", headers=auth).status_code == 204


def test_the_switch_registers_the_trunk_and_a_carrier_call_reaches_the_queue(
    trunk_server: ServerProcess, carrier: Kamailio, trunk_id: int, pstn_phone: Baresip
) -> None:
    auth = admin_auth(trunk_server)
    arrived_before = len(trunk_server.events("switch.customer_arrived"))
    established = len(pstn_phone.find_events("CALL_ESTABLISHED"))
    pstn_phone.command("dial", f"sip:{DID}@127.0.0.1")
    pstn_phone.wait_event("CALL_ESTABLISHED", 20, count=established + 1)
    arrived = trunk_server.wait_log("switch.customer_arrived", 20, count=arrived_before + 1)[-1]
    assert arrived["to"] == DID
    queue = trunk_server.http.get("/queue", headers=auth).json()
    assert any(c["caller"].endswith(PSTN_USER) for c in queue["calls"]), queue
    ended = len(trunk_server.events("switch.customer_ended"))
    pstn_phone.command("hangup")
    trunk_server.wait_log("switch.customer_ended", 20, count=ended + 1)
    assert any(line.startswith("INVITE") and DID in line for line in carrier.requests())


def test_an_operator_calls_out_through_the_trunk_with_the_chosen_caller_id(
    trunk_server: ServerProcess, carrier: Kamailio, trunk_id: int, pstn_phone: Baresip
) -> None:
    auth = {"Authorization": f"Bearer {trunk_server.login('300000001/op2')}"}
    refused = trunk_server.http.post(
        f"/trunks/{trunk_id}/calls", json={"number": PSTN_USER, "caller_id": "70000000000"}, headers=auth
    )
    assert refused.status_code == 422
    assert "caller_id" in refused.text

    ordered = trunk_server.http.post(
        f"/trunks/{trunk_id}/calls", json={"number": PSTN_USER, "caller_id": CALLER_ID}, headers=auth
    )
    assert ordered.status_code == 201, ordered.text
    call = ordered.json()
    established = len(pstn_phone.find_events("CALL_ESTABLISHED"))
    bridged = len(trunk_server.events("switch.bridged"))
    leg = subprocess.run(
        [sys.executable, "-m", "softphone", "call", call["worker_uri"], "--header",
         f"{OFFER_TOKEN_HEADER}: {call['token']}", "--duration", "6", "--timeout", "30"],
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip
    assert '"answered"' in leg.stdout, leg.stdout + leg.stderr
    pstn_phone.wait_event("CALL_ESTABLISHED", 20, count=established + 1)
    assert any(e["call_ref"] == call["call_ref"] for e in trunk_server.events("switch.bridged")[bridged:])
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
    assert identity_headers(CALLER_ID, "carrier.example") == [
        ("P-Asserted-Identity", "<sip:74957654321@carrier.example>")
    ]


def test_an_outbound_call_whose_operator_leg_never_comes_ends_and_refuses_a_late_leg(
    trunk_server: ServerProcess, carrier: Kamailio, trunk_id: int
) -> None:
    auth = {"Authorization": f"Bearer {trunk_server.login('300000001/op4', status='break')}"}
    number = "79165550123"  # nobody's: an INVITE for it would show in the carrier's log
    ordered = trunk_server.http.post(
        f"/trunks/{trunk_id}/calls", json={"number": number, "caller_id": CALLER_ID}, headers=auth
    )
    assert ordered.status_code == 201, ordered.text
    call = ordered.json()

    def ended() -> dict[str, object] | None:
        rows = trunk_server.http.get("/history", headers=auth).json()["items"]
        row = next((r for r in rows if r["direction"] == "outgoing" and r["caller"] == number), None)
        return row if row is not None and row["state"] == "ended" else None

    row = wait_until(ended, 45, "the outbound call ended without its operator's leg")
    assert (row["end_reason"], row["answered_at"]) == ("operator_leg_missing", None)
    late = subprocess.run(
        [sys.executable, "-m", "softphone", "call", call["worker_uri"], "--header",
         f"{OFFER_TOKEN_HEADER}: {call['token']}", "--duration", "1", "--timeout", "10"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert '"answered"' not in late.stdout
    assert not [r for r in carrier.requests() if r.startswith(f"INVITE sip:{number}@")]
