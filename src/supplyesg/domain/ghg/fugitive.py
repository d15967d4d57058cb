"""Scope 1, fugitive: refrigerant that leaked, one line per gas of its composition.

The amount is the refrigerant lost in the year (kg), which the GHG Protocol's screening and
mass-balance methods estimate as the refrigerant charged into equipment to make up losses. A
blend leaks in proportion to its mass composition, and each gas takes its own GWP.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import Factor, Refrigerant
from supplyesg.domain.ghg.traces import (
    Activity,
    CalculationLine,
    FactorUse,
    Scope,
    calculation_line,
    to_co2e,
)


def refrigerant_lines(
    activity: Activity, refrigerant: Refrigerant, gwps: Mapping[str, Factor]
) -> tuple[tuple[CalculationLine, ...], tuple[Problem, ...]]:
    """The Scope 1 lines of a refrigerant lost (kg), one per gas, and the gases without a GWP."""
    lines: list[CalculationLine] = []
    problems: list[Problem] = []
    for gas, fraction in refrigerant.composition:
        share = composition_step(refrigerant, gas, fraction)
        steps = to_co2e((share,), gas, gwps)
        if isinstance(steps, Problem):
            problems.append(
                Problem(steps.field, f"{steps.reason} (in {refrigerant.code})", activity.entity)
            )
            continue
        lines.append(calculation_line(Scope.DIRECT, activity, gas, steps))
    return tuple(lines), tuple(problems)


def composition_step(refrigerant: Refrigerant, gas: str, fraction: Decimal) -> FactorUse:
    """The mass fraction of a gas in a refrigerant, as a step of the working."""
    return FactorUse(
        f"refrigerant.{refrigerant.code}.{gas}",
        f"Mass fraction of {gas} in {refrigerant.code}",
        fraction,
        "kg/kg",
        refrigerant.source,
    )
