"""The operational scorecard: weighted components, the ESG component and the quarterly ranking.

Manual section 3 adds the ESG audit results to the scoring of a supplier's operational
business "with a total weight of not less than 1%". The scorecard is a set of components
(quality, delivery, cost, service, ESG, ...) whose weights add up to 100%; every component is
scored from 0 to 100. The ESG component is not imported: it comes from the quarterly ESG
rating (1, 0 or -1, manual section 9), put on the same 0-100 scale by `ESG_SCORE_OF_RATING`.

A component without a score in a quarter (the ESG component of a supplier that was not rated,
a quality score not yet imported) is left out and its weight is shared among the scored
components in proportion to their weights; the result is flagged as incomplete and says which
components were missing. ESG is added to the operational scores: with no operational score at
all there is no composite. One exception: a supplier whose audit is overdue is rated nothing by
the manual's rules, but its ESG component counts as 0 here, so that letting an audit lapse
never removes the ESG weight from a supplier's score.

A composite is rounded to two decimals, and suppliers are ranked on that rounded figure so
that equal figures share a rank.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from supplyesg.domain.errors import InvalidInputError, Problem, refuse_if
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy, Reason
from supplyesg.domain.rating import RatingState
from supplyesg.domain.suppliers import supplier_code

ESG = "esg"
HUNDRED = Decimal(100)
COMPOSITE_PLACES = Decimal("0.01")
COMPONENT_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

ESG_SCORE_OF_RATING: Mapping[int, Decimal] = {1: HUNDRED, 0: Decimal(50), -1: Decimal(0)}
"""The quarterly ESG rating on the 0-100 scale of the scorecard: 1 -> 100, 0 -> 50, -1 -> 0."""


@dataclass(frozen=True, slots=True)
class ComponentWeight:
    """One component of the scorecard and its weight, in percent."""

    component: str
    weight_percent: Decimal


@dataclass(frozen=True, slots=True)
class Weights:
    """The components of the scorecard, in display order; their weights add up to 100%."""

    components: tuple[ComponentWeight, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The component names, in order."""
        return tuple(c.component for c in self.components)

    def weight_of(self, component: str) -> Decimal:
        """The weight of a component, in percent (zero if it is not on the scorecard)."""
        return next(
            (c.weight_percent for c in self.components if c.component == component), Decimal(0)
        )


def weights_problems(components: Sequence[ComponentWeight], policy: Policy) -> list[Problem]:
    """Every rule a set of weights breaks; empty when it may be used."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(components, start=1):
        field = f"components[{index}]"
        if not COMPONENT_PATTERN.fullmatch(item.component):
            problems.append(
                Problem(
                    f"{field}.component",
                    "must be 1 to 40 lowercase letters, digits or '_', starting with a letter",
                    item.component,
                )
            )
        elif item.component in seen:
            problems.append(Problem(f"{field}.component", "is listed twice", item.component))
        seen.add(item.component)
        weight = item.weight_percent
        if not weight.is_finite() or not 0 < weight <= HUNDRED:
            problems.append(
                Problem(f"{field}.weight_percent", "must be more than 0 and at most 100", weight)
            )
    if problems:
        return problems
    return _total_problems(components, min_esg_weight_percent(policy))


def min_esg_weight_percent(policy: Policy) -> Decimal:
    """The least weight of the ESG component, in percent (the policy keeps a fraction)."""
    return (policy.min_esg_weight * HUNDRED).normalize()


def _total_problems(components: Sequence[ComponentWeight], min_percent: Decimal) -> list[Problem]:
    problems = []
    esg = next((i for i, c in enumerate(components, start=1) if c.component == ESG), None)
    if esg is None:
        problems.append(
            Problem(
                "components",
                f"the scorecard must have an '{ESG}' component (manual section 3)",
                ", ".join(c.component for c in components),
            )
        )
    elif components[esg - 1].weight_percent < min_percent:
        problems.append(
            Problem(
                f"components[{esg}].weight_percent",
                f"the ESG weight must be at least {min_percent:f}% "
                "of the scorecard (manual section 3)",
                components[esg - 1].weight_percent,
            )
        )
    total = sum((c.weight_percent for c in components), Decimal(0))
    if total != HUNDRED:
        problems.append(
            Problem(
                "components", f"the weights add up to {total}%; they must add up to 100%", total
            )
        )
    return problems


def scorecard_weights(components: Sequence[ComponentWeight], policy: Policy) -> Weights:
    """Weights that may be used, or InvalidInputError saying every rule they break."""
    refuse_if(
        weights_problems(components, policy),
        "These scorecard weights cannot be used.",
    )
    return Weights(tuple(components))


def component_score_problems(value: Decimal) -> list[Problem]:
    """Why a component score is refused; empty when it is a score from 0 to 100."""
    if not value.is_finite() or not 0 <= value <= HUNDRED:
        return [Problem("score", "must be a number from 0 to 100", value)]
    return []


@dataclass(frozen=True, slots=True)
class EsgRating:
    """A supplier's quarterly ESG rating as the scorecard needs it."""

    state: RatingState
    score: int | None


