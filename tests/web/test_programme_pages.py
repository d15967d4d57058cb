"""Programme pages: the overview and its charts, the audit calendar, ratings, one supplier."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from programme_pages import ACTOR, plain, reasons, record, table_rows, texts

from planning_builders import HIGH, LOW, MEDIUM, supplier
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.audits import AuditType
from supplyesg.domain.periods import Quarter
from supplyesg.services import conduct, rating
from supplyesg.web.deps import get_actor

AS_OF = "2026-11-21"
DESKTOP = AuditType.DESKTOP_REVIEW


@pytest.fixture
def staff(client: TestClient, db: Database) -> TestClient:
    """A client acting as one member of staff, with the default code of conduct installed."""
    conduct.install_default_code(db)
    client.app.dependency_overrides[get_actor] = lambda: ACTOR  # type: ignore[attr-defined]
    return client


@pytest.fixture
def programme(staff: TestClient, db: Database) -> None:
    """Eight first-tier suppliers in Germany (low inherent risk), audited as named, active
    since 5 January 2026 (NEVER-1 since 25 August: its first audit is due 23 November)."""
    for code in ("HIGH-1", "HIGH-2", "LATE-1", "LOW-1", "MED-1", "MED-2", "OLD-1"):
        supplier(db, code, since=date(2026, 1, 5))
    supplier(db, "NEVER-1", since=date(2026, 8, 25))
    record(db, "LOW-1", date(2026, 3, 10), LOW, "A-LOW-1")
    record(db, "MED-1", date(2026, 4, 20), MEDIUM, "A-MED-1")
    record(db, "MED-2", date(2026, 9, 30), MEDIUM, "A-MED-2")
    record(db, "HIGH-1", date(2026, 5, 5), HIGH, "A-HIGH-1")
    record(db, "HIGH-2", date(2026, 6, 1), HIGH, "A-HIGH-2", DESKTOP)  # never on site
    record(db, "OLD-1", date(2025, 12, 15), {}, "A-OLD-1", DESKTOP)
    record(db, "LATE-1", date(2025, 3, 1), {}, "A-LATE-1", DESKTOP)


def chart_payload(html: str) -> dict[str, object]:
    found = re.search(
        r'<script type="application/json" id="programme-chart-data">(.*?)</script>', html, re.S
    )
    assert found, "no chart data on the page"
    payload: dict[str, object] = json.loads(found.group(1))
    return payload


# The overview


def test_the_overview_draws_risk_and_the_score_trend_from_the_stored_figures(
    staff: TestClient, db: Database, programme: None
) -> None:
    rating.rate_quarter(db, Quarter(2026, 2))
    rating.rate_quarter(db, Quarter(2026, 3))
    response = staff.get("/programme", params={"as_of": AS_OF})
    assert response.status_code == 200
    figures = chart_payload(response.text)["figures"]
    assert figures == {
        "risk": [["low", 4], ["medium", 2], ["high", 2]],
        "trend": {
            "quarters": ["2026Q2", "2026Q3"],
            "series": [
                ["score_1", [2, 2]],
                ["score_0", [1, 2]],
                ["score_-1", [2, 2]],
                ["audit_overdue", [1, 1]],
                ["not_rated", [2, 1]],
                ["terminated", [0, 0]],
            ],
        },
    }
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in response.text
    assert [row[:4] for row in table_rows(response.text, "trend")] == [
        ["2026Q2", "2", "1", "2"],
        ["2026Q3", "2", "2", "2"],
    ]


def test_the_overview_lists_audits_overdue_and_due_and_plan_deadlines(
    staff: TestClient, programme: None
) -> None:
    html = staff.get("/programme", params={"as_of": AS_OF}).text
    assert texts(html, "stat-value") == ["2", "2", "2", "3", "0"]
    overdue, due = table_rows(html, "due", 0), table_rows(html, "due", 1)
    assert [(row[0].split()[0], row[1], row[2]) for row in overdue] == [
        ("LATE-1", "Annual", "2026-03-01 Overdue since 2026-03-02"),
        # high risk since 2026-06-01: on-site within 90 days
        ("HIGH-2", "On-site", "2026-08-30 Overdue since 2026-08-31"),
    ]
    assert [(row[0].split()[0], row[1], row[2]) for row in due] == [
        ("NEVER-1", "Annual", "2026-11-23"),  # in scope since 2026-08-25, 90 days
        ("OLD-1", "Annual", "2026-12-15"),
    ]
    deadlines = table_rows(html, "deadlines")
    assert [(row[0].split()[0], row[3]) for row in deadlines] == [
        ("HIGH-1", "Plan deadline missed 2026-08-05 Overdue since 2026-08-06"),
        ("HIGH-2", "Plan deadline missed 2026-09-01 Overdue since 2026-09-02"),
        ("MED-1", "Plan deadline missed 2026-10-20 Overdue since 2026-10-21"),
        ("MED-2", "Plan due 2027-03-30 2027-03-30"),
    ]


def test_an_empty_programme_says_where_to_start(staff: TestClient) -> None:
    html = staff.get("/programme").text
    assert "No suppliers yet." in html
    assert 'href="/suppliers/new"' in html


def test_a_day_that_cannot_be_read_is_refused_on_the_overview(staff: TestClient) -> None:
    response = staff.get("/programme", params={"as_of": "21/11/2026"})
    assert response.status_code == 422
    assert "must be a date such as 2026-03-15" in plain(response.text)


def test_the_home_dashboard_has_the_programme_panel(staff: TestClient, programme: None) -> None:
    html = staff.get("/").text
    assert "Supplier ESG programme" in html
    assert chart_payload(html)["figures"]["risk"] == [["low", 4], ["medium", 2], ["high", 2]]  # type: ignore[index]


# The audit calendar


def test_the_calendar_places_due_audits_by_month_and_lists_the_overdue(
    staff: TestClient, programme: None
) -> None:
    response = staff.get("/programme/calendar", params={"year": "2026", "as_of": AS_OF})
    assert response.status_code == 200
    html = response.text
    assert texts(html, "stat-value") == ["3", "1", "2", "0"]
    assert [row[:4] for row in table_rows(html, "overdue-audits")] == [
        ["LATE-1 LATE-1 Ltd.", "Annual", "2026-03-01 Overdue since 2026-03-02", "2025-03-01"],
        ["HIGH-2 HIGH-2 Ltd.", "On-site", "2026-08-30 Overdue since 2026-08-31", "never"],
    ]
    months = dict(re.findall(r"<h3>(\w+) <span class=\"muted small\">(\d+)</span></h3>", html))
    assert months == {
        "January": "0", "February": "0", "March": "1", "April": "0", "May": "0", "June": "0",
        "July": "0", "August": "1", "September": "0", "October": "0", "November": "1",
        "December": "1",
    }  # fmt: skip
    august = html[html.index("<h3>August") : html.index("<h3>September")]
    assert "HIGH-2" in august
    assert "On-site" in august
    november = html[html.index("<h3>November") : html.index("<h3>December")]
    assert "NEVER-1" in november


def test_next_years_calendar_carries_over_what_is_still_due(
    staff: TestClient, programme: None
) -> None:
    html = staff.get("/programme/calendar", params={"year": "2027", "as_of": AS_OF}).text
    assert texts(html, "stat-value") == ["8", "1", "2", "4"]
    assert "4 audits fell due before 2027 and are still to do" in plain(html)


def test_a_calendar_asked_as_of_after_its_year_says_why_beside_the_field(
    staff: TestClient,
) -> None:
    response = staff.get("/programme/calendar", params={"year": "2025", "as_of": AS_OF})
    assert response.status_code == 422
    assert reasons(response.text)["as_of"][0].startswith("is after the end of 2025")
    bad = staff.get("/programme/calendar", params={"year": "20x5", "as_of": "yesterday"})
    assert reasons(bad.text) == {
        "as_of": ["must be a date such as 2026-03-15"],
        "year": ["must be a year such as 2026"],
    }


# Quarterly ratings


def test_rating_a_quarter_from_the_page_shows_each_score_with_its_reasons(
    staff: TestClient, programme: None
) -> None:
    before = staff.get("/ratings", params={"quarter": "2026Q3"}).text
    assert "2026Q3 has not been rated yet." in before
    response = staff.post("/ratings/run", data={"quarter": "2026Q3"})
    assert response.status_code == 200
    html = response.text
    assert "2026Q3 rated with policy 2026-01: 8 suppliers; 8 new, 0 changed" in plain(html)
    rows = {row[0].split()[0]: row for row in table_rows(html, "ratings")}
    assert {code: row[1] for code, row in rows.items()} == {
        "HIGH-1": "-1",
        "HIGH-2": "-1",
        "LATE-1": "Audit overdue",
        "LOW-1": "+1",
        "MED-1": "0",
        "MED-2": "0",
        "NEVER-1": "Not rated",
        "OLD-1": "+1",
    }
    assert (
        "latest audit A-LATE-1 ended on 2025-03-01 and counted until 2026-03-01"
        in rows["LATE-1"][4]
    )
    assert "no completed audit ended on or before 2026-09-30" in rows["NEVER-1"][4]
    assert (
        "an improvement plan must be accepted by 2026-10-20; not yet on 2026-09-30"
        in rows["MED-1"][4]
    )
    assert texts(html, "stat-value") == ["2", "2", "2", "1", "1", "0"]
    only = staff.get("/ratings", params={"quarter": "2026Q3", "score": "-1"}).text
    assert [row[0].split()[0] for row in table_rows(only, "ratings")] == ["HIGH-1", "HIGH-2"]


def test_rating_a_quarter_again_when_nothing_changed_says_why_nothing_changed(
    staff: TestClient, programme: None
) -> None:
    staff.post("/ratings/run", data={"quarter": "2026Q3"})
    again = plain(staff.post("/ratings/run", data={"quarter": "2026Q3"}).text)
    assert (
        "2026Q3 was already rated with policy 2026-01, and no audit, plan, supplier or policy "
        "it depends on has changed since: its 8 ratings stay as they were." in again
    )


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("2099Q1", "ends on 2099-03-31"), ("2026Q5", "must look like 2026Q2")],
)
def test_a_quarter_that_cannot_be_rated_says_why_beside_the_field(
    staff: TestClient, typed: str, reason: str
) -> None:
    response = staff.post("/ratings/run", data={"quarter": typed})
    assert response.status_code == 422
    assert reasons(response.text) == {"quarter": [reason]}
    assert f'value="{typed}"' in response.text


# The supplier page


def test_the_supplier_page_loads_its_programme_section(
    staff: TestClient, db: Database, programme: None
) -> None:
    rating.rate_quarter(db, Quarter(2026, 3))
    page = staff.get("/suppliers/MED-1").text
    assert 'hx-get="/programme/suppliers/MED-1" hx-trigger="load"' in page
    section = staff.get("/programme/suppliers/MED-1", headers={"HX-Request": "true"})
    assert section.status_code == 200
    assert "<html" not in section.text
    text = plain(section.text)
    assert (
        "Audit risk Medium risk Set by the audit that counts; it decides the quarterly ESG score "
        "and the plan deadline."
    ) in text
    assert (
        "Overall risk Medium risk inherent: low The risk register's combination of country, "
        "category and audit risk; it decides on-site audits and training."
    ) in text
    assert "A-MED-1 ended 2026-04-20" in text
    assert "84.21 / 100 Conditionally accepted" in text
    assert "Current ESG score 0 2026Q3" in text
    assert "Open non-conformities 4" in text
    assert "Plan deadline missed" in text


def test_a_supplier_never_audited_shows_so_in_its_section(
    staff: TestClient, programme: None
) -> None:
    text = plain(staff.get("/programme/suppliers/NEVER-1").text)
    assert "Never audited" in text
    assert "No quarter rated" in text
    assert staff.get("/programme/suppliers/NOPE").status_code == 404


def test_a_viewer_reads_the_programme_but_is_offered_no_change(
    client_as: Callable[..., TestClient], programme: None
) -> None:
    viewer = client_as(Role.VIEWER)
    detail = viewer.get("/audits/A-MED-1")
    assert detail.status_code == 200
    assert "Correct…" not in detail.text
    ratings = viewer.get("/ratings").text
    assert "Run the rating" not in ratings
    assert viewer.post("/ratings/run", data={"quarter": "2026Q3"}).status_code == 403


def test_every_plan_deadline_is_listed_missed_first(staff: TestClient, programme: None) -> None:
    html = staff.get("/programme/plan-deadlines", params={"as_of": AS_OF}).text
    assert texts(html, "result-count") == ["3 missed, 1 pending"]
    assert [row[0].split()[0] for row in table_rows(html, "deadlines")] == [
        "HIGH-1",
        "HIGH-2",
        "MED-1",
        "MED-2",
    ]
