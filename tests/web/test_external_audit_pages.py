"""Recording an external audit on a page, and the audit page that says why its risk is so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from programme_pages import ACTOR, plain, reasons, table_rows

from programme_builders import supplier
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import audits
from supplyesg.web.deps import get_actor

TODAY = date(2026, 12, 7)


@pytest.fixture
def staff(client_as: Callable[..., TestClient], db: Database) -> TestClient:
    supplier(db)
    client = client_as(Role.ADMIN, clock=FixedClock.on(TODAY))
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


def form(**fields: str) -> dict[str, str]:
    return {
        "supplier": "SUP-1",
        "scheme": "amfori_bsci",
        "scheme_reference": "BSCI-2026-0412",
        "reference": "BSCI-1",
        "audit_firm": "Intertek",
        "started_on": "2026-09-16",
        "ended_on": "2026-09-18",
        "rating": "C",
        "findings": "major HS-02: Fire exits locked during the night shift\n\n"
        "observation: Canteen hygiene could improve",
        **fields,
    }


def test_the_audit_list_and_the_supplier_page_offer_to_record_an_external_audit(
    staff: TestClient,
) -> None:
    assert 'href="/audits/external/new"' in staff.get("/audits").text
    page = staff.get("/audits/external/new?supplier=SUP-1")
    assert page.status_code == 200
    assert 'value="SUP-1"' in page.text
    assert ">amfori BSCI</option>" in page.text
    assert ">EcoVadis</option>" in page.text
    assert ">SMETA</option>" in page.text
    assert ">RBA VAP</option>" in page.text


def test_an_external_audit_is_recorded_and_its_page_says_which_policy_entry_mapped_it(
    staff: TestClient, db: Database
) -> None:
    done = staff.post("/audits/external/new", data=form(), follow_redirects=False)
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/audits/BSCI-1"
    page = staff.get("/audits/BSCI-1")
    assert page.status_code == 200
    text = plain(page.text)
    assert "External audit BSCI-1 recorded: Medium risk." in text
    assert "amfori BSCI · BSCI-2026-0412" in text
    assert "Rating C" in text
    assert "by the entry C=medium of table amfori_bsci_rating_risk in policy 2026-01" in text
    assert "amfori BSCI rating C: medium (policy 2026-01 amfori_bsci_rating_risk)" in text
    rows = table_rows(page.text, "findings")
    assert [row[2] for row in rows] == ["HS-02", "—"]
    assert rows[0][1].startswith("Major NC ")
    assert rows[1][1] == "Observation"
    assert "Correct…" not in text
    stored = audits.get_audit(db, "BSCI-1")
    assert (stored.audit_type, stored.risk_level, stored.nc_count) == ("external", "medium", 1)


def test_problems_are_shown_beside_their_fields_and_a_findings_line(staff: TestClient) -> None:
    response = staff.post(
        "/audits/external/new",
        data=form(supplier="NOPE", rating="F", ended_on="2027-01-01", findings="minor XX-9: late"),
    )
    assert response.status_code == 422
    found = reasons(response.text)
    assert found["supplier"] == ["there is no such supplier"]
    assert found["rating"] == ["amfori BSCI rates A, B, C, D, E"]
    assert found["ended_on"] == ["is in the future (today is 2026-12-07)"]
    assert found["findings"][0].startswith("line 1: requirement is not a requirement")
    assert 'value="Intertek"' in response.text


def test_an_unreadable_findings_line_is_named_by_its_number(staff: TestClient) -> None:
    response = staff.post(
        "/audits/external/new", data=form(findings="major: ok\nserious: something", scheme="")
    )
    assert response.status_code == 422
    found = reasons(response.text)
    assert found["scheme"] == ["choose the scheme of the audit"]
    assert found["findings"][0].startswith("line 2: write &#39;severity [requirement]")


def test_a_smeta_audit_page_says_the_findings_give_the_level(staff: TestClient) -> None:
    data = form(scheme="smeta", rating="", reference="SM-1", findings="critical: Passports held")
    assert staff.post("/audits/external/new", data=data, follow_redirects=False).status_code == 303
    text = plain(staff.get("/audits/SM-1").text)
    assert "No overall result: the findings give the level" in text
    assert "No mapping: the scheme publishes no overall result" in text
    assert "High risk" in text


def test_the_form_reads_in_traditional_chinese_with_the_schemes_by_their_own_names(
    staff: TestClient,
) -> None:
    page = staff.get("/audits/external/new", headers={"Accept-Language": "zh-TW"})
    assert page.status_code == 200
    assert "記錄外部審核" in page.text
    assert "公布的整體結果" in page.text
    assert ">amfori BSCI</option>" in page.text
