"""Report pages: choose a report and year, read it in the browser, download it."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from supplyesg.db.session import Database
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry


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


def test_the_reports_page_offers_each_report_in_each_format(client: TestClient) -> None:
    page = client.get("/reports")
    assert page.status_code == 200
    assert '<a href="/reports" aria-current="page">Reports</a>' in page.text
    for key in ("hkex", "supply-chain"):
        assert f'<section class="panel report-choice" id="report-{key}">' in page.text
        for format in ("html", "pdf", "xlsx", "docx", "json"):
            assert f"/reports/{key}/" in page.text
            assert f"/download?format={format}" in page.text


def test_choosing_a_report_and_a_year_opens_its_page(client: TestClient) -> None:
    response = client.get("/reports/open?report=hkex&year=2025", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/reports/hkex/2025"


def test_the_report_page_shows_the_report_with_its_download_links(
    client: TestClient, year_2025: Database
) -> None:
    page = client.get("/reports/hkex/2025")
    assert page.status_code == 200
    assert "<h1>HKEX ESG report FY2025</h1>" in page.text
    assert '<article class="report" id="report-hkex">' in page.text
    assert '<td class="num">8,000,000.00</td>' in page.text
    assert 'href="/reports/hkex/2025/download?format=pdf"' in page.text
    assert '<link rel="stylesheet" href="/reports/report.css">' in page.text
    stylesheet = client.get("/reports/report.css")
    assert stylesheet.headers["content-type"].startswith("text/css")
    assert ".report-table" in stylesheet.text  # the report's own stylesheet comes along


def test_a_download_is_an_attachment_named_after_the_report(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/reports/supply-chain/2025/download?format=xlsx")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="supply-chain-esg-report-2025.xlsx"'
    )
    assert response.content[:2] == b"PK"


def test_a_year_without_data_is_an_html_page_saying_so(
    client: TestClient, year_2025: Database
) -> None:
    page = client.get("/reports/hkex/2023")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "FY2023" in page.text
