"""`supplyesg data import`, `supplyesg ghg`, `supplyesg quality`: exit codes and output."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from esg_builders import diesel_density, organisation, submit
from supplyesg.cli import app
from supplyesg.cli import esg_data as esg_cli
from supplyesg.db.session import Database
from supplyesg.services import esg_data

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(esg_cli, "database", lambda: db)
    monkeypatch.setattr(esg_cli, "console", Console(width=250))


def _file(tmp_path: Path, *rows: str) -> Path:
    target = tmp_path / "values.csv"
    target.write_text("entity,metric,period,value,unit\n" + "\n".join(rows) + "\n")
    return target


def test_import_prints_what_it_wrote(tmp_path: Path, db: Database) -> None:
    organisation(db)
    source = _file(
        tmp_path, "CQ1,electricity_purchased,2025,1200,MWh", "CQ1,workforce,2025,900,persons"
    )
    result = runner.invoke(app, ["data", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Imported values.csv: 2 rows, 2 created, 0 updated, 0 unchanged" in result.stdout
    assert esg_data.year_figures(db, 2025).total("electricity_purchased") == 1200000


def test_import_of_a_bad_file_lists_every_problem_and_fails(tmp_path: Path, db: Database) -> None:
    organisation(db)
    source = _file(tmp_path, "CQ1,electricity_purchased,2025,1200,L", "ZZ,workforce,2025,9,persons")
    result = runner.invoke(app, ["data", "import", str(source)])
    assert result.exit_code == 1
    shown = result.stderr.replace("\n", " ")
    assert "values.csv: 2 problem(s); nothing was imported." in shown
    assert "row 2, unit: L measures a volume" in shown
    assert "row 3, entity: is not a reporting entity (value: 'ZZ')" in shown


def test_ghg_prints_the_scopes_and_the_working(db: Database) -> None:
    organisation(db)
    diesel_density(db)
    submit(db, "CQ1", "diesel_mobile", "2025", "100000", "L")
    submit(db, "CQ1", "electricity_purchased", "2025", "1200", "MWh")
    result = runner.invoke(app, ["ghg", "--year", "2025", "--lines"])
    assert result.exit_code == 0, result.output
    assert "Scope 1 (direct)" in result.stdout
    assert "267.65" in result.stdout
    assert "636.72" in result.stdout
    assert "ipcc2006.co2.gas_diesel" in result.stdout


def test_ghg_of_an_unknown_entity_fails(db: Database) -> None:
    organisation(db)
    result = runner.invoke(app, ["ghg", "--year", "2025", "--entity", "NOPE"])
    assert result.exit_code == 1
    assert "There is no reporting entity with code 'NOPE'." in result.stderr


def test_quality_lists_issues_and_strict_fails_on_errors(db: Database) -> None:
    organisation(db)
    submit(db, "CQ1", "electricity_purchased", "2025-01", "100", "kWh")
    result = runner.invoke(app, ["quality", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "missing months" in result.stdout
    assert "errors," in result.stdout
    strict = runner.invoke(app, ["quality", "--year", "2025", "--strict"])
    assert strict.exit_code == 1
