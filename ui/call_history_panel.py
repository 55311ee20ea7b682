"""«История вызовов» section: the latest calls, as many as «Количество выводимых вызовов» allows (TP-22).

Each row shows the call's type icon (CH-05), who called whom and where (CH-04), its topics and comment;
the handset on the hovered row, a double-click or «Позвонить» calls the other party back (CH-07), and
«Копировать»/Ctrl+C copies a cell (CH-06). The header menu chooses the columns, kept per account.
A recorded call's menu has «Прослушать» and «Скачать запись» (part 7 A1.8): without ``recordings.listen``
they are shown but disabled, with a tooltip saying why; the strip under the list shows what plays.
Above the list: the main filter «По сотруднику» / «По группе» with its list (CH-08, kept per account)
and «Период» (CH-10): the presets load at once, «Произвольный» (at most a month) on «Обновить».
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.protocol.calls import HistoryChoice
from app.services.call_history import (
    ALL,
    BY_EMPLOYEE,
    BY_GROUP,
    CUSTOM,
    LAST_2_DAYS,
    PERIODS,
    THIS_MONTH,
    THIS_WEEK,
    TODAY,
    add_month,
    custom_span_ok,
)
from ui.call_history_edit import CommentDialog, TopicsDialog
from ui.call_history_model import COLUMNS, CallHistoryModel, column_title, dial_target, result_text
from ui.call_history_player import PlayerStrip, recording_error_text
from ui.call_history_view import CallHistoryView
from ui.texts import error_message

if TYPE_CHECKING:
    from app.protocol.auth import Me
    from app.protocol.calls import HistoryRow
    from app.services.call_history import CallHistoryService
    from app.services.errors import ClientError
    from app.services.recording_player import RecordingPlayer
    from app.state.calls import TopicsStore
    from app.state.presence import PresenceStore
    from app.state.session import SessionStore


class CallHistoryPanel(QWidget):
    """Renders the service's rows; loads them whenever shown and on «Обновить»."""

    call_requested = Signal(str)
    """«Позвонить» on a row: the number to dial (never a hidden one)."""

    def __init__(
        self,
        *,
        service: CallHistoryService,
        presence: PresenceStore | None = None,
        topics: TopicsStore | None = None,
        session: SessionStore | None = None,
        player: RecordingPlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CallHistoryPanel")
        self._service = service
        self._player = player
        self._presence = presence
        self._topics = topics
        self._session = session
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.model = CallHistoryModel(self)
        self.view = CallHistoryView()
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.call_back_delegate.call_requested.connect(self.call_requested)
        header = self.view.header()
        header.setSectionResizeMode(COLUMNS.index("type"), QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._size_columns()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_custom_context_menu_requested)
        self.columns_menu = QMenu(self)
        self.column_actions: dict[str, QAction] = {}
        for key in COLUMNS:
            action = self.columns_menu.addAction("")
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda shown, key=key: self._on_column_action_toggled(key, shown))
            self.column_actions[key] = action
        self.columns_button = QPushButton()  # styled as «Обновить» beside it; opens the column menu
        self.columns_button.setMenu(self.columns_menu)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.columns_button)
        top.addWidget(self.refresh_button)
        # The main filter (CH-08) and «Период» (CH-10).
        self.by_employee = QRadioButton()
        self.by_group = QRadioButton()
        self.by_buttons = QButtonGroup(self)
        self.by_buttons.addButton(self.by_employee)
        self.by_buttons.addButton(self.by_group)
        self.by_employee.setChecked(True)
        self.by_group.hide()  # until the server names groups in the user's scope
        self.by_group.toggled.connect(self._on_by_group_toggled)
        self.filter_combo = QComboBox()
        self.filter_combo.setMinimumContentsLength(24)
        self.filter_combo.activated.connect(self._on_filter_combo_activated)
        self.period_label = QLabel()
        self.period_combo = QComboBox()
        for key in PERIODS:
            self.period_combo.addItem("", key)
        self.period_combo.activated.connect(self._on_period_combo_activated)
        self.from_label = QLabel()
        self.date_from = QDateEdit()
        self.to_label = QLabel()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        start, end = service.custom
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))
        self.custom_widgets: tuple[QWidget, ...] = (
            self.from_label,
            self.date_from,
            self.to_label,
            self.date_to,
        )
        filters = QHBoxLayout()
        filters.addWidget(self.by_employee)
        filters.addWidget(self.by_group)
        filters.addWidget(self.filter_combo)
        filters.addSpacing(16)
        filters.addWidget(self.period_label)
        filters.addWidget(self.period_combo)
        for widget in self.custom_widgets:
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.player_strip: PlayerStrip | None = None
        if player is not None:
            self.player_strip = PlayerStrip(player)
            layout.addWidget(self.player_strip)
            player.saved.connect(self._on_player_saved)
            player.save_failed.connect(self._on_player_save_failed)
        service.history_changed.connect(self._on_service_history_changed)
        service.failed.connect(self._on_service_failed)
        service.choices_changed.connect(self._sync_filters)
        service.row_saved.connect(self._on_service_row_saved)
        service.save_failed.connect(self._on_service_save_failed)
        self.edit_dialog: TopicsDialog | CommentDialog | None = None
        """The last «Изменить тематику» / «Изменить комментарий» dialog opened."""
        if presence is not None:
            presence.presence_changed.connect(self._on_names_changed)
        if session is not None:
            session.session_changed.connect(self._on_names_changed)
        if topics is not None:
            topics.topics_changed.connect(self._on_topics_changed)
        self._on_names_changed()
        self._on_topics_changed()
        self.retranslate()
        self.restore_columns()
        self._render(service.rows)
        self._sync_filters()

    def title(self) -> str:
        return self.tr("Call history")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.refresh_button.setText(self.tr("Refresh"))
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setToolTip(self.tr("Choose the columns"))
        for key, action in self.column_actions.items():
            action.setText(column_title(key))
        self.by_employee.setText(self.tr("By employee"))
        self.by_group.setText(self.tr("By group"))
        self.period_label.setText(self.tr("Period"))
        for i, key in enumerate(PERIODS):
            self.period_combo.setItemText(i, self.period_title(key))
        self.from_label.setText(self.tr("from"))
        self.to_label.setText(self.tr("to"))
        self._sync_filters()
        self.model.retranslated()

    def period_title(self, key: str) -> str:
        return {
            LAST_2_DAYS: self.tr("Last 2 days"),
            TODAY: self.tr("Current day"),
            THIS_WEEK: self.tr("Current week"),
            THIS_MONTH: self.tr("Current month"),
            CUSTOM: self.tr("Custom"),
        }[key]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """«Обновить»: loads again; under «Произвольный» it loads the days in the date fields."""
        if self.period_combo.currentData() == CUSTOM:
            self.apply_custom_period()
            return
        self.summary.setText(self.tr("Loading…"))
        self._service.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        # Each visit reloads: new calls, and a changed «Количество выводимых вызовов», show at once; the
        # column choice is the signed-in account's (another one may have signed in since).
        super().showEvent(event)
        self.restore_columns()
        self._sync_filters()
        self.summary.setText(self.tr("Loading…"))
        self._service.refresh()

    # -- the main filter (CH-08) and the period (CH-10) ------------------------------------------------

    def _sync_filters(self) -> None:
        """The radio, the list and the period as the service has them (after a load or a sign-in)."""
        service = self._service
        chosen = service.selection()
        self.by_group.setVisible(bool(service.groups))
        for button in (self.by_employee, self.by_group):
            button.blockSignals(True)
        (self.by_group if chosen.by == BY_GROUP else self.by_employee).setChecked(True)
        for button in (self.by_employee, self.by_group):
            button.blockSignals(False)
        choices = list(service.groups if chosen.by == BY_GROUP else service.employees)
        if not choices and chosen.by == BY_EMPLOYEE:
            me = None if self._session is None else self._session.snapshot.me
            if me is not None:  # before the first answer: the signed-in user, the default
                choices = [HistoryChoice(id=me.employee_id, name=me.full_name)]
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        if len(choices) > 1:
            everyone = self.tr("All groups") if chosen.by == BY_GROUP else self.tr("All employees")
            self.filter_combo.addItem(everyone, ALL)
        for choice in choices:
            self.filter_combo.addItem(choice.name, choice.id)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(chosen.id)))
        self.filter_combo.blockSignals(False)
        self.filter_combo.setEnabled(self.filter_combo.count() > 1)
        self.period_combo.setCurrentIndex(PERIODS.index(service.period))
        for widget in self.custom_widgets:
            widget.setVisible(service.period == CUSTOM)

    def _on_by_group_toggled(self, checked: bool) -> None:
        self._choose(BY_GROUP if checked else BY_EMPLOYEE, None)

    def _on_filter_combo_activated(self, index: int) -> None:
        choice = self.filter_combo.itemData(index)
        if isinstance(choice, int):
            self._choose(self._service.selection().by, choice)

    def _choose(self, by: str, choice: int | None) -> None:
        self.summary.setText(self.tr("Loading…"))
        saved = self._service.choose(by, choice)
        self._sync_filters()
        if not saved:
            self.summary.setText(
                self.tr("The filter is kept until Pult closes: the settings file cannot be written.")
            )

    def _on_period_combo_activated(self, index: int) -> None:
        key = str(self.period_combo.itemData(index))
        for widget in self.custom_widgets:
            widget.setVisible(key == CUSTOM)
        if key == CUSTOM:
            self.summary.setText(self.tr("Choose the days (at most a month) and press «Refresh»."))
            return
        self.summary.setText(self.tr("Loading…"))
        self._service.set_period(key)

    def apply_custom_period(self) -> bool:
        """«Произвольный» on «Обновить»: the days from the fields, or a message (the fields keep them)."""
        start, end = _day(self.date_from.date()), _day(self.date_to.date())
        if end < start:
            self.summary.setText(self.tr("The period ends before it begins: check the dates."))
            return False
        if not custom_span_ok(start, end):
            self.summary.setText(
                self.tr(
                    "The period is longer than a month: choose at most a month, for example {start} to {end}."
                ).format(start=start.strftime("%d.%m.%Y"), end=add_month(start).strftime("%d.%m.%Y"))
            )
            return False
        self.summary.setText(self.tr("Loading…"))
        return self._service.set_period(CUSTOM, (start, end))

    # -- columns (CH-04) -------------------------------------------------------------------------------

    def _size_columns(self) -> None:
        # Widths from sample texts, not from the rows: sizing to contents would read all 10 000 of them.
        metrics = self.view.fontMetrics()
        samples = {
            "time": "00.00.0000 00:00:00",
            "caller": "Смирнова Екатерина",
            "callee": "Поддержка: Смирнова Е.",
            "destination": "+70000000000",
            "result": "Исходящий, без ответа",
            "wait": "00:00",
            "talk": "000:00",
            "topic": "Продажи / Консультация",
            "comment": "Перезвонить завтра после обеда",
            "transfers": "Переводы",
        }
        header = self.view.header()
        header.resizeSection(COLUMNS.index("type"), 32)
        for key, sample in samples.items():
            widest = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(column_title(key)))
            header.resizeSection(COLUMNS.index(key), widest + 24)

    def restore_columns(self) -> None:
        hidden = self._service.hidden_columns()
        if hidden >= set(COLUMNS):
            hidden = frozenset()  # a hand-edited file that hides everything: show the list, not nothing
        for key, action in self.column_actions.items():
            action.blockSignals(True)
            action.setChecked(key not in hidden)
            action.blockSignals(False)
            self.view.setColumnHidden(COLUMNS.index(key), key in hidden)
        self._guard_last_column()

    def hidden_columns(self) -> frozenset[str]:
        return frozenset(key for key, action in self.column_actions.items() if not action.isChecked())

    def _on_column_action_toggled(self, key: str, shown: bool) -> None:
        self.view.setColumnHidden(COLUMNS.index(key), not shown)
        self._guard_last_column()
        if not self._service.set_hidden_columns(self.hidden_columns()):
            self.summary.setText(
                self.tr("The column choice is kept until Pult closes: the settings file cannot be written.")
            )

    def _guard_last_column(self) -> None:
        # The last ticked column cannot be unticked: an empty table would look like an empty history.
        shown = [action for action in self.column_actions.values() if action.isChecked()]
        for action in self.column_actions.values():
            action.setEnabled(len(shown) > 1 or not action.isChecked())

    def _on_header_custom_context_menu_requested(self, pos: QPoint) -> None:
        self.columns_menu.popup(self.view.header().mapToGlobal(pos))

    # -- rows: call back (CH-07) and copy (CH-06) ------------------------------------------------------

    def menu_for(self, index: QModelIndex) -> QMenu:
        """The row's context menu: «Позвонить» where the other party has a number, «Копировать»."""
        menu = QMenu(self)
        row = self.model.row(index.row())
        number = dial_target(row)
        if number:
            call = menu.addAction(self.tr("Call"))
            call.setObjectName("call")
            call.triggered.connect(lambda: self.call_requested.emit(number))
        copy = menu.addAction(self.tr("Copy"))
        copy.setObjectName("copy")
        copy.setEnabled(bool(self.view.cell_text(index)))
        copy.triggered.connect(lambda: self.view.copy_cell(index))
        self._add_edit_actions(menu, row)
        if self._player is not None and row.recording_ids:
            self._add_recording_actions(menu, row)
        return menu

    # -- topics and comment (CH-14, CH-15) -------------------------------------------------------------

    def _add_edit_actions(self, menu: QMenu, row: HistoryRow) -> None:
        menu.addSeparator()
        menu.setToolTipsVisible(True)
        allowed = self._service.may_edit(row)
        why = "" if allowed else self._not_an_operator()
        topics = menu.addAction(self.tr("Edit topics"))
        topics.setObjectName("edit_topics")
        comment = menu.addAction(self.tr("Edit comment"))
        comment.setObjectName("edit_comment")
        for action in (topics, comment):
            action.setEnabled(allowed)
            action.setToolTip(why)
        topics.triggered.connect(lambda: self.edit_topics(row))
        comment.triggered.connect(lambda: self.edit_comment(row))

    def _not_an_operator(self) -> str:
        return self.tr("Only an operator of the call can change its topics and comment.")

    def edit_topics(self, row: HistoryRow) -> TopicsDialog:
        """«Изменить тематику»: the dialog, open; «Сохранить» or «Удалить» saves on the server."""
        topics = {} if self._topics is None else dict(self._topics.snapshot)
        dialog = TopicsDialog(topics, row.topic_ids, self)
        dialog.accepted.connect(
            lambda: self._save_wrapup(row, topic_ids=dialog.chosen(), comment=row.comment)
        )
        self._open_edit(dialog)
        return dialog

    def edit_comment(self, row: HistoryRow) -> CommentDialog:
        """«Изменить комментарий»: the dialog, open; «Сохранить» or «Удалить» saves on the server."""
        dialog = CommentDialog(row.comment, self)
        dialog.accepted.connect(
            lambda: self._save_wrapup(row, topic_ids=row.topic_ids, comment=dialog.comment())
        )
        self._open_edit(dialog)
        return dialog

    def _open_edit(self, dialog: TopicsDialog | CommentDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        self.edit_dialog = dialog
        dialog.open()

    def _save_wrapup(self, row: HistoryRow, *, topic_ids: list[int], comment: str) -> None:
        self.summary.setText(self.tr("Saving…"))
        self._service.save_wrapup(row, topic_ids=topic_ids, comment=comment)

    def _on_service_row_saved(self, row: HistoryRow) -> None:
        self.model.update_row(row)
        self.summary.setText(self.tr("Saved."))

    def _on_service_save_failed(self, error: ClientError) -> None:
        from app.services.errors import ForbiddenError

        text = self._not_an_operator() if isinstance(error, ForbiddenError) else error_message(error)
        self.summary.setText(self.tr("Not saved: {reason}").format(reason=text))

    # -- recordings (part 7 A1.8) ----------------------------------------------------------------------

    def may_listen(self) -> bool:
        """Whether ``recordings.listen`` is granted at all; the server still checks each call's scope."""
        me = None if self._session is None else self._session.snapshot.me
        return _allowed(me, LISTEN_PERMISSION)

    def _add_recording_actions(self, menu: QMenu, row: HistoryRow) -> None:
        menu.addSeparator()
        menu.setToolTipsVisible(True)
        allowed = self.may_listen()
        why = "" if allowed else self.tr("Your role does not allow listening to or saving call recordings.")
        several = len(row.recording_ids) > 1
        for n, recording_id in enumerate(row.recording_ids, start=1):
            listen = menu.addAction(self.tr("Listen {n}").format(n=n) if several else self.tr("Listen"))
            listen.setObjectName(f"listen_{n}")
            save = menu.addAction(
                self.tr("Save recording {n}").format(n=n) if several else self.tr("Save recording")
            )
            save.setObjectName(f"save_recording_{n}")
            for action in (listen, save):
                action.setEnabled(allowed)
                action.setToolTip(why)
            listen.triggered.connect(lambda _=False, r=recording_id: self.listen(row, r))
            save.triggered.connect(lambda _=False, r=recording_id, k=n: self.save_recording(row, r, k))

    def listen(self, row: HistoryRow, recording_id: int) -> None:
        if self._player is not None:
            self._player.listen(recording_id, recording_label(row))

    def save_recording(self, row: HistoryRow, recording_id: int, n: int = 1) -> None:
        """«Скачать запись»: asks where (a WAV), then downloads there."""
        if self._player is None:
            return
        dest = self.choose_save_path(recording_file_name(row, n if len(row.recording_ids) > 1 else 0))
        if dest is not None:
            self.summary.setText(self.tr("Saving the recording…"))
            self._player.save(recording_id, dest)

    def choose_save_path(self, suggested: str) -> Path | None:
        """The file dialog of «Скачать запись»; None when cancelled."""
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save recording"),
            str(Path.home() / suggested),
            self.tr("WAV sound (*.wav)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".wav" else path.with_name(path.name + ".wav")

    def _on_player_saved(self, path: Path) -> None:
        self.summary.setText(self.tr("The recording is saved: {path}").format(path=str(path)))

    def _on_player_save_failed(self, failure: tuple[Path, object]) -> None:
        path, error = failure
        self.summary.setText(
            self.tr("The recording is not saved to {path}: {reason}").format(
                path=str(path), reason=recording_error_text(error)
            )
        )

    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = self.menu_for(index)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        number = dial_target(self.model.row(index.row()))
        if number:
            self.call_requested.emit(number)

    # -- data ------------------------------------------------------------------------------------------

    def _render(self, rows: tuple[HistoryRow, ...]) -> None:
        self.model.set_rows(rows)
        self.summary.setText(
            self.tr("The latest {count} calls (at most {limit}, see «User» settings).").format(
                count=len(rows), limit=self._service.limit
            )
        )

    @staticmethod
    def _result(row: HistoryRow) -> str:
        """The «Результат» cell of ``row`` (kept here for the line selector's tests)."""
        return result_text(row)

    def _on_names_changed(self, *_: object) -> None:
        names: dict[int, str] = {}
        if self._presence is not None:
            names.update((c.employee_id, c.full_name) for c in self._presence.snapshot.colleagues)
        me = None if self._session is None else self._session.snapshot.me
        if me is not None:  # the colleagues list leaves out the signed-in employee
            names[me.employee_id] = me.full_name
        self.model.set_names(names)

    def _on_topics_changed(self, *_: object) -> None:
        self.model.set_topics({} if self._topics is None else dict(self._topics.snapshot))

    def _on_service_history_changed(self, rows: tuple[HistoryRow, ...]) -> None:
        self._render(rows)

    def _on_service_failed(self, error: ClientError) -> None:
        self.summary.setText(error_message(error))


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


LISTEN_PERMISSION = "recordings.listen"


def _allowed(me: Me | None, key: str) -> bool:
    """As the server's policy: granted in any scope; CTRL needs a controlled group."""
    if me is None:
        return False
    scope = me.permission_scopes.get(key)
    if scope == "CTRL":
        return any(g.supervisor for g in me.groups)
    if scope is not None:
        return scope != "N"
    return key in me.permissions


def recording_label(row: HistoryRow) -> str:
    """«79161234567, 23.11.2026 14:05» for the player strip."""
    when = row.arrived_at.astimezone().strftime("%d.%m.%Y %H:%M")
    return f"{dial_target(row) or row.caller}, {when}"


def recording_file_name(row: HistoryRow, n: int = 0) -> str:
    """``20261123-140512_79161234567.wav`` (local time); ``…_2.wav`` for a call's second recording."""
    party = "".join(ch for ch in dial_target(row) if ch.isalnum()) or "hidden"
    suffix = f"_{n}" if n else ""
    return f"{row.arrived_at.astimezone():%Y%m%d-%H%M%S}_{party}{suffix}.wav"
