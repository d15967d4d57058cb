"""Background job endpoints: how a job stands, and the file a finished job made.

A rating run (`POST /ratings/{quarter}/jobs`) or a report build
(`POST /reports/{report}/{year}/jobs`) answers 202 with the job's address in `Location`;
the caller follows it here until the job is finished.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from supplyesg.domain.background_jobs import FOLLOW_JOBS, KIND_TITLES, JobKind, JobState
from supplyesg.services import background_jobs as service
from supplyesg.services.background_jobs import Job
from supplyesg.web.api.types import RecordId
from supplyesg.web.auth import requires
from supplyesg.web.deps import CurrentUserDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=PROBLEM_RESPONSES)


def job_url(job_id: int) -> str:
    """Where the API tells how a job stands."""
    return f"/api/v1/jobs/{job_id}"


class JobProgress(BaseModel):
    """How far a job is: `done` of `total` steps (total 0 until the job knows it)."""

    done: int
    total: int
    percent: int | None = Field(description="Whole percent done; null while the total is unknown")


class BackgroundJob(BaseModel):
    """A background job: what it does, where it is, and what came of it."""

    id: int
    kind: JobKind
    title: str
    state: JobState
    finished: bool = Field(
        description="Succeeded or failed: nothing about the job changes any more"
    )
    parameters: dict[str, Any]
    progress: JobProgress
    message: str = Field(description="What the job is doing, or what it came to")
    result: dict[str, Any] | None = Field(description="What the job did, once it succeeded")
    file_url: str | None = Field(description="The file the job made, once it succeeded")
    error: str | None = Field(description="Why the job failed, in words for its reader")
    url: str
    page_url: str = Field(description="The job's page in the browser")
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> BackgroundJob:
        """The schema of a job."""
        return cls(
            id=job.id,
            kind=job.kind,
            title=KIND_TITLES[job.kind],
            state=job.state,
            finished=job.is_finished,
            parameters=dict(job.parameters),
            progress=JobProgress(
                done=job.progress.done, total=job.progress.total, percent=job.progress.percent
            ),
            message=job.message,
            result=dict(job.result) if job.result is not None else None,
            file_url=f"{job_url(job.id)}/file" if job.has_file else None,
            error=job.error,
            url=job_url(job.id),
            page_url=f"/jobs/{job.id}",
            created_by=job.created_by,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "The job is queued (or, with no queue, already done); follow `Location`",
        "headers": {"Location": {"description": "The job: /api/v1/jobs/{id}"}},
    }
}


def accepted(job: Job, response: Response) -> BackgroundJob:
    """The answer to a request that started a job: the job, and its address in `Location`."""
    response.headers["Location"] = job_url(job.id)
    return BackgroundJob.of(job)


@router.get("/{job_id}", response_model=BackgroundJob)
@requires(FOLLOW_JOBS)
def get_job(job_id: RecordId, db: DatabaseDep, user: CurrentUserDep) -> BackgroundJob:
    """How a job stands: its state, progress, and its result, file or error once finished.

    Seen by whoever started it and by those who may start a job of its kind."""
    return BackgroundJob.of(service.followed_job(db, job_id, user))


@router.get("/{job_id}/file", response_class=Response)
@requires(FOLLOW_JOBS)
def get_job_file(job_id: RecordId, db: DatabaseDep, user: CurrentUserDep) -> Response:
    """The file a finished job made (a report build's report)."""
    file = service.followed_job_file(db, job_id, user)
    disposition = "inline" if file.media_type.startswith("text/html") else "attachment"
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{file.file_name}"'},
    )
