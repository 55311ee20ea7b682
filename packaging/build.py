#!/usr/bin/env python3
"""Build Pult's bundles, Debian packages and signed apt repository.

    python packaging/build.py client    PyInstaller bundle of the client  -> dist/pyinstaller/pult/
    python packaging/build.py server    PyInstaller bundle of the server  -> dist/pyinstaller/pult-server/
    python packaging/build.py deb       pult and pult-server .deb files   -> dist/deb/ (missing bundles built)
    python packaging/build.py repo      signed apt repository             -> dist/repo/ (missing debs built)
    python packaging/build.py all       all of the above, bundles rebuilt

Run it with the project's virtual environment (PyInstaller and PySide6 come from the lock file). Only the
standard library is used here; Debian tools (dpkg-deb, apt-ftparchive, gpg, objdump) do the Debian parts.

Signing: ``PULT_GPG_KEY`` names the key (fingerprint or user id) in the keyring of ``GNUPGHOME`` (or the
default ~/.gnupg). Without it, ``repo`` makes a throwaway key in ``dist/test-gnupg/`` and says so: good
for tests and CI, never for a release.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speclib

ROOT = speclib.ROOT
PACKAGING = speclib.PACKAGING
LINUX = PACKAGING / "linux"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLES = DIST / "pyinstaller"
DEBS = DIST / "deb"
REPO = DIST / "repo"
TEST_GNUPG = DIST / "test-gnupg"
SUITE = "stable"
COMPONENT = "main"
TEST_KEY_UID = "Pult test archive key (throwaway, CI only) <pult-test@example.org>"

# Libraries the bundle opens with dlopen (so no ELF file names them) and what the desktop needs besides.
CLIENT_EXTRA_DEPENDS = [
    "libportaudio2",  # sounddevice loads it through ctypes
    "libxcb-cursor0",  # Qt's xcb platform plugin refuses to start without it since Qt 6.5
    "fontconfig",
    "fonts-dejavu-core | fonts-liberation2 | fonts-freefont-ttf",  # Qt brings no fonts
    "hicolor-icon-theme",
]
SERVER_EXTRA_DEPENDS: list[str] = []


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    say(" ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, text=True, **kw)  # type: ignore[call-overload, no-any-return]


def source_date_epoch() -> str:
    """The last commit's time, so that rebuilding one commit gives the same timestamps inside the packages."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    out = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or str(int(time.time()))


def build_env() -> dict[str, str]:
    return dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(), PYTHONHASHSEED="0", LC_ALL="C.UTF-8")


# -- bundles -----------------------------------------------------------------------------------------------


def make_icons() -> Path:
    out = DIST / "icons"
    if out.exists():
        shutil.rmtree(out)
    env = dict(build_env(), QT_QPA_PLATFORM="offscreen")
    run([sys.executable, str(PACKAGING / "make_icons.py"), str(out)], env=env)
    if sys.platform == "darwin" and shutil.which("iconutil"):
        run(["iconutil", "-c", "icns", str(out / "pult.iconset"), "-o", str(out / "pult.icns")])
    return out


def pyinstaller(spec: str) -> Path:
    name = {"pult-client.spec": "pult", "pult-server.spec": "pult-server"}[spec]
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(BUNDLES),
            "--workpath",
            str(WORK),
            str(PACKAGING / spec),
        ],
        env=build_env(),
        cwd=ROOT,
    )
    bundle = BUNDLES / name
    (bundle / "build.txt").write_text(build_label() + "\n", encoding="utf-8")
    return bundle


def build_label() -> str:
    """The build «О программе» shows: the commit, plus the CI run that made the package if any."""
    out = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=10"],
        capture_output=True,
        text=True,
        check=False,
    )
    label = out.stdout.strip() or "source"
    run_id = os.environ.get("PULT_BUILD_RUN") or os.environ.get("GITHUB_RUN_NUMBER")
    return f"{label} #{run_id}" if run_id else label


