"""Background jobs through the API: start a rating run or a report build, follow the job."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from huey import RedisHuey, SqliteHuey

from job_helpers import WAIT_SECONDS, running_workers, shared_database, unique_queue_name
from supplyesg.clock import Clock, FixedClock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts
from supplyesg.services.accounts import NewUser
from supplyesg.web.app import create_app
from supplyesg.worker import engine
from supplyesg.worker.engine import JobQueue

AFTER_Q1 = FixedClock.on(date(2026, 4, 15))
IN_Q1 = FixedClock.on(date(2026, 3, 15))
_serial = itertools.count(1)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = shared_database(tmp_path_factory.mktemp("jobs-api"))
    yield database
    database.engine.dispose()


class Clients:
    """Clients of one application, each acting as a new user of a role."""

    def __init__(self, database: Database, queue: JobQueue, clock: Clock = AFTER_Q1) -> None:
        settings = Settings(database_url=str(database.engine.url), queue_url="immediate")
        self.app = create_app(settings, database, clock, queue)
        self.database = database

    def as_(self, role: Role, supplier: str | None = None) -> TestClient:
        email = f"{role}.{next(_serial)}@test.invalid"
        user = accounts.create_user(self.database, NewUser(email, f"Test {role}", role, supplier))
        issued = accounts.issue_token(self.database, user.id, "tests", None, "tests")
        client = TestClient(self.app, raise_server_exceptions=False)
        client.headers["Authorization"] = f"Bearer {issued.secret}"
        return client


def immediate(database: Database, clock: Clock = AFTER_Q1) -> Clients:
    queue = JobQueue(engine.huey_for(engine.IMMEDIATE, unique_queue_name()), database, clock)
    return Clients(database, queue, clock)


def test_a_rating_run_answers_202_with_the_address_of_the_job_that_tells_its_result(
    database: Database,
) -> None:
    manager = immediate(database).as_(Role.ESG_MANAGER)
    started = manager.post("/api/v1/ratings/2026Q1/jobs")
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    assert started.headers["Location"] == f"/api/v1/jobs/{job_id}"
    job = manager.get(started.headers["Location"])
    assert job.status_code == 200, job.text
    body = job.json()
    assert (body["kind"], body["state"], body["finished"]) == ("rating_run", "succeeded", True)
    assert body["progress"] == {"done": 2, "total": 2, "percent": 100}
    assert body["parameters"] == {"quarter": "2026Q1", "enforce": True}
    assert (body["result"]["quarter"], body["result"]["rated"]) == ("2026Q1", 2)
    assert body["message"] == "2 suppliers rated for 2026Q1"
    assert (body["file_url"], body["error"]) == (None, None)
    assert body["page_url"] == f"/jobs/{job_id}"
    assert body["created_by"].endswith("(API token 'tests')")


def test_a_report_built_by_the_job_workers_is_downloaded_from_the_job(
    database: Database, tmp_path: Path
) -> None:
    huey = SqliteHuey(unique_queue_name(), filename=f"{tmp_path}/queue.db", results=False)
    queue = JobQueue(huey, database, AFTER_Q1)
    manager = Clients(database, queue).as_(Role.ESG_MANAGER)
    started = manager.post("/api/v1/reports/supply-chain/2026/jobs", params={"format": "json"})
    assert started.status_code == 202, started.text
    assert (started.json()["state"], started.json()["file_url"]) == ("queued", None)
    location = started.headers["Location"]
    with running_workers(queue):
        body = poll_until_finished(manager, location)
    assert body["state"] == "succeeded", body["error"]
    assert body["file_url"] == f"{location}/file"
    assert body["result"]["report"] == "supply-chain"
    file = manager.get(body["file_url"])
    assert file.status_code == 200
    assert file.headers["content-type"].startswith("application/json")
    assert file.headers["content-disposition"] == (
        'attachment; filename="supply-chain-esg-report-2026.json"'
    )
    assert len(file.content) == body["result"]["bytes"]


def poll_until_finished(client: TestClient, location: str) -> dict[str, Any]:
    """The job as the API tells it once finished (polling, as a client would; a minute at most)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        body: dict[str, Any] = client.get(location).json()
        if body["finished"] or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def test_only_who_may_start_such_a_job_starts_it(database: Database) -> None:
    clients = immediate(database)
    refused = clients.as_(Role.VIEWER).post("/api/v1/reports/supply-chain/2026/jobs")
    assert refused.status_code == 403, refused.text
    assert "reports:write" in refused.json()["detail"]
    refused = clients.as_(Role.AUDITOR).post("/api/v1/ratings/2026Q1/jobs")
    assert refused.status_code == 403
    assert "programme:write" in refused.json()["detail"]
    hidden = clients.as_(Role.SUPPLIER_USER, supplier="LOW").post("/api/v1/ratings/2026Q1/jobs")
    assert hidden.status_code == 404


