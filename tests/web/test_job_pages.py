"""A background job's page: progress that polls while the job runs, and its result."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from job_helpers import unique_queue_name
from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.background_jobs import JobKind
from supplyesg.services import accounts, background_jobs
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.worker import engine
from supplyesg.worker.engine import JobQueue

AFTER_Q1 = FixedClock.on(date(2026, 4, 15))


def _client(db: Database, role: Role, email: str) -> TestClient:
    queue = JobQueue(engine.huey_for(engine.IMMEDIATE, unique_queue_name()), db, AFTER_Q1)
    settings = Settings(database_url=str(db.engine.url), queue_url="immediate")
    app = create_app(settings, db, AFTER_Q1, queue)
    user = accounts.create_user(db, NewUser(email, "Test", role))
    client = TestClient(app, raise_server_exceptions=False)
    secret = accounts.issue_token(db, user.id, "tests", None, "tests").secret
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def test_a_finished_rating_run_shows_its_result_and_stops_polling(db: Database) -> None:
    manager = _client(db, Role.ESG_MANAGER, "manager@test.invalid")
    started = manager.post("/api/v1/ratings/2026Q1/jobs")
    assert started.status_code == 202, started.text
    page = manager.get(started.json()["page_url"])
    assert page.status_code == 200, page.text
    assert "Succeeded" in page.text
    assert "hx-trigger" not in page.text.split('id="job-status"')[1]
    assert started.json()["message"] in page.text
    assert 'href="/ratings?quarter=2026Q1"' in page.text


def test_a_queued_job_polls_its_status_fragment(db: Database) -> None:
    manager = _client(db, Role.ESG_MANAGER, "manager@test.invalid")
    owner = accounts.create_user(db, NewUser("owner@test.invalid", "Owner", Role.ADMIN))
    queued = background_jobs.create_job(
        db, JobKind.RATING_RUN, {"quarter": "2026Q1"}, "owner", owner.id, AFTER_Q1
    )
    page = manager.get(f"/jobs/{queued.id}")
    assert page.status_code == 200, page.text
    assert f'hx-get="/jobs/{queued.id}" hx-trigger="every 1s"' in page.text
    fragment = manager.get(f"/jobs/{queued.id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert 'id="job-status"' in fragment.text
    assert "<html" not in fragment.text


def test_a_supplier_user_never_sees_a_job(db: Database) -> None:
    manager = _client(db, Role.ESG_MANAGER, "manager@test.invalid")
    job_id = manager.post("/api/v1/ratings/2026Q1/jobs").json()["id"]
    viewer = _client(db, Role.VIEWER, "viewer@test.invalid")
    assert viewer.get(f"/jobs/{job_id}").status_code in (403, 404)
