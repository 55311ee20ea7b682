"""Helpers shared by the PyInstaller spec files (imported by them, and by build.py and the tests).

Only the standard library is used, so that the spec files stay plain data plus a few filters.
"""

from __future__ import annotations

import ast
import fnmatch
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

# Qt modules no Pult window uses: leaving them out of the analysis keeps their libraries out of the bundle.
# (PySide6's hook would otherwise follow QtGui/QtWidgets only, but a stray import in a dependency must not
# drag QML or WebEngine in.)
QT_EXCLUDES = [
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtQmlFeatures",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtPrintSupport",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
]

# Python packages that are development tools or belong to the other program.
DEV_EXCLUDES = [
    "tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "scipy",
    "pesq",
    "IPython",
    "matplotlib",
    "setuptools",
    "pip",
]
SERVER_ONLY = ["app.server", "uvicorn", "fastapi", "starlette", "alembic", "sqlalchemy", "argon2", "psycopg"]
CLIENT_ONLY = ["PySide6", "shiboken6", "qasync", "ui", "widgets", "softphone", "sounddevice", "keyring"]

# Qt plugins the client keeps (paths relative to PySide6/Qt/plugins). The xcb platform is what X11 desktops
# (Astra's Fly included) use; offscreen serves CI; wayland is left out: Qt falls back to XWayland. The gtk3
# theme would need GTK on the machine, and Pult draws its own look anyway.
QT_PLUGINS_KEEP = [
    "platforms/libqxcb*",
    "platforms/libqoffscreen*",
    "platforms/libqminimal.*",
    "platforms/qwindows*",
    "platforms/qoffscreen*",
    "platforms/libqcocoa*",
    "xcbglintegrations/*",
    "platforminputcontexts/*",
    "imageformats/*qico*",
    "imageformats/*qsvg*",
    "imageformats/*qjpeg*",
    "iconengines/*",
    "styles/*",
    "tls/*",
]


def version() -> str:
    """``app.__version__``, read from the source without importing the app (the one place it lives)."""
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    raise RuntimeError("app/__init__.py has no __version__ string")


def _plugin_path(dest: str) -> str | None:
    """The part after ``Qt/plugins/`` (or ``plugins/``) of a bundle path, or None for a non-plugin."""
    norm = dest.replace("\\", "/")
    for marker in ("/Qt/plugins/", "/plugins/"):
        if marker in norm and "PySide6" in norm:
            return norm.split(marker, 1)[1]
    return None


def keep_entry(dest: str) -> bool:
    """Whether a binary or data file of the analysis stays in the client bundle."""
    norm = dest.replace("\\", "/")
    plugin = _plugin_path(norm)
    if plugin is not None:
        return any(fnmatch.fnmatch(plugin, pattern) for pattern in QT_PLUGINS_KEEP)
    name = norm.rsplit("/", 1)[-1]
    # Qt libraries of the excluded modules that other hooks may still collect, and Qt's own translations
    # for languages Pult does not speak.
    dropped_libs = (
        "Qt6Quick",
        "Qt6Qml",
        "Qt6Pdf",
        "Qt6VirtualKeyboard",
        "Qt6Designer",
        "Qt6Wayland",
        "Qt6Wl",
    )
    if any(part in name for part in dropped_libs):
        return False
    if "/Qt/translations/" in norm or "/translations/qt" in norm:
        return any(f"_{lang}." in name for lang in ("ru", "en"))
    return True


def trim(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Filter PyInstaller TOC entries ``(dest, source, kind)`` with :func:`keep_entry`."""
    return [entry for entry in entries if keep_entry(entry[0])]


def qm_files() -> list[tuple[str, str]]:
    """Compiled translations as PyInstaller datas; build.py runs ``scripts/i18n.py build`` first."""
    found = sorted((ROOT / "translations").glob("*.qm"))
    if not found:
        raise SystemExit("no translations/*.qm: run `python scripts/i18n.py build` (build.py does)")
    return [(str(path), "translations") for path in found]


def platform_tag() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def macos_info_plist() -> dict[str, object]:
    """Info.plist keys of Pult.app beyond PyInstaller's own (spec part 7, R-URL-1 for the URL schemes)."""
    return {
        "CFBundleName": "Pult",
        "CFBundleDisplayName": "Pult",
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "LSApplicationCategoryType": "public.app-category.business",
        "NSMicrophoneUsageDescription": "Pult uses the microphone for calls with customers and colleagues.",
        "CFBundleURLTypes": [
            {"CFBundleURLName": "org.pult.client.tel", "CFBundleURLSchemes": ["tel"]},
            {"CFBundleURLName": "org.pult.client.callto", "CFBundleURLSchemes": ["callto"]},
            {"CFBundleURLName": "org.pult.client.sip", "CFBundleURLSchemes": ["sip"]},
        ],
    }


def windows_version_file(path: Path) -> Path:
    """PyInstaller's version resource for pult.exe (file properties, and what antivirus consoles show)."""
    parts = [int(p) for p in version().split(".")[:3] if p.isdigit()]
    numbers = tuple([*parts, 0, 0, 0, 0][:4])
    strings = {
        "CompanyName": "Pult developers",
        "FileDescription": "Pult contact-center operator workstation",
        "FileVersion": version(),
        "InternalName": "pult",
        "OriginalFilename": "pult.exe",
        "ProductName": "Pult",
        "ProductVersion": version(),
        "LegalCopyright": "GPL-3.0-or-later",
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
{string_structs}
    ])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path
