"""What the ESG data of a year adds up to: figures, GHG, energy, intensities, quality, B5."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from supplyesg.domain.quality import Severity
from supplyesg.services import esg_data, quality, supply_chain_kpis
from supplyesg.services.ghg import DEFAULT_GWP, DEFAULT_NORMALISER, year_account
from supplyesg.web.api.esg_results import (
    EnergyOut,
    FiguresOut,
    GhgOut,
    IntensityOut,
    IssueOut,
    QualityOut,
    SupplyChainOut,
)
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/esg-data/years", tags=["ESG data"], responses=PROBLEM_RESPONSES)

EntityQuery = Annotated[
    str | None, Query(description="Entity code; the group (root) when left out")
]
YearPath = Annotated[int, Path(ge=1900, le=9999, description="The financial year, e.g. 2025")]
ApprovedQuery = Annotated[bool, Query(description="Count approved values only")]


@router.get("/{year}/figures", response_model=FiguresOut)
def figures(
    year: YearPath,
    db: DatabaseDep,
    entity: EntityQuery = None,
    approved_only: ApprovedQuery = False,
) -> FiguresOut:
    """Every metric and ratio of the year, rolled up to the entity, with breakdowns."""
    return FiguresOut.of(esg_data.year_figures(db, year, entity, approved_only))


@router.get("/{year}/ghg", response_model=GhgOut)
def ghg(
    year: YearPath,
    db: DatabaseDep,
    entity: EntityQuery = None,
    gwp: Annotated[
        str, Query(pattern="^AR[456]$", description="IPCC report of the GWPs")
    ] = DEFAULT_GWP,
    approved_only: ApprovedQuery = False,
) -> GhgOut:
    """Scope 1 and Scope 2 emissions, each line with its activity, factors and sources."""
    return GhgOut.of(year_account(db, year, entity, gwp, approved_only).ghg)


@router.get("/{year}/energy", response_model=EnergyOut)
def energy(
    year: YearPath,
    db: DatabaseDep,
    entity: EntityQuery = None,
    approved_only: ApprovedQuery = False,
) -> EnergyOut:
    """Energy consumed, in MWh, each line with its working."""
    return EnergyOut.of(year_account(db, year, entity, approved_only=approved_only).energy)


@router.get("/{year}/intensities", response_model=list[IntensityOut])
def intensities(
    year: YearPath,
    db: DatabaseDep,
    entity: EntityQuery = None,
    normaliser: Annotated[
        str, Query(description="production_volume, revenue, workforce or floor_area")
    ] = DEFAULT_NORMALISER,
    approved_only: ApprovedQuery = False,
) -> list[IntensityOut]:
    """Each figure (and Scope 1, 2 and energy) per unit of the normaliser."""
    account = year_account(db, year, entity, approved_only=approved_only, normaliser=normaliser)
    return [IntensityOut.of(i) for i in account.intensities]


@router.get("/{year}/quality", response_model=QualityOut)
def quality_list(year: YearPath, db: DatabaseDep, entity: EntityQuery = None) -> QualityOut:
    """Everything to fix, or to explain, before the year is reported; errors first."""
    issues = quality.quality_issues(db, year, entity)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    return QualityOut(
        year=year,
        errors=errors,
        warnings=len(issues) - errors,
        issues=[IssueOut.of(i) for i in issues],
    )


@router.get("/{year}/supply-chain", response_model=SupplyChainOut)
def supply_chain(
    year: YearPath,
    db: DatabaseDep,
    max_tier: Annotated[
        int | None, Query(ge=1, le=10, description="Deepest tier counted (1 by default)")
    ] = 1,
    all_tiers: Annotated[bool, Query(description="Count every tier")] = False,
) -> SupplyChainOut:
    """KPIs B5.1 (suppliers by region) and B5.2 (suppliers engaged), from the programme."""
    found = supply_chain_kpis.supply_chain_kpis(db, year, None if all_tiers else max_tier)
    return SupplyChainOut.of(found)
