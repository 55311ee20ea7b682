"""«Панель показателей» (MW-36..42): the chosen indicators of each object, grouped by object, coloured by
the server's thresholds; the settings button opens the indicator × object selection (MW-37)."""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.protocol.kpi import KPI_SCOPES, KPI_UNITS, ObjectKind
from app.services.logs import event as log_event
from app.state.kpi import CellKey, KpiObjectView, KpiSnapshot, KpiStore
from ui.call_views import clock

log = logging.getLogger(__name__)

LEVEL_COLOURS = {"red": QColor("#f4c7c3"), "yellow": QColor("#fce8b2")}
NO_GROUP = -1
_NAME_PADDING = 16
"""The item's text margins and the style sheet's cell padding, with a little to spare."""
_WRAP = int(Qt.TextFlag.TextWordWrap.value)


def kpi_names() -> dict[int, str]:
    """Short names of the catalogue (MW-39, spec §3.3)."""
    return {
        1: QCoreApplication.translate("KpiPanel", "Calls in the queue"),
        2: QCoreApplication.translate("KpiPanel", "Longest wait in the queue"),
        3: QCoreApplication.translate("KpiPanel", "Free employees"),
        4: QCoreApplication.translate("KpiPanel", "Employees on group calls"),
        5: QCoreApplication.translate("KpiPanel", "Employees on personal calls"),
        6: QCoreApplication.translate("KpiPanel", "Immediate answer rate"),
        7: QCoreApplication.translate("KpiPanel", "Average wait in the queue"),
        8: QCoreApplication.translate("KpiPanel", "Service level SL 20 seconds"),
        9: QCoreApplication.translate("KpiPanel", "Lost calls"),
        10: QCoreApplication.translate("KpiPanel", "Accepted calls"),
        11: QCoreApplication.translate("KpiPanel", "Lost calls rate"),
        12: QCoreApplication.translate("KpiPanel", "Occupancy"),
        13: QCoreApplication.translate("KpiPanel", "Outgoing calls"),
        14: QCoreApplication.translate("KpiPanel", "Group work intensity"),
        15: QCoreApplication.translate("KpiPanel", "Average outgoing talk time"),
        16: QCoreApplication.translate("KpiPanel", "Average incoming talk time"),
        17: QCoreApplication.translate("KpiPanel", "Successful outgoing talks rate"),
        18: QCoreApplication.translate("KpiPanel", "Successful incoming talks rate"),
        19: QCoreApplication.translate("KpiPanel", "Connection rate"),
    }


def format_value(code: int, value: float | None) -> str:
    if value is None:
        return "—"
    unit = KPI_UNITS[code]
    if unit == "seconds":
        return clock(value)
    if unit == "percent":
        return f"{value:g} %"
    return f"{value:g}"


def object_rows(snapshot: KpiSnapshot) -> list[tuple[KpiObjectView, list[KpiObjectView]]]:
    """MW-38 order: the contact center, groups alphabetically, then «Без группы»; each group's people
    alphabetically under it (someone in several groups appears under each)."""
    groups = sorted((o for o in snapshot.objects if o.kind == "group"), key=lambda o: o.name.casefold())
    people = sorted((o for o in snapshot.objects if o.kind == "operator"), key=lambda o: o.name.casefold())
    rows: list[tuple[KpiObjectView, list[KpiObjectView]]] = [
        (o, []) for o in snapshot.objects if o.kind == "cc"
    ]
    shown_groups = {g.id for g in groups}
    for group in groups:
        rows.append((group, [p for p in people if group.id in p.group_ids]))
    loose = [p for p in people if not shown_groups.intersection(p.group_ids)]
    if loose:
        name = QCoreApplication.translate("KpiPanel", "No group")
        rows.append((KpiObjectView("no_group", NO_GROUP, name), loose))
    return rows


