"""The data quality list of a year, and the explanations written for what may be explained."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.quality import Issue, IssueKind, Severity
from supplyesg.services import esg_data, esg_views, quality
from supplyesg.services.esg_data import ExplanationKind
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.esg_context import chosen_entity, chosen_year, esg_choices, esg_page
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/esg-data")

EXPLAINED_BY: dict[IssueKind, ExplanationKind] = {
    IssueKind.MISSING_KPI: ExplanationKind.OMISSION,
    IssueKind.UNEXPLAINED_CHANGE: ExplanationKind.CHANGE,
}
"""The issues an explanation answers: a KPI left out, a figure that moved."""
KIND_TITLES = {
    IssueKind.MISSING_KPI: "Comply-or-explain KPI without figures",
    IssueKind.UNEXPLAINED_CHANGE: "Change from last year without explanation",
    IssueKind.POWER_OF_TEN: "Value a power of ten away from its history",
    IssueKind.UNIT_MISMATCH: "Unit unlike the rest of its series",
    IssueKind.PRINTS_AS_ZERO: "Intensity that would print as 0.00",
    IssueKind.BREAKDOWN_MISMATCH: "Breakdown that does not add up to its total",
    IssueKind.MISSING_BREAKDOWN: "Breakdown the KPI asks for, missing",
    IssueKind.MISSING_MONTHS: "Months or quarters missing",
    IssueKind.AWAITING_APPROVAL: "Values not approved yet",
    IssueKind.CALCULATION_GAP: "Calculation without a factor",
}
REFUSED = "The explanation was not saved."


def explanation_of(issue: Issue) -> tuple[str, str] | None:
    """(explanation kind, subject) that would answer the issue, if an explanation can."""
    kind = EXPLAINED_BY.get(issue.kind)
    if kind is None:
        return None
    return str(kind), issue.kpi if kind is ExplanationKind.OMISSION else issue.metric


@router.get("/quality", name="esg_quality")
def quality_page(request: Request, db: DatabaseDep, year: str = "", entity: str = "") -> Response:
    """Everything to fix, or to fix or explain, before the year is reported."""
    return _page(request, db, year, entity)


@router.post("/quality/explanations")
def explain(request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm) -> Response:
    """Write why a KPI is left out or why a figure moved; back to the list."""
    year, kind, subject = form.get("year", ""), form.get("kind", ""), form.get("subject", "")
    text = form.get("text", "")
    try:
        if not year.isdecimal() or kind not in {str(k) for k in ExplanationKind}:
            raise InvalidInputError(REFUSED, [Problem("kind", "is not an explanation", kind)])
        esg_data.explain(db, int(year), ExplanationKind(kind), subject, text, actor)
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        errors = FormErrors.of(error, ("text",))
        return _page(request, db, year, form.get("entity", ""), (kind, subject), errors, text)
    params = {"year": year, "entity": form.get("entity", "")}
    target = f"/esg-data/quality?{urlencode({k: v for k, v in params.items() if v})}"
    message = _("Explanation of %(subject)s saved for FY%(year)s.", subject=subject, year=year)
    return flash(RedirectResponse(target, status_code=303), message)


def _page(
    request: Request,
    db: DatabaseDep,
    year: str,
    entity: str,
    failed: tuple[str, str] | None = None,
    errors: FormErrors = NO_ERRORS,
    typed: str = "",
) -> Response:
    choices = esg_choices(db)
    if not choices.has_setup() or choices.root is None:
        return esg_page(request, "esg/quality.html", "quality", choices=choices, issues=None)
    years = esg_views.years_with_values(db)
    number = chosen_year(year, choices, years[0] if years else None)
    assert number is not None  # choices.years is not empty
    code = chosen_entity(entity, choices)
    issues = quality.quality_issues(db, number, code)
    written = esg_data.explanations(db, number)
    return esg_page(
        request,
        "esg/quality.html",
        "quality",
        422 if errors else 200,
        choices=choices,
        issues=issues,
        shown={"year": str(number), "entity": code or ""},
        errors_count=sum(1 for i in issues if i.severity is Severity.ERROR),
        by_kind=Counter(i.kind for i in issues),
        kind_titles=KIND_TITLES,
        explanation_of=explanation_of,
        explanations=written,
        explained={(row.kind, row.subject): row for row in written},
        failed=failed,
        errors=errors,
        typed=typed,
    )
