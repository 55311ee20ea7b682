"""«История вызовов» section: the latest calls, as many as «Количество выводимых вызовов» allows (TP-22)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.texts import error_message

if TYPE_CHECKING:
    from app.protocol.calls import HistoryRow
    from app.services.call_history import CallHistoryService
    from app.services.errors import ClientError


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class CallHistoryPanel(QWidget):
    """Renders the service's rows; loads them whenever shown and on «Обновить»."""

    def __init__(self, *, service: CallHistoryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallHistoryPanel")
        self._service = service
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)  # thousands of rows stay cheap to lay out
        self.tree.setColumnCount(6)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        service.history_changed.connect(self._on_service_history_changed)
        service.failed.connect(self._on_service_failed)
        self.retranslate()
        self._render(service.rows)

    def title(self) -> str:
        return self.tr("Call history")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.refresh_button.setText(self.tr("Refresh"))
        self.tree.setHeaderLabels(
            [
                self.tr("Arrived"),
                self.tr("Number"),
                self.tr("Line"),
                self.tr("Result"),
                self.tr("Wait"),
                self.tr("Talk"),
            ]
        )

    def refresh(self) -> None:
        self.summary.setText(self.tr("Loading…"))
        self._service.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        # Each visit reloads: new calls, and a changed «Количество выводимых вызовов», show at once.
        super().showEvent(event)
        self.refresh()

    def _render(self, rows: tuple[HistoryRow, ...]) -> None:
        self.tree.clear()
        items = []
        for row in rows:
            local = row.arrived_at.astimezone()
            items.append(
                QTreeWidgetItem(
                    [
                        local.strftime("%d.%m.%Y %H:%M:%S"),
                        row.caller,
                        row.queue,
                        self._result(row),
                        _duration(row.wait_seconds),
                        _duration(row.talk_seconds),
                    ]
                )
            )
        self.tree.addTopLevelItems(items)
        self.summary.setText(
            self.tr("The latest {count} calls (at most {limit}, see «User» settings).").format(
                count=len(rows), limit=self._service.limit
            )
        )

    @staticmethod
    def _result(row: HistoryRow) -> str:
        if row.direction == "outgoing":  # a call out through a trunk (MW-19); «Линия» is the caller ID
            if row.answered_at is not None:
                return QCoreApplication.translate("CallHistoryPanel", "Outgoing, answered")
            if row.ended_at is None:
                return QCoreApplication.translate("CallHistoryPanel", "Outgoing, in progress")
            return QCoreApplication.translate("CallHistoryPanel", "Outgoing, not answered")
        if row.answered_at is not None:
            return QCoreApplication.translate("CallHistoryPanel", "Answered")
        if row.ended_at is None:
            return QCoreApplication.translate("CallHistoryPanel", "In progress")
        return QCoreApplication.translate("CallHistoryPanel", "Not answered")

    def _on_service_history_changed(self, rows: tuple[HistoryRow, ...]) -> None:
        self._render(rows)

    def _on_service_failed(self, error: ClientError) -> None:
        self.summary.setText(error_message(error))
