"""The working of an emission figure: the activity, each factor multiplied in, the result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import (
    CARBON_DIOXIDE,
    CO2_EQUIVALENT,
    Factor,
    FactorKind,
    Origin,
)


class Scope(IntEnum):
    """GHG Protocol scopes reported under KPI A1.2."""

    DIRECT = 1
    ENERGY_INDIRECT = 2


class EmissionSource(StrEnum):
    """What emits: fuel in fixed equipment or vehicles, leaking refrigerant, or the grid."""

    STATIONARY_COMBUSTION = "stationary_combustion"
    MOBILE_COMBUSTION = "mobile_combustion"
    FUGITIVE_REFRIGERANT = "fugitive_refrigerant"
    PURCHASED_ELECTRICITY = "purchased_electricity"


@dataclass(frozen=True, slots=True)
class FactorUse:
    """One factor multiplied into a calculation, as shown in a report's appendix."""

    factor_id: str
    title: str
    value: Decimal
    unit: str
    source: str
    year: int | None = None
    origin: Origin = Origin.DEFAULT
    kind: FactorKind | None = None

    @classmethod
    def of(cls, factor: Factor) -> FactorUse:
        """The use of a factor."""
        return cls(
            factor.id,
            factor.title,
            factor.value,
            factor.unit,
            factor.source,
            factor.year,
            factor.origin,
            factor.kind,
        )


TONNES_PER_KG = FactorUse(
    "unit.kg_to_t", "Kilograms to tonnes", Decimal("0.001"), "t/kg", "SI definition of the tonne"
)


@dataclass(frozen=True, slots=True)
class CalculationLine:
    """An emission figure and its working: activity x each factor = tonnes CO2e."""

    scope: Scope
    category: EmissionSource
    entity: str
    metric: str
    subject: str
    gas: str
    activity: Decimal
    activity_unit: str
    factors: tuple[FactorUse, ...]
    t_co2e: Decimal
    factor_set: str = ""
    """The factor set the fuel's factors came from (empty for electricity and refrigerants)."""
    basis: str = ""
    """For market-based Scope 2: the factor used (instrument, residual_mix, location_fallback)."""
    note: str = ""
    """What a reader of the working must know about the factor used (a fallback, say)."""

    @property
    def t_gas(self) -> Decimal:
        """Tonnes of the gas itself, before its GWP (equal to t_co2e for CO2 and CO2e)."""
        result = self.activity
        for step in self.factors:
            if step.kind is not FactorKind.GWP:
                result *= step.value
        return result


@dataclass(frozen=True, slots=True)
class Activity:
    """An amount of fuel, refrigerant or electricity of one entity in a year, in its metric's unit.

    `country` is the entity's (ISO 3166 alpha-2): the organisation chooses factor sets by it.
    """

    entity: str
    metric: str
    amount: Decimal
    unit: str
    category: EmissionSource
    subject: str
    country: str = ""


def worked(activity: Decimal, steps: Iterable[FactorUse]) -> Decimal:
    """The product of an activity and its factors."""
    result = activity
    for step in steps:
        result *= step.value
    return result


def to_co2e(
    steps: tuple[FactorUse, ...], gas: str, gwps: Mapping[str, Factor]
) -> tuple[FactorUse, ...] | Problem:
    """The steps with the gas brought to tonnes CO2e: its GWP if it is not CO2, then kg to t."""
    if gas in (CARBON_DIOXIDE, CO2_EQUIVALENT):
        return (*steps, TONNES_PER_KG)
    gwp = gwps.get(gas)
    if gwp is None:
        return Problem("gwp", f"no global warming potential for {gas}", gas)
    return (*steps, FactorUse.of(gwp), TONNES_PER_KG)


def calculation_line(
    scope: Scope,
    activity: Activity,
    gas: str,
    steps: tuple[FactorUse, ...],
    factor_set: str = "",
) -> CalculationLine:
    """The line of an activity worked through its factors."""
    return CalculationLine(
        scope=scope,
        category=activity.category,
        entity=activity.entity,
        metric=activity.metric,
        subject=activity.subject,
        gas=gas,
        activity=activity.amount,
        activity_unit=activity.unit,
        factors=steps,
        t_co2e=worked(activity.amount, steps),
        factor_set=factor_set,
    )
