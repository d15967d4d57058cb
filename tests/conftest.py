"""Shared fixtures: one migrated database per test session, each test rolled back.

The suite runs on SQLite by default; set SUPPLYESG_TEST_DATABASE_URL to a PostgreSQL URL
to run the same tests there (CI does both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.models import Base
from supplyesg.db.session import Database, make_engine
from supplyesg.web.app import create_app

TEST_DATABASE_URL = os.environ.get("SUPPLYESG_TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A freshly migrated database for the whole session."""
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
        _drop_everything(make_engine(url))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = make_engine(url)
    migrate.upgrade(Database(engine))
    yield engine
    engine.dispose()


def _drop_everything(engine: Engine) -> None:
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Database]:
    """A database whose every change is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    try:
        yield Database(connection)
    finally:
        outer.rollback()
        connection.close()


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """An HTTP client for the app over the test database."""
    settings = Settings(database_url=str(db.engine.url))
    with TestClient(create_app(settings, db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def data_dir() -> Path:
    """Files the tests read."""
    return Path(__file__).parent / "data"
