"""A real ``python -m app.server`` (demo tenant, no switch) for the two-factor GUI tests, and enrolment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

from app.server.services.two_factor import secret_key, totp

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "PultDemo1"


@contextmanager
def running_server(data_dir: Path) -> Iterator[str]:
    """The server's base URL while it runs (a free port chosen by the server itself)."""
    env = {**os.environ, "PULT_SERVER_PASSWORD_HASHING": "argon2-fast-insecure"}
    cmd = [sys.executable, "-m", "app.server", "--demo", "--port", "0", "--data-dir", str(data_dir)]
    cmd += ["--switch", "none", "--demo-traffic", "off"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    url = ""
    try:
        for line in proc.stdout:
            if line.startswith("Pult server listening on "):
                url = line.split()[-1]
                break
        assert url, "the server did not start"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()


def sign_in(url: str, login: str) -> str:
    """A session token for ``login`` (no second factor on yet)."""
    answer = httpx.post(f"{url}/api/v1/auth/login", json={"login": login, "password": PASSWORD}, timeout=15)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def switch_on_two_factor(url: str, login: str) -> str:
    """Enrol ``login`` through the API as the settings section does; returns the secret."""
    with httpx.Client(base_url=url + "/api/v1", timeout=15) as http:
        headers = {"Authorization": f"Bearer {sign_in(url, login)}"}
        secret = str(http.post("/me/two-factor", headers=headers).json()["secret"])
        code = totp(secret_key(secret), datetime.now(UTC))
        confirmed = http.post("/me/two-factor/confirm", headers=headers, json={"code": code})
        assert confirmed.status_code == 200, confirmed.text
        http.post("/auth/logout", headers=headers)
    return secret
