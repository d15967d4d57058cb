"""`supplyesg report hkex --lang zh-Hant`: the report in Traditional Chinese from the CLI."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import reports as reports_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.report_workspace import TextKind
from supplyesg.reports.hkex import workspace
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_cli, "database", lambda: db)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025 and its energy text in zh-Hant."""
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
    where = workspace.address(2025, TextKind.SECTION, "energy", "zh-Hant")
    workspace.write(
        db, where, "本集團推行節能措施。", Person("ana"), FixedClock.on(date(2026, 3, 2))
    )
    return db


def test_the_hkex_report_is_written_in_traditional_chinese(
    year_2025: Database, tmp_path: Path
) -> None:
    out = tmp_path / "esg.docx"
    result = runner.invoke(
        app,
        [
            "report",
            "hkex",
            "--year",
            "2025",
            "--format",
            "docx",
            "--lang",
            "zh-Hant",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in " ".join(result.output.split())
    word = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in word.paragraphs]
    assert "環境、社會及管治報告 2025" in texts
    assert "本集團推行節能措施。" in texts
    assert "3.3 能源" in texts


def test_the_default_file_name_names_the_language(
    year_2025: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["report", "hkex", "--year", "2025", "--format", "html", "--lang", "zh-Hant"]
    )
    assert result.exit_code == 0, result.output
    assert "本集團推行節能措施。" in (tmp_path / "hkex-esg-report-2025-zh-Hant.html").read_text()


def test_a_language_the_report_is_not_written_in_is_a_clear_error(year_2025: Database) -> None:
    result = runner.invoke(app, ["report", "hkex", "--year", "2025", "--lang", "fr"])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "lang" in output
    assert "must be one of en, zh-Hant" in output
