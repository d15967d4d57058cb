"""Climate and environmental targets, and how far each year has come towards them.

A target names a figure the ESG data already computes (Scope 1 and 2 emissions, energy in MWh,
water, waste), absolute or as an intensity per a normaliser, for a boundary, from a base year
to a target year. Its base is the computed figure of the base year when there is one, else a
value entered with its source. A net target subtracts carbon credits retired in a year from
that year's gross emissions, and both are always shown: nothing is netted silently (GHG
Protocol Corporate Standard ch. 8, IFRS S2 para. 36(e)).

Each reported year is compared with the base and with the straight line from base to target
(`path_value`): at or beyond the target it is achieved, at or beyond the line on track, else
behind. Years and figures are parameters; nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.amounts import amount_problems
from supplyesg.domain.errors import Problem
from supplyesg.domain.intensity import intensity

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TEXT = 2000
MAX_OWNER = 200
HUNDRED = Decimal(100)


class TargetMetric(StrEnum):
    """The computed figure a target is set on (the codes of the ESG figures)."""

    GHG_TOTAL = "ghg_total"
    GHG_SCOPE1 = "ghg_scope1"
    GHG_SCOPE2 = "ghg_scope2"
    ENERGY = "energy_total"
    WATER = "water_consumption"
    HAZARDOUS_WASTE = "hazardous_waste"
    NON_HAZARDOUS_WASTE = "non_hazardous_waste"

    @property
    def is_greenhouse_gas(self) -> bool:
        """Whether the figure is an emission in tonnes CO2e (the only kind credits apply to)."""
        return self in GREENHOUSE_GASES

    @property
    def unit(self) -> str:
        """The unit of the absolute figure."""
        return UNITS[self]

    @property
    def items(self) -> tuple[str, ...]:
        """The HKEX guide items a target on this figure answers (A1.5, A2.3, ...)."""
        return GUIDE_ITEMS[self]


GREENHOUSE_GASES = frozenset(
    {TargetMetric.GHG_TOTAL, TargetMetric.GHG_SCOPE1, TargetMetric.GHG_SCOPE2}
)
UNITS = {
    TargetMetric.GHG_TOTAL: "t CO2e",
    TargetMetric.GHG_SCOPE1: "t CO2e",
    TargetMetric.GHG_SCOPE2: "t CO2e",
    TargetMetric.ENERGY: "MWh",
    TargetMetric.WATER: "m³",
    TargetMetric.HAZARDOUS_WASTE: "t",
    TargetMetric.NON_HAZARDOUS_WASTE: "t",
}
GUIDE_ITEMS: dict[TargetMetric, tuple[str, ...]] = {
    # A1.5 emission targets; D-MT-12 the climate-related targets of Part D (IFRS S2 para. 33).
    TargetMetric.GHG_TOTAL: ("A1.5", "D-MT-12"),
    TargetMetric.GHG_SCOPE1: ("A1.5", "D-MT-12"),
    TargetMetric.GHG_SCOPE2: ("A1.5", "D-MT-12"),
    TargetMetric.ENERGY: ("A2.3",),
    TargetMetric.WATER: ("A2.4",),
    TargetMetric.HAZARDOUS_WASTE: ("A1.6",),
    TargetMetric.NON_HAZARDOUS_WASTE: ("A1.6",),
}


class TargetKind(StrEnum):
    """Whether a target is on the figure itself or on the figure per unit of a normaliser."""

    ABSOLUTE = "absolute"
    INTENSITY = "intensity"


class Accounting(StrEnum):
    """Gross counts emissions as measured; net subtracts the carbon credits retired."""

    GROSS = "gross"
    NET = "net"


class ProgressStatus(StrEnum):
    """How a year stands against a target."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_FIGURE = "no_figure"


@dataclass(frozen=True, slots=True)
class Target:
    """A target as the company sets it: what, for which boundary, from when to when, how much.

    Exactly one of `target_value` (in the unit the target measures) and `reduction_pct`
    (a cut from the base, in %) says how much. `base_value` is only used when the base year
    has no computed figure; it must name its `base_source`. `credits_t_co2e` are the carbon
    credits retired per year, only for a net target.
    """

    metric: TargetMetric
    base_year: int
    target_year: int
    kind: TargetKind = TargetKind.ABSOLUTE
    normaliser: str = ""
    entity: str = ""
    """The reporting entity the target covers; empty for the whole group."""
    accounting: Accounting = Accounting.GROSS
    target_value: Decimal | None = None
    reduction_pct: Decimal | None = None
    base_value: Decimal | None = None
    base_source: str = ""
    credits_t_co2e: Mapping[int, Decimal] = field(default_factory=dict)
    description: str = ""
    steps: str = ""
    owner: str = ""
    adopted_on: date | None = None
    withdrawn_on: date | None = None