def object_name(obj: KpiObjectView) -> str:
    return QCoreApplication.translate("KpiPanel", "Contact center") if obj.kind == "cc" else obj.name


ROW_KEY = Qt.ItemDataRole.UserRole + 1


class _WrappedNames(QStyledItemDelegate):
    """Row heights for names wrapped at the name column's width (the view alone measures one line)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        tree = self._tree
        levels = depth + (1 if tree.rootIsDecorated() else 0)
        room = tree.header().sectionSize(0) - tree.indentation() * levels - _NAME_PADDING
        metrics = option.fontMetrics
        one_line = metrics.height()
        text = str(index.data() or "")
        wrapped = metrics.boundingRect(QRect(0, 0, max(room, 40), 100 * one_line), _WRAP, text).height()
        return QSize(hint.width(), hint.height() + max(0, wrapped - one_line))


class SiblingDragTree(QTreeWidget):
    """Rows move by drag and drop among their siblings only: objects among objects, an object's
    indicators within it (MW-38). ``reordered`` follows every accepted drop."""

    reordered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def move_before(self, item: QTreeWidgetItem, target: QTreeWidgetItem | None) -> bool:
        """Put ``item`` before its sibling ``target`` (None: last); False if they are not siblings."""
        parent = item.parent()
        if target is not None and target.parent() is not parent:
            return False
        if parent is None:
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
            index = self.topLevelItemCount() if target is None else self.indexOfTopLevelItem(target)
            self.insertTopLevelItem(index, item)
        else:
            parent.takeChild(parent.indexOfChild(item))
            index = parent.childCount() if target is None else parent.indexOfChild(target)
            parent.insertChild(index, item)
        item.setExpanded(True)
        self.reordered.emit()
        return True

    def dropEvent(self, event: QDropEvent) -> None:
        # The default InternalMove would also drop a row into another one; only sibling moves are
        # meaningful here, so the move is done by hand and Qt's own is refused.
        moving = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        if moving is not None and target is not None and target is not moving:
            below = self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem
            parent = moving.parent()
            siblings = (
                [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
                if parent is None
                else [parent.child(i) for i in range(parent.childCount())]
            )
            if target in siblings:
                after = siblings.index(target) + 1
                anchor = (siblings[after] if after < len(siblings) else None) if below else target
                self.move_before(moving, anchor if anchor is not moving else None)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.ignore()


class KpiPanel(QWidget):
    """Objects as top rows, their chosen indicators under them, sorted by short name (MW-38) unless the
    user dragged them into another order (``order``, kept per machine)."""

    def __init__(
        self, *, kpi: KpiStore, order: list[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._order: list[str] = list(order or [])
        self.setObjectName("PanelBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._kpi = kpi
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("KpiSettingsButton")
        self.settings_button.clicked.connect(self._on_settings_button_clicked)
        self.thresholds_button = QPushButton()
        self.thresholds_button.setObjectName("KpiSettingsButton")
        self.thresholds_button.clicked.connect(self.open_thresholds)
        self.thresholds_button.hide()
        self.thresholds_dialog: QDialog | None = None
        self.tree = SiblingDragTree()
        self.tree.reordered.connect(self._on_tree_reordered)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        columns = self.tree.header()
        columns.setStretchLastSection(False)  # the names take the room left, the values stay readable
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Long indicator names («Среднее время ожидания в очереди») wrap onto a second line instead of
        # being cut; the rows are measured again whenever the name column's width changes.
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_WrappedNames(self.tree))
        columns.sectionResized.connect(self._on_columns_section_resized)
        self.tree.setRootIsDecorated(True)
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.thresholds_button)
        top.addWidget(self.settings_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 12)
        column.addLayout(top)
        column.addWidget(self.tree, 1)
        kpi.kpi_changed.connect(self._on_kpi_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.settings_button.setText(self.tr("Choose indicators"))
        self.thresholds_button.setText(self.tr("Thresholds"))
        self.thresholds_button.setToolTip(
            self.tr("Yellow and red thresholds of the indicators, shared by all users")
        )
        self._render(self._kpi.snapshot)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_columns_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index == 0:
            self.tree.scheduleDelayedItemsLayout()

    def _on_kpi_changed(self, snapshot: KpiSnapshot) -> None:
        self._render(snapshot)

    @property
    def order(self) -> list[str]:
        return list(self._order)

    @order.setter
    def order(self, order: list[str]) -> None:
        self._order = list(order)
        self._render(self._kpi.snapshot)

    def _on_tree_reordered(self) -> None:
        keys: list[str] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            key = item.data(0, ROW_KEY)
            if isinstance(key, str):
                keys.append(key)
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        self._order = keys

    def _sorted(self, items: list[QTreeWidgetItem]) -> list[QTreeWidgetItem]:
        """The user's order first (``order``), then the default order of the rest."""
        rank = {key: i for i, key in enumerate(self._order)}
        default = len(rank)
        return sorted(items, key=lambda item: rank.get(str(item.data(0, ROW_KEY)), default))

    def set_may_edit_thresholds(self, allowed: bool) -> None:
        """Supervisors and administrators set thresholds (``kpi.configure`` wider than oneself)."""
        self.thresholds_button.setVisible(allowed)

    def open_thresholds(self) -> None:
        """The threshold matrix (MW-40), one window at a time."""
        from ui.kpi_thresholds import KpiThresholdsDialog

        if self.thresholds_dialog is None:
            dialog = KpiThresholdsDialog(kpi=self._kpi, parent=self)
            dialog.finished.connect(self._on_thresholds_dialog_finished)
            self.thresholds_dialog = dialog
        self.thresholds_dialog.show()
        self.thresholds_dialog.raise_()

    def _on_thresholds_dialog_finished(self, _result: int) -> None:
        dialog, self.thresholds_dialog = self.thresholds_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _on_settings_button_clicked(self) -> None:
        dialog = KpiSelectionDialog(snapshot=self._kpi.snapshot, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._kpi.request_selection(dialog.cells())

    def _render(self, snapshot: KpiSnapshot) -> None:
        names = kpi_names()
        chosen = set(snapshot.selection)
        self.tree.clear()
        red: list[str] = []
        yellow: list[str] = []
        tops: list[QTreeWidgetItem] = []
        for obj, people in object_rows(snapshot):
            entries = [(obj, True)] if obj.kind != "no_group" else []
            if not people and not any(k[:2] == (obj.kind, obj.id) for k in chosen):
                continue
            top = QTreeWidgetItem([object_name(obj), ""])
            top.setToolTip(0, object_name(obj))
            top.setData(0, ROW_KEY, f"{obj.kind}:{obj.id}")
            levels = self._fill(top, obj, snapshot, chosen, names) if entries else set()
            for person in people:
                child = QTreeWidgetItem([person.name, ""])
                child.setToolTip(0, person.name)
                child.setData(0, ROW_KEY, f"{obj.kind}:{obj.id}/{person.kind}:{person.id}")
                person_levels = self._fill(child, person, snapshot, chosen, names)
                if child.childCount():
                    top.addChild(child)
                    _paint(child, person_levels)
                    levels |= person_levels
            if top.childCount():
                tops.append(top)
                _paint(top, levels)
        for top in self._sorted(tops):
            children = self._sorted(top.takeChildren())
            for child in children:
                child.addChildren(self._sorted(child.takeChildren()))
            top.addChildren(children)
            self.tree.addTopLevelItem(top)
        for value in snapshot.shown():
            key = f"{value.kind}:{value.object_id}:{value.code}"
            if value.level == "red":
                red.append(key)
            elif value.level == "yellow":
                yellow.append(key)
        self.tree.expandAll()
        self.hint.setText(
            self.tr("Today, live from the server")
            if chosen
            else self.tr("No indicators chosen: press «Choose indicators».")
        )
        if snapshot.loaded:
            log_event(
                log,
                "kpi.shown",
                shown=len(snapshot.shown()),
                red=sorted(red),
                yellow=sorted(yellow),
                floating=self.window() is not self and self.window().isWindow() and self._floating(),
            )

    @staticmethod
    def _fill(
        item: QTreeWidgetItem,
        obj: KpiObjectView,
        snapshot: KpiSnapshot,
        chosen: set[CellKey],
        names: dict[int, str],
    ) -> set[str]:
        levels: set[str] = set()
        codes = sorted((c for k, i, c in chosen if (k, i) == (obj.kind, obj.id)), key=lambda c: names[c])
        for code in codes:
            value = snapshot.get((obj.kind, obj.id, code))
            if value is None:
                continue
            row = QTreeWidgetItem([names[code], format_value(code, value.value)])
            row.setToolTip(0, names[code])  # the whole name, however narrow the panel
            row.setData(0, Qt.ItemDataRole.UserRole, value.key)
            row.setData(0, ROW_KEY, f"{item.data(0, ROW_KEY)}:{code}")
            _paint(row, {value.level})
            item.addChild(row)
            levels.add(value.level)
        return levels

    @property
    def row_count(self) -> int:
        return self.tree.topLevelItemCount()

    def _floating(self) -> bool:
        """Whether the panel is detached into its own always-on-top window (MW-36)."""
        dock = self.parentWidget()
        return isinstance(dock, QDockWidget) and dock.isFloating()


def _paint(item: QTreeWidgetItem, levels: set[str]) -> None:
    """MW-42: red if any indicator is red, else yellow if any is yellow."""
    level = "red" if "red" in levels else "yellow" if "yellow" in levels else ""
    item.setData(1, Qt.ItemDataRole.UserRole, level)
    if level:
        for column in (0, 1):
            item.setBackground(column, QBrush(LEVEL_COLOURS[level]))


class KpiSelectionDialog(QDialog):
    """MW-37: objects (collapsed at first) with a checkable row per indicator defined for them; «Без
    группы» itself has none, its people do."""

    def __init__(self, *, snapshot: KpiSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose indicators"))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        names = kpi_names()
        chosen = set(snapshot.selection)
        self._checks: dict[CellKey, list[QTreeWidgetItem]] = {}
        for obj, people in object_rows(snapshot):
            top = QTreeWidgetItem([object_name(obj)])
            if obj.kind != "no_group":
                self._add_codes(top, obj, chosen, names)
            for person in people:
                child = QTreeWidgetItem([person.name])
                self._add_codes(child, person, chosen, names)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.tree)
        column.addWidget(buttons)
        self.resize(480, 560)

    def _add_codes(
        self, parent: QTreeWidgetItem, obj: KpiObjectView, chosen: set[CellKey], names: dict[int, str]
    ) -> None:
        codes = [c for c, kinds in KPI_SCOPES.items() if ObjectKind(obj.kind) in kinds]
        for code in sorted(codes, key=lambda c: names[c]):
            key = (obj.kind, obj.id, code)
            row = QTreeWidgetItem([names[code]])
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            row.setData(0, Qt.ItemDataRole.UserRole, key)
            parent.addChild(row)
            self._checks.setdefault(key, []).append(row)

    def _on_tree_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        # An employee in several groups: choosing in one group chooses in all (MW-38).
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(key, tuple):
            return
        state = item.checkState(0)
        for twin in self._checks.get(key, []):
            if twin is not item and twin.checkState(0) != state:
                twin.setCheckState(0, state)

    def cells(self) -> tuple[CellKey, ...]:
        return tuple(
            key
            for key, rows in self._checks.items()
            if rows and rows[0].checkState(0) == Qt.CheckState.Checked
        )

    def check(self, key: CellKey, on: bool = True) -> None:
        for row in self._checks.get(key, []):
            row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
