"""Energy consumed (KPI A2.1), in MWh across every fuel and electricity.

Fuels become energy through their calorific value (and density, when metered by volume), the
same factors the GHG calculation uses; electricity is counted as metered. Fuels and power
generated on site are direct energy; electricity bought from the grid is indirect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.ghg.factors import FactorLibrary
from supplyesg.domain.ghg.scope1 import energy_steps
from supplyesg.domain.ghg.traces import Activity, EmissionSource, FactorUse, worked

MWH_PER_GJ = FactorUse(
    "unit.gj_to_mwh",
    "Gigajoules to megawatt-hours",
    Decimal(1) / Decimal("3.6"),
    "MWh/GJ",
    "SI: 1 kWh = 3.6 MJ",
)
MWH_PER_KWH = FactorUse(
    "unit.kwh_to_mwh",
    "Kilowatt-hours to megawatt-hours",
    Decimal("0.001"),
    "MWh/kWh",
    "SI prefixes",
)


class EnergyKind(StrEnum):
    """Where energy comes from."""

    FUEL = "fuel"
    PURCHASED_ELECTRICITY = "purchased_electricity"
    GENERATED_ELECTRICITY = "generated_electricity"

    @property
    def is_direct(self) -> bool:
        """Whether the energy is direct (burnt or generated on site) rather than bought."""
        return self is not EnergyKind.PURCHASED_ELECTRICITY


@dataclass(frozen=True, slots=True)
class EnergyLine:
    """The energy of one activity and its working: activity x factors = MWh."""

    kind: EnergyKind
    entity: str
    metric: str
    subject: str
    activity: Decimal
    activity_unit: str
    factors: tuple[FactorUse, ...]
    mwh: Decimal


@dataclass(frozen=True, slots=True)
class EnergySummary:
    """The energy an entity (and all beneath it) consumed in a year."""

    year: int
    entity: str
    lines: tuple[EnergyLine, ...]
    gaps: tuple[Problem, ...] = ()

    @property
    def total_mwh(self) -> Decimal:
        """All energy consumed, MWh."""
        return sum((line.mwh for line in self.lines), Decimal(0))

    @property
    def direct_mwh(self) -> Decimal:
        """Fuels burnt and power generated on site, MWh."""
        return sum((line.mwh for line in self.lines if line.kind.is_direct), Decimal(0))

    @property
    def indirect_mwh(self) -> Decimal:
        """Electricity bought, MWh."""
        return sum((line.mwh for line in self.lines if not line.kind.is_direct), Decimal(0))

    def by(self, key: str) -> dict[str, Decimal]:
        """MWh summed by a line attribute: kind, entity, subject or metric."""
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            name = str(getattr(line, key))
            totals[name] = totals.get(name, Decimal(0)) + line.mwh
        return totals


def energy_use(
    year: int,
    entity: str,
    activities: Iterable[Activity],
    library: FactorLibrary,
    generated: Iterable[Activity] = (),
) -> EnergySummary:
    """The energy of fuel and electricity activities (kWh), plus power generated on site (kWh)."""
    lines: list[EnergyLine] = []
    gaps: list[Problem] = []
    for activity in activities:
        if activity.category is EmissionSource.PURCHASED_ELECTRICITY:
            lines.append(_line(EnergyKind.PURCHASED_ELECTRICITY, activity, (MWH_PER_KWH,)))
            continue
        if activity.category is EmissionSource.FUGITIVE_REFRIGERANT:
            continue
        fuel = library.fuel(activity.subject, activity.country)
        steps = (
            energy_steps(library.fuel_factors(fuel))
            if fuel is not None
            else Problem(
                "fuel", f"{activity.subject} is not a fuel of the library", activity.subject
            )
        )
        if isinstance(steps, Problem):
            gaps.append(Problem(steps.field, steps.reason, activity.entity))
        else:
            lines.append(_line(EnergyKind.FUEL, activity, (*steps, MWH_PER_GJ)))
    lines += [_line(EnergyKind.GENERATED_ELECTRICITY, a, (MWH_PER_KWH,)) for a in generated]
    return EnergySummary(year, entity, tuple(lines), tuple(gaps))


def _line(kind: EnergyKind, activity: Activity, steps: tuple[FactorUse, ...]) -> EnergyLine:
    return EnergyLine(
        kind=kind,
        entity=activity.entity,
        metric=activity.metric,
        subject=activity.subject,
        activity=activity.amount,
        activity_unit=activity.unit,
        factors=steps,
        mwh=worked(activity.amount, steps),
    )