def target_problems(target: Target, normalisers: Iterable[str]) -> list[Problem]:
    """Why a target cannot be set as given; empty when it can."""
    found = _year_problems(target) + _size_problems(target) + _kind_problems(target, normalisers)
    found += _credit_problems(target)
    if not target.description.strip():
        found.append(Problem("description", "is required: say what the target is", ""))
    if not target.owner.strip():
        found.append(Problem("owner", "is required: who answers for the target", ""))
    for name, text, most in (
        ("description", target.description, MAX_TEXT),
        ("steps", target.steps, MAX_TEXT),
        ("base_source", target.base_source, MAX_TEXT),
        ("owner", target.owner, MAX_OWNER),
    ):
        if len(text) > most:
            found.append(Problem(name, f"must be at most {most} characters", len(text)))
    return found


def _year_problems(target: Target) -> list[Problem]:
    found = [
        Problem(name, f"must be a year from {MIN_YEAR} to {MAX_YEAR}", year)
        for name, year in (("base_year", target.base_year), ("target_year", target.target_year))
        if not MIN_YEAR <= year <= MAX_YEAR
    ]
    if not found and target.target_year <= target.base_year:
        found.append(Problem("target_year", "must come after the base year", target.target_year))
    return found


def _size_problems(target: Target) -> list[Problem]:
    found: list[Problem] = []
    if (target.target_value is None) == (target.reduction_pct is None):
        found.append(
            Problem("target_value", "give either a target value or a reduction in %, not both")
        )
    if target.target_value is not None:
        found += _amount("target_value", target.target_value)
    if target.reduction_pct is not None and not 0 < target.reduction_pct <= HUNDRED:
        found.append(
            Problem("reduction_pct", "must be above 0 and at most 100", target.reduction_pct)
        )
    if target.base_value is not None:
        found += _amount("base_value", target.base_value)
        if not target.base_source.strip():
            found.append(Problem("base_source", "is required with an entered base value", ""))
    return found


def _amount(name: str, value: Decimal) -> list[Problem]:
    if value.is_finite() and value < 0:
        return [Problem(name, "must not be negative", value)]
    return amount_problems(name, value)


def _kind_problems(target: Target, normalisers: Iterable[str]) -> list[Problem]:
    known = tuple(normalisers)
    if target.kind is TargetKind.ABSOLUTE and target.normaliser:
        return [Problem("normaliser", "only an intensity target has one", target.normaliser)]
    if target.kind is TargetKind.INTENSITY and target.normaliser not in known:
        return [Problem("normaliser", f"must be one of {', '.join(known)}", target.normaliser)]
    return []


def _credit_problems(target: Target) -> list[Problem]:
    if target.accounting is Accounting.NET and not target.metric.is_greenhouse_gas:
        return [Problem("accounting", "only an emission target can be net of carbon credits")]
    if target.accounting is Accounting.GROSS and target.credits_t_co2e:
        return [Problem("credits", "only a net target counts carbon credits")]
    found = []
    for year, t_co2e in target.credits_t_co2e.items():
        if not target.base_year <= year <= target.target_year:
            found.append(Problem("credits", "must be of a year from base to target year", year))
        found += _amount(f"credits.{year}", t_co2e)
    return found


def is_in_force(target: Target, day: date) -> bool:
    """Whether a target had been adopted, and not withdrawn, by a day."""
    adopted = target.adopted_on is None or target.adopted_on <= day
    return adopted and (target.withdrawn_on is None or target.withdrawn_on > day)


@dataclass(frozen=True, slots=True)
class YearFigure:
    """What a year's figures give a target: the gross figure and the normaliser, if known."""

    gross: Decimal | None
    normaliser: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Base:
    """The value progress is measured from, and whether it was computed or entered (and where
    from)."""

    value: Decimal
    computed: bool
    source: str = ""


