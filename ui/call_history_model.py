"""The rows of «История вызовов» as a Qt table model: one call a row, the CH-04 columns we have data for.

The texts are built when a cell is painted, not when the list arrives: a 10 000-call history (TP-22)
costs one ``HistoryRow`` a row, and names that arrive later (colleagues, topics) need no rebuild.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.protocol.calls import HIDDEN_NUMBER
from widgets.call_history_icons import call_type_icon

if TYPE_CHECKING:
    from app.protocol.calls import HistoryRow

COLUMNS: tuple[str, ...] = (
    "type",
    "time",
    "caller",
    "callee",
    "destination",
    "topic",
    "comment",
    "result",
    "wait",
    "talk",
    "transfers",
)
"""Column keys, in display order; the header menu hides them by these keys (stored per account)."""

_Index = QModelIndex | QPersistentModelIndex


def column_title(key: str) -> str:
    """The column's name in the header and in the column chooser (Russian verbatim from CH-04)."""
    titles = {
        "type": QCoreApplication.translate("CallHistoryPanel", "Type"),
        "time": QCoreApplication.translate("CallHistoryPanel", "Date and time"),
        "caller": QCoreApplication.translate("CallHistoryPanel", "Caller"),
        "callee": QCoreApplication.translate("CallHistoryPanel", "Callee"),
        "destination": QCoreApplication.translate("CallHistoryPanel", "Dialled number"),
        "result": QCoreApplication.translate("CallHistoryPanel", "Result"),
        "wait": QCoreApplication.translate("CallHistoryPanel", "Wait"),
        "talk": QCoreApplication.translate("CallHistoryPanel", "Talk"),
        "topic": QCoreApplication.translate("CallHistoryPanel", "Topic"),
        "comment": QCoreApplication.translate("CallHistoryPanel", "Comment"),
        "transfers": QCoreApplication.translate("CallHistoryPanel", "Transfers"),
    }
    return titles[key]


def duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def call_kind(row: HistoryRow) -> str:
    """The CH-05 type: ``incoming_answered``, ``incoming_missed``, ``outgoing_connected`` …"""
    direction = "outgoing" if row.direction == "outgoing" else "incoming"
    if row.answered_at is not None:
        return f"{direction}_{'connected' if direction == 'outgoing' else 'answered'}"
    if row.ended_at is None:
        return f"{direction}_ringing"
    return f"{direction}_{'failed' if direction == 'outgoing' else 'missed'}"


def kind_text(kind: str) -> str:
    """The icon's tooltip (CH-05 wording; a call still ringing has no wording in the spec)."""
    texts = {
        "incoming_answered": QCoreApplication.translate("CallHistoryPanel", "Incoming (answered)"),
        "incoming_missed": QCoreApplication.translate("CallHistoryPanel", "Incoming (missed)"),
        "incoming_ringing": QCoreApplication.translate("CallHistoryPanel", "Incoming (not answered yet)"),
        "outgoing_connected": QCoreApplication.translate("CallHistoryPanel", "Outgoing (connected)"),
        "outgoing_failed": QCoreApplication.translate("CallHistoryPanel", "Outgoing (failed)"),
        "outgoing_ringing": QCoreApplication.translate("CallHistoryPanel", "Outgoing (dialling)"),
    }
    return texts[kind]


def recording_hint(row: HistoryRow) -> str:
    """The talk cell's tooltip line for a recorded call: how long, and where to listen."""
    lengths = ", ".join(f"{int(seconds) // 60}:{int(seconds) % 60:02d}" for seconds in row.recording_seconds)
    return QCoreApplication.translate(
        "CallHistoryPanel", "Recorded ({lengths}): «Listen» in the row's menu"
    ).format(lengths=lengths or "?")


def result_text(row: HistoryRow) -> str:
    if row.direction == "outgoing":  # a call out through a trunk (MW-19)
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


def dial_target(row: HistoryRow) -> str:
    """The other party's number to call back (CH-07); empty when hidden («Номер скрыт») or unknown."""
    number = row.caller.strip()
    return "" if number in ("", HIDDEN_NUMBER) else number


