"""What the HKEX report is built from: the figures of the ESG data services, for a year.

These values are the report's input interface. `gather.py` fills them from the services;
tests and benchmarks fill them directly. Nothing here is calculated: intensities, year-on-year
changes and emissions arrive already computed by the ESG data services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from supplyesg.domain.publishing_checklist import Acknowledgement
from supplyesg.domain.quality import Issue


@dataclass(frozen=True, slots=True)
class Denominator:
    """What intensities divide by, by year: `title` heads its row, `per` follows 'per' in text."""

    title: str
    per: str
    unit: str
    values: Mapping[int, Decimal | None]
    metric: str = ""


@dataclass(frozen=True, slots=True)
class PartLine:
    """One breakdown of an indicator (Gender: Female), by year."""

    label: str
    values: Mapping[int, Decimal | None]


@dataclass(frozen=True, slots=True)
class MetricLine:
    """One indicator of the performance tables, over the years the report shows."""

    code: str
    name: str
    unit: str
    area: str
    group: str
    kpis: tuple[str, ...]
    values: Mapping[int, Decimal | None]
    intensities: Mapping[int, Decimal | None] = field(default_factory=dict)
    intensity_unit: str = ""
    change_pct: Decimal | None = None
    places: int = 2
    parts: tuple[PartLine, ...] = ()
    note: str = ""
    numerator: str = ""
    """For a ratio, the metric it divides (training hours for average training hours)."""

    def value(self, year: int) -> Decimal | None:
        """The value of a year, if reported."""
        return self.values.get(year)


@dataclass(frozen=True, slots=True)
class FactorStep:
    """One factor an activity is multiplied by on its way to tonnes CO2e."""

    title: str
    value: Decimal
    unit: str
    source: str


@dataclass(frozen=True, slots=True)
class EmissionLine:
    """An emission figure and its working: activity x factors = tonnes CO2e.

    `t_per_unit` is the product of the factors: tonnes CO2e per unit of activity.
    """

    scope: int
    entity: str
    source: str
    gas: str
    activity: Decimal
    activity_unit: str
    factors: tuple[FactorStep, ...]
    t_co2e: Decimal
    t_per_unit: Decimal
    metric: str = ""
    """The code of the metric whose activity this is."""
    note: str = ""
    """What the factor used means, for a market-based line (a fallback to the location factor)."""
    basis: str = ""
    """For a market-based line, the factor it used in words ('residual mix'), after the source."""


@dataclass(frozen=True, slots=True)
class GhgYear:
    """Scope 1 and Scope 2 of one year, in tonnes CO2e, and the intensity of their total."""

    year: int
    scope_1_t: Decimal
    scope_2_t: Decimal
    total_t: Decimal
    intensity: Decimal | None = None
    scope_2_market_t: Decimal | None = None
    """Scope 2 market-based (GHG Protocol Scope 2 Guidance): beside Scope 2, not in the total."""
    scope_2_missing: bool = False
    """Some electricity of the year has no grid factor: Scope 2 is missing, not 0."""


@dataclass(frozen=True, slots=True)
class Ghg:
    """The greenhouse gas figures of the report: the years shown and the working of the year."""

    years: tuple[GhgYear, ...]
    lines: tuple[EmissionLine, ...]
    change_pct: Decimal | None = None
    intensity_unit: str = ""
    method: str = ""
    gaps: tuple[str, ...] = ()
    gwp_edition: str = ""
    library_version: str = ""
    market_lines: tuple[EmissionLine, ...] = ()
    """The market-based Scope 2 lines of the report year."""

    def of(self, year: int) -> GhgYear | None:
        """The figures of a year, if calculated."""
        return next((y for y in self.years if y.year == year), None)


@dataclass(frozen=True, slots=True)
class EnergyCarrier:
    """Energy used of one type (electricity, natural gas, diesel), in MWh, by year."""

    name: str
    direct: bool
    mwh: Mapping[int, Decimal | None]
    metric: str = ""


@dataclass(frozen=True, slots=True)
class Energy:
    """Energy consumed (KPI A2.1): by carrier, in total and as an intensity, by year."""

    carriers: tuple[EnergyCarrier, ...]
    total_mwh: Mapping[int, Decimal | None]
    intensity: Mapping[int, Decimal | None] = field(default_factory=dict)
    intensity_unit: str = ""
    change_pct: Decimal | None = None


@dataclass(frozen=True, slots=True)
class SupplyChainKpis:
    """The supply chain KPIs: suppliers by region (B5.1), suppliers engaged and how (B5.2)."""

    by_region: tuple[tuple[str, int], ...]
    total: int
    engaged: int
    audited: int = 0
    trained: int = 0
    under_plan: int = 0


@dataclass(frozen=True, slots=True)
class TargetYear:
    """A year against a target, as `domain.targets` measured it."""

    year: int
    value: Decimal | None
    """As the target measures it: net of the credits if net, per unit if an intensity."""
    path: Decimal
    change_pct: Decimal | None
    status: str
    gross: Decimal | None = None
    credits_t_co2e: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class TargetLine:
    """A target the company set, with its base, goal and progress by year."""

    title: str
    """What is measured: 'Scope 1 and 2 emissions per vehicle produced'."""
    unit: str
    items: tuple[str, ...]
    """The guide items it answers (A1.5, D-MT-12, A2.3, ...)."""
    boundary: str
    net: bool
    base_year: int
    base: Decimal | None
    base_source: str
    """Where an entered base comes from; empty when computed from the base year's figures."""
    target_year: int
    goal: Decimal | None
    description: str
    owner: str
    steps: str = ""
    years: tuple[TargetYear, ...] = ()
    reduction_pct: Decimal | None = None
    metric: str = ""
    """The code of what is measured (a metric, or ghg_total, energy_total)."""
    per: str = ""
    """For an intensity target on the report's basis, how text names it ('vehicle produced')."""
    normaliser: str = ""
    """For an intensity target on another basis, the code of the metric it divides by."""
    """The cut from the base the company set, when it set one (rather than a value)."""
    group_wide: bool = True
    """Whether the target covers the whole group (else only `boundary`)."""

    def of(self, year: int) -> TargetYear | None:
        """The progress of a year, if measured."""
        return next((y for y in self.years if y.year == year), None)


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity inside the reporting boundary."""

    code: str
    name: str
    kind: str
    country: str


@dataclass(frozen=True, slots=True)
class HkexInputs:
    """Everything the HKEX ESG report of a year shows, from the services."""

    organisation: str
    year: int
    period_start: date
    period_end: date
    years: tuple[int, ...]
    entities: tuple[Entity, ...]
    metrics: tuple[MetricLine, ...]
    ghg: Ghg | None = None
    energy: Energy | None = None
    denominator: Denominator | None = None
    supply_chain: SupplyChainKpis | None = None
    explanations: Mapping[str, str] = field(default_factory=dict)
    statements: Mapping[str, str] = field(default_factory=dict)
    data_warnings: tuple[str, ...] = ()
    sections_to_review: tuple[str, ...] = ()
    reasons_to_review: tuple[str, ...] = ()
    quality_issues: tuple[Issue, ...] = ()
    """Every finding of the data quality checks of the year, errors and warnings alike."""
    acknowledgements: tuple[Acknowledgement, ...] = ()
    """The checklist items acknowledged for publication, with their reasons."""
    language: str = "en"
    """The language the statements and explanations are written in."""
    untranslated_sections: tuple[str, ...] = ()
    """Sections with the company's text in English but none yet in `language`."""
    untranslated_reasons: tuple[str, ...] = ()
    """Guide items with a reason for omission in English but none yet in `language`."""
    targets: tuple[TargetLine, ...] = ()
    """The targets in force at the year's end, with their progress."""

    @property
    def previous_year(self) -> int:
        """The year before the report year."""
        return self.year - 1
