"""The database is where the user thinks it is: commands say where, and never make an empty one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.config import Settings, get_settings
from supplyesg.database_url import configured_url, shown, sqlite_file

runner = CliRunner()


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Point the settings at a database URL for the test."""

    def use(url: str) -> None:
        monkeypatch.setenv("SUPPLYESG_DATABASE_URL", url)
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////var/lib/supplyesg/esg.db", "/var/lib/supplyesg/esg.db"),
        ("postgresql+psycopg://esg@db.internal/esg", "postgresql+psycopg://esg@db.internal/esg"),
        (
            "postgresql+psycopg://esg:s3cret@db.internal:5432/esg",
            "postgresql+psycopg://esg:***@db.internal:5432/esg",
        ),
        (
            "postgresql+psycopg://esg:p%40ss@db/esg?sslmode=require",
            "postgresql+psycopg://esg:***@db/esg?sslmode=require",
        ),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
    ],
)
def test_a_database_is_shown_by_its_full_path_or_its_url_without_the_password(
    url: str, expected: str
) -> None:
    assert shown(url) == expected


def test_a_relative_sqlite_file_is_shown_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert sqlite_file("sqlite:///supplyesg.db") == tmp_path / "supplyesg.db"
    assert shown("sqlite:///supplyesg.db") == str(tmp_path / "supplyesg.db")


def test_the_help_reads_the_database_url_as_the_settings_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUPPLYESG_DATABASE_URL", raising=False)
    assert configured_url() == Settings().database_url == "sqlite:///supplyesg.db"
    (tmp_path / ".env").write_text('SUPPLYESG_DEMO=true\nSUPPLYESG_DATABASE_URL="sqlite:///e.db"\n')
    assert configured_url() == Settings().database_url == "sqlite:///e.db"
    monkeypatch.setenv("SUPPLYESG_DATABASE_URL", "sqlite:///from-env.db")
    assert configured_url() == Settings().database_url == "sqlite:///from-env.db"


def test_the_help_says_where_the_database_is(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "SUPPLYESG_DATABASE_URL": "postgresql+psycopg://esg:s3cret@db/esg",
    }
    for environment, expected in (
        ({"PATH": "/usr/bin:/bin"}, f"Database: {tmp_path / 'supplyesg.db'}"),
        (env, "Database: postgresql+psycopg://esg:***@db/esg"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from supplyesg.cli import app; app(prog_name='supplyesg')",
                "--help",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env={**environment, "COLUMNS": "200"},
        )
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout
        assert "s3cret" not in done.stdout


def test_a_command_on_a_missing_sqlite_file_says_where_it_looked_and_makes_no_file(
    tmp_path: Path, configured: Any
) -> None:
    missing = tmp_path / "elsewhere" / "supplyesg.db"
    configured(f"sqlite:///{missing}")
    done = runner.invoke(app, ["policy", "list"])
    assert done.exit_code == 1
    assert f"no supplyesg database at {missing}: run `supplyesg db upgrade`" in done.stderr
    assert "Traceback" not in done.output
    assert not missing.exists()


def test_a_command_on_a_sqlite_file_without_the_schema_says_so(
    tmp_path: Path, configured: Any
) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    configured(f"sqlite:///{empty}")
    done = runner.invoke(app, ["rate", "--quarter", "2026Q3"])
    assert done.exit_code == 1
    assert f"no supplyesg database at {empty}: run `supplyesg db upgrade`" in done.stderr


def test_a_file_that_is_no_database_is_refused_with_the_reason(
    tmp_path: Path, configured: Any
) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not a database")
    configured(f"sqlite:///{junk}")
    done = runner.invoke(app, ["policy", "list"])
    assert done.exit_code == 1
    assert f"the database at {junk} cannot be opened: file is not a database" in done.stderr


def test_db_upgrade_makes_the_database_then_commands_find_it(
    tmp_path: Path, configured: Any
) -> None:
    made = tmp_path / "supplyesg.db"
    configured(f"sqlite:///{made}")
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert f"Database schema is up to date ({made})." in done.stdout
    assert runner.invoke(app, ["policy", "list"]).exit_code == 0


def test_serve_says_where_the_database_is_and_refuses_to_start_without_one(
    tmp_path: Path, configured: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    path = tmp_path / "supplyesg.db"
    configured(f"sqlite:///{path}")
    refused = runner.invoke(app, ["serve"])
    assert refused.exit_code == 1
    assert f"no supplyesg database at {path}" in refused.stderr
    assert served == []
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    done = runner.invoke(app, ["serve", "--port", "8123"])
    assert done.exit_code == 0, done.output
    assert f"supplyesg serving http://127.0.0.1:8123 with the database at {path}" in done.stdout
    assert served == [{"host": "127.0.0.1", "port": 8123, "log_level": "info"}]
