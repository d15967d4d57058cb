"""A background job's page: how far it is (refreshed by htmx until it ends) and its result.

The API's `page_url` of a job points here. The page asks for its status fragment every
second while the job runs; the fragment of a finished job no longer asks, so polling stops.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.domain.background_jobs import FOLLOW_JOBS, KIND_TITLES
from supplyesg.services import background_jobs as service
from supplyesg.web.auth import requires
from supplyesg.web.deps import CurrentUserDep, DatabaseDep
from supplyesg.web.ui.rendering import render

router = APIRouter(prefix="/jobs")


@router.get("/{job_id}", name="job_page")
@requires(FOLLOW_JOBS)
def job_page(request: Request, db: DatabaseDep, user: CurrentUserDep, job_id: int) -> Response:
    """The job's page, or (asked by htmx) only its status, which polls while the job runs."""
    job = service.followed_job(db, job_id, user)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, job=job, title=KIND_TITLES[job.kind])


@router.get("/{job_id}/file", name="job_file")
@requires(FOLLOW_JOBS)
def job_file(db: DatabaseDep, user: CurrentUserDep, job_id: int) -> Response:
    """The file the finished job made, as a download."""
    file = service.followed_job_file(db, job_id, user)
    disposition = "inline" if file.media_type.startswith("text/html") else "attachment"
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{file.file_name}"'},
    )
