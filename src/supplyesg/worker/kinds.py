"""What each kind of job does: a rating run, a report build; and how a worker runs any job.

A request checks its input at once (a bad quarter or format is refused before anything is
queued), records the job and hands its id to the queue. A worker starts the job, runs its
kind's work reporting progress to the database, and records the result or why it failed: a
refusal of the business rules in its own words, anything else as an unexpected failure (the
details go to the worker's log, never to the user).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from supplyesg.clock import Clock, using
from supplyesg.db.audit_trail import acting_as
from supplyesg.db.session import Database
from supplyesg.domain.background_jobs import JobKind
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem
from supplyesg.domain.periods import Quarter
from supplyesg.reports import publish, renderers
from supplyesg.reports.words import require_language
from supplyesg.services import background_jobs, rating
from supplyesg.services.background_jobs import Job, JobFile

log = logging.getLogger(__name__)

UNEXPECTED_FAILURE = (
    "The job stopped on an unexpected error ({name}); it is in the job worker's log. "
    "Ask for the job again, or tell the administrator if it fails again."
)


class Progress(Protocol):
    """Where a job's work reports how far it is."""

    def __call__(self, done: int, total: int, message: str) -> None: ...


class Submitter(Protocol):
    """Where a request hands a new job (the queue, `worker.engine.JobQueue`)."""

    def submit(
        self,
        kind: JobKind,
        parameters: Mapping[str, Any],
        created_by: str,
        created_by_user_id: int | None = None,
    ) -> Job: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a job's work came to: its result, a line saying so, and a file if it made one."""

    result: dict[str, Any]
    message: str
    file: JobFile | None = None


Work = Callable[[Database, Job, Progress, Clock], Outcome]


# -- asking for jobs ------------------------------------------------------------------------


def request_rating_run(
    queue: Submitter,
    quarter: str,
    created_by: str,
    created_by_user_id: int | None = None,
    enforce: bool = True,
) -> Job:
    """Queue the rating of a quarter (first enforcing the high-risk plan deadlines if asked)."""
    period = Quarter.parse(quarter)
    parameters = {"quarter": str(period), "enforce": enforce}
    return queue.submit(JobKind.RATING_RUN, parameters, created_by, created_by_user_id)


def request_report_build(
    queue: Submitter,
    report: str,
    year: int,
    format: str,
    created_by: str,
    created_by_user_id: int | None = None,
    language: str = "en",
) -> Job:
    """Queue the build of a report of a year in one format and language."""
    publish.report_kind(report)
    require_language(language)
    chosen = renderers.renderer(format)
    if not publish.MIN_YEAR <= year <= publish.MAX_YEAR:
        raise InvalidInputError(
            "The year is out of range.",
            [Problem("year", f"must be between {publish.MIN_YEAR} and {publish.MAX_YEAR}", year)],
        )
    parameters: dict[str, object] = {"report": report, "year": year, "format": chosen.name}
    if language != "en":
        parameters["language"] = language
    return queue.submit(JobKind.REPORT_BUILD, parameters, created_by, created_by_user_id)


# -- doing the work -------------------------------------------------------------------------


def rate_quarter(db: Database, job: Job, progress: Progress, clock: Clock) -> Outcome:
    """Enforce the plan deadlines as of the quarter's end (if asked), then rate the quarter."""
    quarter = Quarter.parse(str(job.parameters["quarter"]))
    terminated: list[rating.Termination] = []
    if job.parameters.get("enforce", True):
        as_of = min(quarter.last_day, clock.today())
        progress(0, 2, f"Enforcing the high-risk plan deadlines as of {as_of}")
        terminated = rating.enforce_plan_deadlines(db, as_of, job.created_by, clock=clock)
    progress(1, 2, f"Rating the suppliers in audit scope for {quarter}")
    run = rating.rate_quarter(db, quarter, clock=clock)
    result = {
        "quarter": str(run.quarter),
        "policy_version": run.policy_version,
        "rated": run.rated,
        "by_state": run.by_state,
        "by_score": {str(score): count for score, count in run.by_score.items()},
        "inserted": run.inserted,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "removed": run.removed,
        "terminated": [t.supplier_code for t in terminated],
    }
    return Outcome(result, f"{run.rated:,} suppliers rated for {run.quarter}")


def build_report(db: Database, job: Job, progress: Progress, clock: Clock) -> Outcome:
    """Build one format of a report of a year and keep the file with the job."""
    key, year, format = (
        str(job.parameters["report"]),
        int(job.parameters["year"]),
        str(job.parameters["format"]),
    )
    language = str(job.parameters.get("language", "en"))
    title = publish.report_kind(key).title
    progress(0, 2, f"Building the {title} of FY{year} ({format}, {language})")
    produced = publish.report_file(db, key, year, format, language=language)
    progress(1, 2, f"Storing {produced.filename}")
    result = {
        "report": key,
        "year": year,
        "format": format,
        "language": language,
        "bytes": len(produced.content),
    }
    file = JobFile(produced.content, produced.filename, produced.media_type)
    return Outcome(result, f"{title} FY{year} ({format}) built: {produced.filename}", file)


WORK: dict[JobKind, Work] = {
    JobKind.RATING_RUN: rate_quarter,
    JobKind.REPORT_BUILD: build_report,
}


def run_job(db: Database, job_id: int, clock: Clock, work: Mapping[JobKind, Work] = WORK) -> None:
    """Run a queued job to its end, recording progress, result or failure; skip it otherwise."""
    job = background_jobs.start_job(db, job_id, clock)
    if job is None:
        log.info("job %s is not queued (already run, or gone): skipped", job_id)
        return

    def progress(done: int, total: int, message: str) -> None:
        background_jobs.report_progress(db, job_id, done, total, message)

    try:
        with acting_as(job.created_by), using(clock):
            outcome = work[job.kind](db, job, progress, clock)
    except DomainError as error:
        background_jobs.fail_job(db, job_id, background_jobs.failure_text(error), clock)
    except Exception as error:
        log.exception("job %s (%s) failed", job_id, job.kind)
        message = UNEXPECTED_FAILURE.format(name=type(error).__name__)
        background_jobs.fail_job(db, job_id, message, clock)
    else:
        background_jobs.succeed_job(
            db, job_id, outcome.result, outcome.message, outcome.file, clock
        )
