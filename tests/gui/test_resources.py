"""The icons Pult ships are valid and draw something."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from widgets.icons import dot_icon, logo_icon, logout_icon, people_icon

ROOT = Path(__file__).resolve().parents[2]


def test_application_svg_icon_renders(qapp: QApplication) -> None:
    renderer = QSvgRenderer(str(ROOT / "resources/icons/pult.svg"))
    assert renderer.isValid()
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert image.pixelColor(32, 4).name() == "#2f6fed"


def test_painted_icons_are_not_empty(qapp: QApplication) -> None:
    for icon in (dot_icon("#22a559"), logo_icon(), logout_icon("#1b2433"), people_icon("#2459c9")):
        assert not icon.isNull()
        assert not icon.pixmap(16, 16).toImage().isNull()
