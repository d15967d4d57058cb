"""`supplyesg setup` (what `make run` does before serving) and demo mode off."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.config import get_settings
from supplyesg.db.session import Database
from supplyesg.services import conduct, demo
from supplyesg.services.installation import FIRST_ADMIN_COMMAND

runner = CliRunner()
PASSWORD = "a long and quiet river"


@pytest.fixture
def new_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_passwords: None
) -> Iterator[Database]:
    """An installation outside demo mode whose database file does not exist yet."""
    url = f"sqlite:///{tmp_path / 'supplyesg.db'}"
    monkeypatch.setenv("SUPPLYESG_DATABASE_URL", url)
    monkeypatch.setenv("SUPPLYESG_DEMO", "false")
    get_settings.cache_clear()
    database = Database.from_url(url)
    yield database
    database.engine.dispose()
    get_settings.cache_clear()


def test_a_first_start_outside_demo_mode_migrates_installs_the_code_and_loads_no_demo_data(
    new_installation: Database,
) -> None:
    done = runner.invoke(app, ["setup"])
    assert done.exit_code == 0, done.output
    assert "Database schema is up to date (" in done.stdout
    assert "Demo mode is off (SUPPLYESG_DEMO=false): no demo data is loaded." in done.stdout
    assert "Code of conduct 2026 is installed; programme policy edition" in done.stdout
    assert "No administrator yet." in done.stdout
    assert FIRST_ADMIN_COMMAND in done.stdout
    assert demo.is_empty(new_installation)
    assert [row.version for row in conduct.list_codes(new_installation)] == ["2026"]


def test_the_printed_command_makes_the_first_administrator_and_setup_stops_asking(
    new_installation: Database,
) -> None:
    assert runner.invoke(app, ["setup"]).exit_code == 0
    words = shlex.split(FIRST_ADMIN_COMMAND)
    assert words[0] == "supplyesg"
    made = runner.invoke(app, words[1:], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert "Account you@example.com (admin) created." in made.stdout
    again = runner.invoke(app, ["setup"])
    assert again.exit_code == 0, again.output
    assert "No administrator yet." not in again.stdout
    assert demo.is_empty(new_installation)
    assert len(conduct.list_codes(new_installation)) == 1


def test_demo_if_empty_loads_nothing_outside_demo_mode(new_installation: Database) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    done = runner.invoke(app, ["demo", "--if-empty"])
    assert done.exit_code == 0, done.output
    assert "Demo mode is off (SUPPLYESG_DEMO=false): the demo data was not loaded." in done.stdout
    assert demo.is_empty(new_installation)
