"""Screenshots of the real main window in its call states.

``PULT_SCREENSHOTS=1`` renders them under Xvfb into ``docs/screenshots/`` (the committed pictures);
without it the same scenes render offscreen into a temp dir and are checked for size and content.
The scenes run in a child process: a Qt application picks its platform once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.gui.screenshot_scenes import SCENES, SIZE
from tests.gui.settings_scenes import SETTINGS_SCENES, SETTINGS_SIZE

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    name: (SIZE[0] + 420, SIZE[1]) if name == "panels" else (720, 420) if name == "tray" else SIZE
    for name in SCENES
}
EXPECTED.update({f"settings_{name}": SETTINGS_SIZE for name in SETTINGS_SCENES})


def _render(out: Path, env: dict[str, str], prefix: list[str]) -> str:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "tests.gui.screenshot_scenes", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_the_call_states_render_at_full_size(tmp_path: Path) -> None:
    env = dict(os.environ)
    if os.environ.get("PULT_SCREENSHOTS") == "1":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            pytest.fail("PULT_SCREENSHOTS=1 needs xvfb-run (Debian package xvfb)")
        out = ROOT / "docs" / "screenshots"
        env["QT_QPA_PLATFORM"] = "xcb"
        env.pop("DISPLAY", None)
        _render(out, env, [xvfb, "-a", "-s", "-screen 0 1920x1080x24 -dpi 96"])
    else:
        out = tmp_path
        env["QT_QPA_PLATFORM"] = "offscreen"
        _render(out, env, [])
    for name, (width, height) in EXPECTED.items():
        image = QImage(str(out / f"{name}.png"))
        assert (image.width(), image.height()) == (width, height), name
        # Not blank: the top bar's navy and the surface's white are both there.
        colours = {image.pixelColor(x, y).name() for x in range(0, width, 37) for y in range(0, height, 29)}
        # A settings tab is a plain form: text and controls on the dialog's canvas are enough.
        assert len(colours) > (3 if name.startswith("settings_") else 8), name
