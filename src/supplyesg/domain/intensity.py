"""Intensities, year-on-year changes and how small figures are shown.

An intensity divides a figure by a normaliser (kWh per vehicle produced, tonnes CO2e per
million CNY of revenue), as KPIs A1.2 to A2.5 ask "where appropriate". Small intensities are
shown to significant figures, never rounded away to 0.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from supplyesg.domain.figures import Figure
from supplyesg.domain.metrics import Breakdown, Ratio

DEFAULT_FIGURES = 3


@dataclass(frozen=True, slots=True)
class Intensity:
    """A figure per unit of a normaliser for a year: 814.97 kWh per vehicle produced."""

    metric: str
    normaliser: str
    year: int
    value: Decimal
    unit: str


def intensity(value: Decimal, normaliser: Decimal) -> Decimal | None:
    """value / normaliser, or None when the normaliser is zero (no intensity exists)."""
    if normaliser == 0:
        return None
    return value / normaliser


@dataclass(frozen=True, slots=True)
class RatioFigure:
    """A ratio KPI for a year (turnover rate, average training hours), in total and by breakdown."""

    ratio: str
    entity: str
    year: int
    unit: str
    total: Decimal | None
    parts: tuple[tuple[Breakdown, Decimal], ...] = ()

    def by(self, dimension: str) -> tuple[tuple[str, Decimal], ...]:
        """The members of one breakdown dimension and their values."""
        return tuple((b.member, v) for b, v in self.parts if b.dimension == dimension)


def ratio_figure(ratio: Ratio, numerator: Figure, denominator: Figure) -> RatioFigure:
    """numerator / denominator x scale, for the total and for each breakdown both figures share.

    A breakdown is only given for the dimensions the ratio is defined by (a turnover rate by
    gender divides the female leavers by the female workforce).
    """
    total = _scaled(numerator.total, denominator.total, ratio.scale)
    parts = []
    for breakdown, value in numerator.parts:
        if breakdown.dimension in ratio.breakdowns:
            found = _scaled(value, denominator.part(breakdown), ratio.scale)
            if found is not None:
                parts.append((breakdown, found))
    return RatioFigure(
        ratio.code, numerator.entity, numerator.year, ratio.unit, total, tuple(parts)
    )


def _scaled(value: Decimal | None, base: Decimal | None, scale: Decimal) -> Decimal | None:
    if value is None or base is None:
        return None
    found = intensity(value, base)
    return None if found is None else found * scale


def change(current: Decimal, previous: Decimal) -> Decimal | None:
    """The relative change from the previous year (0.25 is +25 %); None from a zero base."""
    if previous == 0:
        return None
    return (current - previous) / previous


def significant(value: Decimal, figures: int = DEFAULT_FIGURES) -> Decimal:
    """The value rounded to a number of significant figures (0.0001234 -> 0.000123)."""
    if value == 0 or not value.is_finite():
        return value
    exponent = value.adjusted() - figures + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def prints_as_zero(value: Decimal, decimals: int) -> bool:
    """Whether a non-zero value would print as 0 (0.00) with this many decimals."""
    if value == 0:
        return False
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == 0


def shown(value: Decimal, decimals: int = 2, figures: int = DEFAULT_FIGURES) -> Decimal:
    """The value as a report prints it: fixed decimals, or significant figures if it is small."""
    if prints_as_zero(value, decimals) or (
        value != 0 and abs(value) < Decimal(1).scaleb(-decimals + 1)
    ):
        return significant(value, figures)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
