"""`supplyesg report review|approve|reject|publish|versions|download`."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checklist_helpers import acknowledge_every_item
from supplyesg.cli import app
from supplyesg.cli import reports as reports_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import accounts, esg_data, esg_organisation
from supplyesg.services.accounts import NewUser
from supplyesg.services.esg_entries import Entry

runner = CliRunner()
CLOCK = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_cli, "database", lambda: db)
    monkeypatch.setattr(reports_cli, "clock", lambda: CLOCK)
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025, and a manager and an admin."""
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    record = esg_data.submit_value(
        db, Entry("CQ1", "electricity_purchased", "2025", "8000", "MWh"), "maker"
    )
    esg_data.approve_values(db, [record.row.id], "checker")
    accounts.create_user(db, NewUser("mia@example.com", "Mia", Role.ESG_MANAGER))
    accounts.create_user(db, NewUser("chair@example.com", "Chair", Role.ADMIN))
    acknowledge_every_item(db, 2025, CLOCK)
    return db


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.output


def test_a_report_is_reviewed_signed_off_published_and_downloaded(
    year_2025: Database, tmp_path: Path
) -> None:
    code, out = _run("review", "hkex", "--year", "2025", "--as", "mia@example.com")
    assert code == 0, out
    assert "hkex FY2025 version 1" in out
    assert "in review" in out

    code, out = _run("approve", "hkex", "--year", "2025", "--as", "mia@example.com")
    assert code == 1
    assert "may not approve" in out

    code, out = _run("approve", "hkex", "--year", "2025", "--as", "chair@example.com")
    assert code == 0, out
    assert "approved" in out

    code, out = _run("publish", "hkex", "--year", "2025", "--as", "chair@example.com")
    assert code == 0, out
    assert "published" in out
    assert "hkex-esg-report-2025-en.pdf" in out

    code, out = _run("versions", "hkex", "--year", "2025")
    assert code == 0, out
    assert "published by chair@example.com (command line), 2026-03-20" in out
    assert "submitted by mia@example.com (command line), 2026-03-20" in out
    version_id = out.split("(id ", 1)[1].split(")", 1)[0]

    target = tmp_path / "frozen.pdf"
    code, out = _run("download", version_id, "--format", "pdf", "--out", str(target))
    assert code == 0, out
    assert hashlib.sha256(target.read_bytes()).hexdigest() in out


def test_the_person_who_submitted_cannot_approve_from_the_command_line(
    year_2025: Database,
) -> None:
    assert _run("review", "hkex", "--year", "2025")[0] == 0
    code, out = _run("approve", "hkex", "--year", "2025")
    assert code == 1
    assert "the person who submitted a report cannot approve it" in out


def test_a_rejection_needs_a_reason_and_names_it(year_2025: Database) -> None:
    assert _run("review", "hkex", "--year", "2025", "--as", "mia@example.com")[0] == 0
    code, out = _run("reject", "hkex", "--year", "2025", "--reason", " ")
    assert code == 1
    assert "reason: say why the version goes back to draft" in out
    code, out = _run("reject", "hkex", "--year", "2025", "--reason", "Check Scope 2")
    assert code == 0, out
    assert "draft" in out
    assert "reason: Check Scope 2" in _run("versions", "hkex", "--year", "2025")[1]


def test_a_version_that_does_not_exist_is_named(year_2025: Database) -> None:
    code, out = _run("download", "4242", "--format", "pdf")
    assert code == 1
    assert "Report version 4242 has no pdf file" in out
