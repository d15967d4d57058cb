"""The metric catalogue: what can be measured, in which unit, broken down how, for which KPI.

A metric is one figure an organisation enters (electricity purchased, workforce, waste) in one
canonical unit; every value is stored in that unit. Some metrics answer an HKEX KPI directly,
some are activity data for a calculation (fuel burnt, electricity bought), some are normalisers
that intensities divide by (vehicles produced, revenue). Ratios (turnover rate, average training
hours) are never entered: they are computed from two metrics, breakdown by breakdown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from supplyesg.domain.amounts import MAX_DECIMAL_PLACES
from supplyesg.domain.errors import Problem

METRIC_CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")


class Quantity(StrEnum):
    """The physical dimension of a metric's unit; values in another dimension are refused."""

    ENERGY = "energy"
    MASS = "mass"
    VOLUME = "volume"
    COUNT = "count"
    CURRENCY = "currency"
    DURATION = "duration"
    AREA = "area"
    RATIO = "ratio"


class Aggregation(StrEnum):
    """How the parts of a year make the year.

    A flow (energy used, waste produced) is the sum of its months; a stock (workforce) is its
    value at the end of the year, so the last month or quarter entered stands for the year.
    """

    SUM = "sum"
    YEAR_END = "year_end"


class Combustion(StrEnum):
    """Where a fuel burns: in fixed equipment or in vehicles (GHG Protocol source categories)."""

    STATIONARY = "stationary"
    MOBILE = "mobile"


class KpiSource(StrEnum):
    """Where the figures answering a KPI come from."""

    ENTERED = "entered"
    CALCULATED = "calculated"
    SUPPLIER_PROGRAMME = "supplier_programme"


@dataclass(frozen=True, slots=True)
class Member:
    """One value a breakdown dimension can take (female, under_30, mainland_china)."""

    code: str
    title: str


@dataclass(frozen=True, slots=True)
class Dimension:
    """A way of breaking a figure down (gender, age group, region) and its members."""

    code: str
    title: str
    members: tuple[Member, ...]

    def member(self, code: str) -> Member | None:
        """The member with this code, if the dimension has one."""
        return next((m for m in self.members if m.code == code), None)


@dataclass(frozen=True, slots=True, order=True)
class Breakdown:
    """Which part of a figure a value is: one member of one dimension (gender = female)."""

    dimension: str
    member: str

    @property
    def key(self) -> str:
        """The breakdown as stored: dimension=member."""
        return f"{self.dimension}={self.member}"

    @classmethod
    def from_key(cls, key: str) -> Breakdown | None:
        """The breakdown stored as dimension=member; the empty key is the total."""
        if not key:
            return None
        dimension, _, member = key.partition("=")
        return cls(dimension, member)

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class Metric:
    """A figure an organisation measures, stored in one canonical unit."""

    code: str
    title: str
    quantity: Quantity
    unit: str
    section: str = ""
    description: str = ""
    aggregation: Aggregation = Aggregation.SUM
    kpis: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    optional_breakdowns: tuple[str, ...] = ()
    unit_aliases: tuple[tuple[str, str], ...] = ()
    fuel: str | None = None
    combustion: Combustion | None = None
    refrigerant: str | None = None
    """The refrigerant (R-410A ...) whose kilograms lost in the year the metric counts."""
    electricity: bool = False
    renewable: bool = False
    normaliser: bool = False
    intensity: bool = False
    whole_numbers: bool = False
    custom: bool = False

    @property
    def allowed_breakdowns(self) -> tuple[str, ...]:
        """Every dimension a value of this metric may be broken down by."""
        return self.breakdowns + self.optional_breakdowns

    @property
    def is_energy_source(self) -> bool:
        """Whether the metric is energy consumed (a fuel or electricity) for KPI A2.1."""
        return self.fuel is not None or self.electricity or self.renewable


@dataclass(frozen=True, slots=True)
class Ratio:
    """A figure computed from two metrics, breakdown by breakdown (leavers / workforce)."""

    code: str
    title: str
    numerator: str
    denominator: str
    unit: str
    scale: Decimal = Decimal("1")
    kpis: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class KpiRequirement:
    """A quantitative KPI of the guide and what answers it."""

    code: str
    title: str
    level: str
    source: KpiSource

    @property
    def is_comply_or_explain(self) -> bool:
        """Whether a report must disclose it or explain why not."""
        return self.level in {"comply_or_explain", "mandatory"}


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every metric, dimension, ratio and quantitative KPI an organisation reports on."""

    code: str
    title: str
    dimensions: tuple[Dimension, ...]
    metrics: tuple[Metric, ...]
    ratios: tuple[Ratio, ...] = ()
    kpis: tuple[KpiRequirement, ...] = ()
    _metrics: dict[str, Metric] = field(init=False, repr=False, compare=False)
    _dimensions: dict[str, Dimension] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_metrics", {m.code: m for m in self.metrics})
        object.__setattr__(self, "_dimensions", {d.code: d for d in self.dimensions})

    def metric(self, code: str) -> Metric | None:
        """The metric with this code, if any."""
        return self._metrics.get(code)

    def dimension(self, code: str) -> Dimension | None:
        """The dimension with this code, if any."""
        return self._dimensions.get(code)

    def kpi(self, code: str) -> KpiRequirement | None:
        """The quantitative KPI with this code, if any."""
        return next((k for k in self.kpis if k.code == code), None)

    def metrics_for_kpi(self, kpi: str) -> tuple[Metric, ...]:
        """The metrics that answer (or feed the calculation of) a KPI, in catalogue order."""
        return tuple(m for m in self.metrics if kpi in m.kpis)

    def ratios_for_kpi(self, kpi: str) -> tuple[Ratio, ...]:
        """The ratios that answer a KPI."""
        return tuple(r for r in self.ratios if kpi in r.kpis)

    @property
    def normalisers(self) -> tuple[Metric, ...]:
        """The metrics intensities divide by."""
        return tuple(m for m in self.metrics if m.normaliser)

    def with_custom(self, custom: Iterable[Metric]) -> Catalogue:
        """The catalogue extended with an organisation's own metrics."""
        return Catalogue(
            self.code,
            self.title,
            self.dimensions,
            self.metrics + tuple(custom),
            self.ratios,
            self.kpis,
        )


