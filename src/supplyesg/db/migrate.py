"""Bring a database's schema up to date with the migrations shipped in the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from supplyesg.db.session import Database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database: Database) -> Config:
    """An Alembic configuration that runs on the database's own connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database.engine.url.render_as_string(False))
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    """Apply every migration not applied yet."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
