"""Helpers for the media-switch tests: the real server as a subprocess, speech files, and audio checks
(alignment by cross-correlation, PESQ at 8 kHz against a G.711 round trip made by sox)."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from pesq import pesq

REPO = Path(__file__).resolve().parents[2]
READY = "Pult server listening on "


def free_udp_ports(count: int, *, start: int = 20000, stop: int = 60000) -> int:
    """The first of ``count`` consecutive free UDP ports (picked at random, checked by binding)."""
    rng = np.random.default_rng()
    for _ in range(200):
        base = int(rng.integers(start, stop - count))
        socks: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free UDP port range")


class ServerProcess:
    """``python -m app.server`` with the embedded switch; collects its JSON log lines."""

    def __init__(
        self,
        data_dir: Path,
        *,
        sip_port: int,
        rtp_port: int,
        sip_front: str = "none",
        workers: int = 2,
        http_port: int = 0,
        extra: tuple[str, ...] = (),
    ) -> None:
        env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure"}
        cmd = [sys.executable, "-m", "app.server", "--demo", "--port", str(http_port)]
        cmd += ["--data-dir", str(data_dir), "--demo-traffic", "off"]
        cmd += ["--switch", "embedded", "--sip-port", str(sip_port), "--rtp-port", str(rtp_port)]
        cmd += ["--sip-front", sip_front, "--switch-workers", str(workers), *extra]
        self.sip_port = sip_port
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[dict[str, Any]] = []
        self.url = ""
        threading.Thread(target=self._pump, daemon=True).start()
        deadline = time.monotonic() + 60
        try:
            while not self.url:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
                if line.startswith(READY):
                    self.url = line[len(READY) :].strip()
        except BaseException:  # no object to stop for the caller: do not leave the server running
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise
        self.http = httpx.Client(base_url=self.url + "/api/v1", timeout=15)

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    self.log.append(json.loads(line))
            self.lines.put(line)

    def events(self, name: str) -> list[dict[str, Any]]:
        return [e for e in list(self.log) if e.get("event") == name]

    def wait_log(self, name: str, timeout: float, count: int = 1) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(found := self.events(name)) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"no {name} in the server log within {timeout} s")

    def login(self, login: str, password: str = "PultDemo1", status: str = "online") -> str:
        r = self.http.post("/auth/login", json={"login": login, "password": password, "status": status})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def worker_pids(self) -> dict[int, int]:
        """SIP port → pid of each switch worker child of the server."""
        found: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) != self.proc.pid:
                continue
            args = [a.decode() for a in cmdline]
            if "app.server.switch.worker" in args:
                found[int(args[args.index("--sip-port") + 1])] = int(entry.name)
        return found

    def stop(self) -> int:
        self.http.close()
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return code


def speech(path: Path, text: str, *, lead: float = 0.3) -> Path:
    """Russian speech by espeak-ng, 8 kHz mono 16-bit, between pauses (nothing is lost while the bridge
    connects, and it loops with a gap)."""
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "ru", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(
        ["sox", str(raw), "-r", "8000", "-c", "1", "-b", "16", str(path), "pad", str(lead), "0.3"], check=True
    )
    return path


def read8k(path: Path) -> np.ndarray:
    """Any PCM WAV as float mono at 8 kHz (resampled by sox)."""
    out = path.with_name(path.stem + ".8k.wav")
    subprocess.run(["sox", str(path), "-r", "8000", "-c", "1", "-b", "16", str(out)], check=True)
    with wave.open(str(out), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


def g711_round_trip(path: Path) -> np.ndarray:
    law = path.with_name(path.stem + ".ulaw.wav")
    back = path.with_name(path.stem + ".back.wav")
    subprocess.run(["sox", str(path), "-r", "8000", "-e", "u-law", str(law)], check=True)
    subprocess.run(["sox", str(law), "-e", "signed-integer", "-b", "16", str(back)], check=True)
    return read8k(back)


def locate(reference: np.ndarray, recording: np.ndarray) -> tuple[int, float]:
    """Offset in ``recording`` where ``reference`` fits best, and the normalised correlation there."""
    n = len(recording) + len(reference)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(recording, size) * np.conj(np.fft.rfft(reference, size)), size)
    corr = corr[: len(recording) - len(reference) + 1]
    energy = np.sqrt(np.convolve(recording**2, np.ones(len(reference)), "valid"))
    score = corr / (energy * np.linalg.norm(reference) + 1e-9)
    best = int(np.argmax(score))
    return best, float(score[best])


def voiced(signal: np.ndarray) -> np.ndarray:
    """``signal`` without its leading and trailing silence (20 ms envelope under 2 % of the peak)."""
    frames = np.sqrt(np.convolve(signal**2, np.ones(160) / 160, "same"))
    loud = np.flatnonzero(frames > 0.02 * frames.max())
    return signal[loud[0] : loud[-1] + 1]


def speech_quality(reference: np.ndarray, recording: np.ndarray) -> tuple[float, float]:
    """(PESQ narrow-band, correlation) of the best-aligned copy of ``reference`` in ``recording``."""
    reference = voiced(reference)
    if len(recording) < len(reference):
        raise AssertionError(f"recording of {len(recording) / 8000:.1f} s is shorter than the speech")
    offset, correlation = locate(reference, recording)
    segment = recording[offset : offset + len(reference)]
    return float(pesq(8000, reference, segment, "nb")), correlation


@contextlib.contextmanager
def running(cmd: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kwargs
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def best_match(source: np.ndarray, recording: np.ndarray, *, window: float = 1.0) -> float:
    """The highest correlation of any loud 1 s window of ``recording`` with some place in ``source``
    (is the hold music in what the customer heard?)."""
    size, step = int(window * 8000), 2000
    best = 0.0
    for start in range(0, len(recording) - size, step):
        chunk = recording[start : start + size]
        if np.sqrt(np.mean(chunk**2)) < 0.01:
            continue
        best = max(best, locate(chunk, source)[1])
    return best


class BotProcess:
    """The operator bot (``python -m app.server.simulate operators``); collects its JSON lines."""

    def __init__(self, server_url: str, logins: str, *extra: str) -> None:
        cmd = [sys.executable, "-m", "app.server.simulate", "operators", "--server", server_url,
               "--logins", logins, "--password", "PultDemo1", *extra]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.lines: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    self.lines.append(json.loads(line))

    def events(self, name: str, login: str | None = None) -> list[dict[str, Any]]:
        return [e for e in list(self.lines) if e["event"] == name and login in (None, e["login"])]

    def wait(self, name: str, timeout: float, *, login: str | None = None, count: int = 1) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(found := self.events(name, login)) >= count:
                return found[count - 1]
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"bot: no {name} ({login}) within {timeout} s; saw {self.lines[-8:]}")

    def vanish(self) -> None:
        """The operator's machine dies: the bot and its media legs are killed, nobody signs out."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.vanish()
            code = -9
        self._reader.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return code


def speech_quality_each(reference: np.ndarray, recording: np.ndarray) -> list[float]:
    """PESQ narrow-band of every copy of ``reference`` in ``recording`` (a looped phrase is heard several
    times in a call), in order. A loaded machine can drop a burst in one copy; the best copy measures what
    the path itself does to speech."""
    reference = voiced(reference)
    size = len(reference)
    if len(recording) < size:
        raise AssertionError(f"recording of {len(recording) / 8000:.1f} s is shorter than the speech")
    n = len(recording) + size
    fft = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(recording, fft) * np.conj(np.fft.rfft(reference, fft)), fft)
    corr = corr[: len(recording) - size + 1]
    energy = np.sqrt(np.convolve(recording**2, np.ones(size), "valid"))
    score = corr / (energy * np.linalg.norm(reference) + 1e-9)
    found: dict[int, float] = {}
    while len(found) < 50:
        best = int(np.argmax(score))
        if score[best] < 0.3:
            break
        found[best] = float(pesq(8000, reference, recording[best : best + size], "nb"))
        score[max(0, best - size // 2) : best + size // 2] = -1.0
    return [found[at] for at in sorted(found)]
