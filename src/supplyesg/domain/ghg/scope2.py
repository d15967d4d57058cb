"""Scope 2, location-based: electricity bought x the average factor of its grid region."""

from __future__ import annotations

from collections.abc import Mapping

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import Factor
from supplyesg.domain.ghg.traces import (
    Activity,
    CalculationLine,
    FactorUse,
    Scope,
    calculation_line,
    to_co2e,
)


def electricity_line(
    activity: Activity,
    grid: Factor | None,
    gwps: Mapping[str, Factor],
    year: int = 0,
    nearest: Factor | None = None,
) -> CalculationLine | Problem:
    """The Scope 2 (location-based) line of buying electricity from a grid region.

    With no factor for the year nor an earlier one, the electricity is not counted as 0: it is
    a gap that names the nearest year's factor, which the organisation may adopt as its own.
    """
    if grid is None:
        return Problem(
            "grid_factor", missing_grid_factor(activity.subject, year, nearest), activity.entity
        )
    steps = to_co2e((FactorUse.of(grid),), grid.gas, gwps)
    if isinstance(steps, Problem):
        return Problem(steps.field, steps.reason, activity.entity)
    return calculation_line(Scope.ENERGY_INDIRECT, activity, grid.gas, steps)


def missing_grid_factor(region: str, year: int, nearest: Factor | None) -> str:
    """Why electricity of a region and year has no Scope 2 figure, and what may fill the gap."""
    when = f"FY{year} or before" if year else "the year or before"
    reason = (
        f"no grid emission factor for region {region} in {when}: "
        "Scope 2 of this electricity is missing, not 0"
    )
    if nearest is None:
        return f"{reason}; no year of this region has one: record the organisation's own factor"
    return (
        f"{reason}; the nearest is {nearest.title or nearest.id} ({nearest.year}): "
        f"{nearest.value} {nearest.unit}, {nearest.source} (factor {nearest.id}); record it, or "
        f"a better one, as the organisation's grid factor for {region} {year}"
    )