def catalogue_problems(catalogue: Catalogue) -> list[Problem]:
    """What makes a catalogue unusable: duplicate codes, unknown dimensions or metrics."""
    found: list[Problem] = []
    for kind, codes in (
        ("dimensions", [d.code for d in catalogue.dimensions]),
        ("metrics", [m.code for m in catalogue.metrics] + [r.code for r in catalogue.ratios]),
        ("kpis", [k.code for k in catalogue.kpis]),
    ):
        found += [
            Problem(f"{kind}.code", "is used more than once", code)
            for code, count in Counter(codes).items()
            if count > 1
        ]
    for metric in catalogue.metrics:
        found += [
            Problem(f"metrics.{metric.code}.breakdowns", "is not a dimension of the catalogue", d)
            for d in metric.allowed_breakdowns
            if catalogue.dimension(d) is None
        ]
    for ratio in catalogue.ratios:
        found += [
            Problem(f"ratios.{ratio.code}", "refers to an unknown metric", code)
            for code in (ratio.numerator, ratio.denominator)
            if catalogue.metric(code) is None
        ]
    known = {k.code for k in catalogue.kpis}
    references: list[tuple[str, tuple[str, ...]]] = [(m.code, m.kpis) for m in catalogue.metrics]
    references += [(r.code, r.kpis) for r in catalogue.ratios]
    for code, kpis in references:
        found += [
            Problem(f"metrics.{code}.kpis", "is not a KPI of the catalogue", kpi)
            for kpi in kpis
            if kpi not in known
        ]
    return found


def custom_metric_problems(metric: Metric, catalogue: Catalogue) -> list[Problem]:
    """Why an organisation's own metric cannot be added to the catalogue."""
    found: list[Problem] = []
    if not METRIC_CODE.fullmatch(metric.code):
        found.append(
            Problem("code", "must be 2 to 60 lower-case letters, digits or '_'", metric.code)
        )
    elif catalogue.metric(metric.code) is not None:
        found.append(Problem("code", "is already a metric of the catalogue", metric.code))
    if not metric.title.strip():
        found.append(Problem("title", "is required", metric.title))
    found += [
        Problem("breakdowns", "is not a dimension of the catalogue", d)
        for d in metric.allowed_breakdowns
        if catalogue.dimension(d) is None
    ]
    return found


def value_problems(
    metric: Metric, breakdown: Breakdown | None, value: Decimal, catalogue: Catalogue
) -> list[Problem]:
    """Why a value (already in the metric's unit) cannot be recorded for this metric."""
    found: list[Problem] = []
    if not value.is_finite() or value < 0:
        found.append(Problem("value", "must be zero or a positive number", value))
    elif metric.whole_numbers and value != value.to_integral_value():
        found.append(Problem("value", f"{metric.title} is counted in whole numbers", value))
    if breakdown is not None:
        found += breakdown_problems(metric, breakdown, catalogue)
    return found


def breakdown_problems(metric: Metric, breakdown: Breakdown, catalogue: Catalogue) -> list[Problem]:
    """Why a breakdown does not apply to a metric."""
    if breakdown.dimension not in metric.allowed_breakdowns:
        allowed = ", ".join(metric.allowed_breakdowns) or "none"
        return [
            Problem(
                "breakdown",
                f"{metric.code} is not broken down by {breakdown.dimension} (allowed: {allowed})",
                breakdown.key,
            )
        ]
    dimension = catalogue.dimension(breakdown.dimension)
    if dimension is None or dimension.member(breakdown.member) is None:
        members = ", ".join(m.code for m in dimension.members) if dimension else ""
        return [
            Problem(
                "breakdown",
                f"{breakdown.member!r} is not a {breakdown.dimension} (one of: {members})",
                breakdown.key,
            )
        ]
    return []


def parse_breakdown(text: str) -> Breakdown | Problem | None:
    """A breakdown written dimension=member (gender=female); empty text is the total."""
    stripped = text.strip()
    if not stripped:
        return None
    dimension, sign, member = stripped.partition("=")
    if not sign or not dimension.strip() or not member.strip():
        return Problem("breakdown", "must look like dimension=member, e.g. gender=female", text)
    return Breakdown(dimension.strip().lower(), member.strip().lower())


def stored(value: Decimal) -> Decimal:
    """A value converted to its metric's unit, kept to the decimal places storage holds.

    1 GJ is 277.777... kWh: the value is kept as 277.7777777778, on every database alike.
    """
    places = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)
    return (
        value.quantize(places, rounding=ROUND_HALF_EVEN).normalize() if value.is_finite() else value
    )


def unit_alias(metric: Metric, unit: str) -> str:
    """The unit to convert from: a metric may take an alias (a tonne of water is a cubic metre)."""
    return dict(metric.unit_aliases).get(unit.strip(), unit)


def metrics_by_code(metrics: Iterable[Metric]) -> Mapping[str, Metric]:
    """Metrics keyed by code."""
    return {m.code: m for m in metrics}
