"""The KPI panel: chosen indicators under their objects (groups, then «Без группы»), Russian labels,
threshold colours on the indicator and its object, the selection dialog, the top-bar button (MW-22)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.state.kpi import KpiObjectView, KpiSnapshot, KpiStore, KpiValue
from tests.gui.conftest import FakeSession
from tests.gui.test_main_window import make_window
from ui.desk import CallDesk
from ui.kpi_panel import KpiPanel, KpiSelectionDialog

OBJECTS = (
    KpiObjectView("group", 1, "Продажи"),
    KpiObjectView("operator", 7, "Иванова Анна", (1,)),
    KpiObjectView("operator", 9, "Морозова Наталья", ()),
)
VALUES = (
    KpiValue("group", 1, 1, 2, "red"),
    KpiValue("group", 1, 10, 5),
    KpiValue("operator", 7, 10, 3, "yellow"),
    KpiValue("operator", 9, 16, 75),
)


def _texts(item: QTreeWidgetItem) -> list[str]:
    return [f"{item.child(i).text(0)}={item.child(i).text(1)}" for i in range(item.childCount())]


def _level(item: QTreeWidgetItem) -> str:
    return str(item.data(1, Qt.ItemDataRole.UserRole))


def test_rows_by_group_and_no_group_with_russian_names_and_colours(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    store = KpiStore()
    panel = KpiPanel(kpi=store)
    qtbot.addWidget(panel)
    selection = (("group", 1, 1), ("group", 1, 10), ("operator", 7, 10), ("operator", 9, 16))
    store.set(KpiSnapshot(objects=OBJECTS, values=VALUES, selection=selection, loaded=True))
    tops = [panel.tree.topLevelItem(i) for i in range(panel.row_count)]
    assert [t.text(0) for t in tops if t is not None] == ["Продажи", "Без группы"]
    sales, no_group = tops
    assert sales is not None
    assert no_group is not None
    assert _texts(sales)[:2] == ["Количество вызовов в очереди=2", "Количество принятых вызовов=5"]
    assert _level(sales) == "red"
    assert _level(sales.child(0)) == "red"
    person = sales.child(2)
    assert person.text(0) == "Иванова Анна"
    assert _level(person) == "yellow"
    assert _texts(no_group.child(0)) == ["Среднее время входящих разговоров=01:15"]
    assert _level(no_group) == ""


def test_nothing_chosen_shows_no_rows(qtbot: QtBot) -> None:
    store = KpiStore()
    panel = KpiPanel(kpi=store)
    qtbot.addWidget(panel)
    store.set(KpiSnapshot(objects=OBJECTS, values=VALUES, loaded=True))
    assert panel.row_count == 0


def test_the_dialog_offers_only_indicators_of_the_object_kind_and_none_for_no_group(qtbot: QtBot) -> None:
    snapshot = KpiSnapshot(objects=OBJECTS, values=VALUES, selection=(("group", 1, 1),), loaded=True)
    dialog = KpiSelectionDialog(snapshot=snapshot)
    qtbot.addWidget(dialog)
    no_group = dialog.tree.topLevelItem(1)
    assert no_group is not None
    assert no_group.childCount() == 1  # only its employee, no indicator rows of its own
    assert no_group.child(0).childCount() == 11  # indicators 9..19 are defined for employees
    sales = dialog.tree.topLevelItem(0)
    assert sales is not None
    assert sales.childCount() == 16 + 1  # 16 group indicators and one employee
    dialog.check(("operator", 7, 9))
    assert set(dialog.cells()) == {("group", 1, 1), ("operator", 7, 9)}


def test_kpi_button_turns_red_or_yellow_when_a_shown_indicator_is_over(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    window, _presence, _connection = make_window(qtbot, fake_session)
    desk = CallDesk.detached()
    window.attach_desk(desk)
    assert window.kpi_button.property("alert") == "false"
    desk.kpi.set(KpiSnapshot(objects=OBJECTS, values=VALUES, selection=(("operator", 7, 10),), loaded=True))
    assert window.kpi_button.property("alert") == "yellow"
    desk.kpi.set(KpiSnapshot(objects=OBJECTS, values=VALUES, selection=(("group", 1, 1),), loaded=True))
    assert window.kpi_button.property("alert") == "red"


def test_dragged_order_is_kept_and_restored(qtbot: QtBot) -> None:
    store = KpiStore()
    panel = KpiPanel(kpi=store)
    qtbot.addWidget(panel)
    selection = (("group", 1, 1), ("group", 1, 10), ("operator", 7, 10), ("operator", 9, 16))
    store.set(KpiSnapshot(objects=OBJECTS, values=VALUES, selection=selection, loaded=True))
    no_group = panel.tree.topLevelItem(1)
    sales = panel.tree.topLevelItem(0)
    assert no_group is not None
    assert sales is not None
    assert not panel.tree.move_before(sales.child(1), no_group)  # not siblings: refused
    assert panel.tree.move_before(no_group, sales)
    assert panel.tree.move_before(sales.child(1), sales.child(0))
    order = panel.order
    again = KpiPanel(kpi=store, order=order)
    qtbot.addWidget(again)
    first = again.tree.topLevelItem(0)
    second = again.tree.topLevelItem(1)
    assert first is not None
    assert second is not None
    assert first.text(0) == "No group"
    assert [second.child(i).text(0) for i in range(2)] == [
        "Calls in the queue",
        "Accepted calls",
    ]  # default: A..Z
