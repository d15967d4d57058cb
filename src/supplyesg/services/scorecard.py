"""The operational scorecard: its weights, importing component scores, quarterly composites.

Weights are saved per quarter from which they apply; until a set is saved, the defaults of
data/scorecard/weights.yaml apply. The ESG component of each quarter is the supplier's stored
quarterly ESG rating (see domain.scorecard for how a rating counts).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from supplyesg.db.repositories import scorecard as repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.repositories.scorecard import ScoreEntry, SupplierFacts
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, Problem, refuse_if
from supplyesg.domain.periods import Quarter
from supplyesg.domain.policy import Policy
from supplyesg.domain.rating import RatingState
from supplyesg.domain.scorecard import (
    ComponentWeight,
    CompositeScore,
    EsgRating,
    ScoredSupplier,
    ScoreRow,
    Weights,
    composite_score,
    duplicate_problems,
    parse_score_row,
    rank_by_category,
    score_header_problems,
    scorecard_weights,
)
from supplyesg.services import tabular
from supplyesg.services.policy_files import policy_for
from supplyesg.services.suppliers import now, require
from supplyesg.services.tabular import Source, Table

DEFAULT_WEIGHTS_FILE = Path(__file__).resolve().parents[3] / "data" / "scorecard" / "weights.yaml"
HISTORY_QUARTERS = 8


@dataclass(frozen=True, slots=True)
class WeightSet:
    """The scorecard weights that apply from a quarter on (None: the shipped defaults)."""

    effective_from: Quarter | None
    weights: Weights


@dataclass(frozen=True, slots=True)
class ScorecardLine:
    """A supplier's composite score in a quarter and its rank in its category."""

    rank: int | None
    supplier_code: str
    legal_name: str
    category: str
    composite: CompositeScore


@dataclass(frozen=True, slots=True)
class QuarterScorecard:
    """Every scored supplier of a quarter, ranked within its category."""

    quarter: Quarter
    weights: WeightSet
    categories: Mapping[str, Sequence[ScorecardLine]]


@dataclass(frozen=True, slots=True)
class QuarterScore:
    """A supplier's composite score in one quarter."""

    quarter: Quarter
    weights: WeightSet
    composite: CompositeScore


@dataclass(frozen=True, slots=True)
class ScoreImport:
    """What a component-score import stored."""

    rows: int
    scores: int
    quarters: tuple[Quarter, ...]
    encoding: str | None = None
    """The text encoding the CSV file was read in (`domain.file_encodings`); None for XLSX."""


