"""Maker-checker review: the queue of submitted values, a value with its history, the decisions."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError, Problem
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.submissions import ReviewAction, ReviewStatus
from supplyesg.services import esg_data, esg_views
from supplyesg.services.esg_data import ValueRecord
from supplyesg.web.deps import DatabaseDep, PersonDep
from supplyesg.web.ui.esg_context import (
    EsgChoices,
    breakdown_title,
    chosen_entity,
    chosen_year,
    esg_choices,
    esg_page,
    slice_title,
)
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _

router = APIRouter(prefix="/esg-data")

DONE = {
    ReviewAction.APPROVE: "Value approved and locked.",
    ReviewAction.RETURN: "Value returned to its maker.",
    ReviewAction.REOPEN: "Value reopened: it can be corrected and submitted again.",
}


@router.get("/review", name="esg_review")
def review_queue(
    request: Request,
    db: DatabaseDep,
    year: str = "",
    entity: str = "",
    import_id: int | None = None,
    after: int | None = None,
) -> Response:
    """The values waiting for a checker, and the imports that can be approved in one go."""
    return _queue_page(request, db, year, entity, import_id, NO_ERRORS, after)


@router.post("/review/approve")
async def approve_selected(request: Request, db: DatabaseDep, actor: PersonDep) -> Response:
    """Approve the values ticked in the queue: all of them, or none if one is refused."""
    form = await request.form()
    ids = [int(v) for v in form.getlist("ids") if isinstance(v, str) and v.isdecimal()]
    try:
        if not ids:
            raise InvalidInputError(
                "Nothing was approved.", [Problem("ids", "tick the values to approve")]
            )
        count = esg_data.approve_values(db, ids, actor)
    except InvalidInputError as error:
        errors = FormErrors.of(error, ())
        return _queue_page(request, db, "", "", None, errors)
    return _back(
        _safe_next(str(form.get("next", ""))), _("%(count)s values approved.", count=count)
    )


@router.post("/imports/{import_id}/approve")
def approve_import(db: DatabaseDep, actor: PersonDep, import_id: int) -> Response:
    """Approve every value of an import still waiting, or none if one is refused."""
    try:
        count = esg_data.approve_import(db, import_id, actor)
    except InvalidInputError as error:
        reasons = sorted({p.reason for p in error.problems})
        message = f"{error.detail} {'; '.join(reasons)}"
        return flash(_to(f"/esg-data/review?import_id={import_id}"), message, "error")
    message = _("%(count)s values of import %(id)s approved.", count=count, id=import_id)
    return _back("/esg-data/review", message)


@router.get("/values/{value_id}", name="esg_value")
def value_page(request: Request, db: DatabaseDep, value_id: int) -> Response:
    """One value: what was entered, where it stands, who did what to it and when."""
    return _value_page(request, db, value_id)


@router.post("/values/{value_id}/approve")
def approve_value(
    request: Request, db: DatabaseDep, actor: PersonDep, value_id: int, form: PostedForm
) -> Response:
    """Approve a submitted value: it is then locked."""
    return _decide(request, db, actor, value_id, ReviewAction.APPROVE, form)


@router.post("/values/{value_id}/return")
def return_value(
    request: Request, db: DatabaseDep, actor: PersonDep, value_id: int, form: PostedForm
) -> Response:
    """Send a submitted value back to its maker with a comment (required)."""
    return _decide(request, db, actor, value_id, ReviewAction.RETURN, form)


@router.post("/values/{value_id}/reopen")
def reopen_value(
    request: Request, db: DatabaseDep, actor: PersonDep, value_id: int, form: PostedForm
) -> Response:
    """Unlock an approved value so that it can be corrected, with the reason."""
    return _decide(request, db, actor, value_id, ReviewAction.REOPEN, form)


def _decide(
    request: Request,
    db: DatabaseDep,
    actor: Person,
    value_id: int,
    action: ReviewAction,
    form: dict[str, str],
) -> Response:
    comment = form.get("comment", "")
    try:
        esg_data.review_value(db, value_id, action, actor, comment)
    except DomainError as error:
        if isinstance(error, NotFoundError) or not error.problems:
            raise
        errors = FormErrors.of(error, ("comment",))
        return _value_page(request, db, value_id, str(action), errors, form)
    target = _safe_next(form.get("next", "")) or f"/esg-data/values/{value_id}"
    return _back(target, _(DONE[action]))


def _queue_page(
    request: Request,
    db: DatabaseDep,
    year: str,
    entity: str,
    import_id: int | None,
    errors: FormErrors,
    after: int | None = None,
) -> Response:
    choices = esg_choices(db)
    number = chosen_year(year, choices) if year else None
    code = chosen_entity(entity, choices)
    waiting = esg_views.review_list(db, ReviewStatus.SUBMITTED, number, code, import_id, after)
    returned = esg_views.review_list(db, ReviewStatus.RETURNED, number, code).items
    filters = {"year": str(number or ""), "entity": code or "", "import_id": str(import_id or "")}
    return esg_page(
        request,
        "esg/review.html",
        "review",
        422 if errors else 200,
        choices=choices,
        waiting=waiting.total,
        after=after,
        next_url=_queue_url({**filters, "after": str(waiting.next_after)})
        if waiting.next_after
        else None,
        imports=waiting.imports,
        matching=waiting.matching,
        records=waiting.items,
        filters=filters,
        here=_queue_url(filters),
        errors=errors,
        returned=returned,
        titles={r.row.id: _titles(choices, r) for r in [*waiting.items, *returned]},
    )


def _value_page(
    request: Request,
    db: DatabaseDep,
    value_id: int,
    failed: str = "",
    errors: FormErrors = NO_ERRORS,
    form: dict[str, str] | None = None,
) -> Response:
    record = esg_data.get_value(db, value_id)
    choices = esg_choices(db)
    return esg_page(
        request,
        "esg/value.html",
        "review",
        422 if errors else 200,
        record=record,
        value=record.row,
        metric=choices.catalogue.metric(record.row.metric),
        titles=_titles(choices, record),
        entity_name=choices.entity_name(record.entity),
        history=esg_data.value_history(db, value_id),
        failed=failed,
        errors=errors,
        form=form or {},
    )


def _titles(choices: EsgChoices, record: ValueRecord) -> dict[str, str]:
    """The metric, period and breakdown of a value as people read them."""
    fy = choices.year(record.row.year)
    return {
        "metric": choices.metric_title(record.row.metric),
        "period": f"FY{record.row.year} · {slice_title(fy, record.row.slice)}",
        "breakdown": breakdown_title(choices.catalogue, record.row.breakdown),
    }


def _queue_url(filters: dict[str, str]) -> str:
    params = {name: value for name, value in filters.items() if value}
    return f"/esg-data/review?{urlencode(params)}" if params else "/esg-data/review"


def _safe_next(target: str) -> str:
    """Where to go after a decision: only back to an ESG data page, never another site."""
    return target if target.startswith("/esg-data") and "//" not in target else ""


def _to(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def _back(target: str, message: str) -> Response:
    return flash(_to(target or "/esg-data/review"), message)
