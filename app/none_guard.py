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
    # ctypes' own C core rather than the ctypes package: the package defines every C type and costs
    # the first window ~1.6 ms (bench/startup.py); a Py_ssize_t is all this needs. "q" (64 bits) or
    # "i" (32 bits) is exactly the size of Py_ssize_t, which sys.maxsize is the largest value of.
    from _ctypes import _SimpleCData

    class _SsizeT(_SimpleCData):  # type: ignore[type-arg]  # generic only in the stubs
        _type_ = "q" if sys.maxsize > 2**31 - 1 else "i"

    # ob_refcnt is the first field of every object in release builds of CPython.
    count = _SsizeT.from_address(id(None))
    if count.value < _HEADROOM:
        count.value += _HEADROOM
