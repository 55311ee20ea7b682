#!/usr/bin/env python3
"""Keep the translation sources in sync with the code and build the compiled catalogues.

    python scripts/i18n.py update   re-extract strings from ui/, widgets/, app/ into translations/*.ts
    python scripts/i18n.py check    fail when the committed .ts files differ from a fresh extraction
    python scripts/i18n.py build    compile translations/*.ts into .qm files next to them

Extraction runs with ``-locations none`` so that moving code does not change the .ts files; only
added, changed or removed strings do.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("ru", "en")
SOURCE_DIRS = ("ui", "widgets", "app")


def tool(name: str) -> str:
    bindir = Path(sys.executable).parent
    for candidate in (bindir / f"pyside6-{name}", bindir / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        sys.exit(f"pyside6-{name} not found: install PySide6-Essentials in this environment")
    return found


def sources() -> list[str]:
    files: list[str] = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "server" in path.relative_to(ROOT).parts:
                continue  # the server speaks through the client's translations, it has no UI strings
            files.append(str(path.relative_to(ROOT)))
    return files


def extract(target_dir: Path) -> None:
    for lang in LANGUAGES:
        ts = target_dir / f"pult_{lang}.ts"
        committed = TRANSLATIONS / ts.name
        if committed.exists() and committed != ts:
            shutil.copyfile(committed, ts)
        subprocess.run(
            [
                tool("lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                lang,
                *sources(),
                "-ts",
                str(ts),
            ],
            cwd=ROOT,
            check=True,
        )


def update() -> int:
    TRANSLATIONS.mkdir(exist_ok=True)
    extract(TRANSLATIONS)
    return 0


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        extract(Path(tmp))
        drift = False
        for lang in LANGUAGES:
            name = f"pult_{lang}.ts"
            fresh = (Path(tmp) / name).read_text(encoding="utf-8").splitlines()
            committed_path = TRANSLATIONS / name
            committed = (
                committed_path.read_text(encoding="utf-8").splitlines() if committed_path.exists() else []
            )
            if fresh != committed:
                drift = True
                sys.stdout.writelines(
                    line + "\n"
                    for line in difflib.unified_diff(
                        committed, fresh, f"committed/{name}", f"fresh/{name}", n=1
                    )
                )
        if drift:
            print("translations/*.ts are out of date: run `python scripts/i18n.py update` and translate")
            return 1
        unfinished = 0
        for lang in ("ru",):
            text = (TRANSLATIONS / f"pult_{lang}.ts").read_text(encoding="utf-8")
            unfinished += text.count('type="unfinished"')
        if unfinished:
            print(f"{unfinished} Russian strings are untranslated in translations/pult_ru.ts")
            return 1
        return 0


def build() -> int:
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


def main() -> int:
    commands = {"update": update, "check": check, "build": build}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
