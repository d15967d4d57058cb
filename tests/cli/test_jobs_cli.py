"""`supplyesg jobs daily`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from huey import SqliteHuey
from typer.testing import CliRunner

from job_helpers import running_workers, shared_database, unique_queue_name
from programme_builders import HIGH, audited, supplier
from supplyesg.cli import app
from supplyesg.cli import jobs as jobs_cli
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.access import Role
from supplyesg.services import accounts, reminders, suppliers
from supplyesg.services.accounts import NewUser
from supplyesg.worker.engine import JobQueue

runner = CliRunner()
TODAY = datetime.now(UTC).date().isoformat()


@pytest.fixture(autouse=True)
def use_test_database(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs_cli, "database", lambda: db)


def test_the_daily_run_notifies_and_says_what_it_did(db: Database) -> None:
    supplier(db, "SUP-9")  # never audited since 2024-01-01: its audits fell due 90 days later
    manager = accounts.create_user(db, NewUser("ana@example.com", "Ana", Role.ESG_MANAGER))
    done = runner.invoke(app, ["jobs", "daily", "--day", TODAY])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[-1] == (
        f"{TODAY}: 2 deadlines, 2 new notifications, no digest e-mailed (no SMTP server "
        "configured)."
    )
    titles = sorted(n.title for n in reminders.inbox(db, manager.id))
    late = f"overdue by {(date.fromisoformat(TODAY) - date(2024, 3, 31)).days} days, 2024-03-31"
    assert titles == [
        f"Audit due: SUP-9 SUP-9 Co., Ltd.: annual audit ({late})",
        f"On-site audit due: SUP-9 SUP-9 Co., Ltd.: on site audit ({late})",
    ]
    again = runner.invoke(app, ["jobs", "daily", "--day", TODAY])
    assert "2 deadlines, 0 new notifications" in again.stdout


def test_a_bad_day_is_refused() -> None:
    done = runner.invoke(app, ["jobs", "daily", "--day", "21/11/2026"])
    assert done.exit_code == 2
    assert "give the day as YYYY-MM-DD" in done.output


def test_the_daily_run_catches_up_on_the_deadlines_of_every_day_it_missed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)  # plan due 2026-06-15
    buyer = accounts.create_user(db, NewUser("bo@example.com", "Bo", Role.PROCUREMENT))

    def run_on(day: date) -> str:
        monkeypatch.setattr(jobs_cli, "clock", lambda: FixedClock.on(day))
        done = runner.invoke(app, ["jobs", "daily"])
        assert done.exit_code == 0, done.output
        return done.stdout

    first = run_on(date(2026, 6, 12))
    assert first.startswith(
        "Plan deadlines enforced as of 2026-06-12: the orders of 0 suppliers terminated.\n"
    )
    assert suppliers.get_supplier(db, "HIGH").status == "active"
    later = run_on(date(2026, 6, 19))  # no run for a week
    assert later.splitlines()[:2] == [
        "Plan deadlines enforced as of 2026-06-13 to 2026-06-19 (7 days): the orders of 1 "
        "supplier terminated.",
        "  HIGH: from 2026-06-16, high-risk audit H-1 of 2026-03-15: a plan covering all 2 "
        "non-conformities was not accepted by the deadline of 2026-06-15; orders terminated "
        "(manual section 9)",
    ]
    [change] = [c for c in suppliers.status_history(db, "HIGH") if c.to_status == "terminated"]
    assert change.effective_on == date(2026, 6, 16)
    again = run_on(date(2026, 6, 19))
    assert again.startswith("Plan deadlines: already enforced up to this day.")
    assert [n.kind for n in reminders.inbox(db, buyer.id)] == ["termination"]


def test_a_day_to_come_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs_cli, "clock", lambda: FixedClock.on(date(2026, 6, 12)))
    done = runner.invoke(app, ["jobs", "daily", "--day", "2026-06-13"])
    assert done.exit_code == 1
    assert "Deadlines are enforced up to today" in done.output


def test_a_background_job_is_shown_with_its_state_and_result(db: Database) -> None:
    from supplyesg.domain.background_jobs import JobKind
    from supplyesg.services import background_jobs

    job = background_jobs.create_job(db, JobKind.REPORT_BUILD, {"year": 2026}, "esg@example.com")
    background_jobs.succeed_job(db, job.id, {"bytes": 12}, "Report built")
    shown = runner.invoke(app, ["jobs", "show", str(job.id)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines() == [
        f"Job {job.id}: Report build {{'year': 2026}}, succeeded (0 done), asked by "
        "esg@example.com",
        "Report built",
        "  bytes: 12",
    ]
    missing = runner.invoke(app, ["jobs", "show", "999999"])
    assert missing.exit_code == 1
    assert "There is no job 999999." in missing.output


def test_the_worker_refuses_an_immediate_queue_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPPLYESG_QUEUE_URL", "immediate")
    from supplyesg.config import get_settings

    get_settings.cache_clear()
    try:
        refused = runner.invoke(app, ["worker", "--workers", "2"])
    finally:
        monkeypatch.delenv("SUPPLYESG_QUEUE_URL")
        get_settings.cache_clear()
    assert refused.exit_code == 2
    assert "SUPPLYESG_QUEUE_URL" in refused.output
    assert "no queue to work" in refused.output


@pytest.fixture
def job_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[JobQueue]:
    """A SQLite job queue over a database of its own, which the job commands use."""
    database = shared_database(tmp_path)
    huey = SqliteHuey(unique_queue_name(), filename=str(tmp_path / "queue.db"), results=False)
    queue = JobQueue(huey, database, FixedClock.on(date(2026, 4, 15)))
    monkeypatch.setattr(jobs_cli, "database", lambda: database)
    monkeypatch.setattr(jobs_cli, "_queue", lambda: queue)
    yield queue
    database.engine.dispose()


def test_a_rating_job_waited_for_shows_its_progress_then_its_result(job_queue: JobQueue) -> None:
    with running_workers(job_queue):
        done = runner.invoke(app, ["jobs", "rate", "2026Q1", "--wait"])
    assert done.exit_code == 0, done.output
    assert "Job 1: Rating run {'quarter': '2026Q1', 'enforce': True}, succeeded (2 of 2 done)" in (
        done.stdout
    )
    assert "2 suppliers rated for 2026Q1" in done.stdout
    assert "  rated: 2" in done.stdout.splitlines()


def test_a_report_job_waited_for_writes_its_file(job_queue: JobQueue, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    with running_workers(job_queue):
        done = runner.invoke(
            app,
            [
                "jobs",
                "report",
                "supply-chain",
                "2026",
                "--format",
                "json",
                "--wait",
                "--output",
                str(target),
            ],
        )
    assert done.exit_code == 0, done.output
    assert "built: supply-chain-esg-report-2026.json" in done.stdout
    assert f"Wrote {target}." in done.stdout
    assert target.stat().st_size > 0


def test_a_job_not_waited_for_says_how_to_follow_it(job_queue: JobQueue) -> None:
    queued = runner.invoke(app, ["jobs", "rate", "2026Q1"])
    assert queued.exit_code == 0, queued.output
    assert queued.stdout.strip() == "Job 1 queued; follow it with: supplyesg jobs show 1"
    refused = runner.invoke(app, ["jobs", "report", "annual", "2026"])
    assert refused.exit_code == 1
    assert "There is no report 'annual'" in refused.output
