"""`supplyesg rate`, `plans enforce`, `conduct import|export|list`, `audits import|export`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from programme_builders import HIGH, LOW, MEDIUM, audited, own_self_assessment, supplier
from supplyesg.cli import app, console
from supplyesg.cli import audits as audits_cli
from supplyesg.cli import programme as programme_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.services import suppliers, tabular

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(programme_cli, "database", lambda: db)
    monkeypatch.setattr(audits_cli, "database", lambda: db)
    monkeypatch.setenv("COLUMNS", "200")


def test_rate_prints_the_scores_and_terminates_missed_high_risk_plans(db: Database) -> None:
    for code in ("LOW", "MED", "HIGH", "NEVER"):
        supplier(db, code)
    audited(db, date(2026, 4, 10), "LOW", **LOW)
    audited(db, date(2026, 4, 10), "MED", **MEDIUM)
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)  # plan due 2026-06-15
    result = runner.invoke(app, ["rate", "--quarter", "2026Q2"])
    assert result.exit_code == 0, result.output
    assert "Terminated HIGH: high-risk audit H-1 of 2026-03-15" in result.stdout
    assert "ESG ratings 2026Q2" in result.stdout
    for line in ("Score +1 ", "Score 0 ", "Score -1 ", "Not rated (never audited) "):
        assert any(row.strip(" │").startswith(line.strip()) for row in result.stdout.splitlines())
    assert "4 suppliers rated for 2026Q2 with policy 2026-01: 4 new, 0 changed, 0 unchanged" in (
        result.stdout
    )
    assert suppliers.get_supplier(db, "HIGH").status == "terminated"
    again = runner.invoke(app, ["rate", "--quarter", "2026Q2"])
    assert "0 new, 0 changed, 4 unchanged, 0 removed." in again.stdout
    assert "Terminated HIGH" not in again.stdout


def test_rate_can_leave_the_deadlines_alone(db: Database) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", **HIGH)
    result = runner.invoke(app, ["rate", "--quarter", "2026Q2", "--no-enforce"])
    assert result.exit_code == 0, result.output
    assert suppliers.get_supplier(db, "HIGH").status == "active"


def test_rate_refuses_a_bad_or_unfinished_quarter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "clock", lambda: FixedClock.on(date(2026, 11, 21)))
    bad = runner.invoke(app, ["rate", "--quarter", "2026Q9"])
    assert bad.exit_code == 1
    assert "quarter: must look like 2026Q2" in bad.stderr
    unfinished = runner.invoke(app, ["rate", "--quarter", "2026Q4", "--no-enforce"])
    assert unfinished.exit_code == 1
    assert "2026Q4 has not ended yet" in unfinished.stderr


def test_rate_uses_the_policy_file_given(db: Database, tmp_path: Path) -> None:
    supplier(db, "MED")
    audited(db, date(2026, 4, 10), "MED", **MEDIUM)
    shipped = (Path(__file__).parents[2] / "data" / "policy" / "2026-01.yaml").read_text()
    edition = tmp_path / "strict.yaml"
    edition.write_text(shipped.replace('"2026-01"', '"strict"'))
    result = runner.invoke(app, ["rate", "--quarter", "2026Q2", "--policy", str(edition)])
    assert result.exit_code == 0, result.output
    assert "with policy strict" in result.stdout


def test_plans_enforce_reports_each_termination(db: Database) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)
    early = runner.invoke(app, ["plans", "enforce", "--as-of", "2026-06-15"])
    assert "0 suppliers terminated as of 2026-06-15." in early.stdout
    late = runner.invoke(app, ["plans", "enforce", "--as-of", "2026-06-16"])
    assert "Terminated HIGH" in late.stdout
    assert "1 suppliers terminated as of 2026-06-16." in late.stdout
    bad = runner.invoke(app, ["plans", "enforce", "--as-of", "16/06/2026"])
    assert bad.exit_code == 1
    assert "--as-of: must be a date like 2026-06-30" in bad.stderr


def test_the_code_of_conduct_is_exported_and_listed(db: Database, tmp_path: Path) -> None:
    installed = runner.invoke(app, ["conduct", "install-default"])
    assert "Code of conduct 2026 is installed." in installed.stdout
    target = tmp_path / "code.xlsx"
    exported = runner.invoke(app, ["conduct", "export", "2026", str(target)])
    assert exported.exit_code == 0, exported.output
    assert "Exported code of conduct 2026 (32 requirements)." in exported.stdout
    rows = [values for _, values in tabular.read_table(target, "xlsx")]
    assert (len(rows), rows[0]["id"]) == (32, "ENV-01")
    listed = runner.invoke(app, ["conduct", "list"])
    assert "Supplier Code of Conduct 2026" in listed.stdout


def test_a_new_code_version_is_imported_and_a_clash_refused(db: Database, tmp_path: Path) -> None:
    runner.invoke(app, ["conduct", "install-default"])
    target = tmp_path / "code.csv"
    runner.invoke(app, ["conduct", "export", "2026", str(target)])
    clash = runner.invoke(app, ["conduct", "import", str(target)])
    assert clash.exit_code == 1
    assert "Version '2026' of the code of conduct already exists." in clash.stderr
    renamed = tmp_path / "code-2027.csv"
    renamed.write_text(target.read_text(encoding="utf-8-sig").replace("2026,", "2027,"))
    stored = runner.invoke(app, ["conduct", "import", str(renamed)])
    assert stored.exit_code == 0, stored.output
    assert "Stored code of conduct 2027" in stored.stdout


def test_audits_export_and_import_round_trip(db: Database, tmp_path: Path) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    target = tmp_path / "audits.xlsx"
    exported = runner.invoke(app, ["audits", "export", str(target)])
    assert exported.exit_code == 0, exported.output
    assert f"Exported 1 audits to {target}." in exported.stdout.replace("\n", "")
    rows = [values for _, values in tabular.read_table(target, "xlsx")]
    copy = tmp_path / "copy.csv"
    renamed = ([v.replace("A-1", "A-2") for v in r.values()] for r in rows)
    tabular.write_table(copy, "csv", list(rows[0]), renamed)
    imported = runner.invoke(app, ["audits", "import", str(copy)])
    assert imported.exit_code == 0, imported.output
    assert "Imported copy.csv: 1 audits (1 completed), 32 findings." in imported.stdout
    again = runner.invoke(app, ["audits", "import", str(copy)])
    assert again.exit_code == 1
    assert "row 2, reference: is already used by another audit" in again.stderr


def test_audits_review_completes_a_desktop_review_of_a_self_assessment(db: Database) -> None:
    supplier(db, "HI")
    own = own_self_assessment(db, date(2026, 6, 1))
    result = runner.invoke(
        app,
        [
            "audits",
            "review",
            own.reference,
            "--auditor",
            "R. Reviewer",
            "--on",
            "2026-06-05",
            "--verdict",
            "LAB-01=critical:underage workers on the night shift",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Reviewed {own.reference} in desktop review AUD-2026-" in result.output
    assert "audit risk high" in result.output
    again = runner.invoke(
        app, ["audits", "review", own.reference, "--auditor", "R. Reviewer", "--on", "2026-06-05"]
    )
    assert again.exit_code == 1
    assert "already reviewed" in again.output


def test_audits_review_names_a_bad_verdict(db: Database) -> None:
    supplier(db, "HI")
    own = own_self_assessment(db, date(2026, 6, 1))
    result = runner.invoke(
        app,
        ["audits", "review", own.reference, "--auditor", "R", "--verdict", "LAB-01=awful"],
    )
    assert result.exit_code == 1
    assert "--verdict" in result.output
    assert "LAB-01=awful" in result.output
