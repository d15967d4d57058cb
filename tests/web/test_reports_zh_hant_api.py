"""The HKEX report in Traditional Chinese through the API and the report page."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from checklist_helpers import acknowledge_every_item
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.report_workspace import TextKind
from supplyesg.reports.hkex import workspace
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services.esg_entries import Entry


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025, its energy text in both
    languages and its board statement in English only."""
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
    clock, ana = FixedClock.on(date(2026, 3, 2)), Person("ana@example.com")
    for key, language, text in (
        ("energy", "en", "We cut energy use at every plant."),
        ("energy", "zh-Hant", "本集團於所有廠房減少能源使用。"),
        ("board", "en", "The board oversees our ESG strategy."),
    ):
        where = workspace.address(2025, TextKind.SECTION, key, language)
        workspace.write(db, where, text, ana, clock)
    return db


def test_the_api_gives_the_hkex_report_in_traditional_chinese(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/hkex/2025", params={"format": "html", "lang": "zh-Hant"})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == (
        'inline; filename="hkex-esg-report-2025-zh-Hant.html"'
    )
    html = response.text
    assert '<html lang="zh-Hant">' in html
    assert "本集團於所有廠房減少能源使用。" in html
    assert "3.3 能源" in html
    assert "We cut energy use" not in html
    assert "The board oversees" not in html
    english = client.get("/api/v1/reports/hkex/2025", params={"format": "html"}).text
    assert "We cut energy use at every plant." in english
    assert "本集團" not in english


def test_the_chinese_pdf_from_the_api_shows_chinese_text(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/hkex/2025", params={"format": "pdf", "lang": "zh-Hant"})
    assert response.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "本集團於所有廠房減少能源使用。" in text


def test_a_language_the_report_is_not_written_in_is_a_422_naming_the_languages(
    client: TestClient, year_2025: Database
) -> None:
    response = client.get("/api/v1/reports/hkex/2025", params={"format": "html", "lang": "fr"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == "lang"
    assert "en, zh-Hant" in problem["errors"][0]["reason"]
    refused = client.get("/api/v1/reports/supply-chain/2025", params={"lang": "zh-Hant"})
    assert refused.status_code == 422


def test_the_report_page_switches_language(client: TestClient, year_2025: Database) -> None:
    page = client.get("/reports/hkex/2025", params={"lang": "zh-Hant"})
    assert page.status_code == 200
    assert "本集團於所有廠房減少能源使用。" in page.text
    assert 'href="/reports/hkex/2025" hreflang="en"' in page.text
    assert "download?format=pdf&amp;lang=zh-Hant" in page.text
    english = client.get("/reports/hkex/2025")
    assert 'href="/reports/hkex/2025?lang=zh-Hant" hreflang="zh-Hant"' in english.text
    download = client.get(
        "/reports/hkex/2025/download", params={"format": "docx", "lang": "zh-Hant"}
    )
    assert download.status_code == 200
    assert "hkex-esg-report-2025-zh-Hant.docx" in download.headers["content-disposition"]


VERSIONS = "/api/v1/reports/hkex/2025/versions"
SIGNED_ON = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))


def test_a_version_is_published_in_both_languages_through_the_api(
    client_as: Callable[..., TestClient], year_2025: Database
) -> None:
    acknowledge_every_item(year_2025, 2025, SIGNED_ON)
    manager = client_as(Role.ESG_MANAGER, clock=SIGNED_ON)
    signer = client_as(Role.ADMIN, clock=SIGNED_ON)
    assert manager.post(f"{VERSIONS}/submit").status_code == 200
    assert signer.post(f"{VERSIONS}/approve").status_code == 200
    refused = signer.post(f"{VERSIONS}/publish", params={"lang": "zh-Hant"})
    assert refused.status_code == 409
    assert "text.untranslated:board" in [e["field"] for e in refused.json()["errors"]]

    acknowledge_every_item(year_2025, 2025, SIGNED_ON, language="zh-Hant")
    published = signer.post(f"{VERSIONS}/publish", params={"lang": "zh-Hant"})
    assert published.status_code == 200, published.text
    files = published.json()["files"]
    assert {f["language"] for f in files} == {"en", "zh-Hant"}
    number = published.json()["number"]
    pdf = signer.get(f"{VERSIONS}/{number}/files/pdf", params={"lang": "zh-Hant"})
    assert pdf.status_code == 200
    assert "hkex-esg-report-2025-zh-Hant.pdf" in pdf.headers["content-disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "本集團於所有廠房減少能源使用。" in text


def test_the_versions_panel_publishes_in_traditional_chinese_when_asked(
    client_as: Callable[..., TestClient], year_2025: Database
) -> None:
    acknowledge_every_item(year_2025, 2025, SIGNED_ON)
    acknowledge_every_item(year_2025, 2025, SIGNED_ON, language="zh-Hant")
    manager = client_as(Role.ESG_MANAGER, clock=SIGNED_ON)
    chair = client_as(Role.ADMIN, clock=SIGNED_ON)
    steps = "/reports/hkex/2025/versions"
    assert manager.post(f"{steps}/submit", follow_redirects=False).status_code == 303
    assert chair.post(f"{steps}/approve", follow_redirects=False).status_code == 303
    page = chair.get("/reports/hkex/2025").text
    assert '<input type="checkbox" name="lang" value="zh-Hant">' in page
    published = chair.post(f"{steps}/publish", data={"lang": "zh-Hant"}, follow_redirects=False)
    assert published.status_code == 303
    panel = manager.get("/reports/hkex/2025").text
    assert f'href="{steps}/1/files/pdf?language=zh-Hant"' in panel
    assert f'href="{steps}/1/files/pdf?language=en"' in panel
