"""«Видимость разделов» (spec TP-40): which sections, panels and buttons of the main window are shown.

The choice belongs to this computer (``AppSettings.hidden_sections``), so it can be made before signing
in, from the tray menu, as the spec asks. Everything is shown by default; «Сохранить» writes the file and
applies the choice to every open main window at once. :func:`apply_section_visibility` is also what the
main window runs when it opens and whenever a section is added to it later.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.settings.files import SettingsFileError

if TYPE_CHECKING:
    from app.settings.files import VersionedFile
    from app.settings.models import AppSettings
    from ui.main_window import MainWindow

SECTIONS = ("colleagues", "history", "missed", "queue", "kpi", "telephony")
"""Keys of what can be hidden: two sections, the missed-calls button and the three panels."""
_SECTION_OBJECTS = {"history": "CallHistoryPanel"}
"""Sections added after the window is built, found by the object name of their widget."""


def section_titles() -> dict[str, str]:
    return {
        "colleagues": QCoreApplication.translate("Visibility", "Colleagues online (section)"),
        "history": QCoreApplication.translate("Visibility", "Call history (section)"),
        "missed": QCoreApplication.translate("Visibility", "Missed calls (top bar button)"),
        "queue": QCoreApplication.translate("Visibility", "Request queue panel"),
        "kpi": QCoreApplication.translate("Visibility", "Indicators panel"),
        "telephony": QCoreApplication.translate("Visibility", "Telephony control panel"),
    }


class _SectionWatcher(QObject):
    """Re-applies the choice when the window gets a new section (the history comes after the first frame)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.hidden: frozenset[str] = frozenset()
        window.sections.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self.apply)
        return False

    def apply(self) -> None:
        window, hidden = self.window, self.hidden
        window.colleagues_button.setVisible("colleagues" not in hidden)
        for index in range(window.sections.count()):
            widget = window.sections.widget(index)
            button = window.section_buttons.button(index)
            for key, name in _SECTION_OBJECTS.items():
                if button is not None and widget is not None and widget.objectName() == name:
                    button.setVisible(key not in hidden)
        window.missed_button.setVisible("missed" not in hidden)
        for name, button in window.panel_buttons.items():
            button.setVisible(name not in hidden)
            if name in hidden and button.isChecked():
                window.set_panel_visible(name, False)
        current = window.section_buttons.button(window.sections.currentIndex())
        if current is not None and current.isHidden():
            shown = next((b for b in window.section_buttons.buttons() if not b.isHidden()), None)
            if shown is not None:
                shown.click()


def apply_section_visibility(window: MainWindow, hidden: Collection[str]) -> None:
    """Show or hide the window's sections, panels and the missed-calls button by key (TP-40)."""
    # Its own children only: a recursive search wraps every widget of the window for Python (~5 ms).
    watcher = window.findChild(_SectionWatcher, "", Qt.FindChildOption.FindDirectChildrenOnly)
    if watcher is None:
        watcher = _SectionWatcher(window)
    watcher.hidden = frozenset(hidden)
    watcher.apply()


def apply_to_open_windows(hidden: Collection[str]) -> None:
    from ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            apply_section_visibility(widget, hidden)


class VisibilityTab(QWidget):
    """A switch per section; «Сохранить» writes this computer's settings and applies them."""

    saved = Signal(list)

    def __init__(self, *, app_file: VersionedFile[AppSettings], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app_file = app_file
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.boxes = {key: QCheckBox() for key in SECTIONS}
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self.save)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        for box in self.boxes.values():
            layout.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self._saved = [key for key in SECTIONS if key in set(self._load().hidden_sections)]
        for key, box in self.boxes.items():
            box.setChecked(key not in self._saved)
        self.retranslate()

    def retranslate(self) -> None:
        titles = section_titles()
        for key, box in self.boxes.items():
            box.setText(titles[key])
        self.save_button.setText(self.tr("Save"))
        self.hint.setText(
            self.tr("Switched off sections and panels are not shown in the main window on this computer.")
        )

    def _load(self) -> AppSettings:
        from app.settings.models import AppSettings

        try:
            return self._app_file.load()
        except SettingsFileError:
            return AppSettings()

    def hidden(self) -> list[str]:
        return [key for key, box in self.boxes.items() if not box.isChecked()]

    @property
    def dirty(self) -> bool:
        """Switched but not saved (the dialog's «Сохранить» and its closing question include this tab)."""
        return self.hidden() != self._saved

    def save(self) -> bool:
        hidden = self.hidden()
        settings = self._load().model_copy(update={"hidden_sections": hidden})
        try:
            self._app_file.save(settings)
        except (OSError, SettingsFileError) as exc:
            self.notice.setStyleSheet("color: #d92d20;")
            self.notice.setText(self.tr("Could not save the settings: {reason}").format(reason=exc))
            self.notice.show()
            return False
        self._saved = hidden
        self.notice.setStyleSheet("color: #16a34a;")
        self.notice.setText(self.tr("Saved."))
        self.notice.show()
        apply_to_open_windows(hidden)
        self.saved.emit(hidden)
        return True


class VisibilityDialog(QDialog):
    """The tab on its own, for the tray menu before signing in."""

    def __init__(self, *, app_file: VersionedFile[AppSettings], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = VisibilityTab(app_file=app_file)
        close = QPushButton()
        close.clicked.connect(self.accept)
        self.close_button = close
        layout = QVBoxLayout(self)
        layout.addWidget(self.tab)
        layout.addWidget(close)
        self.setWindowTitle(self.tr("Section visibility"))
        close.setText(self.tr("Close"))
