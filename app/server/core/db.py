"""Engines, sessions and migrations for SQLite (default) and PostgreSQL.

SQLite write transactions start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead
of failing on a lock upgrade; reads (the websocket outbox poll) use a second engine with plain ``BEGIN``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from app.server.core.logging import log_event

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    # Pooled connections: opening one costs three PRAGMAs, and closing the last connection of a WAL
    # database checkpoints it with two fsyncs, which made a one-row write ~2 ms (bench/acd.py).
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if immediate:  # writers never checkpoint: _Checkpointer does it off the request path
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class _Checkpointer:
    """Copies the SQLite WAL back into the database file on its own thread (``PASSIVE``: writers go on
    meanwhile), so no commit pays for a checkpoint and its fsyncs (a 5-10 ms stall in the ACD's offers
    with SQLite's automatic checkpoint every 1000 pages)."""

    def __init__(self, path: str, interval: float = 1.0) -> None:
        self._path, self._interval = path, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _checkpoint(self, mode: str) -> bool:
        """False when the database file is gone (a test's directory removed without ``dispose``)."""
        if not Path(self._path).exists():
            return False
        try:
            uri = f"{Path(self._path).resolve().as_uri()}?mode=rw"
            with closing(sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)) as connection:
                connection.execute(f"PRAGMA wal_checkpoint({mode})")
        except sqlite3.Error as exc:  # busy: the next round tries again
            log_event("db.checkpoint_failed", mode=mode, error=str(exc))
        return True

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            if not self._checkpoint("PASSIVE"):
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._checkpoint("TRUNCATE")


class Database:
    """The engines and session factories of one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self._checkpointer: _Checkpointer | None = None
        if self.dialect == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise ValueError("an SQLite database needs a file (each connection would see its own memory)")
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
            self._checkpointer = _Checkpointer(parsed.database)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            self.read_engine = self.engine
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any exception."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.read_sessions() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
