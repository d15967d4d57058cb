"""A year's greenhouse gas account of an entity: every line, every gap, and the totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import FactorLibrary
from supplyesg.domain.ghg.fugitive import refrigerant_lines
from supplyesg.domain.ghg.market import ContractualInstrument, EntityElectricity, market_lines
from supplyesg.domain.ghg.scope1 import fuel_lines
from supplyesg.domain.ghg.scope2 import electricity_line
from supplyesg.domain.ghg.traces import Activity, CalculationLine, EmissionSource, Scope


@dataclass(frozen=True, slots=True)
class GhgSummary:
    """The greenhouse gas emissions of an entity (and all beneath it) for a year, with working."""

    year: int
    entity: str
    lines: tuple[CalculationLine, ...]
    gaps: tuple[Problem, ...] = ()
    gwp_edition: str = ""
    library_version: str = ""
    market_lines: tuple[CalculationLine, ...] = ()
    """Scope 2 market-based: the same electricity as the contractual instruments say it was
    generated. Shown beside the location-based lines, never added to them."""

    def scope_total(self, scope: Scope) -> Decimal:
        """Tonnes CO2e of one scope."""
        return sum((line.t_co2e for line in self.lines if line.scope is scope), Decimal(0))

    @property
    def scope1_t_co2e(self) -> Decimal:
        """Direct emissions (Scope 1), tonnes CO2e."""
        return self.scope_total(Scope.DIRECT)

    @property
    def scope2_t_co2e(self) -> Decimal:
        """Energy indirect emissions (Scope 2, location-based), tonnes CO2e."""
        return self.scope_total(Scope.ENERGY_INDIRECT)

    @property
    def scope2_market_t_co2e(self) -> Decimal:
        """Energy indirect emissions (Scope 2, market-based), tonnes CO2e."""
        return sum((line.t_co2e for line in self.market_lines), Decimal(0))

    @property
    def covered_kwh(self) -> Decimal:
        """Electricity covered by contractual instruments, kWh."""
        return sum(
            (line.activity for line in self.market_lines if line.basis == "instrument"), Decimal(0)
        )

    @property
    def scope2_missing(self) -> bool:
        """Whether some electricity has no Scope 2 figure (no grid factor): the figure is short,
        and pages and reports say so instead of printing it as if complete."""
        return any(gap.field == "grid_factor" for gap in self.gaps)

    @property
    def total_t_co2e(self) -> Decimal:
        """Scope 1 and Scope 2 (location-based), tonnes CO2e."""
        return self.scope1_t_co2e + self.scope2_t_co2e

    def by_gas(self, scope: Scope | None = None) -> dict[str, tuple[Decimal, Decimal]]:
        """(tonnes of the gas, tonnes CO2e) by gas, of one scope or of all."""
        totals: dict[str, tuple[Decimal, Decimal]] = {}
        for line in self.lines:
            if scope is None or line.scope is scope:
                mass, co2e = totals.get(line.gas, (Decimal(0), Decimal(0)))
                totals[line.gas] = (mass + line.t_gas, co2e + line.t_co2e)
        return totals

    def by(self, key: str) -> dict[str, Decimal]:
        """Tonnes CO2e summed by a line attribute: category, entity, subject, metric or gas."""
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            name = str(getattr(line, key))
            totals[name] = totals.get(name, Decimal(0)) + line.t_co2e
        return totals


def account(
    year: int,
    entity: str,
    activities: Iterable[Activity],
    library: FactorLibrary,
    gwp_edition: str,
    instruments: Iterable[ContractualInstrument] = (),
) -> GhgSummary:
    """Scope 1 and 2 of a year: a line per activity and gas, and every gap in the factors.

    A fuel activity's subject is the fuel code (its factors come from the factor set the
    organisation chose for the fuel in the entity's country); a refrigerant activity's is the
    refrigerant (R-410A); an electricity activity's is its grid region.
    """
    gwps = library.gwps(gwp_edition)
    lines: list[CalculationLine] = []
    gaps: list[Problem] = []
    for activity in activities:
        if activity.category is EmissionSource.PURCHASED_ELECTRICITY:
            grid = library.grid_factor(activity.subject, year)
            nearest = None if grid else library.nearest_grid_factor(activity.subject, year)
            line = electricity_line(activity, grid, gwps, year, nearest)
            if isinstance(line, Problem):
                gaps.append(line)
            else:
                lines.append(line)
            continue
        if activity.category is EmissionSource.FUGITIVE_REFRIGERANT:
            refrigerant = library.refrigerant(activity.subject)
            if refrigerant is None:
                reason = f"{activity.subject} is not a refrigerant of the library"
                gaps.append(Problem("refrigerant", reason, activity.entity))
                continue
            found, missing = refrigerant_lines(activity, refrigerant, gwps)
            lines.extend(found)
            gaps.extend(missing)
            continue
        fuel = library.fuel(activity.subject, activity.country)
        if fuel is None:
            gaps.append(
                Problem("fuel", f"{activity.subject} is not a fuel of the library", activity.entity)
            )
            continue
        mobile = activity.category is EmissionSource.MOBILE_COMBUSTION
        found, missing = fuel_lines(activity, library.fuel_factors(fuel, mobile), gwps)
        lines.extend(found)
        gaps.extend(missing)
    market, market_gaps = market_based(year, activities, tuple(instruments), library, gwp_edition)
    known = {(gap.field, gap.value) for gap in gaps}  # a missing grid factor is said once
    gaps += [gap for gap in market_gaps if (gap.field, gap.value) not in known]
    return GhgSummary(year, entity, tuple(lines), tuple(gaps), gwp_edition, library.version, market)


def market_based(
    year: int,
    activities: Iterable[Activity],
    instruments: tuple[ContractualInstrument, ...],
    library: FactorLibrary,
    gwp_edition: str,
) -> tuple[tuple[CalculationLine, ...], tuple[Problem, ...]]:
    """Market-based Scope 2 of the year, entity by entity, and what kept some from being counted
    (an instrument of an entity that bought no electricity covers nothing: a gap)."""
    gwps = library.gwps(gwp_edition)
    by_entity: dict[str, list[Activity]] = {}
    for activity in activities:
        if activity.category is EmissionSource.PURCHASED_ELECTRICITY:
            by_entity.setdefault(activity.entity, []).append(activity)
    for instrument in instruments:
        by_entity.setdefault(instrument.entity, [])
    lines: list[CalculationLine] = []
    gaps: list[Problem] = []
    for code, bought in by_entity.items():
        region = bought[0].subject if bought else ""
        electricity = EntityElectricity(
            code,
            tuple(bought),
            library.grid_factor(region, year) if region else None,
            library.residual_mix(region, year) if region else None,
        )
        own = [i for i in instruments if i.entity == code]
        found, missing = market_lines(electricity, own, gwps)
        lines.extend(found)
        gaps.extend(missing)
    return tuple(lines), tuple(gaps)
