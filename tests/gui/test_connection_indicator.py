"""The connection indicator names every state in the user's language and spins while reconnecting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from widgets.connection_indicator import ConnectionIndicator


@pytest.mark.parametrize(
    ("language", "state", "text", "busy"),
    [
        ("ru", ConnectionState.CONNECTED, "Подключено", False),
        ("ru", ConnectionState.CONNECTING, "Подключение…", True),
        ("ru", ConnectionState.RECONNECTING, "Переподключение…", True),
        ("ru", ConnectionState.OFFLINE, "Нет связи", False),
        ("en", ConnectionState.CONNECTED, "Connected", False),
        ("en", ConnectionState.RECONNECTING, "Reconnecting…", True),
        ("en", ConnectionState.OFFLINE, "Offline", False),
    ],
)
def test_each_state_is_named(
    qtbot: QtBot,
    use_language: Callable[[str], None],
    language: str,
    state: ConnectionState,
    text: str,
    busy: bool,
) -> None:
    use_language(language)
    store = ConnectionStore()
    indicator = ConnectionIndicator(store=store)
    qtbot.addWidget(indicator)
    indicator.show()
    store.set(ConnectionSnapshot(state, attempt=2, retry_in=3.2))
    assert indicator.label.text() == text
    assert indicator.spinner.isVisible() is busy
    assert indicator.dot.isVisible() is not busy


def test_reconnecting_tooltip_says_when_the_next_attempt_is(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("ru")
    store = ConnectionStore()
    indicator = ConnectionIndicator(store=store)
    qtbot.addWidget(indicator)
    store.set(ConnectionSnapshot(ConnectionState.RECONNECTING, attempt=3, retry_in=4.4))
    assert "Следующая попытка через 4 с." in indicator.toolTip()


def test_follows_the_store_through_a_loss_and_recovery(
    qtbot: QtBot, use_language: Callable[[str], None]
) -> None:
    use_language("en")
    store = ConnectionStore()
    indicator = ConnectionIndicator(store=store)
    qtbot.addWidget(indicator)
    indicator.show()
    seen: list[str] = []
    store.connection_changed.connect(lambda _s: seen.append(indicator.label.text()))
    for state in (ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED):
        store.set(ConnectionSnapshot(state))
    assert seen == ["Connected", "Reconnecting…", "Connected"]
    assert indicator.dot.color == "green"
