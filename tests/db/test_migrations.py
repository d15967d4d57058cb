"""The migrations form one history that goes all the way down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from supplyesg.db import migrate
from supplyesg.db.models import Base
from supplyesg.db.session import Database


def test_there_is_one_head() -> None:
    config = migrate.alembic_config(Database.from_url("sqlite://"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_downgrade_to_nothing_and_upgrade_again_gives_every_table(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'migrations.db'}")
    migrate.upgrade(database)
    config = migrate.alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(database)
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())