def esg_component(rating: EsgRating | None) -> tuple[Decimal | None, Reason]:
    """The ESG component of a quarter from its rating, and how it was read."""
    if rating is None or (rating.state is RatingState.RATED and rating.score is None):
        return None, Reason("scorecard.esg.not_rated", "ESG not rated this quarter")
    if rating.state is RatingState.RATED and rating.score is not None:
        value = ESG_SCORE_OF_RATING[rating.score]
        text = f"quarterly ESG rating {rating.score:+d} counts as {value}"
        return value, Reason("scorecard.esg.rated", text)
    if rating.state is RatingState.AUDIT_OVERDUE:
        # A supplier in audit scope must not drop its ESG weight by letting its audit lapse.
        text = "ESG audit overdue: counts as 0, like a rating of -1, until the supplier is audited"
        return Decimal(0), Reason("scorecard.esg.audit_overdue", text)
    return None, Reason("scorecard.esg.not_rated", f"ESG not rated this quarter ({rating.state})")


@dataclass(frozen=True, slots=True)
class ScorePart:
    """How one component counts in a composite score."""

    component: str
    weight_percent: Decimal
    score: Decimal | None
    effective_weight_percent: Decimal


@dataclass(frozen=True, slots=True)
class CompositeScore:
    """The weighted score of a supplier in a quarter, with how it was reached."""

    score: Decimal | None
    parts: tuple[ScorePart, ...]
    is_complete: bool
    reasons: tuple[Reason, ...]


def composite_score(
    weights: Weights, scores: Mapping[str, Decimal], esg: EsgRating | None
) -> CompositeScore:
    """The composite of the component scores, the ESG one taken from the quarterly rating."""
    known = {name: scores[name] for name in weights.names if name in scores and name != ESG}
    operational = bool(known) or weights.names == (ESG,)
    esg_score, esg_reason = esg_component(esg)
    if esg_score is not None and operational:
        known[ESG] = esg_score
    missing = [name for name in weights.names if name not in known]
    scored_weight = sum((weights.weight_of(n) for n in known), Decimal(0))
    parts = tuple(
        ScorePart(
            c.component,
            c.weight_percent,
            known.get(c.component),
            c.weight_percent * HUNDRED / scored_weight if c.component in known else Decimal(0),
        )
        for c in weights.components
    )
    reasons = (esg_reason, *_missing_reasons(weights, known, missing))
    if not known:
        return CompositeScore(None, parts, False, reasons)
    total = sum((known[n] * weights.weight_of(n) for n in known), Decimal(0)) / scored_weight
    score = total.quantize(COMPOSITE_PLACES, rounding=ROUND_HALF_UP)
    return CompositeScore(score, parts, not missing, reasons)


def _missing_reasons(
    weights: Weights, known: Mapping[str, Decimal], missing: Sequence[str]
) -> list[Reason]:
    if not known:
        return [
            Reason(
                "scorecard.empty",
                "no operational component is scored: no composite score (ESG alone is not one)",
            )
        ]
    if not missing:
        return []
    shared = sum((weights.weight_of(n) for n in missing), Decimal(0))
    return [
        Reason(
            "scorecard.missing",
            f"not scored: {', '.join(missing)}; their {shared}% is shared among the scored "
            "components in proportion to their weights",
        )
    ]


@dataclass(frozen=True, slots=True)
class ScoredSupplier:
    """A supplier's composite score in a quarter, with the category it is ranked in."""

    supplier_code: str
    category: str
    composite: CompositeScore


@dataclass(frozen=True, slots=True)
class RankedSupplier:
    """A supplier's place in its category (1 = best); None when it has no score."""

    rank: int | None
    scored: ScoredSupplier


