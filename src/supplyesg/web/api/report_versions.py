"""Report version endpoints: the versions of a report of a year, the steps of review, sign-off
and publication, a published file and what changed since it was published.

Submitting needs the right to write reports; approving, sending back and publishing need the
sign-off right, and whoever submitted a version cannot approve it (four eyes, decided in
`domain/report_versions.py` by account). A refused step is a 422 naming what stands in the way.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.db.models import ReportVersionFileRow, ReportVersionRow
from supplyesg.domain.report_versions import (
    MAX_REASON,
    STEP_PERMISSION,
    FigureChange,
    Step,
    VersionState,
    is_frozen,
    steps_from,
)
from supplyesg.reports import publish, versions
from supplyesg.reports.renderers import RENDERERS
from supplyesg.services.report_versions import steps_taken
from supplyesg.web.auth import requires
from supplyesg.web.deps import ClockDep, DatabaseDep, PersonDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/reports", tags=["report versions"], responses=PROBLEM_RESPONSES)

ReportPath = Annotated[
    str, Path(description="Which report", json_schema_extra={"enum": list(publish.REPORT_KINDS)})
]
YearPath = Annotated[
    int, Path(ge=publish.MIN_YEAR, le=publish.MAX_YEAR, description="Financial year")
]
NumberPath = Annotated[int, Path(ge=1, le=100_000, description="The version's number, 1 first")]


def versions_url(report: str, year: int) -> str:
    """Where the API lists a report's versions."""
    return f"/api/v1/reports/{report}/{year}/versions"


class VersionStep(BaseModel):
    """A step taken on a version: which, by whom and when."""

    step: Step
    by: str = Field(description="Who took it, as the audit trail names them")
    at: datetime
    on: date = Field(description="The business day it was taken")


class PublishedFile(BaseModel):
    """A frozen file of a published version."""

    name: str = Field(description="File name")
    format: str
    language: str
    media_type: str
    size_bytes: int
    sha256: str = Field(description="SHA-256 of the bytes, hex; checked again on every download")
    url: str


class ReportVersion(BaseModel):
    """A numbered version of a report of a year, where it stands and who took each step."""

    id: int
    report: str
    year: int
    number: int
    state: VersionState
    steps: list[VersionStep] = Field(
        description="The steps of its latest round, oldest first (a resubmission replaces the "
        "submission; an approval is cleared when the version is sent back)"
    )
    reason: str = Field(description="Why it was last sent back to draft; empty if it never was")
    next_steps: list[Step] = Field(
        description="The steps its state allows next (the caller's role may still not allow them)"
    )
    files: list[PublishedFile] = Field(description="Its files, once published")
    url: str
    changes_url: str | None = Field(
        description="What changed in the data since it was published; null until it is"
    )

    @classmethod
    def of(cls, row: ReportVersionRow) -> ReportVersion:
        """The schema of a stored version."""
        url = f"{versions_url(row.framework, row.year)}/{row.number}"
        state = VersionState(row.state)
        return cls(
            id=row.id,
            report=row.framework,
            year=row.year,
            number=row.number,
            state=state,
            steps=[VersionStep(step=s.step, by=s.by, at=s.at, on=s.on) for s in steps_taken(row)],
            reason=row.reason,
            next_steps=steps_from(state),
            files=[_file(f, url) for f in row.files],
            url=url,
            changes_url=f"{url}/changes" if is_frozen(state) else None,
        )


def _file(file: ReportVersionFileRow, version_url: str) -> PublishedFile:
    return PublishedFile(
        name=file.filename,
        format=file.format,
        language=file.language,
        media_type=file.media_type,
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        url=f"{version_url}/files/{file.format}?language={file.language}",
    )


