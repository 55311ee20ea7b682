"""The signed apt repository of packaging/build.py: signatures verify, and tampering is refused.

Uses a tiny package instead of the real bundles, so this runs in seconds; the real packages go through
the same ``publish`` in test_debian_install.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("dpkg-deb", "apt-ftparchive", "apt-get", "gpg", "gpgv")),
        reason="needs dpkg-deb, apt-ftparchive, apt-get, gpg and gpgv (requirements/debian-test.txt)",
    ),
]


def load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pult_packaging_build", ROOT / "packaging" / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = load_build()


def tiny_deb(where: Path, name: str = "pult-probe", text: str = "hello\n") -> Path:
    root = where / name
    (root / "DEBIAN").mkdir(parents=True)
    (root / "usr" / "share" / name).mkdir(parents=True)
    (root / "usr" / "share" / name / "hello.txt").write_text(text)
    (root / "DEBIAN" / "control").write_text(
        f"Package: {name}\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@example.org>\n"
        "Priority: optional\nDescription: probe\n probe package for the repository tests\n"
    )
    deb = where / f"{name}_1.0_all.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "--build", str(root), str(deb)], check=True, capture_output=True
    )
    return deb


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    gnupghome = tmp_path / "gnupg"
    key = build.test_key(gnupghome)
    try:
        return build.publish([tiny_deb(tmp_path)], tmp_path / "repo", key=key, gnupghome=gnupghome)
    finally:
        subprocess.run(
            ["gpgconf", "--kill", "all"], env=dict(os.environ, GNUPGHOME=str(gnupghome)), check=False
        )


def gpgv(repo: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["gpgv", "--keyring", str(repo / "pult-archive-keyring.gpg"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def apt(tmp: Path, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """apt-get on a private state, cache and source list naming only ``repo`` (nothing of the host's)."""
    state = tmp / "apt"
    for sub in ("lists/partial", "cache/archives/partial", "parts", "etc"):
        (state / sub).mkdir(parents=True, exist_ok=True)
    (state / "status").touch()
    sources = state / "etc" / "pult.sources"
    sources.write_text(
        f"Types: deb\nURIs: file:{repo}\nSuites: {build.SUITE}\nComponents: {build.COMPONENT}\n"
        f"Signed-By: {repo / 'pult-archive-keyring.gpg'}\n"
    )
    options = {
        "Dir::State::Lists": state / "lists",
        "Dir::State::status": state / "status",
        "Dir::Cache": state / "cache",
        "Dir::Etc::SourceList": sources,
        "Dir::Etc::SourceParts": state / "parts",
        "Dir::Etc::Preferences": "/dev/null",
        "Dir::Etc::PreferencesParts": state / "parts",
        "APT::Sandbox::User": "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
        "Debug::NoLocking": "1",
        "APT::Architecture": build.deb_arch(),
    }
    flags = [f"-o{key}={value}" for key, value in options.items()]
    downloads = tmp / "downloads"  # apt skips a download whose file is already in the working dir
    downloads.mkdir(exist_ok=True)
    return subprocess.run(
        ["apt-get", "-q", *flags, *args], capture_output=True, text=True, cwd=downloads, check=False
    )


def test_release_and_inrelease_verify_with_the_published_key(repo: Path) -> None:
    dist = repo / "dists" / build.SUITE
    assert gpgv(repo, dist / "Release.gpg", dist / "Release").returncode == 0
    assert gpgv(repo, dist / "InRelease").returncode == 0


def test_gpgv_refuses_release_changed_after_signing(repo: Path) -> None:
    release = repo / "dists" / build.SUITE / "Release"
    release.write_text(release.read_text().replace("Label: Pult", "Label: Evil"))
    result = gpgv(repo, release.with_name("Release.gpg"), release)
    assert result.returncode != 0
    assert "BAD signature" in result.stderr


def test_apt_downloads_the_untouched_package(repo: Path, tmp_path: Path) -> None:
    assert apt(tmp_path, repo, "update").returncode == 0
    fetched = apt(tmp_path, repo, "download", "pult-probe")
    assert fetched.returncode == 0, fetched.stderr
    assert (tmp_path / "downloads" / "pult-probe_1.0_all.deb").is_file()


def test_apt_refuses_a_package_whose_bytes_differ_from_the_signed_index(repo: Path, tmp_path: Path) -> None:
    assert apt(tmp_path, repo, "update").returncode == 0
    pooled = next((repo / "pool").rglob("pult-probe_1.0_all.deb"))
    evil = tiny_deb(tmp_path / "evil", text="evil\n")  # same name and version, other bytes
    shutil.copyfile(evil, pooled)
    fetched = apt(tmp_path, repo, "download", "pult-probe")
    assert fetched.returncode != 0
    assert "Hash Sum mismatch" in fetched.stderr or "unexpected size" in fetched.stderr, fetched.stderr


def test_apt_refuses_a_repository_signed_by_another_key(repo: Path, tmp_path: Path) -> None:
    other_home = tmp_path / "other-gnupg"
    other = build.test_key(other_home)
    try:
        build.publish(
            sorted((repo / "pool").rglob("*.deb")), tmp_path / "other-repo", key=other, gnupghome=other_home
        )
    finally:
        subprocess.run(
            ["gpgconf", "--kill", "all"], env=dict(os.environ, GNUPGHOME=str(other_home)), check=False
        )
    shutil.copyfile(repo / "pult-archive-keyring.gpg", tmp_path / "other-repo" / "pult-archive-keyring.gpg")
    update = apt(tmp_path, tmp_path / "other-repo", "update")
    output = update.stdout + update.stderr
    assert "NO_PUBKEY" in output or "not signed" in output, output
    assert apt(tmp_path, tmp_path / "other-repo", "download", "pult-probe").returncode != 0
