"""The queue panel's model: rows always equal the snapshot (longest wait first), changed in place."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from app.state.queue import QueueEntry
from ui.panels import QueueCallsModel

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _entry(call_id: int, offset: int | None = None) -> QueueEntry:
    return QueueEntry(call_id, f"7916{call_id:07d}", "Продажи", T0 + timedelta(seconds=offset or call_id))


def _rows(model: QueueCallsModel) -> list[QueueEntry]:
    return [model.entry(row) for row in range(model.rowCount())]


def test_a_call_leaving_and_one_joining_moves_two_rows_not_the_list() -> None:
    model = QueueCallsModel(clock_fn=lambda: T0 + timedelta(minutes=10))
    calls = [_entry(i) for i in range(1, 501)]
    model.set_entries(tuple(calls))
    moves: list[str] = []
    model.rowsRemoved.connect(lambda _p, first, last: moves.append(f"-{first}..{last}"))
    model.rowsInserted.connect(lambda _p, first, last: moves.append(f"+{first}..{last}"))
    model.modelReset.connect(lambda: moves.append("reset"))
    calls = [*calls[1:], _entry(501)]
    model.set_entries(tuple(calls))
    assert moves == ["-0..0", "+499..499"]
    assert _rows(model) == calls
    assert model.index(0, 2).data() == "09:58"  # waited from 09:00:02 until 09:10


def test_rows_follow_any_sequence_of_snapshots() -> None:
    rng = random.Random(5)
    model = QueueCallsModel(clock_fn=lambda: T0)
    pool = [_entry(i) for i in range(1, 60)]
    for _ in range(300):
        chosen = rng.sample(pool, rng.randint(0, 30))
        if chosen and rng.random() < 0.3:  # offered to me now, or requeued with another wait
            i = rng.randrange(len(chosen))
            chosen[i] = replace(
                chosen[i], offered_to_me=True, waiting_since=T0 + timedelta(seconds=rng.randint(0, 90))
            )
        rng.shuffle(chosen)
        model.set_entries(tuple(chosen))
        assert _rows(model) == sorted(chosen, key=lambda e: (e.waiting_since, e.call_id))
    offered = [r for r in range(model.rowCount()) if model.entry(r).offered_to_me]
    for row in offered:
        assert model.index(row, 0).data(Qt.ItemDataRole.FontRole).bold()
