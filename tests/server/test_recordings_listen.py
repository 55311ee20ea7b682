"""``GET /api/v1/recordings/{id}`` (spec part 7 A1.8 «Видеть и прослушивать записи»): the WAV goes to whoever
``recordings.listen`` covers — the operator who talked (SELF), the supervisor of the call's group (OWN+CTRL),
the administrator (ALL) — and nobody else; another company's recording is unknown; a file gone from disk
says so. History rows name their recordings by id. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from app.server.core.db import MIGRATIONS_DIR, Database
from app.server.models import Call, OutboundCall, Recording
from app.server.services import tenants
from tests.server.cc import CC, open_cc
from tests.server.conftest import FakeClock

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(200))  # the route streams bytes; it does not parse them


@pytest.fixture
def cc(db: Database, clock: FakeClock) -> Iterator[CC]:
    yield from open_cc(db, clock)


def _recorded_call(cc: CC, path: Path | None, login: str = "op1", caller: str = "+79990000001") -> int:
    """A Sales call answered by ``login`` and recorded into ``path``; the recording's id."""
    cc.session(login)
    ref = cc.arrive(caller=caller)
    assert cc.answer(ref, login)
    recording_id = cc.engine.recording_started(ref)
    assert recording_id is not None
    cc.clock.advance(seconds=5)
    cc.engine.customer_hung_up(ref)
    if path is not None:
        path.write_bytes(WAV)
        cc.engine.recording_closed(ref, str(path), 5.0)
    return recording_id


def _get(cc: CC, recording_id: int, login: str, **headers: str) -> Any:
    token = cc.tokens.get(login) or cc.session(login)
    return cc.api.client.get(f"/api/v1/recordings/{recording_id}", headers={**cc.api.auth(token), **headers})


def test_the_operator_who_talked_gets_the_wav_with_a_file_name(cc: CC, tmp_path: Path) -> None:
    recording_id = _recorded_call(cc, tmp_path / "a.wav")
    response = _get(cc, recording_id, "op1")
    assert response.status_code == 200, response.text
    assert response.content == WAV
    assert response.headers["content-type"] == "audio/wav"
    disposition = response.headers["content-disposition"]
    assert "attachment" in disposition
    assert "_79990000001.wav" in disposition
    row = next(r for r in cc.api.get("/history", cc.tokens["op1"]).json()["items"] if r["recording_ids"])
    assert row["recording_ids"] == [recording_id]
    assert row["recording_seconds"] == [5.0]


def test_a_colleague_is_refused_the_supervisor_and_the_administrator_are_not(cc: CC, tmp_path: Path) -> None:
    recording_id = _recorded_call(cc, tmp_path / "a.wav")
    refused = _get(cc, recording_id, "op2")  # same group, SELF: not a call of theirs
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["detail"] == {"permission": "recordings.listen"}
    assert _get(cc, recording_id, "op4").status_code == 403  # another group
    for login in ("supervisor", "admin"):
        response = _get(cc, recording_id, login)
        assert response.status_code == 200, (login, response.text)
        assert response.content == WAV


def test_a_role_without_the_permission_is_refused_with_its_name(cc: CC, tmp_path: Path) -> None:
    recording_id = _recorded_call(cc, tmp_path / "a.wav")
    admin = cc.tokens.get("admin") or cc.session("admin")
    changed = cc.api.put("/roles/employee/permissions/recordings.listen", admin, {"value": "N"})
    assert changed.status_code == 200, changed.text
    refused = _get(cc, recording_id, "op1")
    assert refused.status_code == 403
    assert "recordings.listen" in refused.json()["message"]


def test_a_range_is_answered_partially(cc: CC, tmp_path: Path) -> None:
    recording_id = _recorded_call(cc, tmp_path / "a.wav")
    response = _get(cc, recording_id, "op1", Range="bytes=4-11")
    assert response.status_code == 206
    assert response.content == WAV[4:12]


