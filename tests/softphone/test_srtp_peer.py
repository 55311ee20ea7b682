"""SRTP against baresip's srtp module: the peer decrypts our audio and we decrypt its audio, so encrypted
media is proven by what each side hears, not by our own flag alone."""

from __future__ import annotations

import subprocess
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, wait_until
from tests.softphone.scoring import read_wav, rms, tone_fraction

pytestmark = [pytest.mark.sip, pytest.mark.slow]


def _finished(wav: Path | None) -> Path | None:
    """The WAV once its writer has closed it (the header's sizes are written at close)."""
    if wav is None or not wav.exists():
        return None
    try:
        read_wav(wav)
    except (wave.Error, EOFError, AssertionError):
        return None
    return wav


def _last(paths: list[Path]) -> Path | None:
    return paths[-1] if paths else None


@pytest.mark.parametrize(
    ("ours", "peer", "encrypted"),
    [("mandatory", "srtp-mand", True), ("optional", "srtp", True), ("optional", "", False)],
)
def test_srtp_modes_against_baresip_carry_audio_both_ways(
    ours: str,
    peer: str,
    encrypted: bool,
    tmp_path: Path,
    baresip_factory: Callable[..., Baresip],
    engine_factory: Callable[..., EngineProcess],
) -> None:
    tone = tmp_path / "tone.wav"
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(tone),
         "synth", "20", "sine", "1000", "vol", "0.5"],
        check=True, timeout=30,
    )  # fmt: skip
    bob = baresip_factory("bob", mediaenc=peer)
    engine = engine_factory(codecs=["PCMU"], srtp=ours)
    call = engine.do("call", uri=bob.uri)
    engine.wait_event("MediaStateEvent", call_id=call, active=True)
    bob.wait_event("CALL_ESTABLISHED", 10)
    heard = tmp_path / "heard-from-bob.wav"
    engine.do("record", call=call, wav=str(heard))
    engine.do("play", call=call, wav=str(tone))
    time.sleep(3.0)
    engine.do("hangup", call=call)
    engine.wait_event("CallStateEvent", call_id=call, state="disconnected")
    bob.wait_event("CALL_CLOSED", 10)
    heard_by_bob = wait_until(lambda: _finished(_last(bob.decoded_recordings())), 10, "baresip's recording")
    wait_until(lambda: _finished(heard), 10, "our recording")
    log = bob.log_path.read_text(errors="replace")
    assert ("SRTP is Enabled" in log) is encrypted, log  # what the peer says it negotiated
    # ... and what the operator was told last (optional SRTP may be corrected once the answer is read)
    assert engine.events("MediaStateEvent", call_id=call, active=True)[-1]["srtp"] is encrypted
    assert tone_fraction(heard_by_bob, 1000, start_s=0.5) > 0.5  # bob decrypted our tone
    assert rms(heard) > 100  # and we decrypted bob's speech
