"""Which language the client speaks, and loading its compiled translations (``translations/*.qm``)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SUPPORTED = ("ru", "en")
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


def choose_language(setting: str, *, system: str | None = None) -> str:
    """``setting`` when it names a supported language, else the system locale's, else Russian."""
    if setting in SUPPORTED:
        return setting
    name = (system if system is not None else QLocale.system().name()).split("_")[0].lower()
    return name if name in SUPPORTED else "ru"


def install_translators(
    app: QCoreApplication, language: str, *, directory: Path = TRANSLATIONS_DIR
) -> list[QTranslator]:
    """Install Pult's and Qt's own catalogues for ``language``; returns them (keep references alive)."""
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(str(directory / f"pult_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("i18n.missing", extra={"fields": {"language": language, "directory": str(directory)}})
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