def test_a_missing_file_and_one_still_written_are_told_apart(cc: CC, tmp_path: Path) -> None:
    gone = _recorded_call(cc, tmp_path / "gone.wav")
    (tmp_path / "gone.wav").unlink()
    missing = _get(cc, gone, "op1")
    assert missing.status_code == 404
    assert missing.json()["detail"] == {"reason": "recording_file_missing"}
    writing = _recorded_call(cc, None, caller="+79990000002")
    not_ready = _get(cc, writing, "op1")
    assert not_ready.status_code == 404
    assert not_ready.json()["detail"] == {"reason": "recording_not_ready"}


def test_another_companys_recording_and_an_unknown_id_are_not_found(
    cc: CC, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "theirs.wav"
    path.write_bytes(WAV)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    with db.transaction() as session:
        other = tenants.create_tenant(session, product_number="300000077", name="Other", now=now)
        call = Call(
            tenant_id=other.id, switch_ref="other-1", caller_number="+7999", state="ended", arrived_at=now
        )
        session.add(call)
        session.flush()
        recording = Recording(call_id=call.id, started_at=now, path=str(path), seconds=1.0)
        session.add(recording)
        session.flush()
        theirs = recording.id
    response = _get(cc, theirs, "admin")
    assert response.status_code == 404
    assert response.json()["detail"] == {"reason": "recording_unknown"}
    assert _get(cc, theirs + 1000, "admin").status_code == 404


def test_a_call_out_is_for_its_operator(cc: CC, db: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.wav"
    path.write_bytes(WAV)
    now = cc.clock() - timedelta(minutes=1)
    with db.transaction() as session:
        out = OutboundCall(
            tenant_id=cc.tenant_id,
            employee_id=cc.ids["op1"],
            switch_ref="out-listen-1",
            number="79161234567",
            caller_id="74957654321",
            started_at=now,
            answered_at=now,
            ended_at=now + timedelta(seconds=3),
            end_reason="operator_hung_up",
        )
        session.add(out)
        session.flush()
        recording = Recording(outbound_call_id=out.id, started_at=now, path=str(path), seconds=3.0)
        session.add(recording)
        session.flush()
        recording_id = recording.id
    op1 = cc.session("op1")
    [row] = [r for r in cc.api.get("/history", op1).json()["items"] if r["direction"] == "outgoing"]
    assert row["recording_ids"] == [recording_id]
    mine = _get(cc, recording_id, "op1")
    assert mine.status_code == 200
    assert "_79161234567.wav" in mine.headers["content-disposition"]
    assert _get(cc, recording_id, "op2").status_code == 403
    assert _get(cc, recording_id, "admin").content == WAV


def test_migration_grants_listening_to_existing_tenants_roles(tmp_path: Path) -> None:
    """A company created before 0012 has role rows without the new key; the migration adds the matrix's."""
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0011")
            connection.execute(
                text(
                    "INSERT INTO tenants (id, product_number, name, last_event_seq, created_at) "
                    "VALUES (1, '300000009', 'Old', 0, '2026-01-01 00:00:00')"
                )
            )
            codes = ("employee", "group_head", "marketer", "administrator", "accountant")
            for role_id, code in enumerate(codes, start=1):
                connection.execute(
                    text("INSERT INTO roles (id, tenant_id, code, name) VALUES (:id, 1, :code, :code)"),
                    {"id": role_id, "code": code},
                )
            connection.execute(  # already set by hand: kept, not duplicated
                text(
                    "INSERT INTO role_permissions (role_id, key, value) VALUES (5, 'recordings.listen', 'N')"
                )
            )
            command.upgrade(config, "0012")
            rows = connection.execute(
                text("SELECT role_id, value FROM role_permissions WHERE key = 'recordings.listen' ORDER BY 1")
            ).all()
            assert [tuple(r) for r in rows] == [
                (1, "SELF"),
                (2, "OWN+CTRL"),
                (3, "ALL"),
                (4, "ALL"),
                (5, "N"),
            ]
            command.downgrade(config, "0011")
            gone = connection.execute(
                text("SELECT count(*) FROM role_permissions WHERE key = 'recordings.listen'")
            ).scalar()
            assert gone == 0
    finally:
        engine.dispose()
