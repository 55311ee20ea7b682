"""Render the Pult logo (``widgets.icons.logo_icon``, drawn in code) into the icon files installers need.

    python packaging/make_icons.py OUT_DIR

writes ``OUT_DIR/hicolor/<n>x<n>/apps/pult.png`` for the freedesktop icon theme, ``OUT_DIR/pult.ico`` for
Windows and ``OUT_DIR/pult.iconset/`` from which macOS's ``iconutil`` makes ``pult.icns``. Runs offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from widgets.icons import logo_icon

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONSET = {  # iconutil's names
    "icon_16x16.png": 16,
    "icon_16x16@2x.png": 32,
    "icon_32x32.png": 32,
    "icon_32x32@2x.png": 64,
    "icon_128x128.png": 128,
    "icon_128x128@2x.png": 256,
    "icon_256x256.png": 256,
    "icon_256x256@2x.png": 512,
    "icon_512x512.png": 512,
}


def render(size: int) -> QImage:
    return logo_icon(size).pixmap(size, size).toImage()


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication([])
    for size in HICOLOR_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / "pult.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            print(f"make_icons: cannot write {target}", file=sys.stderr)
            return 1
    iconset = out / "pult.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for name, size in ICONSET.items():
        render(size).save(str(iconset / name), "PNG")
    # Qt's ico writer stores one image; 256 px is what Windows scales down from.
    if not render(256).save(str(out / "pult.ico"), "ICO"):
        print("make_icons: this Qt cannot write .ico (imageformats/qico missing)", file=sys.stderr)
        return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
