"""Fixtures that start real peers (Kamailio, baresip, PulseAudio) and engine subprocesses."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.softphone.driver import EngineProcess
from tests.softphone.peers import Baresip, Kamailio, PulseAudio, tools_missing

SPEECH_TEXT = (
    "Здравствуйте, вы позвонили в службу поддержки. Оператор ответит вам через несколько секунд. "
    "Пожалуйста, оставайтесь на линии, ваш звонок очень важен для нас. Спасибо за ожидание."
)
USERS = {"alice": "alicepw", "bob": "bobpw", "carol": "carolpw"}


def _need(*tools: str) -> None:
    missing = tools_missing(*tools)
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (requirements/debian-test.txt)")


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Russian speech from espeak-ng, 8 kHz mono 16-bit, padded with a little silence at both ends."""
    _need("espeak-ng", "sox")
    out = tmp_path_factory.mktemp("speech")
    raw = out / "raw.wav"
    subprocess.run(
        ["espeak-ng", "-v", "ru", "-s", "140", "-w", str(raw), SPEECH_TEXT], check=True, timeout=60
    )
    wav = out / "speech.wav"
    subprocess.run(
        ["sox", str(raw), "-r", "8000", "-c", "1", "-b", "16", str(wav), "pad", "0.5", "0.5"],
        check=True,
        timeout=60,
    )
    return wav


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    _need("kamailio")
    workdir = tmp_path / "kamailio"
    workdir.mkdir()
    server = Kamailio(workdir, USERS)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def baresip_factory(tmp_path: Path, speech_wav: Path) -> Iterator[Callable[..., Baresip]]:
    _need("baresip")
    peers: list[Baresip] = []

    def make(
        user: str,
        *,
        registrar: Kamailio | None = None,
        answer: str = "auto",
        speech: Path | None = None,
        mediaenc: str = "",
    ) -> Baresip:
        workdir = tmp_path / f"baresip-{user}"
        workdir.mkdir()
        peer = Baresip(
            workdir, user, speech or speech_wav, password=USERS.get(user, ""),
            registrar_port=registrar.port if registrar else 0, answer=answer, mediaenc=mediaenc,
        )  # fmt: skip
        peers.append(peer)
        peer.start()
        return peer

    yield make
    for peer in peers:
        peer.stop()


@pytest.fixture
def pulse(tmp_path: Path) -> Iterator[PulseAudio]:
    _need("pulseaudio", "pactl", "parec", "paplay")
    workdir = tmp_path / "pulse"
    workdir.mkdir()
    server = PulseAudio(workdir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def engine_factory(tmp_path: Path) -> Iterator[Callable[..., EngineProcess]]:
    engines: list[EngineProcess] = []

    def make(env: dict[str, str] | None = None, nice: int = 0, **config: Any) -> EngineProcess:
        n = len(engines)
        config.setdefault("bind_address", "127.0.0.1")
        config.setdefault("log_file", str(tmp_path / f"pjsip-{n}.log"))
        config.setdefault("log_level", 4)
        config.setdefault("register_timeout_s", 5.0)
        engine = EngineProcess(config, env=env, log=tmp_path / f"engine-{n}.stderr", nice=nice)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        rc = engine.close()
        assert rc == 0, f"engine process ended with {rc} (an abort is a defect)"
