"""Jobs as records: the states a job passes through and what each step records."""

from datetime import UTC, datetime

import pytest

from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.background_jobs import JobKind, JobState, Progress
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem
from supplyesg.services import background_jobs as jobs
from supplyesg.services.background_jobs import JobFile

QUEUED_AT = FixedClock(datetime(2026, 7, 1, 9, tzinfo=UTC))
STARTED_AT = FixedClock(datetime(2026, 7, 1, 9, 1, tzinfo=UTC))
FINISHED_AT = FixedClock(datetime(2026, 7, 1, 9, 5, tzinfo=UTC))


def queued(db: Database) -> int:
    return jobs.create_job(
        db, JobKind.REPORT_BUILD, {"report": "hkex"}, "esg@example.com", None, QUEUED_AT
    ).id


def test_a_new_job_is_queued_with_nothing_done(db: Database) -> None:
    job = jobs.job(db, queued(db))
    assert (job.state, job.progress, job.created_by, job.created_at, job.started_at) == (
        JobState.QUEUED,
        Progress(0, 0),
        "esg@example.com",
        QUEUED_AT.instant,
        None,
    )


def test_a_job_starts_once_even_if_the_queue_delivers_it_twice(db: Database) -> None:
    job_id = queued(db)
    first = jobs.start_job(db, job_id, STARTED_AT)
    assert first is not None
    assert (first.state, first.started_at) == (JobState.RUNNING, STARTED_AT.instant)
    assert jobs.start_job(db, job_id, FINISHED_AT) is None
    assert jobs.start_job(db, 999_999, FINISHED_AT) is None


def test_progress_and_result_are_recorded_with_the_file(db: Database) -> None:
    job_id = queued(db)
    jobs.start_job(db, job_id, STARTED_AT)
    jobs.report_progress(db, job_id, 1, 2, "Rendering")
    assert (jobs.job(db, job_id).progress, jobs.job(db, job_id).message) == (
        Progress(1, 2),
        "Rendering",
    )
    file = JobFile(b"%PDF-1.7", "report.pdf", "application/pdf")
    done = jobs.succeed_job(db, job_id, {"bytes": 8}, "Built", file, FINISHED_AT)
    assert (done.state, done.progress, done.result, done.finished_at, done.file_name) == (
        JobState.SUCCEEDED,
        Progress(2, 2),
        {"bytes": 8},
        FINISHED_AT.instant,
        "report.pdf",
    )
    assert jobs.job_file(db, job_id) == file


def test_a_failed_job_keeps_the_reason_and_no_file(db: Database) -> None:
    job_id = queued(db)
    jobs.start_job(db, job_id, STARTED_AT)
    error = InvalidInputError("Not a quarter.", [Problem("quarter", "must look like 2026Q2", "x")])
    failed = jobs.fail_job(db, job_id, jobs.failure_text(error), FINISHED_AT)
    assert (failed.state, failed.error) == (
        JobState.FAILED,
        "Not a quarter.\n- quarter: must look like 2026Q2 (value: 'x')",
    )
    with pytest.raises(NotFoundError, match="has no file"):
        jobs.job_file(db, job_id)


def test_progress_of_a_job_that_is_not_running_is_ignored(db: Database) -> None:
    job_id = queued(db)
    jobs.report_progress(db, job_id, 1, 2, "Rendering")
    assert jobs.job(db, job_id).progress == Progress(0, 0)


def test_an_unknown_job_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError, match="There is no job 999999"):
        jobs.job(db, 999_999)


def test_the_latest_jobs_of_some_kinds_come_newest_first(db: Database) -> None:
    first, second = queued(db), queued(db)
    rating = jobs.create_job(db, JobKind.RATING_RUN, {}, "esg@example.com", None, QUEUED_AT).id
    assert [j.id for j in jobs.latest_jobs(db, [JobKind.REPORT_BUILD])][:2] == [second, first]
    assert rating not in [j.id for j in jobs.latest_jobs(db, [JobKind.REPORT_BUILD])]
