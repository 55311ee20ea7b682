"""The packaging scripts, specs and CI workflow stay consistent with the tree (fast; no build runs).

Every file they name exists, every spec and plist parses, the desktop entry and Info.plist register the
call URL schemes, and the version comes from ``app.__version__`` only.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import app
from tests.packaging.yaml_subset import YamlSubsetError, load

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "packages.yml"
TOP_DIRS = ("packaging", "requirements", "tests", "scripts", "app", "resources", "translations", "softphone")
OUTPUT_MARKERS = ("dist/", "dist\\", "build/pyinstaller", ".venv/", "$app/")  # lines about build outputs
SCRIPTS = [
    *sorted(PACKAGING.glob("*.spec")),
    PACKAGING / "build.py",
    PACKAGING / "windows" / "build.ps1",
    PACKAGING / "windows" / "pult.iss",
    PACKAGING / "windows" / "sign-osslsigncode.sh",
    PACKAGING / "macos" / "build.sh",
    WORKFLOW,
]
URL_SCHEMES = ("tel", "callto", "sip")
REPO_PATH = re.compile(r"(?<![\w$/.-])(?:\./)?((?:" + "|".join(TOP_DIRS) + r")[/\\][\w./\\*-]+)")
SIBLING = re.compile(r"""["'/\\]([\w-]+\.(?:iss|plist|py|sh|ps1|spec|desktop|service|env))["']""")


def load_speclib() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pult_speclib", PACKAGING / "speclib.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def referenced_paths(text: str) -> set[str]:
    """Repository paths named in a script: ``packaging/x.py``, ``requirements\\dev.lock``..."""
    found = set()
    for match in REPO_PATH.finditer(text):
        path = match.group(1).replace("\\", "/").rstrip(".").rstrip("/")
        found.add(path)
    return found


def missing_references(text: str, base: Path) -> list[str]:
    """Named files found neither under the repository root nor beside the script (``base``)."""
    missing = []
    for path in sorted(referenced_paths(text)):
        if any(ch in path for ch in "*?") and list(ROOT.glob(path)):
            continue
        if not (ROOT / path).exists():
            missing.append(path)
    for name in sorted(set(SIBLING.findall(text))):
        if not (
            list(base.rglob(name))
            or list(PACKAGING.rglob(name))
            or list(ROOT.glob(f"*/{name}"))
            or list((ROOT / "app").rglob(name))
        ):
            missing.append(name)
    return missing


def workflow() -> dict[str, object]:
    parsed = load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(parsed, dict)
    return parsed


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_packaging_script_names_exists(script: Path) -> None:
    assert script.is_file()
    text = script.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not any(m in line for m in OUTPUT_MARKERS))
    assert missing_references(text, script.parent) == []


def test_reference_check_reports_a_missing_file() -> None:
    text = (
        'run: python packaging/no_such_script.py\n  cp "$here/nothere.plist" x\n  cat requirements/dev.lock\n'
    )
    assert missing_references(text, PACKAGING) == ["packaging/no_such_script.py", "nothere.plist"]


def test_workflow_builds_on_linux_windows_and_macos_hosted_runners() -> None:
    jobs = workflow()["jobs"]
    assert isinstance(jobs, dict)
    runners = {name: str(job["runs-on"]) for name, job in jobs.items()}  # type: ignore[index]
    assert runners["linux"].startswith("ubuntu-")
    assert runners["windows"].startswith("windows-")
    assert runners["macos"].startswith("macos-")
    for name, job in jobs.items():
        steps = job["steps"]  # type: ignore[index]
        assert isinstance(steps, list)
        assert steps[0] == {"uses": "actions/checkout@v4"}, name
        assert all("run" in step or "uses" in step for step in steps), name


def test_workflow_runs_the_packaging_tests_and_the_per_os_scripts() -> None:
    runs = "\n".join(
        str(step.get("run", ""))
        for job in workflow()["jobs"].values()  # type: ignore[union-attr]
        for step in job["steps"]
    )
    assert "pytest tests/packaging" in runs
    assert "packaging/windows/build.ps1" in runs
    assert "packaging/macos/build.sh" in runs
    assert "packaging/build.py repo" in runs


def test_workflow_reader_refuses_yaml_outside_its_subset() -> None:
    with pytest.raises(YamlSubsetError):
        load("jobs: {linux: {}}\n")
    with pytest.raises(YamlSubsetError):
        load("a: 1\n  b: 2\n")


