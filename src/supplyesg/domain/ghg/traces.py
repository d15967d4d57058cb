"""The working of an emission figure: the activity, each factor multiplied in, the result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import CARBON_DIOXIDE, CO2_EQUIVALENT, Factor, Origin


class Scope(IntEnum):
    """GHG Protocol scopes reported under KPI A1.2."""

    DIRECT = 1
    ENERGY_INDIRECT = 2


class EmissionSource(StrEnum):
    """What emits: fuel in fixed equipment, fuel in vehicles, or the grid that sold the power."""

    STATIONARY_COMBUSTION = "stationary_combustion"
    MOBILE_COMBUSTION = "mobile_combustion"
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


@dataclass(frozen=True, slots=True)
class Activity:
    """An amount of fuel or electricity used by one entity in one year, in its metric's unit."""

    entity: str
    metric: str
    amount: Decimal
    unit: str
    category: EmissionSource
    subject: str


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
    scope: Scope, activity: Activity, gas: str, steps: tuple[FactorUse, ...]
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
    )