def build_client() -> Path:
    run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "build"], cwd=ROOT)
    make_icons()
    if sys.platform == "win32":
        speclib.windows_version_file(DIST / "windows" / "version_info.txt")
    bundle = pyinstaller("pult-client.spec")
    say(f"client bundle: {bundle} ({tree_size(bundle) / 1e6:.0f} MB)")
    return bundle


def build_server() -> Path:
    bundle = pyinstaller("pult-server.spec")
    say(f"server bundle: {bundle} ({tree_size(bundle) / 1e6:.0f} MB)")
    return bundle


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# -- Debian packages ---------------------------------------------------------------------------------------


def deb_version() -> str:
    return f"{speclib.version()}-1"


def deb_arch() -> str:
    return run(["dpkg", "--print-architecture"], capture_output=True).stdout.strip()


def elf_files(tree: Path) -> Iterable[Path]:
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield path


def needed_outside(bundle: Path) -> set[str]:
    """Sonames the bundle's ELF files need that the bundle does not carry itself."""
    carried = {p.name for p in bundle.rglob("*")}
    needed: set[str] = set()
    for path in elf_files(bundle):
        out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "NEEDED":
                needed.add(parts[1])
    return {name for name in needed if name not in carried}


def system_library_paths() -> dict[str, str]:
    out = run(["ldconfig", "-p"], capture_output=True).stdout
    found: dict[str, str] = {}
    arch_marker = "x86-64" if os.uname().machine == "x86_64" else ""
    for line in out.splitlines()[1:]:
        if "=>" not in line:
            continue
        left, path = line.rsplit("=>", 1)
        soname = left.split()[0]
        if arch_marker and arch_marker not in left:
            continue
        found.setdefault(soname, path.strip())
    return found


def packages_owning(paths: list[str]) -> set[str]:
    """Debian packages that ship these files (asking dpkg about the path and its /usr-merged twin)."""
    owners: set[str] = set()
    for path in paths:
        candidates = {path, os.path.realpath(path)}
        for c in list(candidates):
            if c.startswith("/usr/lib/"):
                candidates.add(c.removeprefix("/usr"))
            elif c.startswith("/lib/"):
                candidates.add("/usr" + c)
        for c in sorted(candidates):
            out = subprocess.run(["dpkg", "-S", c], capture_output=True, text=True, check=False)
            if out.returncode == 0:
                owners.add(out.stdout.split(":", 1)[0].strip())
                break
        else:
            raise SystemExit(f"no Debian package ships {path}: install it so the dependency can be named")
    return owners


def shlib_depends(bundle: Path, extra: list[str]) -> str:
    """The Depends line: packages of the system libraries the bundle links against, plus ``extra``."""
    libs = system_library_paths()
    missing = sorted(needed_outside(bundle))
    unknown = [name for name in missing if name not in libs]
    if unknown:
        raise SystemExit(f"the bundle needs libraries this system lacks: {', '.join(unknown)}")
    owners = packages_owning([libs[name] for name in missing])
    # The bundle carries libraries of the build system (libstdc++, libpython...), which need at least
    # the C library they were linked with.
    libc = run(["dpkg-query", "-W", "-f=${Version}", "libc6"], capture_output=True).stdout.split("-")[0]
    named = [f"libc6 (>= {libc})" if owner == "libc6" else owner for owner in sorted(owners | {"libc6"})]
    return ", ".join(named + extra)


def fill(template: Path, **values: str) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if "@" in "".join(line for line in text.splitlines() if line.startswith(("Version", "Depends"))):
        raise SystemExit(f"unfilled placeholder in {template}")
    return text


def install_file(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def copy_bundle(bundle: Path, dest: Path) -> None:
    shutil.copytree(bundle, dest, symlinks=True)
    for path in dest.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)


