"""`supplyesg report hkex|supply-chain --year --format --out`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from supplyesg.cli import app
from supplyesg.cli import reports as reports_cli
from supplyesg.db.session import Database
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry

runner = CliRunner()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_cli, "database", lambda: db)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025."""
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
    return db


def test_the_hkex_report_is_written_as_a_pdf(year_2025: Database, tmp_path: Path) -> None:
    out = tmp_path / "esg.pdf"
    result = runner.invoke(
        app, ["report", "hkex", "--year", "2025", "--format", "pdf", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stdout
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Environmental, Social and Governance Report 2025" in text
    assert "8,000,000.00" in text


@pytest.mark.parametrize("format", ["xlsx", "docx"])
def test_the_supply_chain_report_is_written_in_office_formats(
    year_2025: Database, tmp_path: Path, format: str
) -> None:
    out = tmp_path / f"suppliers.{format}"
    result = runner.invoke(
        app, ["report", "supply-chain", "--year", "2025", "--format", format, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    if format == "xlsx":
        names = CalamineWorkbook.from_filelike(io.BytesIO(out.read_bytes())).sheet_names
        assert names[:3] == ["Report", "Programme coverage", "Scoring standards"]
    else:
        headings = [
            p.text for p in docx.Document(str(out)).paragraphs if p.style.name.startswith("Heading")
        ]
        assert "5 On-site audits of high-risk suppliers" in headings


def test_without_out_the_file_takes_the_report_s_name(
    year_2025: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "hkex", "--year", "2025", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hkex-esg-report-2025.html").read_text().startswith("<!doctype html>")


def test_an_unknown_format_is_refused_with_the_formats_there_are(year_2025: Database) -> None:
    result = runner.invoke(app, ["report", "hkex", "--year", "2025", "--format", "odt"])
    assert result.exit_code == 1
    assert "There is no report format 'odt'." in result.stderr
    assert "format: must be one of html, pdf, xlsx, docx, json" in result.stderr


def test_a_year_without_a_reporting_period_is_refused(year_2025: Database, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = runner.invoke(app, ["report", "hkex", "--year", "2024", "--out", str(out)])
    assert result.exit_code == 1
    assert "FY2024" in result.stderr
    assert not out.exists()


def test_an_unwritable_target_is_a_clear_error(year_2025: Database, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "x.html"
    result = runner.invoke(
        app, ["report", "hkex", "--year", "2025", "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert f"cannot write {out}" in result.stderr
