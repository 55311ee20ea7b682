"""Local settings: defaults, round trip, migrations, newer files, corrupt files, atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.settings import files
from app.settings.files import SettingsFileError, write_atomically
from app.settings.migrations import ACCOUNT_SETTINGS_VERSION, APP_SETTINGS_VERSION
from app.settings.models import AccountSettings, AppSettings
from app.settings.paths import SettingsPaths, account_key


@pytest.fixture
def paths(tmp_path: Path) -> SettingsPaths:
    return SettingsPaths(config_dir=tmp_path / "config", state_dir=tmp_path / "state")


def test_default_paths_follow_the_platform_config_dir() -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"])  # a temp dir: see tests/conftest.py
    paths = SettingsPaths.default()
    assert paths.config_dir == config / "pult"
    file = paths.account_file("http://127.0.0.1:8765", "300000001/op1")
    assert file.path == config / "pult/accounts/127.0.0.1_8765/300000001_op1/settings.json"


def test_missing_file_gives_defaults(paths: SettingsPaths) -> None:
    assert paths.app_file().load() == AppSettings()
    assert paths.account_file("https://pult.example.com", "a").load().login_status == "keep"


def test_saved_settings_load_back_with_the_current_version(paths: SettingsPaths) -> None:
    file = paths.app_file()
    file.save(AppSettings(last_server="https://x.example", last_login="300000001/op1", remember=True))
    data = json.loads(file.path.read_text(encoding="utf-8"))
    assert data["schema_version"] == APP_SETTINGS_VERSION
    loaded = file.load()
    assert (loaded.last_server, loaded.last_login, loaded.remember) == (
        "https://x.example",
        "300000001/op1",
        True,
    )


def test_app_settings_v1_are_migrated(paths: SettingsPaths) -> None:
    file = paths.app_file()
    file.path.parent.mkdir(parents=True)
    file.path.write_text(json.dumps({"server_host": "10.0.0.5", "server_port": 8765, "autologin": 1}))
    loaded = file.load()
    assert loaded.last_server == "http://10.0.0.5:8765"
    assert loaded.remember is True
    assert loaded.schema_version == APP_SETTINGS_VERSION


def test_account_settings_v1_are_migrated(paths: SettingsPaths) -> None:
    file = paths.account_file("http://h:1", "u")
    file.path.parent.mkdir(parents=True)
    file.path.write_text(json.dumps({"schema_version": 1, "status": "dont_change", "geometry": "AAA="}))
    loaded = file.load()
    assert loaded == AccountSettings(login_status="keep", window_geometry="AAA=")
    assert loaded.schema_version == ACCOUNT_SETTINGS_VERSION


def test_file_from_a_newer_pult_is_read_but_never_overwritten(paths: SettingsPaths) -> None:
    file = paths.app_file()
    file.path.parent.mkdir(parents=True)
    original = json.dumps({"schema_version": 99, "last_login": "x", "future_field": [1, 2]})
    file.path.write_text(original)
    assert file.load().last_login == "x"
    assert file.read_only
    file.save(AppSettings(last_login="y"))
    assert file.path.read_text() == original


def test_corrupt_file_is_set_aside_and_defaults_used(paths: SettingsPaths) -> None:
    file = paths.app_file()
    file.path.parent.mkdir(parents=True)
    file.path.write_text("{not json")
    assert file.load() == AppSettings()
    assert not file.path.exists()
    assert file.path.with_name("settings.json.corrupt").read_text() == "{not json"


def test_atomic_write_keeps_the_old_file_when_replacing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.json"
    target.write_text("old")

    def refuse(_src: object, _dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(SettingsFileError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["s.json"]  # no temp file left behind


def test_atomic_write_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "s.json"
    write_atomically(target, "one")
    write_atomically(target, "two")
    assert target.read_text() == "two"
    assert sorted(os.listdir(target.parent)) == ["s.json"]


@pytest.mark.parametrize(
    ("server", "login", "expected"),
    [
        ("http://127.0.0.1:8765", "300000001/op1", ("127.0.0.1_8765", "300000001_op1")),
        ("https://pult.example.com", "Anna@Example.com", ("pult.example.com", "anna@example.com")),
        ("https://h", "../../etc", ("h", "etc")),
    ],
)
def test_account_directories_are_safe_names(server: str, login: str, expected: tuple[str, str]) -> None:
    assert account_key(server, login) == expected


def test_peek_reads_migrated_data_without_validating(paths: SettingsPaths) -> None:
    file = paths.app_file()
    file.path.parent.mkdir(parents=True)
    file.path.write_text(json.dumps({"server_host": "h", "autologin": True, "language": "en"}))
    peek = paths.peek_app_settings()
    assert (peek["last_server"], peek["remember"], peek["language"]) == ("http://h", True, "en")


@pytest.mark.parametrize("content", ["", "[1]", '{"schema_version": 99}', '{"schema_version": "x"}'])
def test_peek_gives_nothing_for_files_it_cannot_use(paths: SettingsPaths, content: str) -> None:
    path = paths.config_dir / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(content)
    assert paths.peek_app_settings() == {}
    assert path.read_text() == content  # a peek never moves or rewrites anything
