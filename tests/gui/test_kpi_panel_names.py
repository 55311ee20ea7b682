"""Long indicator names in the KPI panel wrap onto more lines instead of being cut, docked or floating,
and keep the whole name in a tooltip; the values stay whole."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from app.state.kpi import KpiObjectView, KpiSnapshot, KpiStore, KpiValue
from ui.kpi_panel import KpiPanel

SHORT, LONG = 10, 7  # «Количество принятых вызовов», «Среднее время ожидания в очереди»


def _rows(panel: KpiPanel) -> dict[str, QTreeWidgetItem]:
    sales = panel.tree.topLevelItem(0)
    assert sales is not None
    return {sales.child(i).text(0): sales.child(i) for i in range(sales.childCount())}


def _heights(panel: KpiPanel) -> tuple[int, int]:
    rows = _rows(panel)
    long = panel.tree.visualItemRect(rows["Среднее время ожидания в очереди"]).height()
    short = panel.tree.visualItemRect(rows["Количество принятых вызовов"]).height()
    return long, short


def _one_line(panel: KpiPanel) -> int:
    sales = panel.tree.topLevelItem(0)
    assert sales is not None
    return panel.tree.visualItemRect(sales).height()  # «Продажи» never wraps


def test_long_names_wrap_in_a_narrow_dock_and_keep_their_whole_text(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    store = KpiStore()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())  # the dock gives way to it, as to the main window's page
    dock = QDockWidget("KPI", window)
    panel = KpiPanel(kpi=store)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(900, 500)
    window.show()
    qtbot.waitExposed(window)
    store.set(
        KpiSnapshot(
            objects=(KpiObjectView("group", 1, "Продажи"),),
            values=(KpiValue("group", 1, SHORT, 27), KpiValue("group", 1, LONG, 48)),
            selection=(("group", 1, SHORT), ("group", 1, LONG)),
            loaded=True,
        )
    )
    rows = _rows(panel)
    assert set(rows) == {"Количество принятых вызовов", "Среднее время ожидания в очереди"}
    for name, row in rows.items():
        assert row.toolTip(0) == name

    window.resizeDocks([dock], [600], Qt.Orientation.Horizontal)  # room for every name on one line
    qtbot.waitUntil(lambda: panel.tree.width() > 500)
    qtbot.waitUntil(lambda: _heights(panel) == (_one_line(panel), _one_line(panel)))

    window.resizeDocks([dock], [1], Qt.Orientation.Horizontal)  # docked as narrow as it goes: it wraps
    qtbot.waitUntil(lambda: panel.tree.width() < 500)
    qtbot.waitUntil(lambda: _heights(panel)[0] > _one_line(panel) * 1.5)
    metrics = panel.tree.fontMetrics()
    value = rows["Среднее время ожидания в очереди"].text(1)
    assert value == "00:48"
    assert panel.tree.columnWidth(1) >= metrics.horizontalAdvance(value)  # the values stay whole
    assert panel.tree.columnWidth(0) + panel.tree.columnWidth(1) <= panel.tree.viewport().width()

    window.resizeDocks([dock], [600], Qt.Orientation.Horizontal)  # and one line again when wide
    qtbot.waitUntil(lambda: _heights(panel) == (_one_line(panel), _one_line(panel)))
