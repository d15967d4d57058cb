"""`supplyesg audits external add|import`: record third-party audits from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from programme_builders import supplier
from supplyesg.cli import app
from supplyesg.cli import external_audits as external_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, audits, external_audits

runner = CliRunner()
HEADER = (
    "reference,supplier,scheme,scheme_reference,audit_firm,started_on,ended_on,rating,score,"
    "recognition,certificate_valid,code_version,severity,description,requirement"
)
GOOD = (
    "EXT-1,SUP-1,amfori BSCI,BSCI-77,Intertek,2026-05-04,2026-05-05,B,,,,,major,"
    "Overtime above 60 hours,LAB-04"
)


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(external_cli, "database", lambda: db)
    monkeypatch.setattr(external_cli, "clock", lambda: FixedClock.on(date(2026, 12, 7)))
    monkeypatch.setenv("COLUMNS", "200")
    supplier(db)


def add(*extra: str) -> list[str]:
    return [
        "audits",
        "external",
        "add",
        "--supplier",
        "SUP-1",
        "--firm",
        "Intertek",
        "--ended-on",
        "2026-09-18",
        *extra,
    ]


def test_add_records_a_bsci_audit_and_shows_the_policy_entry_that_mapped_it(
    db: Database, tmp_path: Path
) -> None:
    report = tmp_path / "bsci.pdf"
    report.write_bytes(b"%PDF-1.7\n% report\n")
    result = runner.invoke(
        app,
        add(
            "--scheme",
            "amfori BSCI",
            "--rating",
            "c",
            "--reference",
            "BSCI-1",
            "--finding",
            "major@HS-02=Fire exits locked during the night shift",
            "--finding",
            "observation=Canteen hygiene could improve",
            "--report",
            str(report),
        ),
    )
    assert result.exit_code == 0, result.output
    assert "Recorded external audit BSCI-1 (amfori_bsci) of 2026-09-18: audit risk medium" in (
        result.stdout
    )
    assert "Mapped by policy 2026-01 amfori_bsci_rating_risk: C=medium" in result.stdout
    assert "Fire exits locked during the night shift" in result.stdout
    stored = external_audits.get_external(db, "BSCI-1")
    assert stored.audit.nc_count == 1
    assert stored.external.report_file is not None
    assert stored.external.report_file.file_name == "bsci.pdf"


def test_add_records_counted_findings_of_a_certificate_audit(db: Database) -> None:
    result = runner.invoke(
        app,
        add(
            "--scheme", "sa8000", "--certificate-valid", "--count", "minor=2", "--reference", "SA-1"
        ),
    )
    assert result.exit_code == 0, result.output
    assert "Mapped by policy 2026-01 certificate_risk: valid=low" in result.stdout
    assert audits.get_audit(db, "SA-1").nc_count == 2


def test_add_lists_every_problem_by_field_and_exits_1() -> None:
    result = runner.invoke(
        app, add("--scheme", "amfori_bsci", "--rating", "F", "--finding", "minor@XX-9= ")
    )
    assert result.exit_code == 1
    assert "Error: The external audit cannot be recorded." in result.stderr
    assert "rating: amfori BSCI rates A, B, C, D, E (value: 'F')" in result.stderr
    assert "row 1, description: is required" in result.stderr
    assert "row 1, requirement: is not a requirement" in result.stderr


def test_add_refuses_an_unknown_scheme_and_a_bad_finding() -> None:
    unknown = runner.invoke(app, add("--scheme", "iso_9001"))
    assert unknown.exit_code == 1
    assert "--scheme: must be one of smeta, amfori_bsci" in unknown.stderr
    bad = runner.invoke(app, add("--scheme", "smeta", "--finding", "grave=Something"))
    assert bad.exit_code == 1
    assert "row 1, --finding: must be SEVERITY[@REQUIREMENT]=description" in bad.stderr


def test_import_lists_every_bad_row_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    file = tmp_path / "external.csv"
    file.write_text(
        "\n".join(
            (
                HEADER,
                GOOD,
                "EXT-2,SUP-1,EcoVadis,EV-3,EcoVadis,2026-07-01,2026-07-01,,lots,,,,,,",
                "EXT-3,NOPE,SMETA,Z-1,SGS,,2026-06-10,,,,,,grave,Something,",
            )
        )
    )
    result = runner.invoke(app, ["audits", "external", "import", str(file)])
    assert result.exit_code == 1
    assert "Error: The external audit file cannot be imported." in result.stderr
    assert "row 3, score: must be a number (value: 'lots')" in result.stderr
    assert "row 4, severity: must be one of critical" in result.stderr
    assert audits.list_audits(db, audits.AuditFilter(), None, 10).items == []


def test_import_records_the_file_as_the_account_named_with_as(db: Database, tmp_path: Path) -> None:
    accounts.create_user(db, accounts.NewUser("auditor@example.com", "A. Auditor", Role.AUDITOR))
    file = tmp_path / "external.csv"
    file.write_text(f"{HEADER}\n{GOOD}\n")
    result = runner.invoke(
        app, ["audits", "external", "import", str(file), "--as", "auditor@example.com"]
    )
    assert result.exit_code == 0, result.output
    assert "Imported external.csv: 1 external audits, 1 findings, 1 non-conformities opened." in (
        result.stdout
    )
    assert audits.get_audit(db, "EXT-1").risk_level == "medium"


def test_import_refuses_an_account_that_may_not_record_audits(db: Database, tmp_path: Path) -> None:
    accounts.create_user(db, accounts.NewUser("viewer@example.com", "Viewer", Role.VIEWER))
    file = tmp_path / "external.csv"
    file.write_text(f"{HEADER}\n{GOOD}\n")
    result = runner.invoke(
        app, ["audits", "external", "import", str(file), "--as", "viewer@example.com"]
    )
    assert result.exit_code == 1
    assert "--as: the account is inactive or its role may not record audits" in result.stderr
