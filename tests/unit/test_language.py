"""The client speaks the language from its settings, else the system's, else Russian."""

from __future__ import annotations

import pytest

from app.settings.language import choose_language


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("en", "ru_RU", "en"),
        ("", "en_US", "en"),
        ("", "ru_RU", "ru"),
        ("", "de_DE", "ru"),
        ("fr", "en_GB", "en"),
    ],
)
def test_language_choice(setting: str, system: str, expected: str) -> None:
    assert choose_language(setting, system=system) == expected
