"""Response bodies of the ESG calculations: figures, GHG, energy, intensities, quality, B5."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from supplyesg.domain.energy import EnergySummary
from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.accounting import GhgSummary
from supplyesg.domain.ghg.factors import Factor
from supplyesg.domain.ghg.traces import CalculationLine, FactorUse
from supplyesg.domain.intensity import Intensity, shown
from supplyesg.domain.metrics import Breakdown
from supplyesg.domain.quality import Issue
from supplyesg.services.esg_data import YearFigures
from supplyesg.services.supply_chain_kpis import SupplyChainKpis
from supplyesg.web.api.types import DECIMAL_PATTERN

Computed = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DECIMAL_PATTERN,
            "description": "A computed decimal, sent as a string with every digit it has.",
        }
    ),
]
"""A figure the application computed (never input): all its digits, as a string."""


class Part(BaseModel):
    """One member of a breakdown and its value."""

    dimension: str
    member: str
    value: Computed


class FigureOut(BaseModel):
    """A metric or ratio of the year, in total and by breakdown."""

    code: str
    title: str
    unit: str
    total: Computed | None
    parts: list[Part]


class FiguresOut(BaseModel):
    """Every metric and ratio of a year for an entity and all beneath it."""

    year: int
    entity: str
    metrics: list[FigureOut]
    ratios: list[FigureOut]

    @classmethod
    def of(cls, found: YearFigures) -> FiguresOut:
        """The body of a year's figures (metrics without values are left out)."""
        metrics = [
            FigureOut(
                code=m.code,
                title=m.title,
                unit=m.unit,
                total=found.figures[m.code].total,
                parts=_parts(found.figures[m.code].parts),
            )
            for m in found.catalogue.metrics
            if found.figures[m.code].total is not None
        ]
        ratios = [
            FigureOut(
                code=r.code,
                title=r.title,
                unit=r.unit,
                total=found.ratios[r.code].total,
                parts=_parts(found.ratios[r.code].parts),
            )
            for r in found.catalogue.ratios
            if found.ratios[r.code].total is not None
        ]
        return cls(year=found.year, entity=found.entity, metrics=metrics, ratios=ratios)


def _parts(parts: Iterable[tuple[Breakdown, Decimal]]) -> list[Part]:
    return [Part(dimension=b.dimension, member=b.member, value=v) for b, v in parts]


class FactorUseOut(BaseModel):
    """A factor multiplied into a calculation."""

    factor_id: str
    title: str
    value: Computed
    unit: str
    source: str
    year: int | None
    origin: str

    @classmethod
    def of(cls, use: FactorUse) -> FactorUseOut:
        """The body of a factor use."""
        return cls(
            factor_id=use.factor_id,
            title=use.title,
            value=use.value,
            unit=use.unit,
            source=use.source,
            year=use.year,
            origin=str(use.origin),
        )


class Gap(BaseModel):
    """A calculation that could not be made, and why."""

    field: str
    reason: str
    entity: str

    @classmethod
    def of(cls, problem: Problem) -> Gap:
        """The body of a gap."""
        return cls(field=problem.field, reason=problem.reason, entity=str(problem.value))


class EmissionLine(BaseModel):
    """An emission and its working: activity x factors = t CO2e."""

    scope: int
    category: str
    entity: str
    metric: str
    subject: str = Field(description="The fuel, or the grid region of purchased electricity")
    gas: str
    activity: Computed
    activity_unit: str
    factors: list[FactorUseOut]
    t_co2e: Computed
    basis: str = Field(
        default="",
        description="Market-based lines: instrument, residual_mix or location_fallback",
    )
    note: str = Field(default="", description="What the factor used means (a fallback, say)")

    @classmethod
    def of(cls, line: CalculationLine) -> EmissionLine:
        """The body of a calculation line."""
        return cls(
            scope=int(line.scope),
            category=str(line.category),
            entity=line.entity,
            metric=line.metric,
            subject=line.subject,
            gas=line.gas,
            activity=line.activity,
            activity_unit=line.activity_unit,
            factors=[FactorUseOut.of(f) for f in line.factors],
            t_co2e=line.t_co2e,
            basis=line.basis,
            note=line.note,
        )


class GhgOut(BaseModel):
    """Scope 1 and Scope 2 (location-based) emissions of a year, line by line (KPI A1.2)."""

    year: int
    entity: str
    library_version: str
    gwp_edition: str
    scope1_t_co2e: Computed
    scope2_t_co2e: Computed
    total_t_co2e: Computed
    by_category: dict[str, Computed]
    by_entity: dict[str, Computed]
    lines: list[EmissionLine]
    scope2_market_t_co2e: Computed = Field(
        description="Scope 2 market-based (GHG Protocol Scope 2 Guidance): beside, not added"
    )
    covered_kwh: Computed = Field(description="Electricity covered by contractual instruments")
    market_lines: list[EmissionLine]
    scope2_missing: bool = Field(
        description="Some electricity has no grid factor: Scope 2 is short (see gaps)"
    )
    gaps: list[Gap]

    @classmethod
    def of(cls, ghg: GhgSummary) -> GhgOut:
        """The body of a GHG summary."""
        return cls(
            year=ghg.year,
            entity=ghg.entity,
            library_version=ghg.library_version,
            gwp_edition=ghg.gwp_edition,
            scope1_t_co2e=ghg.scope1_t_co2e,
            scope2_t_co2e=ghg.scope2_t_co2e,
            total_t_co2e=ghg.total_t_co2e,
            by_category=ghg.by("category"),
            by_entity=ghg.by("entity"),
            lines=[EmissionLine.of(line) for line in ghg.lines],
            scope2_market_t_co2e=ghg.scope2_market_t_co2e,
            covered_kwh=ghg.covered_kwh,
            market_lines=[EmissionLine.of(line) for line in ghg.market_lines],
            scope2_missing=ghg.scope2_missing,
            gaps=[Gap.of(g) for g in ghg.gaps],
        )


