"""`supplyesg report sections|write|confirm|open-year`: the report workspace from the shell."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import report_workspace as workspace_cli
from supplyesg.cli import reports as reports_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import accounts, audit_trail, esg_organisation, report_workspace
from supplyesg.services.accounts import NewUser

runner = CliRunner()
CLOCK = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (workspace_cli, reports_cli):
        monkeypatch.setattr(module, "database", lambda: db)
        monkeypatch.setattr(module, "clock", lambda: CLOCK)
    monkeypatch.setenv("COLUMNS", "250")
    esg_organisation.save_entity(db, ReportingEntity("GRP", "Qilin Group", EntityKind.GROUP, "CN"))
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    accounts.create_user(db, NewUser("mia@example.com", "Mia", Role.ESG_MANAGER))
    accounts.create_user(db, NewUser("bo@example.com", "Bo", Role.ESG_MANAGER))
    accounts.create_user(db, NewUser("vic@example.com", "Vic", Role.VIEWER))


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.output


@pytest.fixture
def energy_md(tmp_path: Path) -> Path:
    path = tmp_path / "energy.md"
    path.write_text("We meter every plant.\n\n- Efficient lighting\n", encoding="utf-8")
    return path


def test_a_section_is_written_from_a_file_listed_and_confirmed_by_someone_else(
    db: Database, energy_md: Path
) -> None:
    code, out = _run(
        "write",
        "hkex",
        "--year",
        "2025",
        "energy",
        "--file",
        str(energy_md),
        "--as",
        "mia@example.com",
    )
    assert code == 0, out
    assert "energy (en): draft, by mia@example.com (command line), 2026-03-20" in out
    code, out = _run("sections", "hkex", "--year", "2025")
    assert code == 0, out
    assert "3.3 Energy [energy]: draft, by mia@example.com (command line), 2026-03-20" in out
    assert "1 Board statement [board]: no text" in out
    code, out = _run("confirm", "hkex", "--year", "2025", "energy", "--as", "mia@example.com")
    assert code == 1
    assert "whoever wrote a text cannot confirm it" in out
    code, out = _run("confirm", "hkex", "--year", "2025", "energy", "--as", "bo@example.com")
    assert code == 0, out
    assert "confirmed by bo@example.com (command line), 2026-03-20" in out
    [row] = report_workspace.texts_of(db, "hkex", 2025)
    history = audit_trail.history_of(db, "report_text", str(row.id))
    assert [e.actor for e in reversed(history)] == [
        "mia@example.com (command line)",
        "bo@example.com (command line)",
    ]


def test_an_unknown_placeholder_is_refused_naming_it(tmp_path: Path) -> None:
    text = tmp_path / "x.md"
    text.write_text("We emitted {{ scope9 }}.", encoding="utf-8")
    code, out = _run("write", "hkex", "--year", "2025", "emissions", "--file", str(text))
    assert code == 1
    assert "sections.emissions: the placeholder 'scope9' is unknown; allowed:" in out


def test_a_viewer_may_not_write(energy_md: Path) -> None:
    code, out = _run(
        "write",
        "hkex",
        "--year",
        "2025",
        "energy",
        "--file",
        str(energy_md),
        "--as",
        "vic@example.com",
    )
    assert code == 1
    assert "may not write the report's text" in out


def test_opening_a_year_carries_the_text_over(energy_md: Path) -> None:
    _run("write", "hkex", "--year", "2025", "energy", "--file", str(energy_md))
    code, out = _run("open-year", "hkex", "--year", "2026", "--as", "bo@example.com")
    assert code == 0, out
    assert "Carried 1 text over from FY2025 into FY2026." in out
    assert "section energy (en)" in out
    code, out = _run("sections", "hkex", "--year", "2026")
    assert "3.3 Energy [energy]: carried over: review" in out
    code, out = _run("open-year", "hkex", "--year", "2030")
    assert code == 1
    assert "has no text to carry over" in out


def test_only_the_hkex_report_has_a_workspace() -> None:
    code, out = _run("sections", "supply-chain", "--year", "2025")
    assert code == 1
    assert "only hkex has a workspace" in out
