"""Report endpoints: which reports and formats exist, and a report of a year as a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from supplyesg.reports import publish
from supplyesg.reports.renderers import RENDERERS
from supplyesg.reports.words import LANGUAGES
from supplyesg.web.api.jobs import ACCEPTED, BackgroundJob, accepted
from supplyesg.web.deps import CurrentUserDep, DatabaseDep, JobQueueDep, public_url
from supplyesg.web.openapi import PROBLEM_RESPONSES
from supplyesg.worker import kinds

LangQuery = Annotated[
    str,
    Query(
        max_length=10,
        description="Language of the report",
        json_schema_extra={"enum": list(LANGUAGES)},
    ),
]

router = APIRouter(prefix="/reports", tags=["reports"], responses=PROBLEM_RESPONSES)

_FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report as a file in the format asked for",
        "content": {r.media_type.split(";")[0]: {} for r in RENDERERS.values()},
    }
}


class ReportFormat(BaseModel):
    """An output format."""

    name: str
    label: str
    media_type: str
    extension: str


class ReportKind(BaseModel):
    """A report the system publishes, and where to fetch it."""

    key: str
    title: str
    url: str


class ReportCatalogue(BaseModel):
    """The reports and the formats each can be rendered in."""

    reports: list[ReportKind]
    formats: list[ReportFormat]


@router.get("", response_model=ReportCatalogue)
def list_reports() -> ReportCatalogue:
    """The reports there are and the formats they come in."""
    return ReportCatalogue(
        reports=[
            ReportKind(key=k.key, title=k.title, url=f"/api/v1/reports/{k.key}/{{year}}")
            for k in publish.REPORT_KINDS.values()
        ],
        formats=[
            ReportFormat(name=r.name, label=r.label, media_type=r.media_type, extension=r.extension)
            for r in RENDERERS.values()
        ],
    )


@router.get("/{report}/{year}", response_class=Response, responses=_FILE_RESPONSE)
def get_report(
    request: Request,
    db: DatabaseDep,
    report: Annotated[
        str,
        Path(description="Which report", json_schema_extra={"enum": list(publish.REPORT_KINDS)}),
    ],
    year: Annotated[
        int, Path(ge=publish.MIN_YEAR, le=publish.MAX_YEAR, description="Financial year")
    ],
    format: Annotated[
        str, Query(description="Output format", json_schema_extra={"enum": list(RENDERERS)})
    ] = "pdf",
    lang: LangQuery = "en",
) -> Response:
    """A report of a financial year as HTML, PDF, XLSX, DOCX or JSON, in English or (the HKEX
    report) Traditional Chinese: `lang=zh-Hant` prints the workspace's zh-Hant texts."""
    produced = publish.report_file(db, report, year, format, public_url(request), lang)
    disposition = "inline" if format == "html" else "attachment"
    return Response(
        produced.content,
        media_type=produced.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{produced.filename}"'},
    )


@router.post(
    "/{report}/{year}/jobs", status_code=202, response_model=BackgroundJob, responses=ACCEPTED
)
def build_report_in_background(
    queue: JobQueueDep,
    user: CurrentUserDep,
    response: Response,
    report: Annotated[
        str,
        Path(description="Which report", json_schema_extra={"enum": list(publish.REPORT_KINDS)}),
    ],
    year: Annotated[int, Path(description="Financial year")],
    format: Annotated[
        str, Query(description="Output format", json_schema_extra={"enum": list(RENDERERS)})
    ] = "pdf",
    lang: LangQuery = "en",
) -> BackgroundJob:
    """Build a report of a year as a background job; its file is at the job's `file_url`."""
    job = kinds.request_report_build(
        queue, report, year, format, user.actor, user.user_id, language=lang
    )
    return accepted(job, response)