def dpkg_build(root: Path, control_template: Path, depends: str, out_dir: Path) -> Path:
    size_kb = (tree_size(root) + 1023) // 1024
    control = root / "DEBIAN" / "control"
    control.parent.mkdir(parents=True, exist_ok=True)
    control.write_text(
        fill(
            control_template,
            VERSION=deb_version(),
            ARCH=deb_arch(),
            INSTALLED_SIZE=str(size_kb),
            DEPENDS=depends,
        ),
        encoding="utf-8",
    )
    epoch = int(source_date_epoch())
    for path in [root, *root.rglob("*")]:
        os.utime(path, (epoch, epoch), follow_symlinks=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = control_template.parent.name
    package = "pult" if name == "client" else "pult-server"
    deb = out_dir / f"{package}_{deb_version()}_{deb_arch()}.deb"
    run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root), str(deb)],
        env=build_env(),
    )
    say(f"{deb.name}: {deb.stat().st_size / 1e6:.1f} MB")
    return deb


def build_client_deb(bundle: Path, stage: Path) -> Path:
    root = stage / "pult"
    copy_bundle(bundle, root / "opt" / "pult")
    install_file(LINUX / "client" / "pult.sh", root / "usr" / "bin" / "pult", 0o755)
    install_file(LINUX / "client" / "pult.desktop", root / "usr" / "share" / "applications" / "pult.desktop")
    icons = DIST / "icons" / "hicolor"
    if not icons.is_dir():
        make_icons()
    for png in sorted(icons.glob("*/apps/pult.png")):
        install_file(png, root / "usr" / "share" / "icons" / "hicolor" / png.relative_to(icons))
    docs = root / "usr" / "share" / "doc" / "pult"
    install_file(ROOT / "README.md", docs / "README.md")
    install_file(LINUX / "copyright", docs / "copyright")
    depends = shlib_depends(bundle, CLIENT_EXTRA_DEPENDS)
    return dpkg_build(root, LINUX / "client" / "control", depends, DEBS)


def build_server_deb(bundle: Path, stage: Path) -> Path:
    root = stage / "pult-server"
    copy_bundle(bundle, root / "opt" / "pult-server")
    server = LINUX / "server"
    install_file(server / "pult-server.service", root / "lib" / "systemd" / "system" / "pult-server.service")
    install_file(server / "pult-server.env", root / "etc" / "pult-server" / "pult-server.env", 0o640)
    for script in ("postinst", "prerm", "postrm"):
        install_file(server / script, root / "DEBIAN" / script, 0o755)
    install_file(server / "conffiles", root / "DEBIAN" / "conffiles")
    docs = root / "usr" / "share" / "doc" / "pult-server"
    install_file(ROOT / "README.md", docs / "README.md")
    install_file(LINUX / "copyright", docs / "copyright")
    depends = shlib_depends(bundle, SERVER_EXTRA_DEPENDS)
    return dpkg_build(root, server / "control", depends, DEBS)


def build_debs(*, rebuild: bool) -> list[Path]:
    missing = [
        tool for tool in ("dpkg-deb", "dpkg-query", "objdump", "ldconfig") if shutil.which(tool) is None
    ]
    if missing:
        raise SystemExit(
            f"Debian packages are built on Debian: missing {', '.join(missing)} (dpkg, binutils)"
        )
    client = BUNDLES / "pult"
    server = BUNDLES / "pult-server"
    if rebuild or not client.is_dir():
        client = build_client()
    if rebuild or not server.is_dir():
        server = build_server()
    if DEBS.exists():
        shutil.rmtree(DEBS)
    with tempfile.TemporaryDirectory(prefix="pult-deb-") as tmp:
        return [build_client_deb(client, Path(tmp)), build_server_deb(server, Path(tmp))]


# -- signed apt repository ---------------------------------------------------------------------------------


