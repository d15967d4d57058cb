"""Engines and transactions. Services open a transaction with `Database.transaction()`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL and real SAVEPOINT support."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **options)
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
        # SAVEPOINTs work (the documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


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

    @property
    def dialect(self) -> str:
        """The database kind: 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name
