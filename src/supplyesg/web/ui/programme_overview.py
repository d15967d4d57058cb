"""The programme at a glance: the overview with its charts, the audit calendar, one supplier."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.plans import DeadlineState
from supplyesg.domain.programme import AuditKind
from supplyesg.services import audit_programme, programme_views
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors
from supplyesg.web.ui.programme_forms import parse_day
from supplyesg.web.ui.rendering import render

router = APIRouter(prefix="/programme")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@router.get("", name="programme")
def overview(request: Request, db: DatabaseDep, as_of: str = "") -> Response:
    """Risk distribution, score trend, plan deadlines and audits due, as of a day (today)."""
    day, problems = parse_day("as_of", as_of, required=False)
    if problems:
        raise InvalidInputError("The day cannot be read.", problems)
    data = programme_views.programme_overview(db, day or today())
    return render(request, "programme/overview.html", area="programme", data=data)


@router.get("/plan-deadlines", name="plan_deadlines")
def plan_deadlines(request: Request, db: DatabaseDep, as_of: str = "") -> Response:
    """Every plan deadline of suppliers' latest audits, missed first, as of a day (today)."""
    day, problems = parse_day("as_of", as_of, required=False)
    if problems:
        raise InvalidInputError("The day cannot be read.", problems)
    day = day or today()
    lines = programme_views.plan_deadlines(db, day)
    missed = [line for line in lines if line.deadline.state is DeadlineState.MISSED]
    pending = [line for line in lines if line.deadline.state is DeadlineState.PENDING]
    return render(
        request,
        "programme/deadlines.html",
        area="programme",
        as_of=day,
        lines=missed + pending,
        missed=len(missed),
        pending=len(pending),
    )


@router.get("/calendar", name="audit_calendar")
def calendar(request: Request, db: DatabaseDep, year: str = "", as_of: str = "") -> Response:
    """The audit programme of a year, month by month, as of a day (today unless told)."""
    problems = []
    day, found = parse_day("as_of", as_of, required=False)
    problems += found
    day = day or today()
    wanted = int(year) if year.isascii() and year.isdecimal() and len(year) == 4 else None
    if year and wanted is None:
        problems.append(Problem("year", "must be a year such as 2026", year))
    wanted = wanted or day.year
    errors = NO_ERRORS
    try:
        if problems:
            raise InvalidInputError("No programme can be drawn up for these dates.", problems)
        programme = audit_programme.programme_of_year(db, wanted, day)
    except InvalidInputError as error:
        errors = FormErrors.of(error, ("year", "as_of"))
        programme = None
    return render(
        request,
        "programme/calendar.html",
        status_code=422 if errors else 200,
        area="programme",
        programme=programme,
        shown={"year": year or str(wanted), "as_of": as_of or day.isoformat()},
        errors=errors,
        months=MONTHS,
        kinds={str(kind): kind for kind in AuditKind},
    )


@router.get("/suppliers/{code}", name="supplier_programme")
def supplier_section(request: Request, db: DatabaseDep, code: str) -> Response:
    """The programme section of a supplier's page (an htmx fragment)."""
    return render(
        request,
        "programme/_supplier.html",
        data=programme_views.supplier_programme(db, code, today()),
    )
