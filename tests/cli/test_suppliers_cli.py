"""`supplyesg suppliers import|export`: exit codes and what they print."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import suppliers as suppliers_cli
from supplyesg.db.session import Database
from supplyesg.services import suppliers as registry
from supplyesg.services import tabular

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suppliers_cli, "database", lambda: db)


def test_import_prints_what_it_changed(data_dir: Path, db: Database) -> None:
    result = runner.invoke(app, ["suppliers", "import", str(data_dir / "suppliers.csv")])
    assert result.exit_code == 0, result.output
    assert "Imported suppliers.csv: 4 created, 0 updated, 0 unchanged" in result.stdout
    assert "links: 3 added, 0 removed" in result.stdout
    assert registry.get_supplier(db, "FG-220").is_key_sub_supplier is True


def test_import_of_a_bad_file_prints_every_problem_and_fails(data_dir: Path, db: Database) -> None:
    result = runner.invoke(app, ["suppliers", "import", str(data_dir / "suppliers_bad.csv")])
    assert result.exit_code == 1
    assert "The file was not imported: 17 problem(s); nothing changed." in result.stderr
    shown = result.stderr.replace("\n", " ")
    for expected in (
        "row 3, country: not an ISO 3166-1 alpha-2 country code (value: 'XX')",
        "row 8, supplies_to: no supplier has this code",
        "row 19, code: must be 1 to 40 letters",
    ):
        assert expected in shown
    assert registry.filter_choices(db)["country"] == []


def test_export_writes_the_format_its_extension_names(
    data_dir: Path, tmp_path: Path, db: Database
) -> None:
    runner.invoke(app, ["suppliers", "import", str(data_dir / "suppliers.csv")])
    target = tmp_path / "registry.xlsx"
    result = runner.invoke(app, ["suppliers", "export", str(target)])
    assert result.exit_code == 0, result.output
    assert "Exported 4 suppliers to" in result.stdout
    codes = [cells["code"] for _row, cells in tabular.read_rows(target, "xlsx")]
    assert codes == ["AX-001", "CS-014", "FG-220", "ST-300"]


def test_export_to_an_unknown_extension_fails_without_writing(tmp_path: Path) -> None:
    target = tmp_path / "registry.txt"
    result = runner.invoke(app, ["suppliers", "export", str(target)])
    assert result.exit_code == 1
    assert "must end in .csv or .xlsx" in result.stderr
    assert not target.exists()


def test_import_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["suppliers", "import", str(tmp_path / "nowhere.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_relationship_sets_and_shows_the_days(data_dir: Path, db: Database) -> None:
    runner.invoke(app, ["suppliers", "import", str(data_dir / "suppliers.csv")])
    shown = runner.invoke(app, ["suppliers", "relationship", "AX-001"])
    assert shown.exit_code == 0, shown.output
    assert "AX-001: relationship started on 2012-04-01; ended: lasting." in shown.output
    changed = runner.invoke(
        app, ["suppliers", "relationship", "FG-220", "--started-on", "2018-02-01"]
    )
    assert changed.exit_code == 0, changed.output
    assert registry.get_supplier(db, "FG-220").relationship_started_on.isoformat() == "2018-02-01"
    bad = runner.invoke(app, ["suppliers", "relationship", "FG-220", "--ended-on", "2010-01-01"])
    assert bad.exit_code == 1
    assert "relationship_ended_on" in bad.output
    unreadable = runner.invoke(app, ["suppliers", "relationship", "FG-220", "--ended-on", "x"])
    assert unreadable.exit_code == 1
    assert "must be a day written YYYY-MM-DD" in unreadable.output
