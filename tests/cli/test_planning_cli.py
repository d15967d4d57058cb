"""`supplyesg programme`, `scorecard import|show`, `risk register`, `training list|propose`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planning_builders import HIGH, LOW, audit, supplier
from supplyesg.cli import app
from supplyesg.cli import planning as planning_cli
from supplyesg.db.session import Database
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.training import TrainingFormat, TrainingProgramme
from supplyesg.services import training

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planning_cli, "database", lambda: db)
    monkeypatch.setenv("COLUMNS", "200")


def test_programme_prints_the_calendar_and_the_due_audits(db: Database) -> None:
    supplier(db, "LATE-1")
    audit(db, "LATE-1", date(2025, 1, 31), LOW)
    supplier(db, "NEVER-1", since=date(2026, 1, 10))  # first audit due 2026-04-10
    supplier(db, "RISKY-1", tier=3, country="CD", since=date(2026, 1, 1))  # on-site 2026-04-01
    result = runner.invoke(app, ["programme", "--year", "2026", "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "Audit calendar 2026" in result.stdout
    assert "Due audits, programme 2026, as of 2026-03-01" in result.stdout
    for code in ("LATE-1", "NEVER-1", "RISKY-1"):
        assert code in result.stdout
    assert "3 audits due by 2026-12-31: 2 annual, 1 on-site; 1 overdue (policy 2026-01)." in (
        result.stdout
    )


def test_programme_can_list_only_the_overdue_and_limit_rows(db: Database) -> None:
    for code in ("LATE-1", "LATE-2"):
        supplier(db, code)
        audit(db, code, date(2025, 1, 31), LOW)
    supplier(db, "NEVER-1")
    result = runner.invoke(
        app, ["programme", "--year", "2026", "--as-of", "2026-03-01", "--overdue", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "LATE-1" in result.stdout
    assert "LATE-2" not in result.stdout
    assert "NEVER-1" not in result.stdout
    assert "1 more not shown (--limit 0 shows all)" in result.stdout


def test_programme_refuses_a_year_already_over_and_a_bad_day() -> None:
    over = runner.invoke(app, ["programme", "--year", "2025", "--as-of", "2026-01-01"])
    assert over.exit_code == 1
    assert "as_of: is after the end of 2025" in over.stderr
    bad = runner.invoke(app, ["programme", "--year", "2026", "--as-of", "March"])
    assert bad.exit_code == 1
    assert "--as-of: must be a date like 2026-03-31" in bad.stderr


def test_scorecard_import_and_show(db: Database, tmp_path: Path) -> None:
    supplier(db, "A1", category="axles")
    file = tmp_path / "scores.csv"
    file.write_text("supplier_code,quarter,quality,delivery\nA1,2026Q1,80,90\n", encoding="utf-8")
    imported = runner.invoke(app, ["scorecard", "import", str(file)])
    assert imported.exit_code == 0, imported.output
    assert "Imported scores.csv: 2 scores in 1 rows (2026Q1)." in imported.stdout
    shown = runner.invoke(app, ["scorecard", "show", "2026Q1"])
    assert shown.exit_code == 0, shown.output
    assert "quality 35%" in shown.stdout
    assert "84.62" in shown.stdout  # (35 x 80 + 30 x 90) / 65


def test_a_bad_score_file_prints_every_problem(db: Database, tmp_path: Path) -> None:
    file = tmp_path / "scores.csv"
    file.write_text("supplier_code,quarter,quality\nNOPE,2026Q1,180\n", encoding="utf-8")
    result = runner.invoke(app, ["scorecard", "import", str(file)])
    assert result.exit_code == 1
    assert "row 2, quality: must be a number from 0 to 100" in result.stderr
    assert "row 2, supplier_code: no supplier has this code" in result.stderr


def test_risk_register_lists_the_resulting_risk(db: Database) -> None:
    supplier(db, "CD-1", country="CD")
    supplier(db, "DE-1")
    result = runner.invoke(app, ["risk", "register", "--level", "high"])
    assert result.exit_code == 0, result.output
    assert "CD-1" in result.stdout
    assert "DE-1" not in result.stdout
    assert "1 suppliers listed; 1 high risk." in result.stdout


def test_training_propose_and_list(db: Database) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)
    programme = training.create_programme(
        db, TrainingProgramme("Ethics", TrainingFormat.ONLINE, date(2099, 1, 5)), "planner"
    )
    proposed = runner.invoke(app, ["training", "propose", str(programme.id)])
    assert proposed.exit_code == 0, proposed.output
    assert "FAILED FAILED Ltd.: its audit of 2026-04-01 was not accepted" in proposed.stdout
    assert f"Proposed 1 suppliers for programme {programme.id}." in proposed.stdout
    listed = runner.invoke(app, ["training", "list"])
    assert listed.exit_code == 0
    assert "Ethics" in listed.stdout
    assert "general" in listed.stdout
    missing = runner.invoke(app, ["training", "propose", "999"])
    assert missing.exit_code == 1
    assert "There is no training programme 999." in missing.stderr


def test_training_on_a_code_section_proposes_by_open_findings(db: Database) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)  # LAB-01 critical, HS-02 major
    sections = frozenset({Pillar.HEALTH_AND_SAFETY})
    programme = training.create_programme(
        db,
        TrainingProgramme("Fire", TrainingFormat.WORKSHOP, date(2099, 1, 5), sections=sections),
        "planner",
    )
    proposed = runner.invoke(app, ["training", "propose", str(programme.id)])
    assert proposed.exit_code == 0, proposed.output
    assert "FAILED FAILED Ltd.: open findings in health and safety: HS-02" in proposed.stdout
    assert "[answers HS-02]" in proposed.stdout
    listed = runner.invoke(app, ["training", "list"])
    assert "Health and safety" in listed.stdout
