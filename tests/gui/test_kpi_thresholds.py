"""The threshold editor (MW-40, MW-41): the indicator × object matrix, the red and yellow form that saves
when closed, bad input kept with the reason, «Удалить» after a confirmation, refusals shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.protocol.errors import ErrorBody
from app.services.errors import ForbiddenError
from app.state.kpi import CellKey, KpiObjectView, KpiSnapshot, KpiStore, KpiThreshold
from ui.kpi_panel import KpiPanel
from ui.kpi_thresholds import KpiThresholdsDialog, describe, parse_number

SALES_QUEUE: CellKey = ("group", 1, 1)
RED = KpiThreshold("group", 1, 1, "red", "ge", 3)
YELLOW = KpiThreshold("group", 1, 1, "yellow", "between", 1, 2)
OBJECTS = (
    KpiObjectView("cc", 0, ""),
    KpiObjectView("group", 1, "Продажи"),
    KpiObjectView("operator", 7, "Иванова Анна", (1,)),
)


def _dialog(
    qtbot: QtBot,
) -> tuple[KpiThresholdsDialog, KpiStore, list[tuple[CellKey, tuple[KpiThreshold, ...]]]]:
    store = KpiStore()
    store.set(KpiSnapshot(objects=OBJECTS, thresholds=(RED, YELLOW), loaded=True))
    asked: list[tuple[CellKey, tuple[KpiThreshold, ...]]] = []
    store.thresholds_requested.connect(lambda key, levels: asked.append((key, levels)))
    dialog = KpiThresholdsDialog(kpi=store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, store, asked


def test_cells_show_their_levels_on_the_worst_colour_and_undefined_ones_are_off(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    dialog, _store, _asked = _dialog(qtbot)
    cell = dialog.cell(SALES_QUEUE)
    assert cell is not None
    assert cell.text() == "≥ 3\n1 … 2"
    assert cell.background().color().name() == "#f4c7c3"  # red wins
    header = dialog.table.horizontalHeaderItem(0)
    assert header is not None
    assert header.toolTip() == "Количество вызовов в очереди"
    operator_queue = dialog.cell(("operator", 7, 1))  # «Количество вызовов в очереди» is for CC and groups
    assert operator_queue is not None
    assert not operator_queue.flags()
    assert dialog.table.verticalHeaderItem(2).text().strip() == "Иванова Анна"  # type: ignore[union-attr]
    dialog.open_cell(SALES_QUEUE)
    form = dialog.form
    assert form.isVisible()
    assert form.editors["red"].comparator.currentText() == "больше или равно"
    assert form.editors["yellow"].comparator.currentText() == "между"
    assert form.editors["yellow"].high_edit.text() == "2"
    form.hide()


def test_closing_the_form_saves_what_was_typed(qtbot: QtBot) -> None:
    dialog, _store, asked = _dialog(qtbot)
    dialog.open_cell(SALES_QUEUE)
    red = dialog.form.editors["red"]
    red.comparator.setCurrentIndex(1)  # «между»
    assert not red.high_edit.isHidden()
    red.low_edit.setText("2,5")
    red.high_edit.setText("4")
    dialog.form.close()  # a click outside does the same
    assert asked == [(SALES_QUEUE, (KpiThreshold("group", 1, 1, "red", "between", 2.5, 4), YELLOW))]


def test_a_new_cell_with_only_a_yellow_value_makes_one_level(qtbot: QtBot) -> None:
    dialog, _store, asked = _dialog(qtbot)
    key: CellKey = ("operator", 7, 10)
    dialog.open_cell(key)
    yellow = dialog.form.editors["yellow"]
    yellow.comparator.setCurrentIndex(0)  # «меньше или равно»
    yellow.low_edit.setText("5")
    dialog.form.close()
    assert asked == [(key, (KpiThreshold("operator", 7, 10, "yellow", "le", 5),))]


def test_an_unchanged_form_sends_nothing(qtbot: QtBot) -> None:
    dialog, _store, asked = _dialog(qtbot)
    dialog.open_cell(SALES_QUEUE)
    dialog.form.close()
    assert asked == []


@pytest.mark.parametrize(("low", "high", "reason"), [("abc", "", "number"), ("5", "1", "lower bound")])
def test_bad_input_keeps_the_form_open_with_the_reason(
    qtbot: QtBot, low: str, high: str, reason: str
) -> None:
    dialog, _store, asked = _dialog(qtbot)
    dialog.open_cell(SALES_QUEUE)
    yellow = dialog.form.editors["yellow"]
    yellow.low_edit.setText(low)
    yellow.high_edit.setText(high)
    dialog.form.close()
    assert asked == []
    qtbot.waitUntil(dialog.form.isVisible)
    assert yellow.low_edit.text() == low  # nothing typed is lost
    assert reason in dialog.form.error_label.text()
    yellow.low_edit.setText("1")
    yellow.high_edit.setText("2")
    dialog.form.close()
    assert not dialog.form.isVisible()


def test_delete_asks_first_then_removes_both_levels(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog, _store, asked = _dialog(qtbot)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: answers.pop(0))
    dialog.open_cell(SALES_QUEUE)
    dialog.form.delete_button.click()
    assert asked == []
    assert dialog.form.isVisible()
    dialog.form.delete_button.click()
    assert asked == [(SALES_QUEUE, ())]
    assert not dialog.form.isVisible()


def test_a_refusal_is_shown_in_the_users_language(qtbot: QtBot, use_language: Callable[[str], None]) -> None:
    use_language("ru")
    dialog, store, _asked = _dialog(qtbot)
    body = ErrorBody(code="forbidden", message="your role does not allow thresholds here")
    store.thresholds_failed.emit(ForbiddenError("PUT: forbidden", body=body, status=403))
    assert not dialog.error_label.isHidden()
    assert dialog.error_label.text().startswith("Пороговые значения не сохранены")


def test_the_panel_offers_thresholds_only_to_those_who_may_set_them(qtbot: QtBot) -> None:
    store = KpiStore()
    panel = KpiPanel(kpi=store)
    qtbot.addWidget(panel)
    assert panel.thresholds_button.isHidden()
    panel.set_may_edit_thresholds(True)
    assert not panel.thresholds_button.isHidden()
    panel.thresholds_button.click()
    assert panel.thresholds_dialog is not None
    assert panel.thresholds_dialog.isVisible()


def test_values_read_as_typed() -> None:
    assert parse_number(" 2,5 ") == 2.5
    assert parse_number("") is None
    with pytest.raises(ValueError, match="could not convert"):
        parse_number("два")
    assert describe(KpiThreshold("group", 1, 1, "red", "between", None, 4)) == "≤ 4"
    assert describe(KpiThreshold("group", 1, 1, "red", "between", 1, None)) == "≥ 1"
