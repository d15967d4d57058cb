"""GHG emissions (KPI A1.2), energy (KPI A2.1) and intensities of a financial year.

The activity data are the year's figures of the fuel and electricity metrics, taken entity by
entity along the roll-up rule (so electricity is matched with each site's grid region), and
every emission and MWh comes with its working.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from supplyesg.db.session import Database
from supplyesg.domain.energy import EnergySummary, energy_use
from supplyesg.domain.figures import contributions
from supplyesg.domain.ghg.accounting import GhgSummary, account
from supplyesg.domain.ghg.factors import FactorLibrary
from supplyesg.domain.ghg.traces import Activity, EmissionSource
from supplyesg.domain.intensity import Intensity, intensity
from supplyesg.domain.metrics import Combustion, Metric
from supplyesg.domain.organisation import subtree
from supplyesg.services.contractual_instruments import instruments_of_year_in
from supplyesg.services.emission_factors import library_in
from supplyesg.services.esg_data import YearFigures, figures_in
from supplyesg.services.esg_organisation import Organisation, organisation_in
from supplyesg.services.units import pretty_unit

DEFAULT_GWP = "AR6"
DEFAULT_NORMALISER = "production_volume"
GHG_FIGURES = {
    "ghg_scope1": "Scope 1 emissions",
    "ghg_scope2": "Scope 2 emissions",
    "ghg_scope2_market": "Scope 2 emissions (market-based)",
    "ghg_total": "Scope 1 and 2 emissions",
}


@dataclass(frozen=True, slots=True)
class YearAccount:
    """A year's figures with the emissions, the energy and the intensities computed from them."""

    figures: YearFigures
    ghg: GhgSummary
    energy: EnergySummary
    intensities: tuple[Intensity, ...]
    library: FactorLibrary
    approved_only: bool = False
    """Whether only approved values were counted."""
    normaliser: str = DEFAULT_NORMALISER
    """The metric the intensities are expressed per."""


def activities(
    figures: YearFigures, organisation: Organisation
) -> tuple[list[Activity], list[Activity]]:
    """(fuel and purchased-electricity activities, on-site renewable generation) of the year."""
    used: list[Activity] = []
    generated: list[Activity] = []
    for metric in figures.catalogue.metrics:
        if not metric.is_energy_source and metric.refrigerant is None:
            continue
        own = figures.own.get(metric.code, {})
        for entity, values in contributions(figures.entity, own, organisation.children).items():
            total = values.get(None)
            if total is None:
                continue
            activity = _activity(metric, entity, total, organisation)
            (generated if metric.renewable else used).append(activity)
    return used, generated


def _activity(metric: Metric, entity: str, amount: Decimal, organisation: Organisation) -> Activity:
    country = organisation.require(entity).country or ""
    if metric.refrigerant is not None:
        return Activity(
            entity,
            metric.code,
            amount,
            metric.unit,
            EmissionSource.FUGITIVE_REFRIGERANT,
            metric.refrigerant,
            country,
        )
    if metric.electricity or metric.renewable:
        grid = organisation.require(entity).electricity_grid
        return Activity(
            entity, metric.code, amount, metric.unit, EmissionSource.PURCHASED_ELECTRICITY, grid
        )
    source = (
        EmissionSource.MOBILE_COMBUSTION
        if metric.combustion is Combustion.MOBILE
        else EmissionSource.STATIONARY_COMBUSTION
    )
    return Activity(entity, metric.code, amount, metric.unit, source, metric.fuel or "", country)


def year_account_in(
    session: Session,
    year: int,
    entity: str | None = None,
    gwp_edition: str = DEFAULT_GWP,
    approved_only: bool = False,
    normaliser: str = DEFAULT_NORMALISER,
) -> YearAccount:
    """The year's account inside a transaction (see year_account)."""
    organisation = organisation_in(session)
    figures = figures_in(session, year, entity, approved_only, organisation)
    library = library_in(session)
    used, generated = activities(figures, organisation)
    inside = set(subtree(figures.entity, organisation.children))
    held = [i for i in instruments_of_year_in(session, year) if i.entity in inside]
    ghg = account(year, figures.entity, used, library, gwp_edition, held)
    energy = energy_use(year, figures.entity, used, library, generated)
    intensities = _intensities(figures, ghg, energy, normaliser)
    return YearAccount(figures, ghg, energy, intensities, library, approved_only, normaliser)


def year_account(
    db: Database,
    year: int,
    entity: str | None = None,
    gwp_edition: str = DEFAULT_GWP,
    approved_only: bool = False,
    normaliser: str = DEFAULT_NORMALISER,
) -> YearAccount:
    """Figures, Scope 1 and 2 emissions, energy in MWh and intensities of a financial year."""
    with db.transaction() as session:
        return year_account_in(session, year, entity, gwp_edition, approved_only, normaliser)


def ghg_summary(
    db: Database, year: int, entity: str | None = None, gwp_edition: str = DEFAULT_GWP
) -> GhgSummary:
    """Scope 1 and Scope 2 (location-based) emissions of a year, line by line."""
    return year_account(db, year, entity, gwp_edition).ghg


def energy_summary(db: Database, year: int, entity: str | None = None) -> EnergySummary:
    """Energy consumed in a year, in MWh, line by line."""
    return year_account(db, year, entity).energy


def _intensities(
    figures: YearFigures, ghg: GhgSummary, energy: EnergySummary, normaliser_code: str
) -> tuple[Intensity, ...]:
    normaliser = figures.catalogue.metric(normaliser_code)
    base = figures.total(normaliser_code)
    if normaliser is None or base is None:
        return ()
    per = pretty_unit(normaliser.unit)
    totals: list[tuple[str, Decimal | None, str]] = [
        (m.code, figures.total(m.code), f"{pretty_unit(m.unit)}/{per}")
        for m in figures.catalogue.metrics
        if m.intensity
    ]
    if ghg.lines:
        totals += [
            ("ghg_scope1", ghg.scope1_t_co2e, f"t CO2e/{per}"),
            ("ghg_scope2", ghg.scope2_t_co2e, f"t CO2e/{per}"),
            ("ghg_total", ghg.total_t_co2e, f"t CO2e/{per}"),
        ]
    if energy.lines:
        totals.append(("energy_total", energy.total_mwh, f"MWh/{per}"))
    found = []
    for code, total, unit in totals:
        value = intensity(total, base) if total is not None else None
        if value is not None:
            found.append(Intensity(code, normaliser_code, figures.year, value, unit))
    return tuple(found)