class Rejection(BaseModel):
    """Why the version goes back to draft."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reason: StrictStr = Field(max_length=MAX_REASON, description="Required; said to the preparer")


class ChangedFigure(BaseModel):
    """A figure whose value now differs from the published one (null: not there)."""

    figure: str = Field(description="Table / row group / row / column")
    published: str | None
    current: str | None

    @classmethod
    def of(cls, change: FigureChange) -> ChangedFigure:
        """The schema of a changed figure."""
        return cls(figure=change.figure, published=change.published, current=change.current)


class VersionChanges(BaseModel):
    """What the data says now that a published version does not."""

    version: ReportVersion
    changes: list[ChangedFigure] = Field(
        description="In the published version's order, then figures it did not have; empty when "
        "the data still says what was published"
    )


_FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The published file, byte for byte; `Repr-Digest` carries its SHA-256",
        "content": {r.media_type.split(";")[0]: {} for r in RENDERERS.values()},
    }
}


@router.get("/{report}/{year}/versions", response_model=list[ReportVersion])
def list_versions(db: DatabaseDep, report: ReportPath, year: YearPath) -> list[ReportVersion]:
    """Every version of a report of a year, newest first, with its steps and files."""
    return [ReportVersion.of(row) for row in versions.versions_of(db, report, year)]


@router.post("/{report}/{year}/versions/submit", response_model=ReportVersion)
@requires(STEP_PERMISSION[Step.SUBMIT])
def submit_version(
    db: DatabaseDep, clock: ClockDep, person: PersonDep, report: ReportPath, year: YearPath
) -> ReportVersion:
    """Submit the report, as the data now stands, for review: the draft sent back earlier, or
    a new version once every earlier one is published."""
    return ReportVersion.of(versions.submit_for_review(db, report, year, person, clock))


@router.post("/{report}/{year}/versions/approve", response_model=ReportVersion)
@requires(STEP_PERMISSION[Step.APPROVE])
def approve_version(
    db: DatabaseDep, clock: ClockDep, person: PersonDep, report: ReportPath, year: YearPath
) -> ReportVersion:
    """Sign off the version in review; refused to the account that submitted it."""
    return ReportVersion.of(versions.approve(db, report, year, person, clock))


@router.post("/{report}/{year}/versions/reject", response_model=ReportVersion)
@requires(STEP_PERMISSION[Step.REJECT])
def reject_version(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    report: ReportPath,
    year: YearPath,
    rejection: Rejection,
) -> ReportVersion:
    """Send the version in review, or approved, back to draft, saying why."""
    row = versions.reject(db, report, year, rejection.reason, person, clock)
    return ReportVersion.of(row)


@router.post("/{report}/{year}/versions/publish", response_model=ReportVersion)
@requires(STEP_PERMISSION[Step.PUBLISH])
def publish_version(
    db: DatabaseDep,
    clock: ClockDep,
    person: PersonDep,
    report: ReportPath,
    year: YearPath,
    lang: Annotated[
        list[str],
        Query(description="Publish in these languages too (zh-Hant); English is always published"),
    ] = [],  # noqa: B006 - FastAPI copies the default of a query list
) -> ReportVersion:
    """Publish the approved version: every format in English and each `lang` asked for, frozen
    with its SHA-256; refused when the figures moved since the review, or while the checklist
    of a language has open items (a text not translated yet)."""
    return ReportVersion.of(versions.publish(db, report, year, person, clock, lang))


@router.get("/{report}/{year}/versions/{number}", response_model=ReportVersion)
def get_version(
    db: DatabaseDep, report: ReportPath, year: YearPath, number: NumberPath
) -> ReportVersion:
    """One version of a report of a year."""
    return ReportVersion.of(versions.version_numbered(db, report, year, number))


@router.get(
    "/{report}/{year}/versions/{number}/files/{format}",
    response_class=Response,
    responses=_FILE_RESPONSE,
)
def download_version_file(
    db: DatabaseDep,
    report: ReportPath,
    year: YearPath,
    number: NumberPath,
    format: Annotated[
        str, Path(description="File format", json_schema_extra={"enum": list(RENDERERS)})
    ],
    language: Annotated[
        str, Query(max_length=10, description="Language of the file", examples=["en"])
    ] = "en",
    lang: Annotated[
        str | None,
        Query(max_length=10, description="Language of the file (same as `language`)"),
    ] = None,
) -> Response:
    """A file of a published version, after its bytes are checked against their SHA-256."""
    stored = versions.published_file(db, report, year, number, format, lang or language)
    return Response(
        stored.content,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{stored.filename}"',
            "Repr-Digest": f"sha-256=:{_base64(stored.sha256)}:",
        },
    )


@router.get("/{report}/{year}/versions/{number}/changes", response_model=VersionChanges)
def changes_since_publication(
    db: DatabaseDep, report: ReportPath, year: YearPath, number: NumberPath
) -> VersionChanges:
    """What changed since a version was published: each figure with the published value and
    the value the data gives now."""
    row, changes = versions.changes_in(db, report, year, number)
    return VersionChanges(
        version=ReportVersion.of(row), changes=[ChangedFigure.of(c) for c in changes]
    )


def _base64(hex_digest: str) -> str:
    """A hex digest as RFC 9530 writes it (base64 of the bytes)."""
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
