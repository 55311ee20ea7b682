"""Dockable panels (MW-31, MW-36, TP-01): queue, indicators and telephony, each its own QDockWidget.

A panel docks on the right of the main window or floats as an always-on-top window (the spec's
«открепить» / «прикрепить»); the close button hides it. Which panels are open and where they are is
``QMainWindow.saveState()``, kept per account on this machine by the shell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.state.queue import QueueSnapshot, QueueStore
from ui.call_views import clock

QUEUE = "queue"
KPI = "kpi"
TELEPHONY = "telephony"


class QueuePanel(QWidget):
    """«Очередь обращений», tab «Вызовы»: calls waiting in the group queues, longest wait first."""

    def __init__(
        self,
        *,
        queue: QueueStore,
        clock_fn: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PanelBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._queue = queue
        self._clock = clock_fn
        self.tabs = QTabWidget()
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(3)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.tree, 1)
        page_layout.addWidget(self.empty_label)
        self.tabs.addTab(page, "")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 10, 10)
        column.addWidget(self.tabs)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._refresh)
        queue.queue_changed.connect(self._on_queue_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Caller"), self.tr("Queue"), self.tr("Waiting")])
        self.empty_label.setText(self.tr("No calls are waiting"))
        self._render(self._queue.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_queue_changed(self, snapshot: QueueSnapshot) -> None:
        self._render(snapshot)

    def _refresh(self) -> None:
        now = self._clock()
        entries = sorted(self._queue.snapshot.calls, key=lambda e: e.waiting_since)
        for index, entry in enumerate(entries):
            item = self.tree.topLevelItem(index)
            if item is not None:
                item.setText(2, clock((now - entry.waiting_since) / timedelta(seconds=1)))

    def _render(self, snapshot: QueueSnapshot) -> None:
        entries = sorted(snapshot.calls, key=lambda e: e.waiting_since)
        self.tree.clear()
        for entry in entries:
            item = QTreeWidgetItem([entry.caller, entry.queue, ""])
            if entry.offered_to_me:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            self.tree.addTopLevelItem(item)
        self._refresh()
        self.tabs.setTabText(0, self.tr("Calls ({count})").format(count=len(entries)))
        self.empty_label.setVisible(not entries)
        if entries and not self._ticker.isActive():
            self._ticker.start()
        elif not entries:
            self._ticker.stop()

    @property
    def row_count(self) -> int:
        return self.tree.topLevelItemCount()


class PanelDock(QDockWidget):
    """A panel's dock: docks right, floats always on top, the close button hides it."""

    def __init__(self, name: str, body: QWidget, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Dock")
        self.name = name
        body.setMinimumWidth(340)
        self.setWidget(body)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.topLevelChanged.connect(self._on_top_level_changed)

    def _on_top_level_changed(self, floating: bool) -> None:
        # A floating panel is a window of its own that stays above others (MW-31, MW-36, TP-02).
        if floating:
            visible = self.isVisible()
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            if visible:
                self.show()

    @property
    def always_on_top(self) -> bool:
        return bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
