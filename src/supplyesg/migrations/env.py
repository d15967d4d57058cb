"""Alembic environment: the URL comes from the caller's config or from the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from supplyesg.config import get_settings
from supplyesg.db.migrate import foreign_keys_deferred
from supplyesg.db.models import Base
from supplyesg.db.session import make_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against a live connection (the one given by the caller, or a new one)."""
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection, foreign_keys_deferred(connection):
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("supplyesg migrations run online only")
run_migrations_online()
