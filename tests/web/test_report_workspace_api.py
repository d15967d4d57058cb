"""The report workspace API: sections with state and author, a section's text per language,
confirming it, opening a year, and the reasons for omission."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.services import esg_organisation

URL = "/api/v1/reports/hkex/2025/sections"
CLOCK = FixedClock.on(date(2026, 3, 2))


@pytest.fixture
def group(db: Database) -> Database:
    esg_organisation.save_entity(db, ReportingEntity("GRP", "Qilin Group", EntityKind.GROUP, "CN"))
    for year in (2025, 2026):
        esg_organisation.add_financial_year(db, date(year, 1, 1))
    return db


@pytest.fixture
def writer(client_as: Callable[..., TestClient], group: Database) -> TestClient:
    return client_as(Role.ESG_MANAGER, clock=CLOCK)


@pytest.fixture
def checker(client_as: Callable[..., TestClient], group: Database) -> TestClient:
    return client_as(Role.ESG_MANAGER, clock=CLOCK)


def test_the_sections_are_listed_with_the_state_and_author_of_their_text(
    writer: TestClient,
) -> None:
    saved = writer.put(f"{URL}/energy", json={"text": "We meter every plant."})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert (body["key"], body["title"], body["state"], body["text"]) == (
        "energy",
        "Energy",
        "draft",
        "We meter every plant.",
    )
    assert body["author"].startswith("esg_manager.")
    assert body["updated_on"] == "2026-03-02"
    listed = {s["key"]: s for s in writer.get(URL).json()}
    assert listed["energy"]["state"] == "draft"
    assert listed["energy"]["number"] == "3.3"
    assert listed["board"]["state"] is None
    assert listed["board"]["author"] is None
    assert writer.get(f"{URL}/board").json()["text"] == ""


def test_a_text_in_traditional_chinese_is_its_own_text(writer: TestClient) -> None:
    writer.put(f"{URL}/energy", json={"text": "We meter every plant."})
    chinese = writer.put(f"{URL}/energy", json={"text": "各廠均有計量。", "language": "zh-Hant"})
    assert chinese.status_code == 200
    assert writer.get(f"{URL}/energy?language=zh-Hant").json()["text"] == "各廠均有計量。"
    assert writer.get(f"{URL}/energy").json()["text"] == "We meter every plant."
    refused = writer.get(f"{URL}?language=fr")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "language"


def test_an_unknown_placeholder_is_a_422_naming_the_section_the_placeholder_and_the_names(
    writer: TestClient,
) -> None:
    refused = writer.put(f"{URL}/emissions", json={"text": "We emitted {{ scope3_total }}."})
    assert refused.status_code == 422
    [problem] = refused.json()["errors"]
    assert problem["field"] == "sections.emissions"
    assert problem["value"] == "scope3_total"
    assert "allowed:" in problem["reason"]
    assert "scope1_total" in problem["reason"]
    names = {p["name"] for p in writer.get(f"{URL}/placeholders").json()}
    assert {"scope1_total", "energy_total", "fy", "electricity_purchased"} <= names


def test_an_unknown_section_is_a_404(writer: TestClient) -> None:
    assert writer.get(f"{URL}/nowhere").status_code == 404
    assert writer.put(f"{URL}/nowhere", json={"text": "x"}).status_code == 404


def test_the_author_cannot_confirm_their_own_text_someone_else_can(
    writer: TestClient, checker: TestClient
) -> None:
    writer.put(f"{URL}/energy", json={"text": "We meter every plant."})
    own = writer.post(f"{URL}/energy/confirm")
    assert own.status_code == 422
    assert own.json()["errors"][0]["reason"] == "whoever wrote a text cannot confirm it"
    confirmed = checker.post(f"{URL}/energy/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["state"] == "confirmed"
    assert confirmed.json()["confirmed_by"].startswith("esg_manager.")


def test_opening_a_year_carries_the_text_over_for_review(
    writer: TestClient, checker: TestClient
) -> None:
    writer.put(f"{URL}/energy", json={"text": "We meter every plant."})
    writer.put("/api/v1/reports/hkex/2025/omissions/A2.2", json={"text": "No water meters."})
    opened = checker.post("/api/v1/reports/hkex/2026/sections/open-year")
    assert opened.status_code == 200, opened.text
    assert opened.json() == {
        "year": 2026,
        "carried_over": ["omission A2.2 (en)", "section energy (en)"],
    }
    section = checker.get("/api/v1/reports/hkex/2026/sections/energy").json()
    assert (section["state"], section["carried_from"]) == ("carried_over", 2025)
    assert checker.post("/api/v1/reports/hkex/2026/sections/energy/confirm").status_code == 200
    reason = checker.get("/api/v1/reports/hkex/2026/omissions/A2.2").json()
    assert (reason["state"], reason["text"]) == ("carried_over", "No water meters.")


def test_reasons_for_omission_are_written_listed_and_confirmed(
    writer: TestClient, checker: TestClient
) -> None:
    saved = writer.put("/api/v1/reports/hkex/2025/omissions/A2.2", json={"text": "No meters."})
    assert saved.status_code == 200
    assert (saved.json()["item"], saved.json()["state"]) == ("A2.2", "draft")
    assert [r["item"] for r in writer.get("/api/v1/reports/hkex/2025/omissions").json()] == ["A2.2"]
    confirmed = checker.post("/api/v1/reports/hkex/2025/omissions/A2.2/confirm")
    assert confirmed.json()["state"] == "confirmed"
    assert writer.get("/api/v1/reports/hkex/2025/omissions/Z9").status_code == 404


def test_a_viewer_reads_the_sections_but_cannot_write_them(
    client_as: Callable[..., TestClient], group: Database
) -> None:
    viewer = client_as(Role.VIEWER)
    assert viewer.get(URL).status_code == 200
    assert viewer.put(f"{URL}/energy", json={"text": "x"}).status_code == 403
