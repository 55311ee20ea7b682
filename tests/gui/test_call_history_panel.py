"""«История вызовов»: a main-window section whose length follows «Количество выводимых вызовов», with
the call-type icons (CH-05), the people, topics and comment of each call (CH-04), call back (CH-07), copy
(CH-06) and a column choice kept per account (CH-04)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import _add_history_section
from app.protocol.calls import HIDDEN_NUMBER
from app.services.api import ApiClient
from app.services.call_history import CallHistoryService
from app.settings.files import VersionedFile
from app.settings.models import AccountSettings
from app.settings.paths import SettingsPaths
from app.state.calls import TopicsStore
from app.state.connection import ConnectionStore
from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusStore
from tests.gui.conftest import FakeSession
from tests.gui.phone import Phone
from tests.gui.test_main_window import ME
from tests.unit.test_call_history import START, HistoryServer, row
from ui.call_history_model import COLUMNS
from ui.call_history_panel import CallHistoryPanel
from ui.call_history_view import handset_rect
from ui.main_window import MainWindow
from ui.shell import ShellController


def run_now(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coro)


def col(key: str) -> int:
    return COLUMNS.index(key)


def calls_of_each_type() -> list[dict[str, Any]]:
    """An answered call in (two operators, topics, a comment, a transfer), a missed one from a hidden
    number, a call out that connected and one that failed."""
    answered = row(1) | {
        "caller": "79161234567",
        "queue": "Продажи",
        "operators": [1, 77],
        "topic_ids": [10, 99],
        "comment": "Перезвонить завтра",
        "transfers": 1,
    }
    missed = row(2) | {
        "caller": HIDDEN_NUMBER,
        "answered_at": None,
        "talk_seconds": None,
        "operators": [],
        "wait_seconds": 40.0,
    }
    arrived = START - timedelta(seconds=3)
    out_ok = row(3) | {
        "call_id": -5,
        "caller": "74951112233",
        "queue": "74950000000",
        "direction": "outgoing",
        "operators": [ME.employee_id],
        "group_id": None,
        "wait_seconds": None,
        "arrived_at": arrived.isoformat(),
    }
    out_failed = row(4) | {
        "call_id": -6,
        "caller": "74950000404",
        "queue": "74950000000",
        "direction": "outgoing",
        "operators": [ME.employee_id],
        "answered_at": None,
        "talk_seconds": None,
        "wait_seconds": None,
    }
    return [answered, missed, out_ok, out_failed]


@dataclass
class Scene:
    window: MainWindow
    history: CallHistoryService
    file: VersionedFile[AccountSettings]
    paths: SettingsPaths
    presence: PresenceStore
    topics: TopicsStore
    session_store: SessionStore

    def open_history(self, qtbot: QtBot, rows: int) -> CallHistoryPanel:
        self.window.section_buttons.buttons()[-1].click()
        panel = self.window.sections.currentWidget()
        assert isinstance(panel, CallHistoryPanel)
        qtbot.waitUntil(lambda: panel.model.rowCount() == rows)
        return panel


def make_scene(
    qtbot: QtBot, tmp_path: Path, phone: Phone, server: Callable[[httpx.Request], httpx.Response]
) -> Scene:
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    file = paths.account_file("http://h:1", ME.login)
    api = ApiClient(server="http://pult.test", transport=httpx.MockTransport(server))
    api.token = "t"
    history = CallHistoryService(
        api=lambda: api,
        spawn=run_now,
        limit=lambda: file.load().history_size,
        account_file=lambda: paths.account_file("http://h:1", ME.login),
    )
    store, session = SessionStore(), FakeSession()
    presence = PresenceStore()
    presence.set(
        PresenceSnapshot(
            colleagues=(ColleagueSnapshot(1, "Иванова Анна Сергеевна", "online", extension="101"),),
            loaded=True,
        )
    )
    shell = ShellController(
        session=session,  # type: ignore[arg-type]
        session_store=store,
        status_store=StatusStore(),
        presence_store=presence,
        connection_store=ConnectionStore(),
        paths=paths,
        desk=phone.desk,
    )
    store.set(SessionSnapshot(server="http://h:1", login=ME.login, me=ME))
    session.logged_in.emit(ME)
    window = shell.main_window
    assert window is not None
    qtbot.addWidget(window)
    topics = TopicsStore()
    topics.set(((10, "Продажи / Консультация"), (11, "Продажи / Заказ")))
    _add_history_section(window, history, presence=presence, topics=topics, session=store)
    return Scene(window, history, file, paths, presence, topics, store)


class ListServer:
    """``GET /api/v1/history`` answering a fixed list of rows."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": self.rows})