def test_a_job_is_seen_by_who_started_it_and_who_may_start_one_never_by_a_supplier(
    database: Database,
) -> None:
    clients = immediate(database)
    started = clients.as_(Role.ESG_MANAGER).post(
        "/api/v1/reports/supply-chain/2026/jobs", params={"format": "json"}
    )
    location = started.headers["Location"]
    for role, status in (
        (Role.ADMIN, 200),
        (Role.ESG_MANAGER, 200),  # another manager: may build reports
        (Role.VIEWER, 404),
        (Role.PROCUREMENT, 404),
    ):
        seen = clients.as_(role).get(location)
        assert seen.status_code == status, (role, seen.text)
        assert clients.as_(role).get(f"{location}/file").status_code == status
    supplier_user = clients.as_(Role.SUPPLIER_USER, supplier="LOW")
    assert supplier_user.get(location).status_code == 404
    assert supplier_user.get(f"{location}/file").status_code == 404
    unseen = clients.as_(Role.VIEWER).get(location).json()
    assert unseen["detail"] == f"There is no job {started.json()['id']}."


def test_bad_requests_are_refused_naming_what_is_wrong(database: Database) -> None:
    admin = immediate(database).as_(Role.ADMIN)
    bad_quarter = admin.post("/api/v1/ratings/2026-13/jobs")
    assert bad_quarter.status_code == 422
    assert bad_quarter.json()["errors"][0]["field"] == "quarter"
    bad_format = admin.post("/api/v1/reports/hkex/2026/jobs", params={"format": "gif"})
    assert bad_format.status_code == 422
    assert "no report format 'gif'" in bad_format.json()["detail"]
    bad_report = admin.post("/api/v1/reports/annual/2026/jobs")
    assert bad_report.status_code == 422
    assert bad_report.json()["errors"][0]["field"] == "report"
    missing = admin.get("/api/v1/jobs/999999")
    assert missing.status_code == 404
    assert missing.json()["errors"] == [{"field": "job", "reason": "not found", "value": "999999"}]


def test_a_refused_job_fails_with_the_reason_and_has_no_file(database: Database) -> None:
    admin = immediate(database, IN_Q1).as_(Role.ADMIN)
    started = admin.post("/api/v1/ratings/2026Q1/jobs", params={"enforce": "false"})
    assert started.status_code == 202
    body = admin.get(started.headers["Location"]).json()
    assert (body["state"], body["result"], body["file_url"]) == ("failed", None, None)
    assert body["error"].startswith("2026Q1 has not ended yet; it can be rated from 2026-04-01.")
    no_file = admin.get(f"{started.headers['Location']}/file")
    assert no_file.status_code == 404
    assert no_file.json()["detail"] == f"Job {body['id']} has no file."


def test_an_unreachable_queue_answers_503_saying_so(database: Database) -> None:
    unreachable = RedisHuey(unique_queue_name(), url="redis://127.0.0.1:1/0", results=False)
    admin = Clients(database, JobQueue(unreachable, database, AFTER_Q1)).as_(Role.ADMIN)
    refused = admin.post("/api/v1/ratings/2026Q1/jobs")
    assert refused.status_code == 503, refused.text
    assert refused.json()["detail"] == engine.QUEUE_DOWN
