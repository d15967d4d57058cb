"""`supplyesg data instruments add|list|withdraw`, and `supplyesg ghg` showing market-based
Scope 2 beside location-based."""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from esg_builders import organisation, submit
from supplyesg.cli import app
from supplyesg.cli import esg_data as esg_cli
from supplyesg.cli import instruments as instruments_cli
from supplyesg.db.session import Database

runner = CliRunner()
ADD = [
    "data", "instruments", "add", "--entity", "CQ1", "--type", "certificate",
    "--kwh", "400000", "--from", "2025-01-01", "--to", "2025-12-31",
    "--evidence", "GEC 2025-CQ-000123",
]  # fmt: skip


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (esg_cli, instruments_cli):
        monkeypatch.setattr(module, "database", lambda: db)
        monkeypatch.setattr(module, "console", Console(width=250))


def test_a_certificate_is_added_listed_counted_and_withdrawn(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "electricity_purchased", "2025", "1200", "MWh")
    added = runner.invoke(app, ADD)
    assert added.exit_code == 0, added.output
    recorded = re.search(
        r"Recorded instrument (\d+): 400,000 kWh for CQ1, 2025-01-01 to 2025-12-31", added.stdout
    )
    assert recorded is not None, added.stdout
    number = recorded.group(1)  # the database's own id (sequences are not rolled back)
    listed = runner.invoke(app, ["data", "instruments", "list", "--year", "2025"])
    assert listed.exit_code == 0, listed.output
    assert "GEC 2025-CQ-000123" in listed.stdout
    ghg = runner.invoke(app, ["ghg", "--year", "2025", "--lines"])
    assert ghg.exit_code == 0, ghg.output
    # location 1,200,000 x 0.5306; market 400,000 x 0 + 800,000 x 0.6096 (residual mix)
    assert "Scope 2 (purchased electricity, location-based)" in ghg.stdout
    assert "636.72" in ghg.stdout
    assert "487.68" in ghg.stdout
    assert f"instrument.{number}" in ghg.stdout
    withdrawn = runner.invoke(app, ["data", "instruments", "withdraw", number])
    assert withdrawn.exit_code == 0, withdrawn.output
    again = runner.invoke(app, ["data", "instruments", "withdraw", number])
    assert again.exit_code == 1
    assert f"There is no contractual instrument {number} in force" in again.output


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--kwh", "lots", "--kwh: must be a number"),
        ("--kwh", "0", "kwh: must be more than 0"),
        ("--from", "2025-13-01", "--from: must be a day"),
        ("--from", "2024-12-01", "one financial year"),
        ("--entity", "NOPE", "entity: is not a reporting entity"),
    ],
)
def test_a_bad_instrument_is_a_clear_error_naming_the_field(
    db: Database, option: str, value: str, named: str
) -> None:
    organisation(db)
    arguments = list(ADD)
    arguments[arguments.index(option) + 1] = value
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert named in result.output
