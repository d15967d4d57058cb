"""Revision 1700 stores every supplier code in upper case, or refuses to when that merges two."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from supplyesg.db import migrate
from supplyesg.db.session import Database

_INSERT = text(
    "INSERT INTO supplier (code, legal_name, country, region, city, category, tier,"
    " is_key_sub_supplier, annual_spend, currency, status, search_text, created_at, updated_at)"
    " VALUES (:code, 'Ltd', 'CN', '', '', 'steel', 1, false, 0, 'CNY', 'active', '',"
    " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
)


def _database_before_1700(tmp_path: Path, codes: list[str]) -> Database:
    database = Database.from_url(f"sqlite:///{tmp_path / 'codes.db'}")
    migrate.upgrade(database, "1700-1")  # the revision before 1700
    with database.engine.begin() as connection:
        for code in codes:
            connection.execute(_INSERT, {"code": code})
    return database


def _codes(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(connection.scalars(text("SELECT code FROM supplier ORDER BY code")))


def test_codes_become_upper_case(tmp_path: Path) -> None:
    database = _database_before_1700(tmp_path, ["zz-0", "Ab.1", "SUP-9"])
    migrate.upgrade(database)
    assert _codes(database) == ["AB.1", "SUP-9", "ZZ-0"]


def test_codes_differing_only_in_case_are_named_and_nothing_changes(tmp_path: Path) -> None:
    database = _database_before_1700(tmp_path, ["zz-0", "ZZ-0", "ab", "AB", "Ab", "solo"])
    with pytest.raises(RuntimeError) as refused:
        migrate.upgrade(database)
    message = str(refused.value)
    assert "2 supplier code(s) are used by several suppliers in different case" in message
    assert "AB: AB, Ab, ab; ZZ-0: ZZ-0, zz-0" in message
    assert _codes(database) == ["AB", "Ab", "ZZ-0", "ab", "solo", "zz-0"]