def measured(target: Target, year: int, figure: YearFigure | None) -> Decimal | None:
    """The value of a year as the target measures it: net of that year's credits if net,
    per unit of the normaliser if an intensity; None when a figure is missing."""
    if figure is None or figure.gross is None:
        return None
    value = figure.gross - credits_of(target, year)
    if target.kind is TargetKind.ABSOLUTE:
        return value
    return None if figure.normaliser is None else intensity(value, figure.normaliser)


def credits_of(target: Target, year: int) -> Decimal:
    """The carbon credits (t CO2e) a net target subtracts in a year; 0 for a gross one."""
    if target.accounting is Accounting.GROSS:
        return Decimal(0)
    return target.credits_t_co2e.get(year, Decimal(0))


def base_of(target: Target, figure: YearFigure | None) -> Base | None:
    """The computed figure of the base year when there is one, else the entered base value."""
    computed = measured(target, target.base_year, figure)
    if computed is not None:
        return Base(computed, computed=True)
    if target.base_value is not None:
        return Base(target.base_value, computed=False, source=target.base_source)
    return None


def target_value_of(target: Target, base: Decimal) -> Decimal:
    """The value the target year is to reach: as set, or the base cut by the reduction."""
    if target.target_value is not None:
        return target.target_value
    assert target.reduction_pct is not None  # target_problems requires one of the two
    return base * (1 - target.reduction_pct / HUNDRED)


def path_value(target: Target, base: Decimal, goal: Decimal, year: int) -> Decimal:
    """The value of a year on the straight line from base (base year) to goal (target year);
    the goal itself after the target year."""
    if year >= target.target_year:
        return goal
    if year <= target.base_year:
        return base
    share = Decimal(year - target.base_year) / Decimal(target.target_year - target.base_year)
    return base + (goal - base) * share


def status(value: Decimal | None, base: Decimal, goal: Decimal, path: Decimal) -> ProgressStatus:
    """Achieved at or beyond the goal, on track at or beyond the line, else behind.

    "Beyond" is below for a cut or a cap (goal at or under base) and above for a rise.
    """
    if value is None:
        return ProgressStatus.NO_FIGURE
    sign = 1 if goal > base else -1
    if sign * (value - goal) >= 0:
        return ProgressStatus.ACHIEVED
    if sign * (value - path) >= 0:
        return ProgressStatus.ON_TRACK
    return ProgressStatus.BEHIND


@dataclass(frozen=True, slots=True)
class YearProgress:
    """One reported year against a target."""

    year: int
    gross: Decimal | None
    """The figure as computed (per normaliser for an intensity), before any credits."""
    credits_t_co2e: Decimal
    value: Decimal | None
    """The figure as the target measures it (net of credits if net)."""
    path: Decimal
    change_from_base: Decimal | None
    """The relative change from the base (-0.12 is 12 % lower)."""
    status: ProgressStatus


@dataclass(frozen=True, slots=True)
class TargetProgress:
    """A target with its base, its goal and each reported year after the base year."""

    target: Target
    base: Base | None
    goal: Decimal | None
    years: tuple[YearProgress, ...]

    def of(self, year: int) -> YearProgress | None:
        """The progress of a year, if it was reported."""
        return next((y for y in self.years if y.year == year), None)


def progress(
    target: Target, figures: Mapping[int, YearFigure], years: Iterable[int]
) -> TargetProgress:
    """A target's progress in each of the years given that follow its base year."""
    base = base_of(target, figures.get(target.base_year))
    if base is None:
        return TargetProgress(target, None, None, ())
    goal = target_value_of(target, base.value)
    found = []
    for year in sorted(y for y in set(years) if y > target.base_year):
        figure = figures.get(year)
        value = measured(target, year, figure)
        path = path_value(target, base.value, goal, year)
        found.append(
            YearProgress(
                year=year,
                gross=_gross(target, figure),
                credits_t_co2e=credits_of(target, year),
                value=value,
                path=path,
                change_from_base=None
                if value is None or base.value == 0
                else ((value - base.value) / base.value),
                status=status(value, base.value, goal, path),
            )
        )
    return TargetProgress(target, base, goal, tuple(found))


def _gross(target: Target, figure: YearFigure | None) -> Decimal | None:
    if figure is None or figure.gross is None:
        return None
    if target.kind is TargetKind.ABSOLUTE:
        return figure.gross
    return None if figure.normaliser is None else intensity(figure.gross, figure.normaliser)
