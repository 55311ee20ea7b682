"""A customer's call handed to a phone number through the trunk, from whichever worker holds it.

Kamailio plays the carrier; a customer phone behind it calls the tenant's number, the call reaches the
«Продажи» queue through the trunk and the server's front, and an operator (softphone engine in its own
process) answers the offer. The operator then sends the call to a third phone behind the carrier: first
with consultation and «Объединить вызовы», then blind. The third phone must ring through the carrier with
the line's number as caller ID (the number the customer dialled), hear the customer once connected, and the
facts must say what happened. Two calls in a row land on both workers (the front goes round robin), so
dialling out is shown from each of them. Each phone sends its own tone, so what one heard is read off its
recording.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.carrier import CUSTOMER_USER, DID, EXPERT_USER, PHONE_PASSWORD, TRUNK_MARKS
from tests.server.switch_helpers import ServerProcess
from tests.server.test_cc_transfer_media import HEARD, Operator, tone_fraction_window
from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio, started, wait_until
from tests.softphone.scoring import tone_fraction

pytestmark = TRUNK_MARKS

CUSTOMER_HZ, OPERATOR_HZ, EXPERT_HZ = 440, 1000, 1800


def _tone(path: Path, hz: int) -> Path:
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(path), "synth", "120", "sine", str(hz),
         "vol", "0.4"],
        check=True, timeout=30,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def phones(carrier: Kamailio, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Baresip]]:
    """The customer and the third party, registered at the carrier; both answer by themselves."""
    work = tmp_path_factory.mktemp("phones")
    made = {}
    for name, user, hz in (("customer", CUSTOMER_USER, CUSTOMER_HZ), ("expert", EXPERT_USER, EXPERT_HZ)):
        (work / name).mkdir()
        made[name] = Baresip(
            work / name,
            user=user,
            speech=_tone(work / f"{name}.wav", hz),
            password=PHONE_PASSWORD,
            registrar_port=carrier.port,
        )
    with started(*made.values()):
        yield made


@pytest.fixture
def operator(trunk_server: ServerProcess, tmp_path: Path) -> Iterator[Operator]:
    engine = EngineProcess(
        {"bind_address": "127.0.0.1", "codecs": ["PCMU"], "log_file": str(tmp_path / "pjsip-op1.log")},
        log=tmp_path / "engine-op1.stderr",
    )
    op1 = Operator(trunk_server, "300000001/op1", engine)
    try:
        yield op1
    finally:
        op1.close()
        assert engine.close() == 0, "engine process ended badly (an abort is a defect)"


def _latest_dump(phone: Baresip, before: set[Path]) -> Path:
    return wait_until(
        lambda: next((p for p in reversed(phone.decoded_recordings()) if p not in before), None),
        15,
        f"{phone.user}'s recording of the call",
    )


def _seconds(path: Path) -> float:
    """Seconds a recording being written holds now (its own clock, not the wall's)."""
    with path.open("rb") as f:
        header = f.read(44)
    rate, block = int.from_bytes(header[24:28], "little"), int.from_bytes(header[32:34], "little")
    return max(0.0, (path.stat().st_size - 44) / (rate * block)) if rate and block else 0.0


HandOff = Callable[[Operator, int], None]


def _consult_then_merge(op1: Operator, call_id: int) -> None:
    started_ = op1.post(f"/calls/{call_id}/consult", {"number": EXPERT_USER})
    assert started_.status_code == 200, started_.text
    assert op1.wait_event("call.third_party", call_id=call_id, state="talking")
    time.sleep(2.0)  # operator and third party talk; the customer hears music
    assert op1.post(f"/calls/{call_id}/merge").status_code == 204


def _blind(op1: Operator, call_id: int) -> None:
    moved = op1.post(f"/calls/{call_id}/transfer", {"number": EXPERT_USER})
    assert moved.status_code == 204, moved.text
    assert op1.wait_event("call.third_party", call_id=call_id, state="merged")


def test_a_call_goes_to_a_phone_number_through_the_trunk_from_either_worker(
    trunk_server: ServerProcess,
    carrier: Kamailio,
    trunk_id: int,
    phones: dict[str, Baresip],
    operator: Operator,
    tmp_path: Path,
) -> None:
    customer, expert = phones["customer"], phones["expert"]
    workers: set[int] = set()
    for round_, hand_off in enumerate((_consult_then_merge, _blind)):
        arrived = len(trunk_server.events("switch.customer_arrived"))
        expert_calls = len(expert.find_events("CALL_ESTABLISHED"))
        customer_closed = len(customer.find_events("CALL_CLOSED"))
        dumps = set(expert.decoded_recordings())
        customer.command("dial", f"sip:{DID}@127.0.0.1")
        workers.add(trunk_server.wait_log("switch.customer_arrived", 20, count=arrived + 1)[-1]["worker"])
        offer, op_call = operator.take_offer(
            _tone(tmp_path / f"op{round_}.wav", OPERATOR_HZ), tmp_path / f"op{round_}-heard.wav", kind="group"
        )
        call_id = offer["call_id"]
        time.sleep(1.0)

        hand_off(operator, call_id)
        expert.wait_event("CALL_ESTABLISHED", 20, count=expert_calls + 1)
        # The operator is out; customer and third party talk through the worker.
        operator.engine.wait_event("CallStateEvent", call_id=op_call, state="disconnected", timeout=15)
        dump = _latest_dump(expert, dumps)
        merged_at = _seconds(dump)
        time.sleep(4.0)
        expert.command("hangup")
        customer.wait_event("CALL_CLOSED", 20, count=customer_closed + 1)
        assert _seconds(dump) > merged_at + 3.0, "the third party's recording stopped early"

        # What the third party heard after the merge: the customer, not the operator.
        assert tone_fraction_window(dump, CUSTOMER_HZ, merged_at + 0.5, merged_at + 3.0) > HEARD
        assert tone_fraction_window(dump, OPERATOR_HZ, merged_at + 0.5, merged_at + 3.0) < 0.01
        if hand_off is _consult_then_merge:  # before it, the operator (consultation)
            assert tone_fraction(dump, OPERATOR_HZ) > HEARD

        # Through the carrier, with the number the customer dialled (a caller ID of the line) as From.
        invites = [r for r in carrier.requests() if r.startswith(f"INVITE sip:{EXPERT_USER}@")]
        assert len(invites) == round_ + 1, carrier.requests()
        assert f"from=sip:{DID}@" in invites[-1]

        row = _history_row(trunk_server, operator, call_id)
        assert row["state"] == "ended"
        assert row["transfers"] == 1
        assert row["operators"] == [_my_id(operator)]
        assert row["recordings"], row
        # «Готов к работе»: end the post-call work the hand-off started, so the next call is offered.
        assert operator.post("/me/ready").status_code == 204
    # Round robin put the two customers on different workers: each dialled out through the trunk.
    assert workers == {0, 1}, workers


def _history_row(server: ServerProcess, op: Operator, call_id: int) -> dict[str, object]:
    def ended() -> dict[str, object] | None:
        items = server.http.get("/history", headers=op.auth).json()["items"]
        row = next((r for r in items if r["call_id"] == call_id), None)
        return row if row is not None and row["state"] == "ended" and row["recordings"] else None

    found: dict[str, object] = wait_until(ended, 20, f"call {call_id} ended in the history")
    return found


def _my_id(op: Operator) -> int:
    return int(op.server.http.get("/me", headers=op.auth).json()["employee_id"])
