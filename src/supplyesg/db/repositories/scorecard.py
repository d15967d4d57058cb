"""Queries on scorecard weights, imported component scores and the ESG ratings they use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from supplyesg.db.models import ScorecardScoreRow, ScorecardWeightRow, SupplierRow
from supplyesg.db.models.programme import QuarterlyRatingRow

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One component score to store."""

    supplier_id: int
    quarter: str
    component: str
    score: Decimal


@dataclass(frozen=True, slots=True)
class SupplierFacts:
    """The supplier columns a scorecard shows."""

    id: int
    code: str
    legal_name: str
    category: str


def effective_quarter(session: Session, quarter: str) -> str | None:
    """The quarter from which the weights that apply to a quarter were saved, if any."""
    return session.scalar(
        select(func.max(ScorecardWeightRow.effective_from)).where(
            ScorecardWeightRow.effective_from <= quarter
        )
    )


def weight_set(session: Session, effective_from: str) -> list[tuple[str, Decimal]]:
    """The (component, weight in percent) saved to apply from a quarter, in display order."""
    rows = session.execute(
        select(ScorecardWeightRow.component, ScorecardWeightRow.weight_percent)
        .where(ScorecardWeightRow.effective_from == effective_from)
        .order_by(ScorecardWeightRow.position)
    )
    return [(component, _plain(weight)) for component, weight in rows]


def effective_quarters(session: Session) -> list[str]:
    """Every quarter from which a saved set of weights applies, oldest first."""
    return list(
        session.scalars(
            select(ScorecardWeightRow.effective_from)
            .distinct()
            .order_by(ScorecardWeightRow.effective_from)
        )
    )


def replace_weight_set(
    session: Session,
    effective_from: str,
    components: Iterable[tuple[str, Decimal]],
    actor: str,
    at: datetime,
) -> None:
    """Save the weights that apply from a quarter, replacing any saved for that quarter."""
    session.execute(
        delete(ScorecardWeightRow).where(ScorecardWeightRow.effective_from == effective_from)
    )
    session.add_all(
        ScorecardWeightRow(
            effective_from=effective_from,
            position=position,
            component=component,
            weight_percent=weight,
            changed_by=actor,
            changed_at=at,
        )
        for position, (component, weight) in enumerate(components)
    )


def scores_of_quarter(session: Session, quarter: str) -> dict[int, dict[str, Decimal]]:
    """Every imported component score of a quarter, by supplier id."""
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = session.execute(
        select(
            ScorecardScoreRow.supplier_id, ScorecardScoreRow.component, ScorecardScoreRow.score
        ).where(ScorecardScoreRow.quarter == quarter)
    )
    for supplier_id, component, score in rows:
        found[supplier_id][component] = _plain(score)
    return dict(found)


def scores_of_supplier(
    session: Session, supplier_id: int, quarters: Sequence[str]
) -> dict[str, dict[str, Decimal]]:
    """A supplier's imported component scores of the given quarters, by quarter."""
    found: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = session.execute(
        select(ScorecardScoreRow.quarter, ScorecardScoreRow.component, ScorecardScoreRow.score)
        .where(ScorecardScoreRow.supplier_id == supplier_id)
        .where(ScorecardScoreRow.quarter.in_(quarters))
    )
    for quarter, component, score in rows:
        found[quarter][component] = _plain(score)
    return dict(found)


def save_scores(session: Session, entries: Sequence[ScoreEntry], source: str, at: datetime) -> None:
    """Store component scores, replacing those already stored for the same keys."""
    for start in range(0, len(entries), _CHUNK):
        chunk = entries[start : start + _CHUNK]
        keys = [(e.supplier_id, e.quarter, e.component) for e in chunk]
        session.execute(
            delete(ScorecardScoreRow).where(
                tuple_(
                    ScorecardScoreRow.supplier_id,
                    ScorecardScoreRow.quarter,
                    ScorecardScoreRow.component,
                ).in_(keys)
            )
        )
    session.add_all(
        ScorecardScoreRow(
            supplier_id=e.supplier_id,
            quarter=e.quarter,
            component=e.component,
            score=e.score,
            source=source,
            imported_at=at,
        )
        for e in entries
    )


def esg_ratings(
    session: Session, quarters: Sequence[str], supplier_id: int | None = None
) -> dict[tuple[int, str], tuple[str, int | None]]:
    """The stored quarterly ESG ratings, (state, score) by (supplier id, quarter)."""
    query = select(
        QuarterlyRatingRow.supplier_id,
        QuarterlyRatingRow.quarter,
        QuarterlyRatingRow.state,
        QuarterlyRatingRow.score,
    ).where(QuarterlyRatingRow.quarter.in_(quarters))
    if supplier_id is not None:
        query = query.where(QuarterlyRatingRow.supplier_id == supplier_id)
    return {(s, q): (state, score) for s, q, state, score in session.execute(query)}


def suppliers_scored(session: Session, quarter: str) -> list[SupplierFacts]:
    """The suppliers with an imported score in the quarter (those on its scorecard)."""
    with_scores = select(ScorecardScoreRow.supplier_id).where(ScorecardScoreRow.quarter == quarter)
    rows = session.execute(
        select(SupplierRow.id, SupplierRow.code, SupplierRow.legal_name, SupplierRow.category)
        .where(SupplierRow.id.in_(with_scores))
        .order_by(SupplierRow.code)
    )
    return [SupplierFacts(*row) for row in rows]


def _plain(number: Decimal) -> Decimal:
    """The stored number without the zeros of the column's scale (PostgreSQL pads to 10)."""
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )
