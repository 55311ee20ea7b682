"""The server's systemd unit keeps calls up across ``systemctl restart`` (ARCHITECTURE §1: calls outlive the
api), and a package removal still ends every process of the service.

systemd does not run in the test's chroot or container, so this reads what systemd reads: the unit's
``KillMode`` decides whether a stop or restart signals the whole control group (the media workers with their
calls) or the api alone; what the api's absence then does to the workers is tested with the real server
in ``tests/server/test_switch_faults.py`` (an api restart mid-call).
"""

from __future__ import annotations

from pathlib import Path

from tests.packaging.debian_chroot import systemd_unit

SERVER = Path(__file__).resolve().parents[2] / "packaging" / "linux" / "server"


def test_a_stop_or_restart_signals_the_api_alone_so_the_workers_keep_their_calls() -> None:
    unit = systemd_unit((SERVER / "pult-server.service").read_text(encoding="utf-8"))
    assert unit["KillMode"] == "process"
    assert unit["KillSignal"] == "SIGTERM"  # the api hands its workers over (keep_calls) and exits 0
    assert unit["Restart"] == "on-failure"


def test_removing_the_package_ends_the_workers_the_stop_left() -> None:
    lines = [line.strip() for line in (SERVER / "prerm").read_text(encoding="utf-8").splitlines()]
    stop = lines.index("systemctl stop pult-server.service >/dev/null || true")
    kill = next(i for i, line in enumerate(lines) if line.startswith("systemctl kill "))
    assert stop < kill
    assert "--kill-who=all" in lines[kill]
    assert "--signal=SIGKILL" in lines[kill]
