"""Scope 1: burning fuels, one line per gas the fuel's factors name.

When a factor is per tonne of fuel or per GJ, the fuel's density (when it is metered by volume)
and calorific value bring the activity to tonnes and GJ first (IPCC 2006 Guidelines, Vol. 2,
ch. 1-3).
"""

from __future__ import annotations

from collections.abc import Mapping

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import Basis, Factor, FuelFactors
from supplyesg.domain.ghg.traces import (
    Activity,
    CalculationLine,
    FactorUse,
    Scope,
    calculation_line,
    to_co2e,
)


def energy_steps(fuel: FuelFactors) -> tuple[FactorUse, ...] | Problem:
    """The factors that take an amount of fuel, as metered, to GJ."""
    calorific = fuel.calorific_value
    if calorific is None:
        return Problem(
            "calorific_value", f"no calorific value for {fuel.fuel.title}", fuel.fuel.code
        )
    if calorific.basis is Basis.ACTIVITY:
        return (FactorUse.of(calorific),)
    mass = mass_steps(fuel)
    if isinstance(mass, Problem):
        return mass
    return (*mass, FactorUse.of(calorific))


def mass_steps(fuel: FuelFactors) -> tuple[FactorUse, ...] | Problem:
    """The factors that take an amount of fuel, as metered, to tonnes (none if metered in t)."""
    if fuel.fuel.by_mass:
        return ()
    if fuel.density is None:
        return Problem(
            "density",
            f"no density for {fuel.fuel.title}, metered in {fuel.fuel.unit}: "
            "add an organisation factor of kind density",
            fuel.fuel.code,
        )
    return (FactorUse.of(fuel.density),)


def fuel_lines(
    activity: Activity, fuel: FuelFactors, gwps: Mapping[str, Factor]
) -> tuple[tuple[CalculationLine, ...], tuple[Problem, ...]]:
    """The Scope 1 lines of burning a fuel, one per gas, and what kept a gas from being counted."""
    if not fuel.emissions:
        return (), (
            Problem(
                "emission_factor", f"no emission factor for {fuel.fuel.title}", activity.entity
            ),
        )
    lines: list[CalculationLine] = []
    problems: list[Problem] = []
    for factor in fuel.emissions:
        steps = _steps_to_gas(fuel, factor)
        steps = steps if isinstance(steps, Problem) else to_co2e(steps, factor.gas, gwps)
        if isinstance(steps, Problem):
            problem = Problem(steps.field, steps.reason, activity.entity)
            if problem not in problems:  # a missing density stops every gas: say it once
                problems.append(problem)
            continue
        lines.append(
            calculation_line(Scope.DIRECT, activity, factor.gas, steps, fuel.fuel.factor_set)
        )
    return tuple(lines), tuple(problems)


def _steps_to_gas(fuel: FuelFactors, factor: Factor) -> tuple[FactorUse, ...] | Problem:
    if factor.basis is Basis.ACTIVITY:
        before: tuple[FactorUse, ...] | Problem = ()
    elif factor.basis is Basis.MASS:
        before = mass_steps(fuel)
    else:
        before = energy_steps(fuel)
    if isinstance(before, Problem):
        return before
    return (*before, FactorUse.of(factor))
