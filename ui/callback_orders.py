"""The «Заказы обратного звонка» tab of the request queue (MW-35).

Orders are grouped by the widget they came through, each header with its count. A row shows the order's
number, the number the client left, the group, when it was left and who is calling it back now; «Позвонить»
is enabled only while nobody holds the order (the server's lock decides; this only mirrors it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.state.callbacks import CallbackFailure, CallbackOrderEntry, CallbackSnapshot, CallbacksStore

ORDER, PHONE, GROUP, CREATED, HOLDER, ACTION = range(6)
_ID = Qt.ItemDataRole.UserRole


class CallbackOrdersView(QWidget):
    def __init__(self, *, store: CallbacksStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.tree = QTreeWidget()
        self.tree.setObjectName("CallbackOrders")
        self.tree.setColumnCount(6)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (ORDER, GROUP, CREATED, ACTION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PHONE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(HOLDER, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label = QLabel()
        self.error_label.setObjectName("FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons: dict[int, QPushButton] = {}
        """«Позвонить» of each order shown, by order id."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        store.changed.connect(self._on_store_changed)
        store.action_failed.connect(self._on_store_action_failed)
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Number"),
                self.tr("Group"),
                self.tr("Left at"),
                self.tr("Calling"),
                "",
            ]
        )
        self.empty_label.setText(self.tr("No callback orders"))
        self._render(self._store.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def count(self) -> int:
        return len(self._store.snapshot.orders)

    def _on_store_changed(self, snapshot: CallbackSnapshot) -> None:
        self._render(snapshot)

    def _render(self, snapshot: CallbackSnapshot) -> None:
        from ui.texts import local_time

        self.tree.clear()
        self.buttons = {}
        by_widget: dict[str, list[CallbackOrderEntry]] = {}
        for order in snapshot.orders:
            by_widget.setdefault(order.comment, []).append(order)
        for widget, orders in by_widget.items():
            name = widget or self.tr("Left in the queue")
            head = QTreeWidgetItem(self.tree, [f"{name} ({len(orders)})"])
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setExpanded(True)
            for order in orders:
                holder = self.tr("You") if order.mine else order.holder
                row = QTreeWidgetItem(
                    head,
                    [f"№{order.id}", order.phone, order.group, local_time(order.created_at), holder, ""],
                )
                row.setData(ORDER, _ID, order.id)
                details = self.tr(
                    "Order №{id}\nNumber: {phone}\nLeft at: {time}\nCall attempts: {attempts}"
                ).format(
                    id=order.id, phone=order.phone, time=local_time(order.created_at), attempts=order.attempts
                )
                for column in range(ACTION):
                    row.setToolTip(column, details)  # MW-35: the order's details in a popup
                button = QPushButton(self.tr("Call"))
                button.setObjectName("PrimaryButton")
                button.setEnabled(snapshot.may_call(order))
                if order.holder_id is not None and not order.mine:
                    button.setToolTip(self.tr("{name} is calling this number").format(name=holder))
                button.clicked.connect(lambda _checked=False, oid=order.id: self.press(oid))
                self.tree.setItemWidget(row, ACTION, button)
                self.buttons[order.id] = button
        self.tree.expandAll()
        self.empty_label.setVisible(not snapshot.orders)

    def press(self, order_id: int) -> None:
        """«Позвонить» on an order (the button, tests and keyboard users)."""
        button = self.buttons.get(order_id)
        if button is None or not button.isEnabled():
            return
        self.error_label.hide()
        button.setEnabled(False)  # until the server's answer comes back as a new list
        self._store.request_call(order_id)

    def _on_store_action_failed(self, failure: CallbackFailure) -> None:
        from app.services.errors import ClientError, ConflictError
        from ui.texts import error_message

        error = failure.error
        if failure.reason == "busy":
            text = self.tr("Finish the callback you are making before starting another one.")
        elif failure.reason == "dial":
            text = self.tr("The number could not be called; the order is free again.")
        elif isinstance(error, ConflictError) and failure.holder:
            text = self.tr("{name} is already calling this number.").format(name=failure.holder)
        elif isinstance(error, ConflictError):
            text = self.tr("The order is already being handled or is closed.")
        elif isinstance(error, ClientError):
            text = self.tr("The order was not taken: {reason}").format(reason=error_message(error))
        else:
            text = self.tr("The order was not taken.")
        self.error_label.setText(text)
        self.error_label.show()
        button = self.buttons.get(failure.order_id)
        order = next((o for o in self._store.snapshot.orders if o.id == failure.order_id), None)
        if button is not None and order is not None:
            button.setEnabled(self._store.snapshot.may_call(order))

    def cell(self, order_id: int, column: int) -> str:
        for index in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(index)
            assert head is not None
            for child in range(head.childCount()):
                row = head.child(child)
                if row is not None and row.data(ORDER, _ID) == order_id:
                    return row.text(column)
        raise KeyError(order_id)
