"""Consultation, «Объединить вызовы», conference and DTMF through the real switch, with real media.

The real server with its pjsua2 workers; the customer and the operators' media legs are softphone engines
in their own processes (the customer calls the «Продажи» queue, the operators call the worker with their
offer tokens); an external party is baresip. Each party sends its own tone (customer 440 Hz, operator
1000 Hz, third party 1800 Hz), so what each one heard, and when, is read off its recording.
"""

from __future__ import annotations

import json
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from websockets.sync.client import ClientConnection, connect

from app.protocol.calls import OFFER_TOKEN_HEADER
from app.server.seed import DEMO_QUEUE_NUMBERS, SALES
from tests.server.switch_helpers import ServerProcess, free_udp_ports
from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, tools_missing, wait_until
from tests.softphone.scoring import tone_fraction

pytestmark = [pytest.mark.sip, pytest.mark.slow]

SALES_NUMBER = DEMO_QUEUE_NUMBERS[SALES][0]
CUSTOMER_HZ, OPERATOR_HZ, PARTY_HZ = 440, 1000, 1800
HEARD = 0.05
"""Share of a recording's energy in a tone's band that means "this party was heard" (a lone tone gives
~0.9; two mixed tones ~0.4 each; a party not connected gives < 0.01)."""


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cc-transfer")


@pytest.fixture(scope="module")
def server(work: Path) -> Iterator[ServerProcess]:
    missing = tools_missing("sox")
    if missing:
        pytest.skip(f"missing: {', '.join(missing)}")
    sip = free_udp_ports(3)
    rtp = free_udp_ports(80, start=30000)
    proc = ServerProcess(work / "data", sip_port=sip, rtp_port=rtp)
    proc.sip_port = sip  # type: ignore[attr-defined]
    try:
        proc.wait_log("switch.started", 30)
        yield proc
    finally:
        assert proc.stop() == 0


@pytest.fixture(scope="module")
def tones(work: Path) -> dict[int, Path]:
    found = {}
    for hz in (CUSTOMER_HZ, OPERATOR_HZ, PARTY_HZ):
        wav = work / f"tone{hz}.wav"
        subprocess.run(
            ["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(wav), "synth", "90", "sine", str(hz),
             "vol", "0.4"],
            check=True, timeout=30,
        )  # fmt: skip
        found[hz] = wav
    return found


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[Callable[[str], EngineProcess]]:
    made: list[EngineProcess] = []

    def make(name: str) -> EngineProcess:
        engine = EngineProcess(
            {
                "bind_address": "127.0.0.1",
                "codecs": ["PCMU"],
                "log_file": str(tmp_path / f"pjsip-{name}.log"),
                "log_level": 4,
            },
            log=tmp_path / f"engine-{name}.stderr",
        )
        made.append(engine)
        return engine

    yield make
    for engine in made:
        assert engine.close() == 0, "engine process ended badly (an abort is a defect)"


class Operator:
    """One operator: an api session, their event stream and their softphone engine."""

    def __init__(
        self, server: ServerProcess, login: str, engine: EngineProcess, status: str = "online"
    ) -> None:
        self.server = server
        self.token = server.login(login, status=status)
        self.auth = {"Authorization": f"Bearer {self.token}"}
        self.engine = engine
        url = server.url.replace("http://", "ws://") + "/api/v1/events?after=0"
        self._stream = connect(url, additional_headers={"Authorization": f"Bearer {self.token}"})
        self.ws: ClientConnection = self._stream.__enter__()
        self.after = 0
        self.seen: list[dict[str, Any]] = []

    def close(self) -> None:
        self._stream.__exit__(None, None, None)
        self.server.http.post("/me/ready", headers=self.auth)

    def post(self, path: str, body: Any = None) -> Any:
        return self.server.http.post(path, headers=self.auth, json=body)

    def wait_event(self, type_: str, timeout: float = 25.0, **match: Any) -> dict[str, Any]:
        """The next new event of ``type_`` whose data has ``match`` (replayed history is skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            for frame in self.seen:
                if frame["type"] == type_ and all(frame["data"].get(k) == v for k, v in match.items()):
                    self.seen.remove(frame)
                    data: dict[str, Any] = frame["data"]
                    return data
            frame = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if frame.get("kind") == "hello":
                self.after = frame["last_seq"]
            elif frame.get("kind") == "event" and frame["seq"] > self.after:
                self.seen.append(frame)

    def take_offer(self, tone: Path, record: Path, kind: str) -> tuple[dict[str, Any], int]:
        """Answer the next offer of ``kind`` over the api and open the media leg; returns the offer and
        the engine's call id."""
        offer = self.wait_event("call.offered", kind=kind)
        answered = self.post(f"/offers/{offer['offer_id']}/answer")
        assert answered.status_code == 200, answered.text
        call: int = self.engine.do(
            "call", uri=answered.json()["worker_uri"], headers={OFFER_TOKEN_HEADER: offer["token"]}
        )
        self.engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
        self.engine.do("play", call=call, wav=str(tone), loop=True)
        self.engine.do("record", call=call, wav=str(record))
        return offer, call


