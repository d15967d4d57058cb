"""Bring a database's schema up to date with the migrations shipped in the package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from supplyesg.db.session import Database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database: Database) -> Config:
    """An Alembic configuration that runs on the database's own connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database.engine.url.render_as_string(False))
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    """Apply every migration not applied yet, in one transaction."""
    config = alembic_config(database)
    with (
        database.engine.connect() as connection,
        foreign_keys_deferred(connection),
        connection.begin(),
    ):
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        broken_references(connection)


@contextmanager
def foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign key actions off while migrating, on again after.

    SQLite alters a table by copying it into a new one and dropping the old one, and with
    foreign keys on, dropping a table first deletes its rows, cascading to every table that
    refers to it: an altered `supplier` would take every audit and plan with it. The pragma
    only works outside a transaction, so it goes straight to the driver's connection.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def broken_references(connection: Connection) -> None:
    """Refuse (and so roll back) a migration that left a row referring to nothing (SQLite)."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise RuntimeError(f"the migration left rows referring to nothing in {', '.join(tables)}")
