"""`supplyesg data requests ...`: exit codes and the key output."""

from __future__ import annotations

import pytest
from rich.console import Console
from typer.testing import CliRunner

from esg_builders import organisation, submit
from supplyesg.cli import app
from supplyesg.cli import console as console_module
from supplyesg.cli import esg_requests as requests_cli
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(requests_cli, "database", lambda: db)
    monkeypatch.setattr(requests_cli, "console", Console(width=250))
    monkeypatch.setattr(console_module, "errors", Console(width=250, stderr=True))


def test_a_calendar_is_made_once_and_listed(db: Database) -> None:
    organisation(db)
    made = runner.invoke(
        app, ["data", "requests", "calendar", "--year", "2025", "--every", "quarter"]
    )
    assert made.exit_code == 0, made.output
    assert "FY2025: 8 requests made, 0 already there." in made.stdout
    again = runner.invoke(
        app, ["data", "requests", "calendar", "--year", "2025", "--every", "quarter"]
    )
    assert "FY2025: 0 requests made, 8 already there." in again.stdout
    listed = runner.invoke(app, ["data", "requests", "list", "--entity", "HK1"])
    assert listed.exit_code == 0, listed.output
    assert "Data requests (4 of 4)" in listed.stdout
    assert "2025-04-20" in listed.stdout


def test_a_request_is_created_shown_closed_and_deleted(db: Database) -> None:
    organisation(db)
    accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER))
    submit(db, "CQ1", "water_consumption", "2024", "100", "m**3")
    made = runner.invoke(
        app,
        [
            "data", "requests", "create", "CQ1", "--year", "2025", "--period", "M03",
            "--due", "2025-04-20", "--assignee", "ana@example.com",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Chongqing plant (CQ1), FY2025 M03 (March 2025), due 2025-04-20." in made.stdout
    request_id = made.stdout.split()[1].rstrip(":")
    shown = runner.invoke(app, ["data", "requests", "show", request_id])
    assert "Assignee: Ana <ana@example.com>" in shown.stdout
    assert "0 of 1 metrics are in." in shown.stdout
    assert "water_consumption: missing" in shown.stdout
    closed = runner.invoke(app, ["data", "requests", "close", request_id])
    assert closed.exit_code == 0, closed.output
    assert runner.invoke(app, ["data", "requests", "close", request_id]).exit_code == 1
    assert runner.invoke(app, ["data", "requests", "delete", request_id]).exit_code == 0
    assert runner.invoke(app, ["data", "requests", "show", request_id]).exit_code == 1


def test_a_bad_request_exits_1_naming_each_problem(db: Database) -> None:
    organisation(db)
    bad_day = runner.invoke(
        app, ["data", "requests", "create", "CQ1", "--year", "2025", "--period", "M03",
              "--due", "soon"],
    )  # fmt: skip
    assert bad_day.exit_code == 1
    assert "due: must be a date such as 2026-04-20" in bad_day.stderr
    refused = runner.invoke(
        app, ["data", "requests", "create", "NOPE", "--year", "2025", "--period", "M13",
              "--due", "2025-04-20"],
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "entity: is not a reporting entity" in refused.stderr
    assert "period: must be FY, Q1 to Q4 or M01 to M12" in refused.stderr
