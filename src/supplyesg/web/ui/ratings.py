"""Quarterly rating pages: a quarter's scores with their reasons, rating a quarter, deadlines."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.domain.errors import DomainError, InvalidInputError
from supplyesg.domain.periods import Quarter
from supplyesg.domain.rating import RatingState
from supplyesg.services import programme_views
from supplyesg.services import rating as service
from supplyesg.web.deps import ActorDep, ClockDep, CurrentUserDep, DatabaseDep, JobQueueDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.rendering import _, render
from supplyesg.worker import kinds

router = APIRouter(prefix="/ratings")

PAGE_SIZE = 100
SCORES = {"1": 1, "0": 0, "-1": -1}


@router.get("", name="ratings")
def ratings_page(
    request: Request,
    db: DatabaseDep,
    quarter: str = "",
    state: str = "",
    score: str = "",
    after: str = "",
) -> Response:
    """A quarter's ratings in supplier code order, with the reasons for each."""
    rated = service.rated_quarters(db)
    try:
        shown = Quarter.parse(quarter) if quarter else _default_quarter(rated)
    except InvalidInputError as error:
        return _page(
            request, db, _default_quarter(rated), {}, "", FormErrors.of(error, ["quarter"])
        )
    return _page(request, db, shown, {"state": state, "score": score}, after, NO_ERRORS)


@router.post("/run")
def rate_quarter(request: Request, db: DatabaseDep, clock: ClockDep, form: PostedForm) -> Response:
    """Rate every supplier in audit scope for the quarter asked (a quarter that has ended)."""
    text = form.get("quarter", "").strip()
    try:
        quarter = Quarter.parse(text)
        run = service.rate_quarter(db, quarter, clock=clock)
    except DomainError as error:
        rated = service.rated_quarters(db)
        errors = FormErrors.of(error, ["quarter"])
        return _page(request, db, _default_quarter(rated), {}, "", errors, 422, text)
    return flash(
        RedirectResponse(f"/ratings?quarter={run.quarter}", status_code=303), _run_message(run)
    )


@router.post("/jobs")
def rate_in_background(
    request: Request, db: DatabaseDep, queue: JobQueueDep, user: CurrentUserDep, form: PostedForm
) -> Response:
    """Queue the rating of the quarter asked as a background job; its page follows it."""
    text = form.get("quarter", "").strip()
    try:
        job = kinds.request_rating_run(queue, text, user.actor, user.user_id)
    except InvalidInputError as error:
        rated = service.rated_quarters(db)
        errors = FormErrors.of(error, ["quarter"])
        return _page(request, db, _default_quarter(rated), {}, "", errors, 422, text)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _run_message(run: service.RatingRun) -> str:
    """What a run did; a run that changed nothing says why, so '0 changed' is not a puzzle."""
    if run.rated and not (run.inserted or run.updated or run.removed):
        return _(
            "%(quarter)s was already rated with policy %(policy)s, and no audit, plan, supplier "
            "or policy it depends on has changed since: its %(rated)s ratings stay as they were.",
            quarter=str(run.quarter),
            policy=run.policy_version,
            rated=run.rated,
        )
    if not run.rated:
        return _(
            "%(quarter)s: no supplier is in audit scope, so nothing was rated.",
            quarter=str(run.quarter),
        )
    return _(
        "%(quarter)s rated with policy %(policy)s: %(rated)s suppliers; %(inserted)s new, "
        "%(updated)s changed, %(unchanged)s unchanged, %(removed)s removed.",
        quarter=str(run.quarter),
        policy=run.policy_version,
        rated=run.rated,
        inserted=run.inserted,
        updated=run.updated,
        unchanged=run.unchanged,
        removed=run.removed,
    )


@router.post("/plan-deadlines")
def enforce_plan_deadlines(db: DatabaseDep, clock: ClockDep, actor: ActorDep) -> Response:
    """Terminate the orders of suppliers whose high-risk plan deadline passed by today."""
    done = service.enforce_plan_deadlines(db, clock.today(), actor, clock=clock)
    if done:
        codes = ", ".join(t.supplier_code for t in done)
        message = _("Orders terminated (manual section 9): %(codes)s.", codes=codes)
        kind = "warning"
    else:
        message, kind = _("No high-risk plan deadline was missed: nothing to terminate."), "info"
    return flash(RedirectResponse("/ratings", status_code=303), message, kind)


def _default_quarter(rated: list[Quarter]) -> Quarter:
    """The latest rated quarter, or the last one that has ended."""
    return rated[0] if rated else programme_views.latest_ended_quarter(today())


def _page(
    request: Request,
    db: DatabaseDep,
    quarter: Quarter,
    filters: dict[str, str],
    after: str,
    errors: FormErrors,
    status_code: int = 200,
    typed_quarter: str = "",
) -> Response:
    state, score = filters.get("state", ""), filters.get("score", "")
    where = RatingFilter(
        state if state in set(RatingState) else None, SCORES.get(score) if score else None
    )
    page = service.list_ratings(db, quarter, where, after or None, PAGE_SIZE)
    counts = programme_views.quarter_counts(db, quarter)
    shown = {"quarter": str(quarter), "state": state, "score": score}
    context: dict[str, Any] = {
        "quarter": quarter,
        "entries": page.items,
        "counts": counts,
        "shown": shown,
        "after": after,
        "next_url": _url(shown, page.next_after) if page.next_after else None,
        "quarters": _quarters(service.rated_quarters(db), quarter),
        "to_rate": programme_views.latest_ended_quarter(today()),
        "states": list(RatingState),
        "errors": errors,
        "typed_quarter": typed_quarter or str(quarter),
    }
    return render(request, "programme/ratings.html", status_code, area="ratings", **context)


def _quarters(rated: list[Quarter], shown: Quarter) -> list[Quarter]:
    """The quarters to choose from: those rated, the last ended one and the one shown."""
    offered = {*rated, shown, programme_views.latest_ended_quarter(today())}
    return sorted(offered, reverse=True)


def _url(shown: dict[str, str], after: str) -> str:
    params = {name: value for name, value in shown.items() if value}
    return "/ratings?" + urlencode({**params, "after": after})
