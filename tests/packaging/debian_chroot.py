"""A throwaway Debian bookworm system (debootstrap minbase) to install Pult's packages into, as root.

The debootstrapped tree is kept as a tarball in the cache dir (``$PULT_PACKAGING_CACHE`` or
``~/.cache/pult``), and so are the .deb files apt downloads into it, so a second run fetches nothing but
index files. systemd does not run in a chroot: callers run a unit's command line themselves.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

SUITE = "bookworm"
BASE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
}


def cache_dir() -> Path:
    # Not XDG_CACHE_HOME: the suite points that at a temp dir for every test.
    path = Path(os.environ.get("PULT_PACKAGING_CACHE") or Path.home() / ".cache" / "pult")
    path.mkdir(parents=True, exist_ok=True)
    return path


def host_debian_sources() -> tuple[str, str]:
    """(mirror URL, deb822 sources text) of this machine's Debian archive, so the chroot uses the same one."""
    texts = []
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        text = path.read_text(encoding="utf-8")
        if "debian" in text and SUITE in text:
            texts.append(text)
    for text in texts:
        for line in text.splitlines():
            if line.startswith("URIs:") and line.split()[1].rstrip("/").endswith("/debian"):
                return line.split()[1], "\n".join(texts)
    legacy = Path("/etc/apt/sources.list")
    if legacy.exists():
        for line in legacy.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "deb" and parts[2] == SUITE:
                url = parts[1]
                return url, f"Types: deb\nURIs: {url}\nSuites: {SUITE}\nComponents: main\n"
    url = "http://deb.debian.org/debian"
    return url, f"Types: deb\nURIs: {url}\nSuites: {SUITE}\nComponents: main\n"


def base_tarball(mirror: str) -> Path:
    """The minbase system as a tarball, debootstrapped on first use."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True)
    tarball = cache_dir() / f"debootstrap-{SUITE}-minbase-{arch.stdout.strip()}.tar.gz"
    if tarball.exists():
        return tarball
    work = cache_dir() / "debootstrap-work"
    if work.exists():
        shutil.rmtree(work)
    subprocess.run(
        ["nice", "-n", "10", "debootstrap", "--variant=minbase", SUITE, str(work), mirror],
        check=True,
        capture_output=True,
    )
    partial = tarball.with_suffix(".partial")
    subprocess.run(["tar", "--numeric-owner", "-C", str(work), "-czf", str(partial), "."], check=True)
    partial.rename(tarball)
    shutil.rmtree(work)
    return tarball


class Chroot:
    """A Debian tree under ``root`` with /proc, /dev and the apt download cache mounted while open."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._mounts: list[Path] = []

    def create(self) -> None:
        mirror, sources = host_debian_sources()
        self.root.mkdir(parents=True)
        subprocess.run(
            ["tar", "--numeric-owner", "-C", str(self.root), "-xzf", str(base_tarball(mirror))], check=True
        )
        (self.root / "etc/apt/sources.list").unlink(missing_ok=True)
        (self.root / "etc/apt/sources.list.d/debian.sources").write_text(sources, encoding="utf-8")
        shutil.copyfile("/etc/resolv.conf", self.root / "etc/resolv.conf")
        # Installing nothing that is only recommended keeps kamailio (Recommends of pult-server) out.
        (self.root / "etc/apt/apt.conf.d/90pult-test").write_text(
            'APT::Install-Recommends "false";\nAPT::Keep-Downloaded-Packages "true";\n', encoding="utf-8"
        )
        self._mount(["-t", "proc", "proc"], "proc")
        self._mount(["--rbind", "/dev"], "dev")
        subprocess.run(["mount", "--make-rslave", str(self.root / "dev")], check=True)
        archives = cache_dir() / "apt-archives"
        (archives / "partial").mkdir(parents=True, exist_ok=True)
        self._mount(["--bind", str(archives)], "var/cache/apt/archives")

    def _mount(self, args: list[str], target: str) -> None:
        where = self.root / target
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *args, str(where)], check=True)
        self._mounts.append(where)

    def close(self) -> None:
        for where in reversed(self._mounts):
            subprocess.run(["umount", "-R", "-l", str(where)], check=False)
        self._mounts.clear()
        if self.root.exists():
            # Nothing may be mounted any more; a lazy unmount that lingers must not let rmtree reach /dev.
            mounted = Path("/proc/mounts").read_text(encoding="utf-8")
            if str(self.root) not in mounted:
                shutil.rmtree(self.root, ignore_errors=True)

    def command(
        self, cmd: list[str], *, env: Mapping[str, str] | None = None, user: str = "", cwd: str = "/"
    ) -> list[str]:
        pairs = [f"{k}={v}" for k, v in {**BASE_ENV, **(env or {})}.items()]
        userspec = ["--userspec", user] if user else []
        return ["chroot", *userspec, str(self.root), "/usr/bin/env", "-i", "-C", cwd, *pairs, *cmd]

    def run(
        self,
        cmd: list[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self.command(cmd, env=env), capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"{shlex.join(cmd)} failed in the chroot ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done

    def path(self, inside: str) -> Path:
        return self.root / inside.lstrip("/")


def systemd_unit(text: str) -> dict[str, str]:
    """The [Service] section of a unit file as a dict (last value wins, as systemd reads single values)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string(text)
    return dict(parser["Service"])


def environment_file(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip('"')
    return values
