"""Jobs through the real queue engine: Huey on SQLite, on Redis, and in immediate mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from job_helpers import (
    REDIS_URL,
    finished,
    redis_is_up,
    running_workers,
    shared_database,
    unique_queue_name,
)
from supplyesg.clock import FixedClock
from supplyesg.config import Settings
from supplyesg.db.session import Database
from supplyesg.domain.background_jobs import JobKind, JobState, Progress
from supplyesg.domain.errors import InvalidInputError
from supplyesg.services import background_jobs
from supplyesg.worker import engine, kinds
from supplyesg.worker.engine import JobQueue

AFTER_Q1 = FixedClock.on(date(2026, 4, 15))
IN_Q1 = FixedClock.on(date(2026, 3, 15))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = shared_database(tmp_path_factory.mktemp("jobs"))
    yield database
    database.engine.dispose()


@pytest.fixture
def sqlite_queue(database: Database, tmp_path: Path) -> JobQueue:
    huey = SqliteHuey(unique_queue_name(), filename=str(tmp_path / "queue.db"), results=False)
    return JobQueue(huey, database, AFTER_Q1)


@pytest.fixture
def redis_queue(database: Database) -> Iterator[JobQueue]:
    if not redis_is_up():
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    queue = JobQueue(RedisHuey(unique_queue_name(), url=REDIS_URL, results=False), database)
    queue.clock = AFTER_Q1
    queue.flush()
    yield queue
    queue.flush()


def assert_rated(database: Database, job_id: int) -> None:
    job = finished(database, job_id)
    assert job.state is JobState.SUCCEEDED, job.error
    assert job.progress == Progress(2, 2)
    assert job.result is not None
    assert (job.result["quarter"], job.result["rated"]) == ("2026Q1", 2)
    assert job.message == "2 suppliers rated for 2026Q1"
    assert job.started_at == job.finished_at == AFTER_Q1.instant


def test_a_rating_run_goes_through_huey_on_sqlite(sqlite_queue: JobQueue) -> None:
    job = kinds.request_rating_run(sqlite_queue, "2026Q1", "esg@example.com")
    assert (job.state, sqlite_queue.pending()) == (JobState.QUEUED, 1)
    with running_workers(sqlite_queue):
        assert_rated(sqlite_queue.database, job.id)
    assert sqlite_queue.pending() == 0


def test_a_rating_run_goes_through_huey_on_redis(redis_queue: JobQueue) -> None:
    job = kinds.request_rating_run(redis_queue, "2026Q1", "esg@example.com")
    assert redis_queue.pending() == 1
    with running_workers(redis_queue):
        assert_rated(redis_queue.database, job.id)
    assert redis_queue.pending() == 0


def test_a_report_build_on_redis_keeps_the_file(redis_queue: JobQueue) -> None:
    job = kinds.request_report_build(redis_queue, "supply-chain", 2026, "json", "esg@example.com")
    with running_workers(redis_queue):
        done = finished(redis_queue.database, job.id)
    assert done.state is JobState.SUCCEEDED, done.error
    file = background_jobs.job_file(redis_queue.database, job.id)
    assert (file.file_name, file.media_type.split(";")[0]) == (
        "supply-chain-esg-report-2026.json",
        "application/json",
    )
    assert done.result == {
        "report": "supply-chain",
        "year": 2026,
        "format": "json",
        "language": "en",
        "bytes": len(file.content),
    }


def test_in_immediate_mode_the_job_has_run_when_it_is_submitted(database: Database) -> None:
    queue = JobQueue(engine.huey_for(engine.IMMEDIATE, unique_queue_name()), database, AFTER_Q1)
    job = kinds.request_rating_run(queue, "2026Q1", "esg@example.com")
    assert queue.is_immediate
    assert (job.state, job.progress, job.result and job.result["rated"]) == (
        JobState.SUCCEEDED,
        Progress(2, 2),
        2,
    )


def test_a_refused_job_fails_with_the_reason_in_words(database: Database) -> None:
    queue = JobQueue(engine.huey_for(engine.IMMEDIATE, unique_queue_name()), database, IN_Q1)
    job = kinds.request_rating_run(queue, "2026Q1", "esg@example.com")
    assert job.state is JobState.FAILED
    assert job.error == (
        "2026Q1 has not ended yet; it can be rated from 2026-04-01.\n"
        "- quarter: ends on 2026-03-31 (value: '2026Q1')"
    )


def test_an_unexpected_error_fails_the_job_without_a_traceback(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    job = background_jobs.create_job(database, JobKind.RATING_RUN, {}, "esg@example.com")

    def broken(*_: object) -> kinds.Outcome:
        raise KeyError("quarter")

    kinds.run_job(database, job.id, AFTER_Q1, {JobKind.RATING_RUN: broken})
    failed = background_jobs.job(database, job.id)
    assert failed.state is JobState.FAILED
    assert failed.error is not None
    assert failed.error.startswith("The job stopped on an unexpected error (KeyError)")
    assert "Traceback" not in failed.error
    assert "Traceback" in caplog.text


def test_bad_input_is_refused_before_anything_is_queued(sqlite_queue: JobQueue) -> None:
    with pytest.raises(InvalidInputError, match="Not a quarter"):
        kinds.request_rating_run(sqlite_queue, "2026-13", "esg@example.com")
    with pytest.raises(InvalidInputError, match="no report format 'gif'"):
        kinds.request_report_build(sqlite_queue, "hkex", 2025, "gif", "esg@example.com")
    with pytest.raises(InvalidInputError, match="There is no report 'annual'"):
        kinds.request_report_build(sqlite_queue, "annual", 2025, "pdf", "esg@example.com")
    assert sqlite_queue.pending() == 0


def test_a_job_queued_before_a_restart_runs_on_the_workers_started_after(
    database: Database, tmp_path: Path
) -> None:
    name, queue_file = unique_queue_name(), str(tmp_path / "queue.db")
    before = JobQueue(SqliteHuey(name, filename=queue_file, results=False), database, AFTER_Q1)
    job = kinds.request_rating_run(before, "2026Q1", "esg@example.com")
    before.database.engine.dispose()
    restarted = Database.from_url(str(database.engine.url))
    assert background_jobs.job(restarted, job.id).state is JobState.QUEUED
    after = JobQueue(SqliteHuey(name, filename=queue_file, results=False), restarted, AFTER_Q1)
    with running_workers(after):
        assert_rated(restarted, job.id)


def test_an_unreachable_queue_refuses_the_job_and_records_why(database: Database) -> None:
    unreachable = RedisHuey(unique_queue_name(), url="redis://127.0.0.1:1/0", results=False)
    queue = JobQueue(unreachable, database, AFTER_Q1)
    with pytest.raises(engine.QueueUnavailableError, match="cannot be reached"):
        kinds.request_rating_run(queue, "2026Q1", "esg@example.com")
    latest = background_jobs.latest_jobs(database, [JobKind.RATING_RUN], 1)[0]
    assert (latest.state, latest.error) == (JobState.FAILED, engine.QUEUE_DOWN)


@pytest.mark.parametrize(
    ("settings", "store"),
    [
        (Settings(database_url="sqlite:////srv/esg/app.db"), "sqlite:////srv/esg/app-queue.db"),
        (Settings(database_url="sqlite:////srv/app.db", queue_url=REDIS_URL), REDIS_URL),
        (Settings(queue_url="immediate"), "immediate"),
    ],
)
def test_the_queue_store_comes_from_the_settings(settings: Settings, store: str) -> None:
    assert engine.queue_url(settings) == store


def test_an_unknown_queue_store_is_refused_naming_the_setting() -> None:
    with pytest.raises(InvalidInputError) as refused:
        engine.huey_for("amqp://127.0.0.1", "supplyesg")
    assert refused.value.problems[0].field == "queue_url"
