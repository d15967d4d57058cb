"""Background jobs as records: queue one, start it, report its progress, finish or fail it.

Every step is its own short transaction on the application database, so progress shows at
once to any web worker, and the job's long work (which owns its own transactions) never holds
the job's row. Instants come from the clock the caller passes; nothing here knows the queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import JobRow
from supplyesg.db.repositories import background_jobs as repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal
from supplyesg.domain.background_jobs import (
    JobKind,
    JobState,
    Progress,
    can_start,
    is_finished,
    may_follow,
)
from supplyesg.domain.errors import DomainError, NotFoundError, Problem

MAX_MESSAGE = 300
MAX_LISTED = 100


@dataclass(frozen=True, slots=True)
class Job:
    """A job as it stands: its work, state, progress and what came of it."""

    id: int
    kind: JobKind
    state: JobState
    parameters: Mapping[str, Any]
    progress: Progress
    message: str
    result: Mapping[str, Any] | None
    file_name: str | None
    error: str | None
    created_by: str
    created_by_user_id: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def is_finished(self) -> bool:
        """Whether the job has ended, one way or the other."""
        return is_finished(self.state)

    @property
    def has_file(self) -> bool:
        """Whether the job made a file to download."""
        return self.file_name is not None


@dataclass(frozen=True, slots=True)
class JobFile:
    """A file a job made: its bytes, its name and its media type."""

    content: bytes
    file_name: str
    media_type: str


def create_job(
    db: Database,
    kind: JobKind,
    parameters: Mapping[str, Any],
    created_by: str,
    created_by_user_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Job:
    """Record a queued job (the caller then hands its id to the queue)."""
    row = JobRow(
        kind=kind.value,
        state=JobState.QUEUED.value,
        parameters=dict(parameters),
        progress_done=0,
        progress_total=0,
        message="Waiting for a job worker",
        created_by=created_by[:254],
        created_by_user_id=created_by_user_id,
        created_at=clock.now(),
    )
    with db.transaction() as session:
        session.add(row)
        session.flush()
        return _job(row)


def start_job(db: Database, job_id: int, clock: Clock = SYSTEM_CLOCK) -> Job | None:
    """Mark a queued job running; None if it is not queued (already started or gone)."""
    with db.transaction() as session:
        row = repo.locked_job(session, job_id)
        if row is None or not can_start(JobState(row.state)):
            return None
        row.state, row.started_at, row.message = JobState.RUNNING.value, clock.now(), "Started"
        return _job(row)


def report_progress(db: Database, job_id: int, done: int, total: int, message: str = "") -> None:
    """Record how far a running job is: `done` of `total` steps or rows, and what it is doing."""
    progress = Progress.of(done, total)
    with db.transaction() as session:
        row = _require(session, job_id)
        if JobState(row.state) is not JobState.RUNNING:
            return
        row.progress_done, row.progress_total = progress.done, progress.total
        if message:
            row.message = message[:MAX_MESSAGE]


def succeed_job(
    db: Database,
    job_id: int,
    result: Mapping[str, Any],
    message: str,
    file: JobFile | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Job:
    """Record that a job did its work, with its result (and the file it made, if any)."""
    with db.transaction() as session:
        row = _require(session, job_id)
        row.state, row.finished_at = JobState.SUCCEEDED.value, clock.now()
        row.result, row.message = dict(result), message[:MAX_MESSAGE]
        row.progress_done = max(row.progress_done, row.progress_total)
        if file is not None:
            row.file_name, row.file_media_type = file.file_name, file.media_type
            row.file_content = file.content
        return _job(row)


def fail_job(db: Database, job_id: int, error: str, clock: Clock = SYSTEM_CLOCK) -> Job:
    """Record that a job failed, and why, in words for the person who asked for it."""
    with db.transaction() as session:
        row = _require(session, job_id)
        row.state, row.finished_at = JobState.FAILED.value, clock.now()
        row.error, row.message = error, "Failed"
        return _job(row)


def failure_text(error: DomainError) -> str:
    """What a refused job tells its reader: the refusal and each of its problems."""
    return "\n".join([error.detail, *(f"- {problem}" for problem in error.problems)])


def job(db: Database, job_id: int) -> Job:
    """The job with this id, or a refusal saying there is none."""
    with db.transaction() as session:
        return _job(_require(session, job_id))


def job_file(db: Database, job_id: int) -> JobFile:
    """The file a job made, or a refusal if it made none (yet)."""
    with db.transaction() as session:
        row = repo.job_with_file(session, job_id)
        if row is None:
            raise _not_found(job_id)
        if row.file_content is None or row.file_name is None:
            raise NotFoundError(
                f"Job {job_id} has no file.",
                [Problem("job", f"is {row.state} and made no file", job_id)],
            )
        return JobFile(row.file_content, row.file_name, row.file_media_type or "")


def followed_job(db: Database, job_id: int, who: Principal) -> Job:
    """The job, for someone who may follow it; to anyone else there is no such job."""
    found = job(db, job_id)
    if not may_follow(found.kind, found.created_by_user_id, who):
        raise _not_found(job_id)
    return found


def followed_job_file(db: Database, job_id: int, who: Principal) -> JobFile:
    """The file a job made, for someone who may follow the job."""
    followed_job(db, job_id, who)
    return job_file(db, job_id)


def latest_jobs(db: Database, kinds: Iterable[JobKind], limit: int = 20) -> list[Job]:
    """The latest jobs of these kinds, newest first."""
    limit = max(1, min(limit, MAX_LISTED))
    with db.transaction() as session:
        return [_job(row) for row in repo.latest(session, [k.value for k in kinds], limit)]


def _require(session: Session, job_id: int) -> JobRow:
    row = repo.job(session, job_id)
    if row is None:
        raise _not_found(job_id)
    return row


def _not_found(job_id: int) -> NotFoundError:
    return NotFoundError(f"There is no job {job_id}.", [Problem("job", "not found", job_id)])


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        kind=JobKind(row.kind),
        state=JobState(row.state),
        parameters=dict(row.parameters),
        progress=Progress.of(row.progress_done, row.progress_total),
        message=row.message,
        result=dict(row.result) if row.result is not None else None,
        file_name=row.file_name,
        error=row.error,
        created_by=row.created_by,
        created_by_user_id=row.created_by_user_id,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
