"""The inbox through the API and the pages, and the daily jobs inside the server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.domain.reminders import Deadline, DeadlineKind, ReminderPolicy
from supplyesg.services import reminders
from supplyesg.services.mailer import UnsentMailer
from supplyesg.web import jobs
from supplyesg.web.app import create_app

TODAY = datetime.now(UTC).date()


def _remind(db: Database, *titles: str) -> None:
    deadlines = [
        Deadline(f"k:{t}", DeadlineKind.PLAN, t, TODAY, None, f"/audits/{t}") for t in titles
    ]
    reminders.run_daily(db, UnsentMailer(), "http://x", TODAY, ReminderPolicy(), deadlines)


def test_the_api_lists_the_callers_notifications_and_marks_them_read(
    db: Database, client_as: Callable[..., TestClient]
) -> None:
    manager = client_as(Role.ESG_MANAGER)
    viewer = client_as(Role.VIEWER)
    _remind(db, "A-1", "A-2")
    inbox = manager.get("/api/v1/notifications")
    assert inbox.status_code == 200
    body = inbox.json()
    assert body["unread"] == 2
    assert sorted(n["link"] for n in body["items"]) == ["/audits/A-1", "/audits/A-2"]
    assert viewer.get("/api/v1/notifications").json() == {"unread": 0, "items": []}
    first = body["items"][0]["id"]
    assert viewer.post("/api/v1/notifications/read", json={"ids": [first]}).json() == {"marked": 0}
    assert manager.post("/api/v1/notifications/read", json={"ids": [first]}).json() == {"marked": 1}
    unread = manager.get("/api/v1/notifications", params={"unread": "true"}).json()
    assert unread["unread"] == 1
    assert [n["id"] for n in unread["items"]] != [first]
    assert manager.post("/api/v1/notifications/read", json={}).json() == {"marked": 1}


def test_the_notifications_page_and_the_menu_badge(
    db: Database, client_as: Callable[..., TestClient]
) -> None:
    manager = client_as(Role.ESG_MANAGER)
    _remind(db, "A-7")
    badge = manager.get("/notifications/badge")
    assert ">1</span>" in badge.text
    page = manager.get("/notifications")
    assert page.status_code == 200
    assert 'href="/audits/A-7"' in page.text
    assert "Improvement plan due: A-7 (due today" in page.text
    done = manager.post("/notifications/read", data={}, follow_redirects=False)
    assert done.status_code == 303
    assert ">1</span>" not in manager.get("/notifications/badge").text


def test_an_id_no_table_can_hold_is_refused_not_a_server_error(
    db: Database, client_as: Callable[..., TestClient]
) -> None:
    manager = client_as(Role.ESG_MANAGER)
    _remind(db, "A-9")
    refused = manager.post("/api/v1/notifications/read", json={"ids": [2**63]})
    assert refused.status_code == 422
    assert "ids" in refused.text
    done = manager.post("/notifications/read", data={"id": str(2**63)}, follow_redirects=False)
    assert done.status_code == 303
    assert manager.get("/api/v1/notifications").json()["unread"] == 1


@pytest.mark.parametrize(
    ("now", "hour", "seconds"),
    [
        (datetime(2026, 3, 1, 5, 30, tzinfo=UTC), 6, 1800.0),
        (datetime(2026, 3, 1, 6, 0, tzinfo=UTC), 6, 86400.0),
        (datetime(2026, 3, 1, 23, 0, tzinfo=UTC), 6, 7 * 3600.0),
    ],
)
def test_the_in_process_jobs_wait_for_the_next_hour(
    now: datetime, hour: int, seconds: float
) -> None:
    assert jobs.seconds_until(hour, now) == seconds


def test_the_server_runs_the_daily_jobs_when_asked(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(jobs, "seconds_until", lambda hour, now: 0.0 if not ran else 3600.0)
    monkeypatch.setattr(jobs, "run_once", lambda database, settings, clock: ran.append("run"))
    settings = Settings(database_url=str(db.engine.url), jobs_in_process=True)
    with TestClient(create_app(settings, db)) as client:
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        while not ran and datetime.now(UTC) < deadline:
            client.portal.call(asyncio.sleep, 0.01)  # type: ignore[union-attr]
    assert ran == ["run"]


def test_without_the_setting_the_server_runs_no_jobs(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "seconds_until", lambda hour, now: 0.0)
    monkeypatch.setattr(jobs, "run_once", lambda database, settings, clock: pytest.fail("ran"))
    with TestClient(create_app(Settings(database_url=str(db.engine.url)), db)) as client:
        client.portal.call(asyncio.sleep, 0.05)  # type: ignore[union-attr]
