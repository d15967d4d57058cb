"""The public feedback form a report links to, and the readers' answers for the ESG team."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook

from account_helpers import csrf_of
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.web.app import create_app

GOOD = {
    "clarity": "4",
    "completeness": "3",
    "usefulness": "5",
    "reader_group": "shareholder",
    "comments": "More on water, please.",
    "contact": "reader@example.com",
}


@dataclass
class MovableClock:
    """A clock a test moves forward."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant

    def today(self) -> date:
        return self.instant.date()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 3, 10, 9, 30, tzinfo=UTC))


@pytest.fixture
def reader(db: Database, clock: MovableClock) -> Iterator[TestClient]:
    """A visitor's browser: no account, no token."""
    app = create_app(Settings(database_url=str(db.engine.url)), db, clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def send(reader: TestClient, query: str = "", **changes: str) -> object:
    page = reader.get(f"/feedback{query}")
    assert page.status_code == 200
    form = {"report": "hkex", "year": "2025", **GOOD, "csrf_token": csrf_of(page), **changes}
    return reader.post("/feedback", data=form)


def test_the_form_is_public_and_defaults_to_the_last_hkex_year(reader: TestClient) -> None:
    page = reader.get("/feedback")
    assert page.status_code == 200
    assert "HKEX ESG report, financial year 2025" in page.text
    assert 'name="report" value="hkex"' in page.text
    assert 'name="year" value="2025"' in page.text
    for question in ("clarity", "completeness", "usefulness", "reader_group"):
        assert f'name="{question}"' in page.text
    assert "Very high" in page.text
    assert "Very low" in page.text


def test_the_form_names_the_report_and_year_it_is_asked_for(reader: TestClient) -> None:
    page = reader.get("/feedback?report=supply-chain&year=2024")
    assert "Supply chain ESG report, financial year 2024" in page.text
    assert reader.get("/feedback?report=annual").status_code == 422
    assert reader.get("/feedback?year=1999").status_code == 422


def test_an_answer_is_stored_with_the_day_and_instant_and_no_address(
    reader: TestClient, client_as: object, clock: MovableClock
) -> None:
    answer = send(reader)
    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert "Thank you for your feedback" in answer.text  # type: ignore[attr-defined]
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    listed = staff.get("/api/v1/feedback").json()
    assert listed["matching"] == 1
    item = listed["items"][0]
    assert item["report"] == "hkex"
    assert item["year"] == 2025
    assert (item["clarity"], item["completeness"], item["usefulness"]) == (4, 3, 5)
    assert item["reader_group"] == "shareholder"
    assert item["comments"] == "More on water, please."
    assert item["contact"] == "reader@example.com"
    assert item["answered_on"] == "2026-03-10"
    assert item["answered_at"].startswith("2026-03-10T09:30:00")
    assert "testclient" not in str(item)


def test_the_form_without_its_csrf_token_is_refused(reader: TestClient) -> None:
    reader.get("/feedback")
    answer = reader.post("/feedback", data={"report": "hkex", "year": "2025", **GOOD})
    assert answer.status_code == 403
    assert "not sent from this site" in answer.text


def test_a_filled_honeypot_is_thanked_for_and_dropped(
    reader: TestClient, client_as: object
) -> None:
    answer = send(reader, website="http://spam.example")
    assert answer.status_code == 200  # type: ignore[attr-defined]
    assert "Thank you for your feedback" in answer.text  # type: ignore[attr-defined]
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    assert staff.get("/api/v1/feedback").json()["matching"] == 0


def test_each_faulty_field_is_named_beside_it_and_nothing_is_stored(
    reader: TestClient, client_as: object
) -> None:
    answer = send(reader, clarity="9", reader_group="", comments="x" * 2001, contact="y" * 201)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert "The feedback was not sent." in text
    assert 'id="err-clarity">choose one of the five answers' in text
    assert 'id="err-reader_group">choose the group you belong to' in text
    assert 'id="err-comments">at most 2000 characters (this has 2001)' in text
    assert 'id="err-contact">at most 200 characters (this has 201)' in text
    assert 'id="err-completeness"' not in text
    assert '<input type="radio" name="completeness" value="3" checked>' in text  # kept
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    assert staff.get("/api/v1/feedback").json()["matching"] == 0


def test_a_report_or_year_there_is_none_of_is_refused(reader: TestClient) -> None:
    answer = send(reader, report="annual", year="1800")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "must be one of hkex, supply-chain" in answer.text  # type: ignore[attr-defined]
    assert "must be a year from 2000 to 2100" in answer.text  # type: ignore[attr-defined]


def test_the_sixth_answer_within_an_hour_is_answered_429_with_retry_after(
    reader: TestClient, clock: MovableClock
) -> None:
    for minute in range(5):
        clock.instant += timedelta(minutes=minute)
        assert send(reader).status_code == 200  # type: ignore[attr-defined]
    refused = send(reader)
    assert refused.status_code == 429  # type: ignore[attr-defined]
    retry = int(refused.headers["Retry-After"])  # type: ignore[attr-defined]
    assert retry == 50 * 60  # the first of the five was sent 10 minutes ago
    assert "Please try again in 50 minutes." in refused.text  # type: ignore[attr-defined]
    clock.instant += timedelta(seconds=retry)
    assert send(reader).status_code == 200  # type: ignore[attr-defined]


def test_the_limit_holds_across_workers_and_counts_robots_too(
    db: Database, reader: TestClient, clock: MovableClock
) -> None:
    for _ in range(5):
        assert send(reader, website="spam").status_code == 200  # type: ignore[attr-defined]
    other_worker = create_app(Settings(database_url=str(db.engine.url)), db, clock)
    with TestClient(other_worker, raise_server_exceptions=False) as second:
        assert send(second).status_code == 429  # type: ignore[attr-defined]


def test_invalid_answers_do_not_count_towards_the_limit(reader: TestClient) -> None:
    for _ in range(6):
        assert send(reader, clarity="").status_code == 422  # type: ignore[attr-defined]
    assert send(reader).status_code == 200  # type: ignore[attr-defined]


@pytest.fixture
def answered(reader: TestClient, clock: MovableClock) -> None:
    """Three answers: two about the HKEX report of 2025, one about the supply chain of 2024."""
    send(reader, comments='=HYPERLINK("http://evil.example")')
    clock.instant += timedelta(hours=2)
    send(reader, query="", year="2024", report="supply-chain", comments="+1 good")
    clock.instant += timedelta(hours=2)
    send(reader, reader_group="employee", comments="@SUM(A1)")


@pytest.mark.usefixtures("answered")
def test_esg_managers_list_answers_by_report_and_year(client_as: object) -> None:
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    page = staff.get("/reports/feedback")
    assert page.status_code == 200
    assert "3 answers" in page.text
    assert "reader@example.com" in page.text
    hkex = staff.get("/reports/feedback?report=hkex&year=2025")
    assert "2 answers" in hkex.text
    assert "+1 good" not in hkex.text
    assert "Employee" in hkex.text
    assert "No answer matches" in staff.get("/reports/feedback?year=2023").text
    assert staff.get("/reports/feedback?year=abc").status_code == 422
    assert staff.get("/reports/feedback?report=annual").status_code == 422


@pytest.mark.usefixtures("answered")
def test_the_list_pages_newest_first(client_as: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from supplyesg.web.ui import feedback as pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    first = staff.get("/reports/feedback")
    assert first.text.index("@SUM(A1)") < first.text.index("+1 good")
    assert "HYPERLINK" not in first.text
    assert "/reports/feedback?after=" in first.text
    next_url = first.text.split('href="/reports/feedback?after=')[1].split('"')[0]
    second = staff.get(f"/reports/feedback?after={next_url}")
    assert "HYPERLINK" in second.text
    assert "@SUM(A1)" not in second.text


@pytest.mark.usefixtures("answered")
def test_others_than_esg_managers_and_administrators_do_not_see_answers(
    client_as: object,
) -> None:
    for role in (Role.VIEWER, Role.AUDITOR, Role.PROCUREMENT):
        other = client_as(role)  # type: ignore[operator]
        assert other.get("/reports/feedback").status_code == 403
        assert other.get("/api/v1/feedback").status_code == 403
        assert other.get("/api/v1/feedback/export.csv").status_code == 403
    admin = client_as(Role.ADMIN)  # type: ignore[operator]
    assert admin.get("/api/v1/feedback").status_code == 200


def test_a_visitor_cannot_read_the_answers(reader: TestClient) -> None:
    assert reader.get("/api/v1/feedback").status_code == 401
    page = reader.get("/reports/feedback", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")


@pytest.mark.usefixtures("answered")
def test_the_csv_export_neutralises_cells_that_would_run_as_formulas(client_as: object) -> None:
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    answer = staff.get("/api/v1/feedback/export.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="reader-feedback.csv"' in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [row["comments"] for row in rows] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+1 good",
        "'@SUM(A1)",
    ]
    assert rows[0]["answered_on"] == "2026-03-10"
    assert rows[0]["contact"] == "reader@example.com"


@pytest.mark.usefixtures("answered")
def test_the_xlsx_export_is_filtered_and_keeps_text_as_text(client_as: object) -> None:
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    answer = staff.get("/api/v1/feedback/export.xlsx?report=hkex&year=2025")
    assert answer.status_code == 200
    assert 'filename="reader-feedback-hkex-2025.xlsx"' in answer.headers["content-disposition"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(answer.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:5] == ["id", "answered_at", "answered_on", "report", "year"]
    assert len(rows) == 3
    assert {row[8] for row in rows[1:]} == {"shareholder", "employee"}
    assert staff.get("/api/v1/feedback/export.pdf").status_code == 422


@pytest.mark.usefixtures("answered")
def test_the_api_pages_and_filters(client_as: object) -> None:
    staff = client_as(Role.ESG_MANAGER)  # type: ignore[operator]
    first = staff.get("/api/v1/feedback?limit=2").json()
    assert first["matching"] == 3
    assert [item["comments"] for item in first["items"]] == ["@SUM(A1)", "+1 good"]
    assert first["next"] is not None
    rest = staff.get(first["next"]).json()
    assert [item["comments"] for item in rest["items"]] == ['=HYPERLINK("http://evil.example")']
    assert rest["next"] is None
    only = staff.get("/api/v1/feedback?report=supply-chain&year=2024").json()
    assert only["matching"] == 1
    refused = staff.get("/api/v1/feedback?report=annual")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "report"
    assert staff.get("/api/v1/feedback?year=1999").status_code == 422
