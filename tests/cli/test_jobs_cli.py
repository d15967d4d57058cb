"""`supplyesg jobs daily`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from programme_builders import supplier
from supplyesg.cli import app
from supplyesg.cli import jobs as jobs_cli
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, reminders
from supplyesg.services.accounts import NewUser

runner = CliRunner()
TODAY = datetime.now(UTC).date().isoformat()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs_cli, "database", lambda: db)


def test_the_daily_run_notifies_and_says_what_it_did(db: Database) -> None:
    supplier(db, "SUP-9")  # never audited: its audits are due
    manager = accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER))
    done = runner.invoke(app, ["jobs", "daily", "--day", TODAY])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == (
        f"{TODAY}: 2 deadlines, 2 new notifications, no digest e-mailed (no SMTP server "
        "configured)."
    )
    titles = sorted(n.title for n in reminders.inbox(db, manager.id))
    assert titles == [
        f"Audit due: SUP-9 SUP-9 Co., Ltd.: annual audit (due today, {TODAY})",
        f"On-site audit due: SUP-9 SUP-9 Co., Ltd.: on site audit (due today, {TODAY})",
    ]
    again = runner.invoke(app, ["jobs", "daily", "--day", TODAY])
    assert "2 deadlines, 0 new notifications" in again.stdout


def test_a_bad_day_is_refused() -> None:
    done = runner.invoke(app, ["jobs", "daily", "--day", "21/11/2026"])
    assert done.exit_code == 2
    assert "give the day as YYYY-MM-DD" in done.output
