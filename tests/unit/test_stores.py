"""Stores replace whole snapshots and emit only when something really changed."""

from __future__ import annotations

from datetime import UTC, datetime

from app.protocol.status import StatusColor, StatusDefinition
from app.state.connection import ConnectionSnapshot, ConnectionState, ConnectionStore
from app.state.presence import ColleagueSnapshot, PresenceSnapshot, PresenceStore
from app.state.session import SessionSnapshot, SessionStore
from app.state.status import StatusSnapshot, StatusStore

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def definition(key: str) -> StatusDefinition:
    return StatusDefinition(
        key=key,
        name=key,
        builtin=True,
        color=StatusColor.GREEN,
        receives_group_calls=True,
        receives_direct_calls=True,
        receives_campaign_calls=False,
    )


def test_connection_store_emits_only_on_change() -> None:
    store = ConnectionStore()
    seen: list[ConnectionSnapshot] = []
    store.connection_changed.connect(seen.append)
    assert not store.set(ConnectionSnapshot())
    assert store.set(ConnectionSnapshot(ConnectionState.CONNECTED))
    assert not store.set(ConnectionSnapshot(ConnectionState.CONNECTED))
    assert store.set(ConnectionSnapshot(ConnectionState.RECONNECTING, attempt=1, retry_in=0.5))
    assert [s.state for s in seen] == [ConnectionState.CONNECTED, ConnectionState.RECONNECTING]


def test_status_store_emits_on_current_and_pending_changes_only() -> None:
    store = StatusStore()
    seen: list[StatusSnapshot] = []
    store.status_changed.connect(seen.append)
    store.set(StatusSnapshot(current="online", definitions=(definition("online"), definition("break"))))
    store.set(StatusSnapshot(current="online", definitions=(definition("online"), definition("break"))))
    store.set_pending("break")
    store.set_pending("break")
    store.set_current("break", AT)  # confirms the pending change
    store.set_current("break", AT)
    assert [(s.current, s.pending) for s in seen] == [("online", None), ("online", "break"), ("break", None)]


def test_session_store_emits_on_change() -> None:
    store = SessionStore()
    seen: list[SessionSnapshot] = []
    store.session_changed.connect(seen.append)
    store.set(SessionSnapshot(server="http://h", login="u"))
    store.set(SessionSnapshot(server="http://h", login="u"))
    assert len(seen) == 1
    assert not seen[0].signed_in


def test_presence_store_applies_a_status_change_to_one_colleague() -> None:
    store = PresenceStore()
    store.set(
        PresenceSnapshot(
            colleagues=(ColleagueSnapshot(1, "Анна", "online"), ColleagueSnapshot(2, "Дмитрий", "online")),
            loaded=True,
        )
    )
    whole: list[PresenceSnapshot] = []
    one: list[ColleagueSnapshot] = []
    store.presence_changed.connect(whole.append)
    store.colleague_changed.connect(one.append)
    assert store.set_status(2, "break", AT)
    assert not store.set_status(2, "break", AT)  # same again: nothing
    assert not store.set_status(99, "break", AT)  # unknown: nothing
    assert [c.status for c in store.snapshot.colleagues] == ["online", "break"]
    assert one == [ColleagueSnapshot(2, "Дмитрий", "break", AT)]
    assert len(whole) == 1


def test_status_keys_used_before_the_protocol_is_imported_match_it() -> None:
    from app.protocol.status import KEEP_STATUS, BuiltinStatus
    from app.state import status

    assert status.KEEP == KEEP_STATUS
    assert BuiltinStatus.OFFLINE.value == status.OFFLINE
    assert tuple(s.value for s in BuiltinStatus if s is not BuiltinStatus.OFFLINE) == status.BUILTIN_KEYS
