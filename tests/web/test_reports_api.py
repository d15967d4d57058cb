"""Report endpoints: the catalogue of reports and formats, and each report as a file."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.suppliers import SupplierProfile
from supplyesg.services import esg_data, esg_organisation, suppliers
from supplyesg.services.esg_entries import Entry

ClientFactory = object


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh and made 50,000 vehicles in FY2025."""
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    ids = [
        esg_data.submit_value(db, Entry("CQ1", metric, "2025", value, unit), "maker").row.id
        for metric, value, unit in (
            ("electricity_purchased", "8000", "MWh"),
            ("production_volume", "50000", "vehicle"),
        )
    ]
    esg_data.approve_values(db, ids, "checker")
    return db


def test_the_catalogue_lists_the_reports_and_the_formats(client: TestClient) -> None:
    response = client.get("/api/v1/reports")
    assert response.status_code == 200
    body = response.json()
    assert [(r["key"], r["url"]) for r in body["reports"]] == [
        ("hkex", "/api/v1/reports/hkex/{year}"),
        ("supply-chain", "/api/v1/reports/supply-chain/{year}"),
    ]
    assert [f["name"] for f in body["formats"]] == ["html", "pdf", "xlsx", "docx", "json"]


def test_the_hkex_report_as_pdf_shows_the_year_s_figures(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/hkex/2025", params={"format": "pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="hkex-esg-report-2025.pdf"'
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Qilin Trucks Group" in text
    assert "8,000,000.00" in text  # kWh of purchased electricity
    assert "50,000" in text  # vehicles produced
    assert f"Page {len(pages)} of {len(pages)}" in text


def test_the_hkex_report_as_a_workbook_and_a_word_draft(
    client: TestClient, year_2025: Database
) -> None:
    workbook = client.get("/api/v1/reports/hkex/2025?format=xlsx")
    assert workbook.status_code == 200
    assert workbook.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheets = CalamineWorkbook.from_filelike(io.BytesIO(workbook.content)).sheet_names
    assert sheets[:2] == ["Report", "Stakeholder engagement"]
    assert "Content index" in sheets
    draft = client.get("/api/v1/reports/hkex/2025?format=docx")
    assert draft.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(draft.content)).paragraphs]
    assert "3.1 Emissions" in paragraphs


def test_html_is_served_inline_and_json_is_the_content_model(
    client: TestClient, year_2025: Database
) -> None:
    page = client.get("/api/v1/reports/hkex/2025?format=html")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-disposition"].startswith("inline;")
    assert '<table class="report-table" id="table-content-index">' in page.text
    model = client.get("/api/v1/reports/hkex/2025?format=json")
    assert model.status_code == 200
    body = json.loads(model.content)
    assert (body["type"], body["year"], body["organisation"]) == (
        "document",
        2025,
        "Qilin Trucks Group",
    )


def test_the_supply_chain_report_comes_out_even_in_a_quiet_year(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/supply-chain/2025?format=docx")
    assert response.status_code == 200
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(response.content)).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings[:3] == [
        "About this report",
        "1 Our supplier ESG programme",
        "2 Programme coverage",
    ]


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/reports/hkex/2025?format=odt", 422, "format"),
        ("/api/v1/reports/annual/2025", 422, "report"),
        ("/api/v1/reports/hkex/1999", 422, "path.year"),
        ("/api/v1/reports/hkex/twenty", 422, "path.year"),
    ],
)
def test_a_bad_request_is_a_problem_naming_the_field(
    client: TestClient, year_2025: Database, url: str, status: int, field: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_year_that_is_not_a_reporting_period_is_404(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/hkex/2024?format=pdf")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "FY2024" in response.json()["detail"]


def test_a_viewer_may_download_reports_and_a_supplier_user_sees_nothing(
    client_as: ClientFactory, year_2025: Database
) -> None:
    viewer = client_as(Role.VIEWER)  # type: ignore[operator]
    assert viewer.get("/api/v1/reports/hkex/2025?format=xlsx").status_code == 200
    profile = SupplierProfile("SUP-1", "Axle Works", "CN", "castings", tier=1)
    suppliers.create_supplier(year_2025, profile, "buyer")
    supplier = client_as(Role.SUPPLIER_USER, supplier="SUP-1")  # type: ignore[operator]
    assert supplier.get("/api/v1/reports/hkex/2025?format=xlsx").status_code == 404