@pytest.mark.parametrize("spec", sorted(PACKAGING.glob("*.spec")), ids=lambda p: p.name)
def test_spec_files_are_valid_python(spec: Path) -> None:
    tree = ast.parse(spec.read_text(encoding="utf-8"), filename=str(spec))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= calls


def test_server_spec_carries_every_migration_script() -> None:
    text = (PACKAGING / "pult-server.spec").read_text(encoding="utf-8")
    assert '"app/server/migrations"' in text
    assert '"app/server/migrations/versions"' in text
    assert (ROOT / "app" / "server" / "migrations" / "env.py").is_file()
    assert list((ROOT / "app" / "server" / "migrations" / "versions").glob("0*.py"))


def test_version_comes_from_app_init_only() -> None:
    speclib = load_speclib()
    assert speclib.version() == app.__version__
    literal = re.compile(r"(?<![\d.])" + re.escape(app.__version__) + r"(?![\d.])")
    files = [p for p in PACKAGING.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [WORKFLOW]
    hardcoded = [str(p.relative_to(ROOT)) for p in files if literal.search(p.read_text(encoding="utf-8"))]
    assert hardcoded == []


def test_build_script_prints_the_app_version() -> None:
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == app.__version__


def test_macos_info_plist_asks_for_the_microphone_and_claims_the_call_schemes() -> None:
    info = load_speclib().macos_info_plist()
    plistlib.loads(plistlib.dumps(info))  # serialisable as PyInstaller will write it
    assert info["NSMicrophoneUsageDescription"]
    schemes = {s for entry in info["CFBundleURLTypes"] for s in entry["CFBundleURLSchemes"]}
    assert schemes == set(URL_SCHEMES)


def test_macos_entitlements_allow_audio_input_under_the_hardened_runtime() -> None:
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.device.audio-input"] is True
    build = (PACKAGING / "macos" / "build.sh").read_text(encoding="utf-8")
    assert "--options runtime" in build
    assert "notarytool submit" in build
    assert "stapler staple" in build


def test_windows_installer_registers_and_unregisters_the_call_schemes() -> None:
    iss = (PACKAGING / "windows" / "pult.iss").read_text(encoding="utf-8")
    for scheme in URL_SCHEMES:
        assert f'Subkey: "Software\\Classes\\{scheme}\\shell\\open\\command"' in iss
        assert f'ValueName: "{scheme}"; ValueData: "Pult.URL"' in iss
    assert "uninsdeletekey" in iss
    assert "AppVersion={#AppVersion}" in iss
    assert "signtool" in (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")


def test_desktop_entry_handles_tel_callto_and_sip_links() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(PACKAGING / "linux" / "client" / "pult.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Exec"] == "pult %u"
    assert entry["MimeType"] == "".join(f"x-scheme-handler/{s};" for s in URL_SCHEMES)
    assert entry["Icon"] == "pult"
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(PACKAGING / "linux" / "client" / "pult.desktop")], check=True
        )


def test_server_unit_runs_the_bundle_as_user_pult_with_its_config_and_data_dirs() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment, method-assign]
    unit.read(PACKAGING / "linux" / "server" / "pult-server.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].startswith("/opt/pult-server/pult-server ")
    assert "--data-dir /var/lib/pult-server" in service["ExecStart"]
    assert service["User"] == "pult"
    assert service["EnvironmentFile"] == "-/etc/pult-server/pult-server.env"
    control = (PACKAGING / "linux" / "server" / "control").read_text(encoding="utf-8")
    assert "Recommends: kamailio" in control


@pytest.mark.parametrize(
    "script",
    [
        PACKAGING / "linux" / "server" / "postinst",
        PACKAGING / "linux" / "server" / "prerm",
        PACKAGING / "linux" / "server" / "postrm",
        PACKAGING / "linux" / "client" / "pult.sh",
        PACKAGING / "windows" / "sign-osslsigncode.sh",
        PACKAGING / "macos" / "build.sh",
    ],
    ids=lambda p: str(p.relative_to(PACKAGING)),
)
def test_shell_scripts_parse(script: Path) -> None:
    shell = "bash" if script.read_text(encoding="utf-8").startswith("#!/bin/bash") else "sh"
    subprocess.run([shell, "-n", str(script)], check=True)
