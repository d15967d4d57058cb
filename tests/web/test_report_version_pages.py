"""The report page's Versions panel: the steps each user may take, a reason to send back,
published files with their SHA-256, the comparison page; and the buttons that queue a report
build or a rating run and send the browser to the job's page."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from checklist_helpers import acknowledge_every_item
from job_helpers import unique_queue_name
from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.submissions import ReviewAction
from supplyesg.services import accounts, esg_data, esg_organisation
from supplyesg.services.accounts import NewUser
from supplyesg.services.esg_entries import Entry
from supplyesg.web.app import create_app
from supplyesg.worker import engine
from supplyesg.worker.engine import JobQueue

CLOCK = FixedClock(datetime(2026, 4, 15, 9, 30, tzinfo=UTC))
PAGE = "/reports/hkex/2025"
STEPS = f"{PAGE}/versions"


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
    acknowledge_every_item(db, 2025, CLOCK)
    return db


def _client(db: Database, role: Role, email: str) -> TestClient:
    """A client acting through an API token, over an app whose job queue runs jobs at once."""
    queue = JobQueue(engine.huey_for(engine.IMMEDIATE, unique_queue_name()), db, CLOCK)
    settings = Settings(database_url=str(db.engine.url), queue_url="immediate")
    app = create_app(settings, db, CLOCK, queue)
    user = accounts.create_user(db, NewUser(email, email.split("@")[0].title(), role))
    client = TestClient(app, raise_server_exceptions=False)
    secret = accounts.issue_token(db, user.id, "tests", None, "tests").secret
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


@pytest.fixture
def manager(year_2025: Database) -> TestClient:
    return _client(year_2025, Role.ESG_MANAGER, "mia@test.invalid")


@pytest.fixture
def chair(year_2025: Database) -> TestClient:
    return _client(year_2025, Role.ADMIN, "chair@test.invalid")


def _panel(page: str) -> str:
    return page.split('id="versions"', 1)[1].split("</section>", 1)[0]


def _buttons(panel: str) -> list[str]:
    return [b.strip() for b in re.findall(r"<button[^>]*>([^<]+)</button>", panel)]


def test_the_manager_submits_and_sees_no_sign_off_button(manager: TestClient) -> None:
    page = manager.get(PAGE)
    assert page.status_code == 200, page.text
    assert "No version yet" in _panel(page.text)
    assert _buttons(_panel(page.text)) == ["Submit for review"]

    sent = manager.post(f"{STEPS}/submit", follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == f"{PAGE}#versions"
    panel = _panel(manager.get(PAGE).text)
    assert "Version 1" in panel
    assert "In review" in panel
    assert "Submitted for review by mia@test.invalid (API token" in panel
    assert _buttons(panel) == []  # approving and sending back need the sign-off right


def test_the_submitter_is_told_someone_else_approves(chair: TestClient) -> None:
    chair.post(f"{STEPS}/submit")
    panel = _panel(chair.get(PAGE).text)
    assert "You submitted this version" in panel
    assert _buttons(panel) == ["Send back to draft"]


def test_a_second_person_approves_publishes_and_the_files_show_their_sha256(
    manager: TestClient, chair: TestClient
) -> None:
    manager.post(f"{STEPS}/submit")
    assert _buttons(_panel(chair.get(PAGE).text)) == ["Approve", "Send back to draft"]
    approved = chair.post(f"{STEPS}/approve", follow_redirects=False)
    assert approved.status_code == 303
    assert _buttons(_panel(chair.get(PAGE).text)) == ["Send back to draft", "Publish"]

    published = chair.post(f"{STEPS}/publish", follow_redirects=False)
    assert published.status_code == 303
    panel = _panel(manager.get(PAGE).text)
    assert "Published by chair@test.invalid (API token" in panel
    link = f"{STEPS}/1/files/pdf?language=en"
    assert f'href="{link}"' in panel
    download = manager.get(link)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert f'<code class="sha256">{hashlib.sha256(download.content).hexdigest()}</code>' in panel
    assert f'href="{STEPS}/1/changes"' in panel
    assert _buttons(panel) == ["Submit for review"]  # a new version, once this one is out


def test_sending_back_without_a_reason_is_refused_beside_the_field(
    manager: TestClient, chair: TestClient
) -> None:
    manager.post(f"{STEPS}/submit")
    refused = chair.post(f"{STEPS}/reject", data={"reason": "  "})
    assert refused.status_code == 422
    panel = _panel(refused.text)
    assert 'id="err-reason"' in panel
    assert "say why the version goes back to draft" in panel

    chair.post(f"{STEPS}/reject", data={"reason": "Scope 2 looks low"})
    panel = _panel(manager.get(PAGE).text)
    assert "Draft" in panel
    assert "Scope 2 looks low" in panel
    assert "Sent back to draft by chair@test.invalid" in panel
    assert _buttons(panel) == ["Submit again for review"]


def test_a_step_out_of_turn_shows_the_report_again_with_why(chair: TestClient) -> None:
    chair.post(f"{STEPS}/submit")
    refused = chair.post(f"{STEPS}/publish")
    assert refused.status_code == 422
    assert "must be approved to publish" in _panel(refused.text)


def test_a_viewer_sees_the_panel_but_may_not_post_a_step(year_2025: Database) -> None:
    viewer = _client(year_2025, Role.VIEWER, "vic@test.invalid")
    panel = _panel(viewer.get(PAGE).text)
    assert _buttons(panel) == []
    assert viewer.post(f"{STEPS}/submit").status_code == 403


def test_the_comparison_page_lists_what_moved_since_publication(
    manager: TestClient, chair: TestClient, year_2025: Database
) -> None:
    manager.post(f"{STEPS}/submit")
    chair.post(f"{STEPS}/approve")
    chair.post(f"{STEPS}/publish")
    same = manager.get(f"{STEPS}/1/changes")
    assert same.status_code == 200
    assert "Nothing: the data still gives every figure as published." in same.text

    (value,) = esg_data.list_values(year_2025, 2025, "CQ1", "electricity_purchased").items
    esg_data.review_value(year_2025, value.row.id, ReviewAction.REOPEN, "checker", "misread")
    entry = Entry("CQ1", "electricity_purchased", "2025", "9000", "MWh")
    corrected = esg_data.submit_value(year_2025, entry, "maker").row.id
    esg_data.approve_values(year_2025, [corrected], "checker")
    moved = manager.get(f"{STEPS}/1/changes")
    assert moved.status_code == 200
    table = moved.text.split('class="data version-changes"', 1)[1]
    assert "8,000,000" in table
    assert "9,000,000" in table


def test_a_version_not_published_has_no_comparison_page(manager: TestClient) -> None:
    manager.post(f"{STEPS}/submit")
    page = manager.get(f"{STEPS}/1/changes")
    assert page.status_code == 422
    assert "not published" in page.text


def test_build_in_background_queues_the_report_and_opens_its_job(manager: TestClient) -> None:
    page = manager.get(PAGE)
    assert f'action="{PAGE}/jobs"' in page.text
    assert "Build in background" in page.text
    started = manager.post(f"{PAGE}/jobs", data={"format": "xlsx"}, follow_redirects=False)
    assert started.status_code == 303
    job_page = started.headers["location"]
    assert re.fullmatch(r"/jobs/\d+", job_page)
    shown = manager.get(job_page)
    assert shown.status_code == 200
    assert "Succeeded" in shown.text
    assert "hkex-esg-report-2025.xlsx" in shown.text


def test_build_in_background_refuses_an_unknown_format(manager: TestClient) -> None:
    refused = manager.post(f"{PAGE}/jobs", data={"format": "odt"})
    assert refused.status_code == 422
    assert "format" in refused.text


def test_the_viewer_has_no_background_buttons(year_2025: Database) -> None:
    viewer = _client(year_2025, Role.VIEWER, "vic@test.invalid")
    assert "Build in background" not in viewer.get(PAGE).text
    assert "Rate in background" not in viewer.get("/ratings").text


def test_rate_in_background_queues_the_quarter_and_opens_its_job(manager: TestClient) -> None:
    ratings = manager.get("/ratings")
    assert 'formaction="/ratings/jobs"' in ratings.text
    started = manager.post("/ratings/jobs", data={"quarter": "2026Q1"}, follow_redirects=False)
    assert started.status_code == 303
    shown = manager.get(started.headers["location"])
    assert shown.status_code == 200
    assert "Succeeded" in shown.text
    assert 'href="/ratings?quarter=2026Q1"' in shown.text


def test_rate_in_background_names_a_bad_quarter_beside_its_field(manager: TestClient) -> None:
    refused = manager.post("/ratings/jobs", data={"quarter": "2026Q5"})
    assert refused.status_code == 422
    assert 'id="err-quarter"' in refused.text