class EnergyLineOut(BaseModel):
    """The energy of one activity and its working: activity x factors = MWh."""

    kind: str
    entity: str
    metric: str
    subject: str
    activity: Computed
    activity_unit: str
    factors: list[FactorUseOut]
    mwh: Computed


class EnergyOut(BaseModel):
    """Energy consumed in a year, in MWh (KPI A2.1)."""

    year: int
    entity: str
    total_mwh: Computed
    direct_mwh: Computed
    indirect_mwh: Computed
    by_subject: dict[str, Computed]
    lines: list[EnergyLineOut]
    gaps: list[Gap]

    @classmethod
    def of(cls, energy: EnergySummary) -> EnergyOut:
        """The body of an energy summary."""
        return cls(
            year=energy.year,
            entity=energy.entity,
            total_mwh=energy.total_mwh,
            direct_mwh=energy.direct_mwh,
            indirect_mwh=energy.indirect_mwh,
            by_subject=energy.by("subject"),
            lines=[
                EnergyLineOut(
                    kind=str(line.kind),
                    entity=line.entity,
                    metric=line.metric,
                    subject=line.subject,
                    activity=line.activity,
                    activity_unit=line.activity_unit,
                    factors=[FactorUseOut.of(f) for f in line.factors],
                    mwh=line.mwh,
                )
                for line in energy.lines
            ],
            gaps=[Gap.of(g) for g in energy.gaps],
        )


class IntensityOut(BaseModel):
    """A figure per unit of a normaliser."""

    metric: str
    normaliser: str
    year: int
    value: Computed
    shown: Computed = Field(description="As a report prints it (significant figures if small)")
    unit: str

    @classmethod
    def of(cls, item: Intensity) -> IntensityOut:
        """The body of an intensity."""
        return cls(
            metric=item.metric,
            normaliser=item.normaliser,
            year=item.year,
            value=item.value,
            shown=shown(item.value),
            unit=item.unit,
        )


class IssueOut(BaseModel):
    """A thing to fix (error) or to fix or explain (warning)."""

    kind: str
    severity: str
    message: str
    kpi: str
    metric: str
    entity: str
    breakdown: str
    period: str
    value: Computed | None
    expected: Computed | None

    @classmethod
    def of(cls, issue: Issue) -> IssueOut:
        """The body of an issue."""
        return cls(
            kind=str(issue.kind),
            severity=str(issue.severity),
            message=issue.message,
            kpi=issue.kpi,
            metric=issue.metric,
            entity=issue.entity,
            breakdown=issue.breakdown,
            period=issue.period,
            value=issue.value,
            expected=issue.expected,
        )


class QualityOut(BaseModel):
    """The data quality list of a year."""

    year: int
    errors: int
    warnings: int
    issues: list[IssueOut]


class RegionOut(BaseModel):
    """Suppliers of a country and region."""

    country: str
    region: str
    count: int


class EngagementOut(BaseModel):
    """Suppliers where engagement practices were applied in the year (KPI B5.2)."""

    audited: int
    trained: int
    under_plan: int
    engaged: int


class SupplyChainOut(BaseModel):
    """KPIs B5.1 and B5.2 of a year, counted from the supplier programme."""

    year: int
    max_tier: int | None
    supplier_count: int
    by_region: list[RegionOut]
    engagement: EngagementOut

    @classmethod
    def of(cls, kpis: SupplyChainKpis) -> SupplyChainOut:
        """The body of the supply-chain KPIs."""
        e = kpis.engagement
        return cls(
            year=kpis.year,
            max_tier=kpis.max_tier,
            supplier_count=kpis.supplier_count,
            by_region=[
                RegionOut(country=r.country, region=r.region, count=r.count) for r in kpis.by_region
            ],
            engagement=EngagementOut(
                audited=e.audited, trained=e.trained, under_plan=e.under_plan, engaged=e.engaged
            ),
        )


class FactorOut(BaseModel):
    """A conversion factor in force, in the canonical unit of its kind."""

    id: str
    kind: str
    subject: str
    gas: str
    basis: str
    value: Computed
    unit: str
    published: str = Field(description="The value and unit as published or entered")
    year: int | None
    title: str
    source: str
    origin: str

    @classmethod
    def of(cls, factor: Factor) -> FactorOut:
        """The body of a factor."""
        return cls(
            id=factor.id,
            kind=str(factor.kind),
            subject=factor.subject,
            gas=factor.gas,
            basis=str(factor.basis),
            value=factor.value,
            unit=factor.unit,
            published=factor.published or f"{factor.value} {factor.unit}",
            year=factor.year,
            title=factor.title,
            source=factor.source,
            origin=str(factor.origin),
        )


class FactorLibraryOut(BaseModel):
    """Every factor in force, organisation ones first."""

    version: str
    factors: list[FactorOut]
