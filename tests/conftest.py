"""Shared fixtures: one migrated database per test session, each test rolled back.

The suite runs on SQLite by default; set SUPPLYESG_TEST_DATABASE_URL to a PostgreSQL URL
to run the same tests there (CI does both).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Engine, make_url, text

from supplyesg.clock import Clock
from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.models import Base
from supplyesg.db.session import Database, make_engine
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app

# Rich reads the terminal width once, when a console is made: fix it for every CLI test.
os.environ.setdefault("COLUMNS", "200")

TEST_DATABASE_URL = os.environ.get("SUPPLYESG_TEST_DATABASE_URL", "")


def _database_of_this_worker(url: str) -> str:
    """The server database of this pytest-xdist worker (`test_gw0`, ...), made when missing.

    Parallel workers each drop and migrate their own schema, so they never meet.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        known = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if known is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A freshly migrated database for the whole session."""
    if TEST_DATABASE_URL:
        url = _database_of_this_worker(TEST_DATABASE_URL)
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
def client(client_as: ClientFactory) -> TestClient:
    """An HTTP client for the app over the test database, acting as an administrator."""
    return client_as(Role.ADMIN)


@pytest.fixture
def anonymous_client(db: Database) -> Iterator[TestClient]:
    """An HTTP client for the app over the test database, logged in as nobody."""
    with TestClient(create_app(_settings(db), db), raise_server_exceptions=False) as test_client:
        yield test_client


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def client_as(db: Database) -> Iterator[ClientFactory]:
    """Make clients acting with a role, through an API token of a user created for them.

    `client_as(Role.AUDITOR)`; a supplier user needs the code of their supplier:
    `client_as(Role.SUPPLIER_USER, supplier="SUP-1")`. The client's `.user_id` is its user's.
    A test that fixes its days gives the app a clock:
    `client_as(Role.ADMIN, clock=FixedClock.on(day))`.
    """
    with ExitStack() as stack:

        def make(
            role: Role | str, supplier: str | None = None, clock: Clock | None = None
        ) -> TestClient:
            role = Role(role)
            email = f"{role}.{next(_serial)}@test.invalid"
            user = accounts.create_user(db, NewUser(email, f"Test {role}", role, supplier))
            issued = accounts.issue_token(db, user.id, "tests", None, "tests")
            app = create_app(_settings(db), db, clock)
            test_client = stack.enter_context(TestClient(app, raise_server_exceptions=False))
            test_client.headers["Authorization"] = f"Bearer {issued.secret}"
            test_client.user_id = user.id  # type: ignore[attr-defined]
            return test_client

        yield make


@pytest.fixture
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2 settings for tests that hash many passwords (the real ones take ~0.3 s)."""
    cheap = Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "PASSWORDS", PasswordHash((cheap,)))


_serial = itertools.count(1)


def _settings(db: Database) -> Settings:
    return Settings(database_url=str(db.engine.url))


@pytest.fixture
def data_dir() -> Path:
    """Files the tests read."""
    return Path(__file__).parent / "data"
