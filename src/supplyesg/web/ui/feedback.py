"""Reader feedback pages: the public form a report links to, and the answers for the ESG team."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from supplyesg.db.repositories.feedback import FeedbackFilter
from supplyesg.domain.access import Action, Area, Permission
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.feedback import (
    HONEYPOT_FIELD,
    MAX_COMMENTS,
    MAX_CONTACT,
    RATING_QUESTIONS,
    RATING_WORDS,
    FeedbackLimitError,
    ReaderGroup,
)
from supplyesg.reports import publish
from supplyesg.services import feedback as service
from supplyesg.web.auth import requires
from supplyesg.web.deps import ClockDep, DatabaseDep
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.listing import FilteredList
from supplyesg.web.ui.rendering import _, render
from supplyesg.web.ui.reports import last_year

router = APIRouter()

PUBLIC_PAGE = Permission(Area.PUBLIC, Action.READ)
PUBLIC_FORM = Permission(Area.PUBLIC, Action.WRITE)
READ_ANSWERS = Permission(Area.REPORTS, Action.WRITE)
"""Answers may carry a reader's contact: those who write the reports read them, no one else."""
YEARS = range(publish.MIN_YEAR, publish.MAX_YEAR + 1)
FIELDS = ("report", "year", *RATING_QUESTIONS, "reader_group", "comments", "contact")
ANSWERS = FilteredList("/reports/feedback", "feedback/answers.html", "feedback/_answers.html")
PAGE_SIZE = 50
ReportQuery = Annotated[str, Query(max_length=40)]
YearQuery = Annotated[int | None, Query(ge=publish.MIN_YEAR, le=publish.MAX_YEAR)]


@router.get("/feedback", name="feedback")
@requires(PUBLIC_PAGE)
def feedback_page(
    request: Request, report: ReportQuery = "hkex", year: YearQuery = None
) -> Response:
    """The feedback form of a report of a year (by default the HKEX report of the last year)."""
    kind = publish.report_kind(report)
    values = {"report": kind.key, "year": str(year or last_year())}
    return _form(request, values, NO_ERRORS)


@router.post("/feedback")
@requires(PUBLIC_FORM)
def send_feedback(request: Request, db: DatabaseDep, clock: ClockDep, form: PostedForm) -> Response:
    """Take a reader's answer; a robot's (hidden field filled) is thanked for and dropped."""
    client = request.client.host if request.client else ""
    try:
        service.submit_feedback(db, form, client, publish.REPORT_KINDS, YEARS, clock)
    except FeedbackLimitError as error:
        told = _(
            "We have had several answers from your address within the hour. "
            "Please try again in %(minutes)s minutes.",
            minutes=error.retry_after_minutes,
        )
        response = _form(request, form, FormErrors(told), status_code=429)
        response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    except InvalidInputError as error:
        return _form(request, form, FormErrors.of(error, FIELDS), status_code=422)
    return render(request, "feedback/thanks.html", kind=_kind(form.get("report", "")))


def _form(
    request: Request, values: dict[str, str], errors: FormErrors, status_code: int = 200
) -> Response:
    return render(
        request,
        "feedback/form.html",
        status_code=status_code,
        values=values,
        errors=errors,
        kind=_kind(values.get("report", "")),
        questions=RATING_QUESTIONS,
        scale=list(RATING_WORDS.items()),
        groups=list(ReaderGroup),
        honeypot=HONEYPOT_FIELD,
        max_comments=MAX_COMMENTS,
        max_contact=MAX_CONTACT,
    )


def _kind(report: str) -> publish.ReportKind | None:
    return publish.REPORT_KINDS.get(report)


@router.get("/reports/feedback", name="feedback_answers")
@requires(READ_ANSWERS)
def answers_page(
    request: Request,
    db: DatabaseDep,
    report: ReportQuery = "",
    year: Annotated[str, Query(max_length=4)] = "",
    after: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """Readers' answers, newest first, by report and year; htmx asks for the table alone."""
    shown = {"report": report, "year": year}
    where = answer_filter(report, year)
    before = int(after) if after.isdigit() else None
    page = service.list_feedback(db, where, before, PAGE_SIZE)
    return ANSWERS.respond(
        request,
        shown,
        after,
        page.next_before,
        {"page": page, "export_query": ANSWERS.url(shown).removeprefix(ANSWERS.path)},
        lambda: {
            "area": "reports",
            "kinds": list(publish.REPORT_KINDS.values()),
            "years": service.answered_years(db),
        },
    )


def answer_filter(report: str, year: str) -> FeedbackFilter:
    """The list's filter from its fields, refusing a report or a year there is none of (422)."""
    if report:
        publish.report_kind(report)
    if year and not (year.isdigit() and int(year) in YEARS):
        raise InvalidInputError(
            "The year is out of range.",
            [Problem("year", f"must be between {publish.MIN_YEAR} and {publish.MAX_YEAR}", year)],
        )
    return FeedbackFilter(report or None, int(year) if year else None)
