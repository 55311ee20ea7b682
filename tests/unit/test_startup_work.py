"""Work the client leaves out on the way to its first window (bench/startup.py), and what that relies on."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path

import pytest

from app import none_guard
from app.bootstrap import drop_feature_import_hook


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_none_is_kept_out_of_reach_of_the_references_pyside_drops() -> None:
    assert sys.getrefcount(None) > 1 << 59  # tests/conftest.py installed the guard, as main.py does
    before = sys.getrefcount(None)
    none_guard.install()  # a second start adds no second headroom
    assert abs(sys.getrefcount(None) - before) < 1000


def test_the_pyside_import_hook_reads_every_new_module_until_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401  # installs the hook, as the client's first Qt import does

    seen: dict[str, int] = sys.modules["shibokensupport.feature"].pyside_feature_dict
    assert builtins.__import__ is builtins.__feature_import__  # type: ignore[attr-defined]
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)  # back as it was after the test
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "startup_probe_before.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "startup_probe_after.py").write_text("VALUE = 2\n", encoding="utf-8")
    try:
        exec("import startup_probe_before")
        assert seen["startup_probe_before"] == -1  # PySide6 read its source: no "PySide6" in it

        drop_feature_import_hook()
        assert builtins.__import__ is builtins.__orig_import__  # type: ignore[attr-defined]
        exec("import startup_probe_after")
        assert "startup_probe_after" not in seen
        assert sys.modules["startup_probe_after"].VALUE == 2
    finally:
        sys.modules.pop("startup_probe_before", None)
        sys.modules.pop("startup_probe_after", None)