def test_the_history_section_shows_as_many_calls_as_the_user_setting_allows(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, HistoryServer(total=300))
    scene.file.save(scene.file.load().model_copy(update={"history_size": 120}))
    assert scene.window.section_buttons.buttons()[-1].text() == "Call history"

    panel = scene.open_history(qtbot, 120)

    assert panel.view.uniformRowHeights()
    texts = [panel.view.cell_text(panel.model.index(0, col(k))) for k in ("caller", "result", "talk")]
    assert texts == ["74950000001", "Answered", "1:00"]
    assert panel.summary.text() == "The latest 120 calls (at most 120, see «User» settings)."

    scene.file.save(
        scene.file.load().model_copy(update={"history_size": 10})
    )  # «Сохранить» in «Пользовательские»
    panel.refresh_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 10)


def test_each_call_type_has_its_icon_text_and_the_rows_name_people_and_topics(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    model = panel.model

    def cell(r: int, key: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.index(r, col(key)).data(role)

    assert [cell(r, "type", Qt.ItemDataRole.ToolTipRole) for r in range(4)] == [
        "Incoming (answered)",
        "Incoming (missed)",
        "Outgoing (connected)",
        "Outgoing (failed)",
    ]
    assert all(not cell(r, "type", Qt.ItemDataRole.DecorationRole).isNull() for r in range(4))
    # A call in: the client called the line, answered by the operators who talked (77: not a colleague
    # this user sees, so its id, not a made-up name).
    assert cell(0, "caller") == "79161234567"
    assert cell(0, "callee") == "Продажи: Иванова Анна Сергеевна, Employee #77"
    assert cell(0, "destination") == "Продажи"
    assert cell(0, "topic") == "Продажи / Консультация; Topic #99"
    assert cell(0, "comment") == "Перезвонить завтра"
    assert cell(0, "transfers") == "1"
    assert cell(1, "caller") == "Number hidden"
    assert cell(1, "callee") == "74951234567"  # nobody answered: the line alone
    assert cell(1, "wait") == "0:40"
    # A call out: the signed-in operator (not in the colleagues list) called the number.
    assert cell(2, "caller") == ME.full_name
    assert (cell(2, "callee"), cell(2, "destination")) == ("74951112233", "74951112233")

    # Names that arrive later reach the rows already shown.
    scene.topics.set(((10, "Продажи / Консультация"), (99, "Сервис / Жалоба")))
    scene.presence.set(
        PresenceSnapshot(
            colleagues=(
                ColleagueSnapshot(1, "Иванова Анна Сергеевна", "online"),
                ColleagueSnapshot(77, "Орлов Пётр", "online"),
            ),
            loaded=True,
        )
    )
    assert cell(0, "topic") == "Продажи / Консультация; Сервис / Жалоба"
    assert cell(0, "callee") == "Продажи: Иванова Анна Сергеевна, Орлов Пётр"


def test_the_rows_speak_russian_with_the_spec_labels(
    qtbot: QtBot, tmp_path: Path, phone: Phone, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    headers = [
        panel.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in range(4)
    ]
    assert headers[2:4] == ["Кто звонил", "Кому звонил"]
    assert [panel.model.headerData(col(k), Qt.Orientation.Horizontal) for k in ("topic", "comment")] == [
        "Тема",
        "Комментарий",
    ]
    tips = [panel.model.index(r, col("type")).data(Qt.ItemDataRole.ToolTipRole) for r in range(4)]
    assert tips == [
        "Входящий (принятый)",
        "Входящий (пропущенный)",
        "Исходящий (состоявшийся)",
        "Исходящий (несостоявшийся)",
    ]
    assert panel.model.index(1, col("caller")).data() == "Номер скрыт"
    menu = panel.menu_for(panel.model.index(0, col("caller")))
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Позвонить",
        "Копировать",
        "Изменить тематику",
        "Изменить комментарий",
    ]


def test_a_language_switch_retranslates_the_headers_and_the_rows(
    qtbot: QtBot, tmp_path: Path, phone: Phone, use_language: Callable[[str], None]
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    assert panel.model.headerData(col("caller"), Qt.Orientation.Horizontal) == "Caller"

    use_language("ru")

    qtbot.waitUntil(lambda: panel.columns_button.text() == "Столбцы")  # LanguageChange is posted
    assert panel.column_actions["comment"].text() == "Комментарий"
    assert panel.model.headerData(col("caller"), Qt.Orientation.Horizontal) == "Кто звонил"
    assert panel.model.index(0, col("result")).data() == "Принят"


def test_the_handset_calls_the_caller_back_from_the_telephony_panel(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    scene.window.show()
    panel = scene.open_history(qtbot, 4)
    index = panel.model.index(0, col("caller"))
    panel.view.scrollTo(index)
    cell = panel.view.visualRect(index)
    assert cell.isValid()

    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=handset_rect(cell).center())

    qtbot.waitUntil(lambda: 1 in phone.engine.calls)
    assert phone.engine.calls[1].remote_uri == "sip:79161234567@pbx.test"


def test_a_call_out_is_repeated_from_the_menu_and_by_double_click(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    asked: list[str] = []
    panel.call_requested.connect(asked.append)

    menu = panel.menu_for(panel.model.index(3, col("comment")))
    call = next(a for a in menu.actions() if a.objectName() == "call")
    call.trigger()
    panel.view.doubleClicked.emit(panel.model.index(2, col("time")))

    assert asked == ["74950000404", "74951112233"]
    qtbot.waitUntil(lambda: 1 in phone.engine.calls)
    assert phone.engine.calls[1].remote_uri == "sip:74950000404@pbx.test"


def test_a_hidden_number_offers_no_call_back(qtbot: QtBot, tmp_path: Path, phone: Phone) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    scene.window.show()
    panel = scene.open_history(qtbot, 4)
    asked: list[str] = []
    panel.call_requested.connect(asked.append)
    index = panel.model.index(1, col("caller"))

    names = [a.objectName() for a in panel.menu_for(index).actions()]
    panel.view.doubleClicked.emit(index)
    qtbot.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=handset_rect(panel.view.visualRect(index)).center(),
    )

    assert [n for n in names if n] == ["copy", "edit_topics", "edit_comment"]  # no «Позвонить»
    assert asked == []
    assert scene.window.telephony_panel.number_edit.text() == ""
    assert phone.engine.calls == {}


@pytest.mark.parametrize(
    ("r", "key", "expected"),
    [(0, "caller", "79161234567"), (0, "comment", "Перезвонить завтра"), (1, "type", "Incoming (missed)")],
)
def test_ctrl_c_copies_the_current_cell(
    qtbot: QtBot, tmp_path: Path, phone: Phone, qapp: QApplication, r: int, key: str, expected: str
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    QGuiApplication.clipboard().setText("")
    panel.view.setCurrentIndex(panel.model.index(r, col(key)))

    qtbot.keyClick(panel.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    assert QGuiApplication.clipboard().text() == expected


def test_copy_in_the_row_menu_copies_the_cell_under_the_mouse(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    QGuiApplication.clipboard().setText("")
    menu = panel.menu_for(panel.model.index(2, col("callee")))

    next(a for a in menu.actions() if a.objectName() == "copy").trigger()

    assert QGuiApplication.clipboard().text() == "74951112233"


def test_a_hidden_column_stays_hidden_for_this_account_at_the_next_start(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    assert not any(panel.view.isColumnHidden(c) for c in range(len(COLUMNS)))  # all shown by default

    panel.column_actions["comment"].trigger()  # unticked in the header menu

    assert panel.view.isColumnHidden(col("comment"))
    assert scene.file.load().history_hidden_columns == ["comment"]
    # The next start: new settings paths over the same folders, a new service and panel.
    paths = SettingsPaths(config_dir=tmp_path / "c", state_dir=tmp_path / "s")
    service = CallHistoryService(
        api=lambda: None,
        spawn=run_now,
        limit=lambda: 10,
        account_file=lambda: paths.account_file("http://h:1", ME.login),
    )
    again = CallHistoryPanel(service=service)
    qtbot.addWidget(again)
    assert again.view.isColumnHidden(col("comment"))
    assert not again.column_actions["comment"].isChecked()
    assert not again.view.isColumnHidden(col("topic"))
    # Another account on this machine has its own choice.
    other = CallHistoryPanel(
        service=CallHistoryService(
            api=lambda: None,
            spawn=run_now,
            limit=lambda: 10,
            account_file=lambda: paths.account_file("http://h:1", "300000001/op2"),
        )
    )
    qtbot.addWidget(other)
    assert not other.view.isColumnHidden(col("comment"))


def test_a_column_choice_that_cannot_be_saved_says_so_and_still_applies(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    scene.file.path.mkdir(parents=True)  # a folder where the settings file should be: it cannot be written

    panel.column_actions["topic"].trigger()

    assert panel.view.isColumnHidden(col("topic"))
    assert panel.summary.text() == (
        "The column choice is kept until Pult closes: the settings file cannot be written."
    )
    assert scene.file.path.is_dir()


def test_the_last_shown_column_cannot_be_hidden(qtbot: QtBot, tmp_path: Path, phone: Phone) -> None:
    scene = make_scene(qtbot, tmp_path, phone, ListServer(calls_of_each_type()))
    panel = scene.open_history(qtbot, 4)
    for key in COLUMNS[:-1]:
        panel.column_actions[key].trigger()

    last = panel.column_actions[COLUMNS[-1]]
    assert last.isChecked()
    assert not last.isEnabled()
    assert [c for c in range(len(COLUMNS)) if not panel.view.isColumnHidden(c)] == [len(COLUMNS) - 1]


def test_ten_thousand_calls_render_only_the_rows_on_screen(
    qtbot: QtBot, tmp_path: Path, phone: Phone
) -> None:
    """TP-22 allows 10 000 calls: the list is a lazy model, so painting it builds the visible cells only."""
    scene = make_scene(qtbot, tmp_path, phone, HistoryServer(total=10_000))
    scene.file.save(scene.file.load().model_copy(update={"history_size": 10_000}))
    scene.window.resize(1200, 800)
    scene.window.show()
    built: list[str] = []
    text = scene.window.sections.widget(scene.window.sections.count() - 1)
    assert isinstance(text, CallHistoryPanel)
    original = text.model.text

    def counting(row: Any, key: str) -> str:
        built.append(key)
        return original(row, key)

    text.model.text = counting  # type: ignore[method-assign]
    panel = scene.open_history(qtbot, 10_000)
    panel.view.viewport().grab()

    assert panel.view.uniformRowHeights()
    assert 0 < len(built) < 2_000  # about 40 visible rows × 11 columns × a role or two, not 10 000 rows
    last = panel.model.index(9_999, col("caller"))
    panel.view.scrollTo(last)
    panel.view.viewport().grab()
    assert panel.view.visualRect(last).isValid()
    assert panel.view.cell_text(last) == "749500010000"
