"""The migrations form one history that goes all the way down and up again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, Date, DateTime, Integer, MetaData, String, inspect, select, text

from supplyesg.db import migrate
from supplyesg.db.audit_trail import AuditEntryRow
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


def _shipped_edition_moves(database: Database) -> list[tuple[object, ...]]:
    with database.engine.connect() as connection:
        return [
            (row.actor, row.record_key, row.before, row.after["effective_from"])
            for row in connection.execute(
                select(AuditEntryRow).where(AuditEntryRow.table_name == "policy_edition")
            )
        ]


def test_an_installation_in_use_records_that_the_shipped_edition_applies_from_2000(
    tmp_path: Path,
) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'in-use.db'}")
    config = migrate.alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0600")
        connection.execute(
            text(
                "INSERT INTO conduct_code (version, title, effective_from, created_at)"
                " VALUES ('2026', 'Code', '2026-01-01', '2026-01-01 00:00:00')"
            )
        )
    migrate.upgrade(database)
    assert _shipped_edition_moves(database) == [
        ("system", "2026-01", {"effective_from": "2024-01-01"}, "2000-01-01")
    ]


def test_a_new_installation_has_no_move_to_record(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path / 'new.db'}")
    migrate.upgrade(database)
    assert _shipped_edition_moves(database) == []


def test_four_eyes_learns_the_account_behind_each_recorded_label(tmp_path: Path) -> None:
    """Migration 1900 matches "submitted by" labels to accounts: the e-mail, or the e-mail with
    the name of the API token used; other labels (a command-line user) keep no account."""
    database = Database.from_url(f"sqlite:///{tmp_path / 'labels.db'}")
    migrate.upgrade(database, "0600")
    labels = {
        1: "ana@example.com",
        2: "ana@example.com (API token 'erp')",
        3: "ben@example.com (API token 'ana@example.com')",
        4: "root (command line)",
    }
    tables = MetaData()
    tables.reflect(database.engine)
    with closing(sqlite3.connect(tmp_path / "labels.db")) as raw:
        _insert(raw, tables, "user_account", id=7, email="ana@example.com")
        _insert(raw, tables, "user_account", id=8, email="ben@example.com")
        for number, label in labels.items():
            _insert(
                raw,
                tables,
                "esg_value",
                id=number,
                year=number,
                submitted_by=label,
                reviewed_by=label,
            )
            _insert(
                raw, tables, "improvement_plan", id=number, submitted_by=label, decided_by=label
            )
        raw.commit()
    migrate.upgrade(database)
    expected = [(1, 7), (2, 7), (3, 8), (4, None)]
    with database.engine.connect() as connection:
        for table, first, second in (
            ("esg_value", "submitted_by_account_id", "reviewed_by_account_id"),
            ("improvement_plan", "submitted_by_account_id", "decided_by_account_id"),
        ):
            rows = connection.exec_driver_sql(
                f"SELECT id, {first}, {second} FROM {table} ORDER BY id"  # noqa: S608
            ).all()
            assert [(row[0], row[1]) for row in rows] == expected
            assert [(row[0], row[2]) for row in rows] == expected


def _insert(raw: sqlite3.Connection, tables: MetaData, name: str, **given: object) -> None:
    """Insert `given` and a value of the right type in every other column that needs one; the
    rows it refers to (id 1 of each parent table) are made first."""
    filler = {Boolean: 1, Integer: 1, String: "x", Date: "2026-01-01", DateTime: "2026-01-01"}
    row = dict(given)
    for column in tables.tables[name].columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        if column.primary_key:
            row[column.name] = 1
        elif column.foreign_keys:
            [key] = column.foreign_keys
            _insert(raw, tables, key.column.table.name, id=1)
            row[column.name] = 1
        else:
            row[column.name] = next(
                (value for kind, value in filler.items() if isinstance(column.type, kind)), "1"
            )
    names, marks = ", ".join(row), ", ".join("?" * len(row))
    raw.execute(
        f"INSERT OR IGNORE INTO {name} ({names}) VALUES ({marks})",  # noqa: S608
        list(row.values()),
    )