def gpg_env(gnupghome: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if gnupghome is not None:
        env["GNUPGHOME"] = str(gnupghome)
    return env


def test_key(gnupghome: Path) -> str:
    """A throwaway signing key (no passphrase) in its own GNUPGHOME; returns its fingerprint."""
    gnupghome.mkdir(parents=True, exist_ok=True, mode=0o700)
    gnupghome.chmod(0o700)
    env = gpg_env(gnupghome)
    listed = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--list-secret-keys", TEST_KEY_UID],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if listed.returncode != 0:
        run(
            [
                "gpg",
                "--batch",
                "--passphrase",
                "",
                "--quick-generate-key",
                TEST_KEY_UID,
                "ed25519",
                "sign",
                "1d",
            ],
            env=env,
            capture_output=True,
        )
        listed = run(
            ["gpg", "--batch", "--with-colons", "--list-secret-keys", TEST_KEY_UID],
            env=env,
            capture_output=True,
        )
    for line in listed.stdout.splitlines():
        if line.startswith("fpr:"):
            return line.split(":")[9]
    raise SystemExit("gpg made no test key")


def publish(debs: list[Path], repo: Path, *, key: str, gnupghome: Path | None) -> Path:
    """An apt repository (pool/ + dists/SUITE) with Release, Release.gpg and InRelease signed by ``key``."""
    if repo.exists():
        shutil.rmtree(repo)
    pool = repo / "pool" / COMPONENT
    pool.mkdir(parents=True)
    for deb in debs:
        shutil.copyfile(deb, pool / deb.name)
    arch = deb_arch()
    dist = repo / "dists" / SUITE
    binary = dist / COMPONENT / f"binary-{arch}"
    binary.mkdir(parents=True)
    packages = run(["apt-ftparchive", "packages", "pool"], cwd=repo, capture_output=True).stdout
    (binary / "Packages").write_text(packages, encoding="utf-8")
    with gzip.GzipFile(binary / "Packages.gz", "wb", mtime=0) as gz:
        gz.write(packages.encode())
    options = {
        "Origin": "Pult",
        "Label": "Pult",
        "Suite": SUITE,
        "Codename": SUITE,
        "Architectures": arch,
        "Components": COMPONENT,
        "Description": "Pult contact center packages",
    }
    args = [f"-oAPT::FTPArchive::Release::{k}={v}" for k, v in options.items()]
    release = run(["apt-ftparchive", *args, "release", "."], cwd=dist, capture_output=True).stdout
    (dist / "Release").write_text(release, encoding="utf-8")
    env = gpg_env(gnupghome)
    base = ["gpg", "--batch", "--yes", "--local-user", key, "--digest-algo", "SHA512"]
    run(
        [*base, "--armor", "--detach-sign", "--output", str(dist / "Release.gpg"), str(dist / "Release")],
        env=env,
    )
    run([*base, "--clearsign", "--output", str(dist / "InRelease"), str(dist / "Release")], env=env)
    # The public key, for `signed-by=` on the clients (binary form, as /usr/share/keyrings wants it).
    exported = subprocess.run(["gpg", "--batch", "--export", key], capture_output=True, env=env, check=True)
    (repo / "pult-archive-keyring.gpg").write_bytes(exported.stdout)
    say(f"apt repository: {repo} (suite {SUITE}, signed by {key})")
    return repo


def build_repo(*, rebuild: bool) -> Path:
    if shutil.which("apt-ftparchive") is None or shutil.which("gpg") is None:
        raise SystemExit("the apt repository needs apt-ftparchive (Debian apt-utils) and gpg (gnupg)")
    debs = sorted(DEBS.glob("*.deb")) if DEBS.is_dir() and not rebuild else []
    if len(debs) < 2:
        debs = build_debs(rebuild=rebuild)
    key = os.environ.get("PULT_GPG_KEY", "")
    gnupghome: Path | None = None
    if not key:
        say("PULT_GPG_KEY is not set: signing with a throwaway test key (not for release)")
        gnupghome = TEST_GNUPG
        key = test_key(gnupghome)
    try:
        return publish(debs, REPO, key=key, gnupghome=gnupghome)
    finally:
        if gnupghome is not None:  # the agent that the throwaway key started must not outlive the build
            subprocess.run(["gpgconf", "--kill", "all"], env=gpg_env(gnupghome), check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", choices=["client", "server", "deb", "repo", "all", "icons", "version"])
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.target == "version":
        print(speclib.version())
        return 0
    if args.target == "icons":
        make_icons()
    elif args.target == "client":
        build_client()
    elif args.target == "server":
        build_server()
    elif args.target == "deb":
        build_debs(rebuild=False)
    elif args.target == "repo":
        build_repo(rebuild=False)
    else:
        build_repo(rebuild=True)
    say(f"{args.target} done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
