"""Readers' answers to the reports' feedback form, for the ESG team: a page at a time, or as a
CSV or XLSX file. Answers may hold a reader's contact, so reading them needs the right to
write reports (ESG managers and administrators)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from supplyesg.db.models import ReaderFeedbackRow
from supplyesg.db.repositories.feedback import FeedbackFilter
from supplyesg.domain.access import Action, Area, Permission
from supplyesg.reports import publish
from supplyesg.services import feedback as service
from supplyesg.services import tabular
from supplyesg.web.api.conduct import MEDIA_TYPES
from supplyesg.web.api.types import MAX_RECORD_ID
from supplyesg.web.auth import requires
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/feedback", tags=["reader feedback"], responses=PROBLEM_RESPONSES)

READ_ANSWERS = Permission(Area.REPORTS, Action.WRITE)
ReportQuery = Annotated[
    str | None, Query(max_length=40, description="Only answers about this report (hkex, ...)")
]
YearQuery = Annotated[
    int | None,
    Query(ge=publish.MIN_YEAR, le=publish.MAX_YEAR, description="Only answers about this year"),
]


class FeedbackAnswer(BaseModel):
    """One reader's answer: ratings from 1 (very low) to 5 (very high), group, comments."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    report: str
    year: int
    clarity: int
    completeness: int
    usefulness: int
    reader_group: str
    comments: str
    contact: str
    answered_at: datetime
    answered_on: date


class FeedbackPage(BaseModel):
    """Answers, newest first, how many match, and the address of the next (older) page."""

    items: list[FeedbackAnswer]
    matching: int
    next: str | None


def _filter(report: str | None, year: int | None) -> FeedbackFilter:
    if report is not None:
        publish.report_kind(report)  # a report there is none of is a 422 naming it
    return FeedbackFilter(report, year)


@router.get("", response_model=FeedbackPage)
@requires(READ_ANSWERS)
def list_feedback(
    request: Request,
    db: DatabaseDep,
    report: ReportQuery = None,
    year: YearQuery = None,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_RECORD_ID, description="Continue before this id")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FeedbackPage:
    """Readers' answers, newest first, by report and year."""
    page = service.list_feedback(db, _filter(report, year), before, limit)
    next_url = (
        str(request.url.include_query_params(before=page.next_before)) if page.next_before else None
    )
    return FeedbackPage(
        items=[_answer(row) for row in page.items], matching=page.matching, next=next_url
    )


def _answer(row: ReaderFeedbackRow) -> FeedbackAnswer:
    return FeedbackAnswer.model_validate(row)


@router.get("/export.{fmt}", response_class=Response)
@requires(READ_ANSWERS)
def export_feedback(
    fmt: str, db: DatabaseDep, report: ReportQuery = None, year: YearQuery = None
) -> Response:
    """The answers as a sheet (fmt: csv or xlsx), oldest first; cells that a spreadsheet
    would run as formulas are written with a leading apostrophe."""
    fmt = tabular.format_of(f"feedback.{fmt}")
    buffer = io.BytesIO()
    service.export_feedback(db, _filter(report, year), buffer, fmt)
    stem = "-".join(str(part) for part in ("reader-feedback", report, year) if part)
    return Response(
        buffer.getvalue(),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
    )
