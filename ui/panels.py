"""Dockable panels (MW-31, MW-36, TP-01): queue, indicators and telephony, each its own QDockWidget.

A panel docks on the right of the main window or floats as an always-on-top window (the spec's
«открепить» / «прикрепить»); the close button hides it. Which panels are open and where they are is
``QMainWindow.saveState()``, kept per account on this machine by the shell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.call_control import CallControl
from app.services.errors import ClientError
from app.state.queue import QueueEntry, QueueSnapshot, QueueStore
from ui.call_views import clock

QUEUE = "queue"
KPI = "kpi"
TELEPHONY = "telephony"


_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FONT = Qt.ItemDataRole.FontRole
_SECOND = timedelta(seconds=1)


def _order(entry: QueueEntry) -> tuple[datetime, int]:
    return (entry.waiting_since, entry.call_id)


class QueueCallsModel(QAbstractTableModel):
    """The waiting calls, longest wait first, as a table model updated in place.

    A queue event moves a few calls at the ends of a long list; rows are removed and inserted where they
    changed instead of rebuilding the list, and the waiting times tick through one ``dataChanged`` of
    their column, which the view repaints only where rows are visible.
    """

    CALLER, QUEUE, WAITING = range(3)

    def __init__(self, *, clock_fn: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock_fn
        self._entries: list[QueueEntry] = []
        self._now = clock_fn()
        self._headers = ("", "", "")

    def set_headers(self, caller: str, queue: str, waiting: str) -> None:
        self._headers = (caller, queue, waiting)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)

    def entry(self, row: int) -> QueueEntry:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # The view asks about ten roles per visible cell on every repaint: answer the two it uses first.
        if role == _DISPLAY:
            entry = self._entries[index.row()]
            column = index.column()
            if column == self.CALLER:
                return entry.caller
            if column == self.QUEUE:
                return entry.queue
            return clock(max(0.0, (self._now - entry.waiting_since) / _SECOND))
        if role == _FONT and index.column() == self.CALLER and self._entries[index.row()].offered_to_me:
            return _bold_font()
        return None

    def tick(self) -> None:
        """Advance the waiting times (one signal for the whole column)."""
        self._now = self._clock()
        if self._entries:
            last = len(self._entries) - 1
            self.dataChanged.emit(
                self.index(0, self.WAITING), self.index(last, self.WAITING), [Qt.ItemDataRole.DisplayRole]
            )

    def set_entries(self, entries: tuple[QueueEntry, ...]) -> None:
        """Make the rows ``entries`` (sorted longest wait first) with the fewest row moves."""
        self._now = self._clock()
        new = sorted(entries, key=_order)
        wanted = {e.call_id: e for e in new}
        current = self._entries
        # Calls that left (or came back with another place in the queue) go first, bottom up in ranges.
        row = len(current) - 1
        while row >= 0:
            keep = wanted.get(current[row].call_id)
            if keep is not None and keep.waiting_since == current[row].waiting_since:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and not self._stays(current[row - 1], wanted):
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del current[row : last + 1]
            self.endRemoveRows()
            row -= 1
        # What stays keeps its relative order (same sort key); new calls are inserted where they belong.
        index = 0
        while index < len(new):
            if index < len(current) and current[index].call_id == new[index].call_id:
                if current[index] != new[index]:
                    current[index] = new[index]
                    self.dataChanged.emit(self.index(index, 0), self.index(index, self.WAITING))
                index += 1
                continue
            first = index
            present = {e.call_id for e in current[index:]}
            while index < len(new) and new[index].call_id not in present:
                index += 1
            self.beginInsertRows(QModelIndex(), first, index - 1)
            current[first:first] = new[first:index]
            self.endInsertRows()

    @staticmethod
    def _stays(entry: QueueEntry, wanted: dict[int, QueueEntry]) -> bool:
        keep = wanted.get(entry.call_id)
        return keep is not None and keep.waiting_since == entry.waiting_since


_BOLD: list[QFont] = []


def _bold_font() -> QFont:
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


class QueuePanel(QWidget):
    """«Очередь обращений», tab «Вызовы»: calls waiting in the group queues, longest wait first."""

    def __init__(
        self,
        *,
        queue: QueueStore,
        bridge: CallControl | None = None,
        clock_fn: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        """``bridge`` lists the transfer targets of «Перевести» (without it the action is not offered)."""
        super().__init__(parent)
        self._bridge = bridge
        self.setObjectName("PanelBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._queue = queue
        self.tabs = QTabWidget()
        self.model = QueueCallsModel(clock_fn=clock_fn, parent=self)
        self.view = QTableView()
        self.view.setObjectName("QueueView")
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no row is measured on its own
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 14)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        # Fixed widths: sizing to contents would scan every row at each change of a long queue.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.may_intercept = True
        """«Перехватить» is offered («Управлять звонками в очереди на группу» not N)."""
        self.may_hang_up = False
        """«Повесить трубку» is offered (control of other people's calls, MW-33: supervisors, admins)."""
        self.may_transfer = False
        """«Перевести» is offered (the same right as «Повесить трубку», MW-33)."""
        self.transfer_groups: frozenset[int] | None = None
        """Whose groups «Перевести» may target (None: everyone), from the same right's scope."""
        self.me: int | None = None
        self.transfer_dialog: QDialog | None = None
        """The transfer window last opened from the menu (tests reach it here)."""
        self.menu = QMenu(self)
        self.intercept_action = self.menu.addAction("")
        self.transfer_action = self.menu.addAction("")
        self.hangup_action = self.menu.addAction("")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        queue.action_failed.connect(self._on_queue_action_failed)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.empty_label)
        page_layout.addWidget(self.error_label)
        self.tabs.addTab(page, "")
        from ui.callback_orders import CallbackOrdersView

        # MW-35; the «Текст» tab (MW-34) waits for a text-request subsystem, there is none yet.
        self.callbacks_view = CallbackOrdersView(store=queue.callbacks)
        self.tabs.addTab(self.callbacks_view, "")
        queue.callbacks.changed.connect(self._on_callbacks_changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 10, 10)
        column.addWidget(self.tabs)
        # Wide enough for both tab titles and a whole formatted number (+7 903 112-45-67) beside its queue.
        self.setMinimumWidth(420)
        self._ticker = QTimer(self)  # one timer for every waiting time
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.model.tick)
        queue.queue_changed.connect(self._on_queue_changed)
        self.retranslate()

    def retranslate(self) -> None:
        waiting = self.tr("Waiting")
        self.model.set_headers(self.tr("Caller"), self.tr("Queue"), waiting)
        header = self.view.horizontalHeader()
        bold = header.fontMetrics()
        header.resizeSection(1, bold.horizontalAdvance("Поддержка") + 28)
        header.resizeSection(2, max(bold.horizontalAdvance(waiting), bold.horizontalAdvance("00:00:00")) + 28)
        self.empty_label.setText(self.tr("No calls are waiting"))
        self.intercept_action.setText(self.tr("Intercept"))
        self.transfer_action.setText(self.tr("Transfer"))
        self.hangup_action.setText(self.tr("Hang up"))
        self._render(self._queue.snapshot)
        self._on_callbacks_changed()

    def _on_callbacks_changed(self, _snapshot: object = None) -> None:
        title = self.tr("Callback orders ({count})").format(count=self.callbacks_view.count)
        if self.tabs.tabText(1) != title:
            self.tabs.setTabText(1, title)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_queue_changed(self, snapshot: QueueSnapshot) -> None:
        self._render(snapshot)

    def _render(self, snapshot: QueueSnapshot) -> None:
        self.model.set_entries(snapshot.calls)
        count = len(snapshot.calls)
        title = self.tr("Calls ({count})").format(count=count)
        if self.tabs.tabText(0) != title:  # setting the same text still relayouts the tab bar
            self.tabs.setTabText(0, title)
        self.empty_label.setVisible(not count)
        if count and not self._ticker.isActive():
            self._ticker.start()
        elif not count:
            self._ticker.stop()

    def menu_for(self, row: int) -> QMenu:
        """The context menu of a row (MW-33), its actions enabled by permission."""
        self.intercept_action.setEnabled(self.may_intercept)
        self.hangup_action.setEnabled(self.may_hang_up)
        self.transfer_action.setEnabled(self.may_transfer and self._bridge is not None)
        self.menu.setProperty("call_id", self.model.entry(row).call_id)
        return self.menu

    def choose(self, row: int, action: QAction) -> None:
        """What the context menu does with the call of ``row`` (tests and keyboard users)."""
        call_id = self.model.entry(row).call_id
        self.error_label.hide()
        if action is self.intercept_action and self.may_intercept:
            self._queue.request_intercept(call_id)
        elif action is self.hangup_action and self.may_hang_up:
            self._queue.request_hangup(call_id)
        elif action is self.transfer_action and self.may_transfer and self._bridge is not None:
            self._open_transfer(call_id)

    def _open_transfer(self, call_id: int) -> None:
        """MW-33 «Перевести»: the transfer window; «ОК» asks the server to move the waiting call."""
        from ui.transfer_dialog import TransferDialog

        assert self._bridge is not None
        queue = self._queue
        if self.transfer_dialog is not None:
            self.transfer_dialog.close()
            self.transfer_dialog.deleteLater()
        dialog = TransferDialog(
            bridge=self._bridge,
            key="",
            on_transfer=lambda target: queue.request_transfer(call_id, target),
            allowed_groups=self.transfer_groups,
            me=self.me,
            parent=self,
        )
        self.transfer_dialog = dialog
        dialog.open()

    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        chosen = self.menu_for(index.row()).exec(self.view.viewport().mapToGlobal(pos))
        if chosen is not None and index.row() < self.model.rowCount():
            self.choose(index.row(), chosen)

    def _on_queue_action_failed(self, error: ClientError) -> None:
        from ui.texts import queue_refusal_message

        self.error_label.setText(
            self.tr("The queue call was not handled: {reason}").format(reason=queue_refusal_message(error))
        )
        self.error_label.show()

    @property
    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> str:
        return str(self.model.index(row, column).data())


class PanelDock(QDockWidget):
    """A panel's dock: docks right, floats always on top, the close button hides it."""

    def __init__(self, name: str, body: QWidget, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Dock")
        self.name = name
        body.setMinimumWidth(max(340, body.minimumWidth()))
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
