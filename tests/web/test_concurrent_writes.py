"""Writers in parallel on a file SQLite database: each waits its turn, or hears 503 Retry-After."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from supplyesg.config import Settings
from supplyesg.db import migrate
from supplyesg.db.session import Database, make_engine
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app

WRITERS = 16


def supplier_fields(number: int) -> dict[str, Any]:
    return {
        "code": f"PAR-{number}",
        "legal_name": f"Parallel Works {number}",
        "country": "CN",
        "region": "Guangdong",
        "city": "Shenzhen",
        "category": "castings",
        "tier": 1,
        "annual_spend": "1000.00",
        "currency": "CNY",
        "contacts": [{"name": "Li Wei", "email": "li.wei@example.cn"}],
    }


@pytest.fixture
def database_file(tmp_path: Path, fast_passwords: None) -> tuple[str, str]:
    """A migrated SQLite file with an administrator; (its URL, the administrator's API token)."""
    url = f"sqlite:///{tmp_path / 'parallel.db'}"
    database = Database.from_url(url)
    migrate.upgrade(database)
    user = accounts.create_user(database, NewUser("admin@test.invalid", "Admin", Role.ADMIN, None))
    token = accounts.issue_token(database, user.id, "tests", None, "tests").secret
    database.engine.dispose()
    return url, token


def app_client(url: str, token: str, busy_timeout_ms: int) -> TestClient:
    database = Database(make_engine(url, busy_timeout_ms=busy_timeout_ms))
    app = create_app(Settings(database_url=url), database)
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_sixteen_parallel_writers_all_succeed_or_hear_503_never_500(
    database_file: tuple[str, str],
) -> None:
    client = app_client(*database_file, busy_timeout_ms=10_000)

    def write(number: int) -> int:
        return client.post("/api/v1/suppliers", json=supplier_fields(number)).status_code

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        statuses = list(pool.map(write, range(WRITERS * 3)))

    assert set(statuses) <= {201, 503}, statuses
    created = client.get("/api/v1/suppliers", params={"limit": 200}).json()
    assert len(created["items"]) == statuses.count(201) > 0


def test_a_writer_kept_waiting_past_the_busy_timeout_hears_503_with_retry_after(
    database_file: tuple[str, str],
) -> None:
    url, token = database_file
    client = app_client(url, token, busy_timeout_ms=50)
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/api/v1/suppliers", json=supplier_fields(1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json()["title"] == "Busy"
    assert client.post("/api/v1/suppliers", json=supplier_fields(1)).status_code == 201