# -- weights ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def default_weights(policy: Policy, path: Path = DEFAULT_WEIGHTS_FILE) -> Weights:
    """The shipped default weights, checked against a policy edition."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        components = [
            ComponentWeight(str(item["component"]), Decimal(str(item["weight_percent"])))
            for item in loaded["components"]
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError, InvalidOperation) as error:
        raise DomainError(
            "No scorecard weights are saved and the default weights cannot be read.",
            [Problem("weights", f"save a set of weights first ({error})", path.name)],
        ) from error
    return scorecard_weights(components, policy)


def weights_for(db: Database, quarter: Quarter) -> WeightSet:
    """The weights that apply to a quarter."""
    with db.transaction() as session:
        return _weights_for(session, quarter)


def _weights_for(session: Session, quarter: Quarter) -> WeightSet:
    effective = repo.effective_quarter(session, str(quarter))
    if effective is None:
        return WeightSet(None, default_weights(policy_for(session, now().date())))
    components = tuple(ComponentWeight(c, w) for c, w in repo.weight_set(session, effective))
    return WeightSet(Quarter.parse(effective), Weights(components))


def weight_history(db: Database) -> list[WeightSet]:
    """Every saved set of weights, oldest first."""
    with db.transaction() as session:
        return [
            _weights_for(session, Quarter.parse(quarter))
            for quarter in repo.effective_quarters(session)
        ]


def set_weights(
    db: Database, effective_from: Quarter, components: Sequence[ComponentWeight], actor: str
) -> WeightSet:
    """Save the weights that apply from a quarter on, if the policy of that quarter allows them."""
    weights = scorecard_weights(components, policy_for(db, effective_from.first_day))
    with db.transaction() as session:
        repo.replace_weight_set(
            session,
            str(effective_from),
            [(c.component, c.weight_percent) for c in weights.components],
            actor,
            now(),
        )
    return WeightSet(effective_from, weights)


# -- import ----------------------------------------------------------------------------------


def import_file(db: Database, source: Source, file_name: str) -> ScoreImport:
    """Import component scores from a CSV or XLSX file whose name gives its format."""
    table = tabular.read_table(source, tabular.format_of(file_name))
    return import_table(db, table, file_name)


def import_table(db: Database, table: Table, source_name: str) -> ScoreImport:
    """Store every score of the table, or nothing if any row has a problem."""
    refuse_if(
        score_header_problems(table.columns),
        f"{source_name} is not a component-score file.",
    )
    with db.transaction() as session:
        rows, problems = _read_rows(session, table)
        ids = supplier_repo.ids_by_code(session)
        problems += [
            Problem("supplier_code", "no supplier has this code", r.supplier_code, r.row)
            for r in rows
            if r.supplier_code not in ids
        ]
        problems.sort(key=lambda problem: problem.row or 0)
        refuse_if(
            problems,
            f"{source_name} was not imported: {len(problems)} problem(s); nothing was changed.",
        )
        entries = [
            ScoreEntry(ids[r.supplier_code], str(r.quarter), component, score)
            for r in rows
            for component, score in r.scores.items()
        ]
        repo.save_scores(session, entries, source_name[:200], now())
    quarters = tuple(sorted({r.quarter for r in rows}))
    return ScoreImport(len(rows), len(entries), quarters, table.encoding)


def _read_rows(session: Session, table: Table) -> tuple[list[ScoreRow], list[Problem]]:
    weights: dict[Quarter, tuple[str, ...]] = {}

    def components_of(quarter: Quarter) -> tuple[str, ...]:
        if quarter not in weights:
            weights[quarter] = _weights_for(session, quarter).weights.names
        return weights[quarter]

    rows: list[ScoreRow] = []
    problems: list[Problem] = []
    for number, cells in table:
        parsed, found = parse_score_row(number, cells, components_of)
        problems += found
        if parsed is not None:
            rows.append(parsed)
    return rows, problems + duplicate_problems(rows)


# -- composites ------------------------------------------------------------------------------


def quarter_scorecard(
    db: Database, quarter: Quarter, category: str | None = None
) -> QuarterScorecard:
    """The composite of every supplier with operational scores in the quarter, ranked."""
    with db.transaction() as session:
        weights = _weights_for(session, quarter)
        suppliers = repo.suppliers_scored(session, str(quarter))
        if category is not None:
            suppliers = [s for s in suppliers if s.category == category]
        scores = repo.scores_of_quarter(session, str(quarter))
        ratings = repo.esg_ratings(session, [str(quarter)])
    facts = {s.code: s for s in suppliers}
    ranked = rank_by_category(
        ScoredSupplier(
            s.code,
            s.category,
            composite_score(weights.weights, scores.get(s.id, {}), _rating(ratings, s.id, quarter)),
        )
        for s in suppliers
    )
    return QuarterScorecard(
        quarter,
        weights,
        {
            name: [_line(r.rank, facts[r.scored.supplier_code], r.scored.composite) for r in lines]
            for name, lines in ranked.items()
        },
    )


def supplier_history(
    db: Database, code: str, last: Quarter, quarters: int = HISTORY_QUARTERS
) -> list[QuarterScore]:
    """A supplier's composite score for each of the `quarters` quarters up to `last`."""
    wanted = [last]
    while len(wanted) < quarters:
        wanted.append(wanted[-1].previous())
    wanted.reverse()
    names = [str(q) for q in wanted]
    with db.transaction() as session:
        supplier = require(session, code)
        scores = repo.scores_of_supplier(session, supplier.id, names)
        ratings = repo.esg_ratings(session, names, supplier.id)
        weights = {q: _weights_for(session, q) for q in wanted}
    return [
        QuarterScore(
            q,
            weights[q],
            composite_score(
                weights[q].weights, scores.get(str(q), {}), _rating(ratings, supplier.id, q)
            ),
        )
        for q in wanted
    ]


def _rating(
    ratings: Mapping[tuple[int, str], tuple[str, int | None]], supplier_id: int, quarter: Quarter
) -> EsgRating | None:
    found = ratings.get((supplier_id, str(quarter)))
    return None if found is None else EsgRating(RatingState(found[0]), found[1])


def _line(rank: int | None, supplier: SupplierFacts, composite: CompositeScore) -> ScorecardLine:
    return ScorecardLine(rank, supplier.code, supplier.legal_name, supplier.category, composite)
