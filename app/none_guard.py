"""Keeps ``None`` alive on Python 3.11 under PySide6 6.12.

PySide6 6.12's generated wrappers return ``None`` from every void method (``QLabel.setText``,
``QComboBox.addItem``, ``setItemData`` …) without taking a new reference; that is harmless from Python 3.12
on, where ``None`` is immortal (PEP 683), but on 3.11 each call drops one reference, and after a few
thousand calls the interpreter aborts with "none_dealloc: deallocating None". Measured here: 1000
``QLabel.setText`` calls take 1000 references away. Raising ``None``'s count far out of reach makes it
immortal in practice, as 3.12 does by design.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 60


def install() -> None:
    """Call once at start, before any Qt call; does nothing from Python 3.12 on."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    # ob_refcnt is the first field of every object in release builds of CPython.
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < _HEADROOM:
        count.value += _HEADROOM
