"""Planning pages: the risk register and the operational scorecard with its weights."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from supplyesg.domain.audits import RiskLevel
from supplyesg.domain.errors import DomainError, InvalidInputError, Problem, refuse_if
from supplyesg.domain.periods import Quarter
from supplyesg.domain.scorecard import ComponentWeight, min_esg_weight_percent
from supplyesg.services import programme_views, risk
from supplyesg.services import scorecard as scorecard_service
from supplyesg.services.policy_files import policy_for
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.ui.audit_pages import today
from supplyesg.web.ui.flash import flash
from supplyesg.web.ui.forms import NO_ERRORS, FormErrors, PostedForm
from supplyesg.web.ui.programme_forms import parse_day
from supplyesg.web.ui.rendering import _, render

router = APIRouter()

REGISTER_PAGE = 100
SearchText = Annotated[str, Query(max_length=100)]
WEIGHT_FIELD = re.compile(r"^components\[([0-9]{1,2})\]\.(component|weight_percent)$")
REFUSED_WEIGHTS = "These scorecard weights cannot be used."
BLANK_ROWS = 2


@router.get("/risk", name="risk_register")
def risk_register(
    request: Request,
    db: DatabaseDep,
    level: str = "",
    q: SearchText = "",
    as_of: str = "",
    page: int = 1,
) -> Response:
    """Every supplier's inherent, audit and resulting risk with the reasons, as of a day."""
    day, problems = parse_day("as_of", as_of, required=False)
    errors = (
        FormErrors.from_problems("The day cannot be read.", problems, ["as_of"])
        if problems
        else NO_ERRORS
    )
    day = day or today()
    entries = risk.risk_register(db, day)
    counts = Counter(entry.row.resulting.level for entry in entries)
    text = q.strip().lower()
    chosen = [
        e
        for e in entries
        if (not level or e.row.resulting.level == level)
        and (not text or text in e.supplier.code.lower() or text in e.supplier.legal_name.lower())
    ]
    page = max(page, 1)
    shown = {"level": level, "q": q.strip(), "as_of": as_of}
    start = (page - 1) * REGISTER_PAGE
    return render(
        request,
        "programme/risk.html",
        status_code=422 if errors else 200,
        area="programme",
        as_of=day,
        counts=[(lvl, counts.get(lvl, 0)) for lvl in RiskLevel],
        entries=chosen[start : start + REGISTER_PAGE],
        matching=len(chosen),
        shown=shown,
        errors=errors,
        previous_url=_register_url(shown, page - 1) if page > 1 else None,
        next_url=_register_url(shown, page + 1) if start + REGISTER_PAGE < len(chosen) else None,
    )


def _register_url(shown: dict[str, str], page: int) -> str:
    params = {name: value for name, value in shown.items() if value}
    return "/risk?" + urlencode({**params, "page": page} if page > 1 else params)


# -- the scorecard -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeightsForm:
    """The weight rows as typed: component name and weight in percent, from row 1."""

    rows: tuple[tuple[str, str], ...] = ()
    effective_from: str = ""

    @classmethod
    def posted(cls, form: dict[str, str]) -> WeightsForm:
        """The rows as sent; empty rows are dropped and the rest renumbered."""
        found: dict[int, dict[str, str]] = {}
        for name, value in form.items():
            match = WEIGHT_FIELD.fullmatch(name)
            if match:
                found.setdefault(int(match[1]), {})[match[2]] = value.strip()
        rows = tuple(
            (row.get("component", ""), row.get("weight_percent", ""))
            for _, row in sorted(found.items())
            if any(row.values())
        )
        return cls(rows, form.get("effective_from", "").strip())

    def shown_rows(self) -> list[tuple[str, str]]:
        """The rows, then blank rows to add components."""
        return [*self.rows, *([("", "")] * BLANK_ROWS)]

    def field_names(self) -> list[str]:
        """Every field the form shows, as problems name them."""
        names = ["effective_from", "components"]
        for index in range(1, len(self.shown_rows()) + 1):
            names += [f"components[{index}].component", f"components[{index}].weight_percent"]
        return names

    def components(self) -> tuple[Quarter, list[ComponentWeight]]:
        """The quarter and the weights typed, or InvalidInputError naming each unreadable field."""
        problems: list[Problem] = []
        quarter = None
        try:
            quarter = Quarter.parse(self.effective_from)
        except InvalidInputError:
            problems.append(
                Problem("effective_from", "must be a quarter such as 2026Q1", self.effective_from)
            )
        weights = []
        for index, (component, text) in enumerate(self.rows, start=1):
            try:
                weights.append(ComponentWeight(component, Decimal(text.replace("%", "").strip())))
            except InvalidOperation:
                name = f"components[{index}].weight_percent"
                problems.append(Problem(name, "must be a number such as 12.5", text))
        refuse_if(problems, REFUSED_WEIGHTS)
        assert quarter is not None  # refused above otherwise
        return quarter, weights


@dataclass(frozen=True, slots=True)
class _WeightsState:
    form: WeightsForm = field(default_factory=WeightsForm)
    errors: FormErrors = NO_ERRORS


@router.get("/scorecards", name="scorecard")
def scorecard_page(
    request: Request, db: DatabaseDep, quarter: str = "", category: str = ""
) -> Response:
    """The composite scores of a quarter ranked per category, and the weights in force."""
    try:
        shown = Quarter.parse(quarter) if quarter else programme_views.latest_ended_quarter(today())
    except InvalidInputError as error:
        shown = programme_views.latest_ended_quarter(today())
        state = _WeightsState(errors=FormErrors.of(error, ["quarter"]))
        return _scorecard(request, db, shown, category, state, 422)
    return _scorecard(request, db, shown, category, _WeightsState())


@router.post("/scorecard-weights")
def save_weights(request: Request, db: DatabaseDep, actor: ActorDep, form: PostedForm) -> Response:
    """Save the weights that apply from a quarter on, or show why they cannot be used."""
    typed = WeightsForm.posted(form)
    try:
        quarter, components = typed.components()
        scorecard_service.set_weights(db, quarter, components, actor)
    except DomainError as error:
        state = _WeightsState(typed, FormErrors.of(error, typed.field_names()))
        shown = programme_views.latest_ended_quarter(today())
        return _scorecard(request, db, shown, "", state, 422)
    message = _("Scorecard weights saved from %(quarter)s.", quarter=str(quarter))
    url = f"/scorecards?quarter={quarter}"
    return flash(RedirectResponse(url, status_code=303), message)


def _scorecard(
    request: Request,
    db: DatabaseDep,
    quarter: Quarter,
    category: str,
    state: _WeightsState,
    status_code: int = 200,
) -> Response:
    card = scorecard_service.quarter_scorecard(db, quarter)
    weights = card.weights
    form = state.form
    if not form.rows:
        rows = tuple(
            (c.component, f"{c.weight_percent.normalize():f}") for c in weights.weights.components
        )
        form = WeightsForm(rows, form.effective_from or str(quarter.following()))
    context: dict[str, Any] = {
        "quarter": quarter,
        "card": card,
        "category": category,
        "shown_categories": [category] if category in card.categories else sorted(card.categories),
        "form": form,
        "errors": state.errors,
        "min_esg_percent": min_esg_weight_percent(policy_for(db, quarter.first_day)),
        "history": scorecard_service.weight_history(db),
    }
    return render(request, "programme/scorecard.html", status_code, area="programme", **context)
