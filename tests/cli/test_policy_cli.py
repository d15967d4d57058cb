"""`supplyesg policy list|show|create|withdraw`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from programme_builders import MEDIUM, audited, supplier
from supplyesg.cli import app
from supplyesg.cli import policy as policy_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.periods import Quarter
from supplyesg.services import policy_files, rating

runner = CliRunner()
TODAY = date(2026, 4, 1)
HISTORY = FixedClock.on(date(2026, 12, 8))
SHIPPED = (policy_files.POLICY_DIRECTORY / "2026-01.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy_cli, "database", lambda: db)
    monkeypatch.setattr(policy_cli, "today", lambda: TODAY)
    monkeypatch.setattr(policy_cli, "clock", lambda: HISTORY)
    monkeypatch.setenv("COLUMNS", "200")


def edition_file(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = SHIPPED.replace('"2026-01"', '"2026-05"').replace("2000-01-01", "2026-05-01")
    for old, new in changes:
        text = text.replace(old, new)
    path = tmp_path / "2026-05.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edition_is_created_listed_shown_and_withdrawn(tmp_path: Path) -> None:
    path = edition_file(tmp_path, ("audit_cycle_months: 12", "audit_cycle_months: 6"))
    created = runner.invoke(app, ["policy", "create", str(path), "--note", "Twice a year"])
    assert created.exit_code == 0, created.output
    assert "Edition 2026-05 added; it takes effect on 2026-05-01." in created.stdout
    listed = runner.invoke(app, ["policy", "list"])
    assert listed.exit_code == 0, listed.output
    rows = [line.strip(" │") for line in listed.stdout.splitlines() if "│" in line]
    assert any(row.startswith("2026-01") and "in force" in row for row in rows)
    assert any(row.startswith("2026-05") and "scheduled" in row for row in rows)
    shown = runner.invoke(app, ["policy", "show", "2026-05"])
    assert shown.exit_code == 0, shown.output
    assert "audit_cycle_months: 12 -> 6" in shown.stdout
    assert "Why: Twice a year" in shown.stdout
    on = runner.invoke(app, ["policy", "show", "--on", "2026-05-01"])
    assert "Policy edition 2026-05" in on.stdout
    gone = runner.invoke(app, ["policy", "withdraw", "2026-05"])
    assert (gone.exit_code, gone.stdout.strip()) == (0, "Edition 2026-05 withdrawn.")


def test_show_without_a_version_gives_the_edition_in_force() -> None:
    shown = runner.invoke(app, ["policy", "show"])
    assert shown.exit_code == 0, shown.output
    assert "Policy edition 2026-01 (shipped)" in shown.stdout
    assert "The first edition." in shown.stdout


def test_a_bad_file_is_refused_with_each_setting_named(tmp_path: Path) -> None:
    path = edition_file(
        tmp_path,
        ("audit_cycle_months: 12", "audit_cycle_months: 0"),
        ('minor_credit: "0.5"', 'minor_credit: "half"'),
    )
    refused = runner.invoke(app, ["policy", "create", str(path), "--note", "why"])
    assert refused.exit_code == 1
    assert "The policy in the new edition is not valid." in refused.stderr
    assert "minor_credit: must be a decimal number (value: 'half')" in refused.stderr


def test_a_missing_note_is_refused(tmp_path: Path) -> None:
    path = edition_file(tmp_path, ("2026-05-01", "2026-03-01"))
    refused = runner.invoke(app, ["policy", "create", str(path)])
    assert refused.exit_code == 1
    assert "note: say why the edition is made" in refused.stderr
    assert policy_files.policy_for(policy_cli.database(), date(2026, 3, 1)).version == "2026-01"


def test_a_historical_edition_with_nothing_depending_on_it_is_added(tmp_path: Path) -> None:
    path = edition_file(tmp_path, ("2026-05-01", "2019-01-01"))
    added = runner.invoke(app, ["policy", "create", str(path), "--note", "Imported history"])
    assert added.exit_code == 0, added.output
    assert "Edition 2026-05 added; it takes effect on 2019-01-01." in added.stdout
    assert "Judged again" not in added.stdout


def test_a_historical_edition_under_stored_ratings_needs_rejudge(
    tmp_path: Path, db: Database
) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 10, 15), "MED", **MEDIUM)  # six months: due 2026-04-15
    rating.rate_quarter(db, Quarter(2026, 1), clock=HISTORY)
    path = edition_file(
        tmp_path,
        ("2026-05-01", "2026-01-01"),
        ("medium_risk_plan_months: 6", "medium_risk_plan_months: 3"),
    )
    command = ["policy", "create", str(path), "--note", "Plans due sooner"]
    refused = runner.invoke(app, command)
    assert refused.exit_code == 1
    assert "ratings: 1 stored: 1 in 2026Q1" in refused.stderr
    assert "Add --rejudge" in refused.stderr
    rejudged = runner.invoke(app, [*command, "--rejudge"])
    assert rejudged.exit_code == 0, rejudged.output
    assert "Judged again under the new edition: from 2026-01-01." in rejudged.stdout
    assert "Quarters rated again: 2026Q1." in rejudged.stdout
    assert "MED 2026Q1: 0 -> -1" in rejudged.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["policy", "withdraw", "2026-01"], "is shipped with the application"),
        (["policy", "withdraw", "nothing"], "There is no policy edition 'nothing'."),
        (["policy", "show", "--on", "someday"], "on: give the day as YYYY-MM-DD"),
        (["policy", "show", "--on", "1999-12-31"], "No policy edition is in force"),
    ],
)
def test_refusals_say_why_and_exit_with_1(arguments: list[str], message: str) -> None:
    refused = runner.invoke(app, arguments)
    assert refused.exit_code == 1
    assert message in refused.stderr
