"""`supplyesg feedback list|export`."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import feedback as feedback_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.services import feedback

runner = CliRunner()
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
REPORTS = ("hkex", "supply-chain")
YEARS = range(2000, 2101)


def answer(db: Database, hours: int, client: str, **changes: str) -> None:
    form = {
        "report": "hkex",
        "year": "2025",
        "clarity": "5",
        "completeness": "4",
        "usefulness": "2",
        "reader_group": "customer",
        **changes,
    }
    clock = FixedClock(START + timedelta(hours=hours))
    assert feedback.submit_feedback(db, form, client, REPORTS, YEARS, clock) is not None


@pytest.fixture(autouse=True)
def answers(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feedback_cli, "database", lambda: db)
    answer(db, 0, "192.0.2.1", comments="-2 pages too long", contact="ann@example.com")
    answer(db, 1, "192.0.2.2", report="supply-chain", year="2024", comments="Clear")
    answer(db, 2, "192.0.2.3", reader_group="employee", comments="Good")


def test_list_shows_the_latest_answers_first() -> None:
    listed = runner.invoke(app, ["feedback", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.index("employee") < listed.stdout.index("customer")
    assert "ann@example.com" in listed.stdout
    assert "3 of 3 answers shown." in listed.stdout


def test_list_filters_by_report_and_year_and_limits() -> None:
    listed = runner.invoke(app, ["feedback", "list", "--report", "supply-chain", "--year", "2024"])
    assert listed.exit_code == 0, listed.output
    assert "1 of 1 answers shown." in listed.stdout
    limited = runner.invoke(app, ["feedback", "list", "--limit", "1"])
    assert "1 of 3 answers shown." in limited.stdout


def test_an_unknown_report_is_refused_by_name() -> None:
    refused = runner.invoke(app, ["feedback", "list", "--report", "annual"])
    assert refused.exit_code == 1
    assert "There is no report 'annual'." in refused.output
    assert "must be one of hkex, supply-chain" in refused.output


def test_export_writes_csv_with_formula_cells_neutralised(tmp_path: Path) -> None:
    target = tmp_path / "feedback.csv"
    done = runner.invoke(app, ["feedback", "export", str(target), "--report", "hkex"])
    assert done.exit_code == 0, done.output
    assert "Exported 2 answers to" in done.stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["comments"] for row in rows] == ["'-2 pages too long", "Good"]
    assert rows[0]["answered_at"] == "2026-03-10T09:00:00+00:00"


def test_export_writes_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "feedback.xlsx"
    done = runner.invoke(app, ["feedback", "export", str(target)])
    assert done.exit_code == 0, done.output
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert len(rows) == 4
    assert rows[1][9] == "-2 pages too long"  # text cells in XLSX never run as formulas


def test_export_refuses_another_format(tmp_path: Path) -> None:
    done = runner.invoke(app, ["feedback", "export", str(tmp_path / "feedback.pdf")])
    assert done.exit_code == 1
    assert "neither a .csv nor an .xlsx file" in done.output