def _customer(server: ServerProcess, engine: EngineProcess, tone: Path, record: Path) -> int:
    uri = f"sip:{SALES_NUMBER}@127.0.0.1:{server.sip_port}"  # type: ignore[attr-defined]
    call: int = engine.do("call", uri=uri)
    engine.wait_event("CallStateEvent", call_id=call, state="confirmed")
    engine.do("play", call=call, wav=str(tone), loop=True)
    engine.do("record", call=call, wav=str(record))
    return call


def _hangup(engine: EngineProcess, call: int) -> None:
    if not engine.events("CallStateEvent", call_id=call, state="disconnected"):
        engine.do("hangup", call=call)
    engine.wait_event("CallStateEvent", call_id=call, state="disconnected", timeout=15)


def _complete(path: Path) -> bool:
    """The WAV is closed: its header counts every sample in the file (written when the call ends)."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() > 0 and w.getnframes() * w.getsampwidth() + 44 >= path.stat().st_size - 64
    except (OSError, EOFError, wave.Error):
        return False


def _written(path: Path) -> float:
    """Seconds of audio a recording being written holds now. Its length, not the wall clock, says
    where a moment falls in it: a busy machine can starve the recorder, and then the two drift apart."""
    with path.open("rb") as f:
        header = f.read(44)
    rate = int.from_bytes(header[24:28], "little")
    block = int.from_bytes(header[32:34], "little")
    return max(0.0, (path.stat().st_size - 44) / (rate * block))


def _heard(path: Path, hz: int, *, after: float) -> float:
    wait_until(lambda: _complete(path), 15, f"{path.name} closed")
    return tone_fraction(path, hz, start_s=after)


def test_consultation_then_merge_leaves_customer_and_target_talking_and_relays_dtmf(
    server: ServerProcess, tones: dict[int, Path], engines: Callable[[str], EngineProcess], tmp_path: Path
) -> None:
    cust_engine, op1_engine, op2_engine = engines("customer"), engines("op1"), engines("op2")
    op1 = Operator(server, "300000001/op1", op1_engine)
    op2 = Operator(server, "300000001/op2", op2_engine, status="break")  # op1 takes the customer
    rec = {name: tmp_path / f"{name}.wav" for name in ("customer", "op1", "op2")}
    try:
        cust_call = _customer(server, cust_engine, tones[CUSTOMER_HZ], rec["customer"])
        offer, op1_call = op1.take_offer(tones[OPERATOR_HZ], rec["op1"], kind="group")
        call_id = offer["call_id"]
        assert server.http.put("/me/status", headers=op2.auth, json={"status": "online"}).status_code == 200
        time.sleep(2.0)  # media has to flow for a while; nothing reports "heard"

        # DTMF both ways while operator and customer talk.
        assert op1.post(f"/calls/{call_id}/dtmf", {"digits": "159"}).status_code == 204
        wait_until(lambda: len(cust_engine.events("DtmfEvent")) >= 3, 15, "three digits at the customer")
        assert "".join(e["digit"] for e in cust_engine.events("DtmfEvent")) == "159"
        cust_engine.do("dtmf", call=cust_call, digits="7")
        assert op1.wait_event("call.dtmf", call_id=call_id)["digit"] == "7"

        consult = op1.post(f"/calls/{call_id}/consult", {"employee_id": _employee_id(op1, "op2")})
        assert consult.status_code == 200, consult.text
        _, op2_call = op2.take_offer(tones[PARTY_HZ], rec["op2"], kind="consult")
        assert op1.wait_event("call.third_party", call_id=call_id, state="talking")
        consult_at = _written(rec["customer"])
        time.sleep(4.0)

        merged_at = {name: _written(rec[name]) for name in ("customer", "op2")}
        assert op1.post(f"/calls/{call_id}/merge").status_code == 204
        # The operator's leg is gone; customer and target talk on.
        op1_engine.wait_event("CallStateEvent", call_id=op1_call, state="disconnected", timeout=15)
        time.sleep(4.0)
        assert not cust_engine.events("CallStateEvent", call_id=cust_call, state="disconnected")
        _hangup(op2_engine, op2_call)
        cust_engine.wait_event("CallStateEvent", call_id=cust_call, state="disconnected", timeout=15)
    finally:
        op1.close()
        op2.close()

    consulting = tone_fraction_window(rec["op2"], OPERATOR_HZ, 0.5, merged_at["op2"])
    unheard = tone_fraction_window(rec["customer"], PARTY_HZ, consult_at, merged_at["customer"])
    after = {
        "target heard customer": _heard(rec["op2"], CUSTOMER_HZ, after=merged_at["op2"] + 1.0),
        "target heard operator": _heard(rec["op2"], OPERATOR_HZ, after=merged_at["op2"] + 1.0),
        "customer heard target": _heard(rec["customer"], PARTY_HZ, after=merged_at["customer"] + 1.0),
    }
    print(
        f"consultation: target heard operator {consulting:.3f}, customer heard target {unheard:.5f}; {after}"
    )
    # During the consultation the target heard the operator, and the customer did not hear the target.
    assert consulting > HEARD
    assert unheard < 0.01
    # After the merge the target hears the customer (not the operator) and the customer hears the target.
    assert after["target heard customer"] > HEARD
    assert after["target heard operator"] < 0.01
    assert after["customer heard target"] > HEARD
    history = server.http.get("/history", headers=op2.auth).json()["items"]
    row = next(r for r in history if r["call_id"] == call_id)
    assert sorted(row["operators"]) == sorted([_employee_id(op1, "op1"), _employee_id(op1, "op2")])


def test_conference_with_an_external_number_lets_all_three_hear_each_other(
    server: ServerProcess, tones: dict[int, Path], engines: Callable[[str], EngineProcess], tmp_path: Path
) -> None:
    if tools_missing("baresip"):
        pytest.skip("baresip missing")
    cust_engine, op1_engine = engines("customer"), engines("op1")
    op1 = Operator(server, "300000001/op1", op1_engine)
    external = Baresip(tmp_path / "baresip-expert", "expert", tones[PARTY_HZ])
    (tmp_path / "baresip-expert").mkdir()
    external.start()
    rec = {name: tmp_path / f"{name}.wav" for name in ("customer", "op1")}
    try:
        cust_call = _customer(server, cust_engine, tones[CUSTOMER_HZ], rec["customer"])
        offer, op1_call = op1.take_offer(tones[OPERATOR_HZ], rec["op1"], kind="group")
        call_id = offer["call_id"]
        time.sleep(1.0)
        started = op1.post(f"/calls/{call_id}/conference", {"number": external.uri})
        assert started.status_code == 200, started.text
        external.wait_event("CALL_ESTABLISHED", 20)
        assert op1.wait_event("call.third_party", call_id=call_id, state="talking")
        joined_at = {name: _written(rec[name]) for name in ("customer", "op1")}
        time.sleep(5.0)
        left_at = {name: _written(rec[name]) for name in ("customer", "op1")}
        assert op1.post(f"/calls/{call_id}/third-party/cancel").status_code == 204  # «Х»
        external.wait_event("CALL_CLOSED", 15)
        alone_at = _written(rec["customer"])
        time.sleep(2.0)
        _hangup(op1_engine, op1_call)
        cust_engine.wait_event("CallStateEvent", call_id=cust_call, state="disconnected", timeout=15)
    finally:
        op1.close()
        external.stop()

    window = (joined_at["customer"] + 1.0, left_at["customer"])
    assert tone_fraction_window(rec["customer"], OPERATOR_HZ, *window) > HEARD
    assert tone_fraction_window(rec["customer"], PARTY_HZ, *window) > HEARD
    window = (joined_at["op1"] + 1.0, left_at["op1"])
    assert tone_fraction_window(rec["op1"], CUSTOMER_HZ, *window) > HEARD
    assert tone_fraction_window(rec["op1"], PARTY_HZ, *window) > HEARD
    dumps = external.decoded_recordings()
    assert dumps, "baresip recorded nothing"
    assert tone_fraction(dumps[-1], CUSTOMER_HZ, start_s=1.0) > HEARD
    assert tone_fraction(dumps[-1], OPERATOR_HZ, start_s=1.0) > HEARD
    # After «Х» the customer and the operator are alone again.
    assert _heard(rec["customer"], PARTY_HZ, after=alone_at + 0.5) < 0.01


def tone_fraction_window(path: Path, hz: int, start_s: float, end_s: float) -> float:
    """``tone_fraction`` of the part of ``path`` between two offsets (seconds)."""
    wait_until(lambda: _complete(path), 15, f"{path.name} closed")
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    part = data[int(start_s * rate) : int(end_s * rate)]
    assert part.size > rate // 2, f"{path.name}: window {start_s:.1f}-{end_s:.1f} s is too short"
    spectrum = np.abs(np.fft.rfft(part)) ** 2
    freqs = np.fft.rfftfreq(part.size, 1 / rate)
    band = (freqs > hz - 20) & (freqs < hz + 20)
    total = float(spectrum.sum())
    return float(spectrum[band].sum()) / total if total > 0 else 0.0


def _employee_id(op: Operator, login: str) -> int:
    people = op.server.http.get("/employees", headers=op.auth).json()
    items = people["items"] if isinstance(people, dict) else people
    return int(next(p["id"] for p in items if p["login"].endswith(login)))
