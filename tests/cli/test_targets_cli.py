"""`supplyesg targets list|add|remove`."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from esg_builders import CHECKER, organisation, submit
from supplyesg.cli import app
from supplyesg.cli import targets as targets_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.services import esg_data, targets

runner = CliRunner()
WIDE = {"COLUMNS": "220"}


@pytest.fixture(autouse=True)
def water(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets_cli, "database", lambda: db)
    monkeypatch.setattr(targets_cli, "clock", lambda: FixedClock.on(date(2025, 3, 10)))
    organisation(db)
    ids = [
        submit(db, "CQ1", "water_consumption", "2024", "1000", "m3"),
        submit(db, "CQ1", "water_consumption", "2025", "980", "m3"),
    ]
    esg_data.approve_values(db, ids, CHECKER)


ADD = [
    "targets",
    "add",
    "--metric",
    "water_consumption",
    "--base-year",
    "2024",
    "--target-year",
    "2026",
    "--reduction",
    "10",
    "--description",
    "Less fresh water",
    "--owner",
    "Plant manager",
]


def test_a_target_is_added_listed_and_removed(db: Database) -> None:
    added = runner.invoke(app, ADD)
    assert added.exit_code == 0, added.output
    assert "adopted on 2025-03-10" in added.stdout
    [stored] = targets.list_targets(db)
    listed = runner.invoke(app, ["targets", "list"], env=WIDE)
    assert listed.exit_code == 0, listed.output
    # base 1,000, goal 900; the path is at 950 in FY2025 and 980 is above it
    assert "FY2024: 1,000.00" in listed.stdout
    assert "FY2026: 900.00" in listed.stdout
    assert "950.00" in listed.stdout
    assert "behind" in listed.stdout
    removed = runner.invoke(app, ["targets", "remove", str(stored.id), "--on", "2025-04-01"])
    assert removed.exit_code == 0, removed.output
    assert "withdrawn on 2025-04-01" in removed.stdout
    assert targets.list_targets(db) == []


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--reduction", "ten"], "--reduction: must be a decimal number"),
        (["--base-year", "2020"], "base_value: FY2020 has no approved figure"),
        (["--net"], "accounting: only an emission target can be net"),
        (["--credit", "2025"], "--credit: must be YEAR=TONNES"),
        (["--adopted-on", "soon"], "--adopted-on: must be a date"),
    ],
)
def test_a_bad_target_is_refused_naming_the_option(extra: list[str], reason: str) -> None:
    refused = runner.invoke(app, [*ADD, *extra], env=WIDE)
    assert refused.exit_code == 1
    assert reason in refused.output


def test_removing_an_unknown_target_says_so() -> None:
    refused = runner.invoke(app, ["targets", "remove", "4242"])
    assert refused.exit_code == 1
    assert "There is no target with id 4242." in refused.output
