"""Keyboard shortcuts for call handling: defaults, the user's remapping, and their display text.

They are application-wide (they work from the floating call widget and detached panels too), shown
in tooltips and on the help page, and remapped in the account settings (``shortcuts``: name → the
portable text of a key sequence; an empty text turns a shortcut off).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence

DEFAULTS: dict[str, str] = {
    "answer": "Ctrl+Shift+A",
    "reject": "Ctrl+Shift+D",
    "hold": "Ctrl+Shift+H",
    "mute": "Ctrl+Shift+M",
    "hangup": "Ctrl+Shift+E",
    "transfer": "Ctrl+Shift+T",
    "status_menu": "Ctrl+Shift+S",
    "focus_number": "Ctrl+L",
}


def names() -> dict[str, str]:
    return {
        "answer": QCoreApplication.translate("Shortcuts", "Answer the incoming call"),
        "reject": QCoreApplication.translate("Shortcuts", "Reject the incoming call"),
        "hold": QCoreApplication.translate("Shortcuts", "Hold or resume the call"),
        "mute": QCoreApplication.translate("Shortcuts", "Mute or unmute the microphone"),
        "hangup": QCoreApplication.translate("Shortcuts", "Hang up"),
        "transfer": QCoreApplication.translate("Shortcuts", "Transfer the call"),
        "status_menu": QCoreApplication.translate("Shortcuts", "Open the status menu"),
        "focus_number": QCoreApplication.translate("Shortcuts", "Go to the number field"),
    }


def resolve(overrides: Mapping[str, str]) -> dict[str, QKeySequence]:
    """The defaults with the user's valid overrides applied; unknown names and bad sequences are ignored."""
    result: dict[str, QKeySequence] = {}
    for name, default in DEFAULTS.items():
        text = overrides.get(name, default)
        sequence = QKeySequence(text, QKeySequence.SequenceFormat.PortableText)
        if text and not _valid(sequence):
            sequence = QKeySequence(default, QKeySequence.SequenceFormat.PortableText)
        result[name] = sequence
    return result


def _valid(sequence: QKeySequence) -> bool:
    # PySide's stubs lack QKeySequence.__getitem__, which exists at run time.
    combos = [sequence[i] for i in range(sequence.count())]  # type: ignore[index]
    return bool(combos) and all(combo.key() != Qt.Key.Key_unknown for combo in combos)


def display(sequences: Mapping[str, QKeySequence]) -> dict[str, str]:
    """Native text of each sequence, for tooltips and the help page."""
    return {name: seq.toString(QKeySequence.SequenceFormat.NativeText) for name, seq in sequences.items()}
