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
    activity: Activity, grid: Factor | None, gwps: Mapping[str, Factor]
) -> CalculationLine | Problem:
    """The Scope 2 (location-based) line of buying electricity from a grid region."""
    if grid is None:
        return Problem(
            "grid_factor",
            f"no grid emission factor for region {activity.subject} in or before the year",
            activity.entity,
        )
    steps = to_co2e((FactorUse.of(grid),), grid.gas, gwps)
    if isinstance(steps, Problem):
        return Problem(steps.field, steps.reason, activity.entity)
    return calculation_line(Scope.ENERGY_INDIRECT, activity, grid.gas, steps)