def rank_by_category(entries: Iterable[ScoredSupplier]) -> dict[str, list[RankedSupplier]]:
    """Each category's suppliers, best first; equal scores share a rank (1, 2, 2, 4)."""
    by_category: dict[str, list[ScoredSupplier]] = defaultdict(list)
    for entry in entries:
        by_category[entry.category].append(entry)
    return {category: _ranked(by_category[category]) for category in sorted(by_category)}


def _ranked(entries: list[ScoredSupplier]) -> list[RankedSupplier]:
    scored = sorted(
        (e for e in entries if e.composite.score is not None),
        key=lambda e: (-(e.composite.score or 0), e.supplier_code),
    )
    ranked: list[RankedSupplier] = []
    for position, entry in enumerate(scored, start=1):
        tied = ranked and ranked[-1].scored.composite.score == entry.composite.score
        ranked.append(RankedSupplier(ranked[-1].rank if tied else position, entry))
    unscored = sorted((e for e in entries if e.composite.score is None), key=_code)
    return ranked + [RankedSupplier(None, e) for e in unscored]


def _code(entry: ScoredSupplier) -> str:
    return entry.supplier_code


SUPPLIER_COLUMN = "supplier_code"
QUARTER_COLUMN = "quarter"


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One row of a component-score file: a supplier's scores for a quarter."""

    row: int
    supplier_code: str
    quarter: Quarter
    scores: Mapping[str, Decimal]


def score_header_problems(columns: Sequence[str]) -> list[Problem]:
    """Why the columns of a component-score file cannot be read; empty when they can."""
    problems = [
        Problem("columns", f"the column '{name}' is missing", ", ".join(columns), 1)
        for name in (SUPPLIER_COLUMN, QUARTER_COLUMN)
        if name not in columns
    ]
    for name in columns:
        if name == ESG:
            problems.append(
                Problem(name, "the ESG component comes from the quarterly ESG rating", name, 1)
            )
        elif name not in (SUPPLIER_COLUMN, QUARTER_COLUMN) and not COMPONENT_PATTERN.fullmatch(
            name
        ):
            problems.append(
                Problem(name, "is not a component name (lowercase, e.g. quality)", name, 1)
            )
    problems += [
        Problem(name, "the column appears twice", name, 1)
        for name in sorted({n for n in columns if list(columns).count(n) > 1})
    ]
    return problems


def parse_score_row(
    row: int, cells: Mapping[str, str], components_of: Callable[[Quarter], Sequence[str]]
) -> tuple[ScoreRow | None, list[Problem]]:
    """A row of a component-score file and its problems; `components_of` names the components.

    The row is given whenever its supplier and quarter can be read, even with problems in its
    score cells, so that duplicates are found in the same pass.
    """
    code = supplier_code(cells.get(SUPPLIER_COLUMN, ""))
    problems = [] if code else [Problem(SUPPLIER_COLUMN, "is required", code, row)]
    quarter = quarter_of(cells.get(QUARTER_COLUMN, ""))
    if quarter is None:
        text = cells.get(QUARTER_COLUMN, "")
        problems.append(Problem(QUARTER_COLUMN, "must be a quarter such as 2026Q1", text, row))
        return None, problems
    allowed = set(components_of(quarter))
    scores: dict[str, Decimal] = {}
    for name, text in cells.items():
        if name in (SUPPLIER_COLUMN, QUARTER_COLUMN) or not text.strip():
            continue
        if name not in allowed:
            reason = f"is not a component of the scorecard in force in {quarter}"
            problems.append(Problem(name, reason, text, row))
            continue
        value = _decimal(text)
        if value is None or component_score_problems(value):
            problems.append(Problem(name, "must be a number from 0 to 100", text, row))
        else:
            scores[name] = value
    return (ScoreRow(row, code, quarter, scores) if code else None), problems


def quarter_of(text: str) -> Quarter | None:
    """The quarter written as 2026Q1 or 2026-Q1; None when the text is not one."""
    try:
        return Quarter.parse(text)
    except InvalidInputError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def duplicate_problems(rows: Iterable[ScoreRow]) -> list[Problem]:
    """A problem for each row that repeats the supplier and quarter of an earlier row."""
    first_row: dict[tuple[str, Quarter], int] = {}
    problems = []
    for item in rows:
        key = (item.supplier_code, item.quarter)
        if key in first_row:
            reason = f"{item.quarter} of this supplier is already on row {first_row[key]}"
            problems.append(Problem(SUPPLIER_COLUMN, reason, item.supplier_code, item.row))
        else:
            first_row[key] = item.row
    return problems
