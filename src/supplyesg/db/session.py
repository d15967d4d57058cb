"""Engines and transactions. Services open a transaction with `Database.transaction()`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another writer's transaction before giving up."""


def make_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **options: Any) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL, a busy timeout and real SAVEPOINTs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **options)
        _tune_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    on_file = engine.url.database not in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
        # SAVEPOINTs work (the documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if on_file:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at the start, waiting up to the busy timeout. A
        # deferred transaction that read first and then writes cannot wait: SQLite fails it
        # at once with "database is locked" when another writer got there in between. In WAL
        # mode readers outside the lock still read while it is held.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if on_file else "BEGIN")


class Database:
    """Where the data lives: an engine and the sessions opened on it."""

    def __init__(self, bind: Engine | Connection) -> None:
        self.bind = bind
        self.engine = bind if isinstance(bind, Engine) else bind.engine
        self._sessions = sessionmaker(
            bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        """A database for a SQLAlchemy URL."""
        return cls(make_engine(url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def has_schema(self) -> bool:
        """Whether the supplyesg schema was made here (`supplyesg db upgrade`)."""
        with self.engine.connect() as connection:
            return inspect(connection).has_table("alembic_version")

    @property
    def dialect(self) -> str:
        """The database kind: 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name
