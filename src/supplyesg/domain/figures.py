"""From entered values to the figures of a year: months roll up into years, sites into the group.

Time: a year entered as a whole stands as entered; otherwise a flow is the sum of its quarters
(or months) and a stock is its last quarter (or month). Tree: an entity's figure is its own
value when it has one, else the sum of its children's figures, so a value entered on a
subsidiary replaces (never adds to) the values of its sites. A total that was not entered is
the sum of the first breakdown dimension that was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from supplyesg.domain.metrics import Aggregation, Breakdown, Catalogue, Metric
from supplyesg.domain.organisation import Granularity, PeriodSlice

MONTHS = tuple(PeriodSlice(Granularity.MONTH, i) for i in range(1, 13))
QUARTERS = tuple(PeriodSlice(Granularity.QUARTER, i) for i in range(1, 5))


@dataclass(frozen=True, slots=True)
class DataPoint:
    """One value in its metric's canonical unit: an entity, a slice of a year, a breakdown."""

    entity: str
    metric: str
    year: int
    slice: PeriodSlice
    value: Decimal
    breakdown: Breakdown | None = None
    unit: str = ""
    entered_unit: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A metric's value for an entity (and everything beneath it) over a financial year."""

    metric: str
    entity: str
    year: int
    total: Decimal | None
    parts: tuple[tuple[Breakdown, Decimal], ...] = ()

    def by(self, dimension: str) -> tuple[tuple[str, Decimal], ...]:
        """The members of one breakdown dimension and their values."""
        return tuple((b.member, v) for b, v in self.parts if b.dimension == dimension)

    def part(self, breakdown: Breakdown) -> Decimal | None:
        """The value of one breakdown, if there is one."""
        return dict(self.parts).get(breakdown)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions the figure is broken down by, in order of appearance."""
        return tuple(dict.fromkeys(b.dimension for b, _ in self.parts))


def year_value(slices: Mapping[PeriodSlice, Decimal], aggregation: Aggregation) -> Decimal | None:
    """The value for the whole year from what was entered for its parts."""
    whole = slices.get(PeriodSlice(Granularity.YEAR))
    if whole is not None:
        return whole
    for parts in (QUARTERS, MONTHS):
        present = [v for v in map(slices.get, parts) if v is not None]
        if present:
            return sum(present, Decimal(0)) if aggregation is Aggregation.SUM else present[-1]
    return None


def missing_slices(slices: Iterable[PeriodSlice]) -> tuple[PeriodSlice, ...]:
    """The months (or quarters) of a year left out when the year was entered in parts."""
    entered = set(slices)
    if PeriodSlice(Granularity.YEAR) in entered or not entered:
        return ()
    for parts in (QUARTERS, MONTHS):
        if entered & set(parts):
            return tuple(s for s in parts if s not in entered)
    return ()


def own_values(
    points: Iterable[DataPoint], metric: Metric
) -> dict[str, dict[Breakdown | None, Decimal]]:
    """Each entity's own yearly values of one metric and year, per breakdown (None = total)."""
    slices: dict[tuple[str, Breakdown | None], dict[PeriodSlice, Decimal]] = defaultdict(dict)
    for point in points:
        slices[(point.entity, point.breakdown)][point.slice] = point.value
    found: dict[str, dict[Breakdown | None, Decimal]] = defaultdict(dict)
    for (entity, breakdown), entered in slices.items():
        value = year_value(entered, metric.aggregation)
        if value is not None:
            found[entity][breakdown] = value
    for values in found.values():
        if None not in values:
            derived = _total_from_parts(values, metric)
            if derived is not None:
                values[None] = derived
    return dict(found)


def _total_from_parts(values: Mapping[Breakdown | None, Decimal], metric: Metric) -> Decimal | None:
    present = {b.dimension for b in values if b is not None}
    for dimension in (*metric.allowed_breakdowns, *sorted(present)):
        if dimension in present:
            return sum(
                (v for b, v in values.items() if b is not None and b.dimension == dimension),
                Decimal(0),
            )
    return None


def roll_up(
    metric: Metric,
    year: int,
    entity: str,
    own: Mapping[str, Mapping[Breakdown | None, Decimal]],
    children: Mapping[str, tuple[str, ...]],
    catalogue: Catalogue | None = None,
) -> Figure:
    """The figure of an entity: its own values, else the sum of its children's figures.

    Parts come in the order of the metric's dimensions and of the catalogue's members.
    """
    values = _rolled(entity, own, children)
    parts = [(b, v) for b, v in values.items() if b is not None]
    return Figure(metric.code, entity, year, values.get(None), _ordered(parts, metric, catalogue))


def _rolled(
    entity: str,
    own: Mapping[str, Mapping[Breakdown | None, Decimal]],
    children: Mapping[str, tuple[str, ...]],
) -> dict[Breakdown | None, Decimal]:
    if entity in own:
        return dict(own[entity])
    below: dict[Breakdown | None, Decimal] = defaultdict(Decimal)
    for child in children.get(entity, ()):
        for breakdown, value in _rolled(child, own, children).items():
            below[breakdown] += value
    return dict(below)


def contributions(
    entity: str,
    own: Mapping[str, Mapping[Breakdown | None, Decimal]],
    children: Mapping[str, tuple[str, ...]],
) -> dict[str, Mapping[Breakdown | None, Decimal]]:
    """The entities whose own values make up an entity's figure (the roll-up rule), with them."""
    if entity in own:
        return {entity: own[entity]}
    found: dict[str, Mapping[Breakdown | None, Decimal]] = {}
    for child in children.get(entity, ()):
        found.update(contributions(child, own, children))
    return found


def _ordered(
    parts: list[tuple[Breakdown, Decimal]], metric: Metric, catalogue: Catalogue | None
) -> tuple[tuple[Breakdown, Decimal], ...]:
    dimensions = {d: i for i, d in enumerate(metric.allowed_breakdowns)}

    def rank(part: tuple[Breakdown, Decimal]) -> tuple[int, int, str]:
        breakdown = part[0]
        dimension = catalogue.dimension(breakdown.dimension) if catalogue else None
        members = [m.code for m in dimension.members] if dimension else []
        member = members.index(breakdown.member) if breakdown.member in members else len(members)
        return (dimensions.get(breakdown.dimension, len(dimensions)), member, breakdown.key)

    return tuple(sorted(parts, key=rank))