def party_column(row: HistoryRow) -> str:
    """Where the other party stands: «Кто звонил» for a call in, «Кому звонил» for a call out."""
    return "callee" if row.direction == "outgoing" else "caller"


class CallHistoryModel(QAbstractTableModel):
    """``HistoryRow``s newest first; employee and topic names looked up when a cell is shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[HistoryRow, ...] = ()
        self._names: dict[int, str] = {}
        self._topics: dict[int, str] = {}

    # -- feeding ---------------------------------------------------------------------------------------

    def set_rows(self, rows: tuple[HistoryRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_names(self, names: dict[int, str]) -> None:
        if names != self._names:
            self._names = names
            self._changed("caller", "callee")

    def set_topics(self, topics: dict[int, str]) -> None:
        if topics != self._topics:
            self._topics = topics
            self._changed("topic")

    def retranslated(self) -> None:
        """The language changed: headers, icon descriptions and results are read again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def row(self, index: int) -> HistoryRow:
        return self._rows[index]

    def update_row(self, changed: HistoryRow) -> None:
        """The call ``changed`` describes, if listed, shows it (its topics or comment were edited); only
        that row is repainted, the others are not read."""
        for n, old in enumerate(self._rows):
            if old.call_id == changed.call_id:
                self._rows = (*self._rows[:n], changed, *self._rows[n + 1 :])
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMNS) - 1))
                return

    def _changed(self, *keys: str) -> None:
        if not self._rows:
            return
        for key in keys:
            column = COLUMNS.index(key)
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    # -- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if key == "type" else column_title(key)  # the icon column is narrow
        if role == Qt.ItemDataRole.ToolTipRole:
            return column_title(key)
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "type":
                return kind_text(call_kind(row))
            text = self.text(row, key)
            if key == "talk" and row.recording_ids:
                return "\n".join(filter(None, (text, recording_hint(row))))
            return text or None
        if role == Qt.ItemDataRole.DecorationRole and key == "type":
            return call_type_icon(call_kind(row))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("wait", "talk", "transfers"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text(self, row: HistoryRow, key: str) -> str:
        """The cell's text as shown and copied (the type column: the icon's description)."""
        if key == "type":
            return kind_text(call_kind(row))
        if key == "time":
            return row.arrived_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")
        if key == "caller":
            return self._people(row) if row.direction == "outgoing" else self._number(row)
        if key == "callee":
            if row.direction == "outgoing":
                return self._number(row)
            people = self._people(row)
            return f"{row.queue}: {people}" if row.queue and people else row.queue or people
        if key == "destination":
            # A call in: the line the client dialled; a call out: the number the operator dialled.
            return self._number(row) if row.direction == "outgoing" else row.queue
        if key == "result":
            return result_text(row)
        if key == "wait":
            return duration(row.wait_seconds)
        if key == "talk":
            return duration(row.talk_seconds)
        if key == "topic":
            return "; ".join(self._topic(topic_id) for topic_id in row.topic_ids)
        if key == "comment":
            return row.comment
        if key == "transfers":
            return str(row.transfers) if row.transfers else ""
        raise KeyError(key)

    def _number(self, row: HistoryRow) -> str:
        return (
            QCoreApplication.translate("CallHistoryPanel", "Number hidden")
            if row.caller == HIDDEN_NUMBER
            else row.caller
        )

    def _people(self, row: HistoryRow) -> str:
        return ", ".join(self._name(employee_id) for employee_id in row.operators)

    def _name(self, employee_id: int) -> str:
        # An employee outside the colleagues list (another group, deleted): the id, never a made-up name.
        return self._names.get(employee_id) or QCoreApplication.translate(
            "CallHistoryPanel", "Employee #{id}"
        ).format(id=employee_id)

    def _topic(self, topic_id: int) -> str:
        return self._topics.get(topic_id) or QCoreApplication.translate(
            "CallHistoryPanel", "Topic #{id}"
        ).format(id=topic_id)
