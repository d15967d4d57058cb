"""Greenhouse gas accounting: Scope 1 from fuels burnt, Scope 2 from electricity bought.

Every emission is activity x factors, and each calculation line keeps the factors it used so a
report can show its working (KPI A1.2; the guide's reporting principle "Quantitative" asks for
the methods and the sources of conversion factors). A fuel factor may be per unit of fuel as
metered (kg CO2 per m3), per tonne of fuel, or per GJ of energy; in the last two cases the fuel's
density (when it is metered by volume) and calorific value bring the activity to tonnes and GJ
first (IPCC 2006 Guidelines, Vol. 2, ch. 1-3). Scope 2 is location-based: kWh x the average
factor of the grid region for the year, or for the latest earlier year when the year's own
factor is not yet published.

Factor values are held in the canonical unit of their kind (see FACTOR_UNITS); the published
value and unit are kept beside them for the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum

from supplyesg.domain.errors import Problem

KG_PER_T = Decimal("1000")
CARBON_DIOXIDE = "CO2"
CO2_EQUIVALENT = "CO2e"


class FactorKind(StrEnum):
    """What a factor converts."""

    EMISSION = "emission"
    CALORIFIC_VALUE = "calorific_value"
    DENSITY = "density"
    GRID = "grid"
    GWP = "gwp"


class Basis(StrEnum):
    """What a fuel factor is per: a unit of fuel as metered, a tonne of fuel or a GJ of energy."""

    ACTIVITY = "activity"
    MASS = "mass"
    ENERGY = "energy"


FACTOR_UNITS: Mapping[tuple[FactorKind, Basis], str] = {
    (FactorKind.EMISSION, Basis.ACTIVITY): "kg/{activity}",
    (FactorKind.EMISSION, Basis.MASS): "kg/t",
    (FactorKind.EMISSION, Basis.ENERGY): "kg/GJ",
    (FactorKind.CALORIFIC_VALUE, Basis.ACTIVITY): "GJ/{activity}",
    (FactorKind.CALORIFIC_VALUE, Basis.MASS): "GJ/t",
    (FactorKind.DENSITY, Basis.ACTIVITY): "t/{activity}",
    (FactorKind.GRID, Basis.ACTIVITY): "kg/kWh",
    (FactorKind.GWP, Basis.ACTIVITY): "kg CO2e/kg",
}
"""The unit each kind of factor is held in; {activity} is the fuel's metered unit."""


class Scope(IntEnum):
    """GHG Protocol scopes reported under KPI A1.2."""

    DIRECT = 1
    ENERGY_INDIRECT = 2


class EmissionSource(StrEnum):
    """What emits: fuel in fixed equipment, fuel in vehicles, or the grid that sold the power."""

    STATIONARY_COMBUSTION = "stationary_combustion"
    MOBILE_COMBUSTION = "mobile_combustion"
    PURCHASED_ELECTRICITY = "purchased_electricity"


class Origin(StrEnum):
    """Whether a factor comes with the product or was set by the organisation."""

    DEFAULT = "default"
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Factor:
    """A conversion factor with where it comes from.

    `subject` is the fuel (for emission, calorific value and density factors), the grid
    region (for grid factors) or the GWP edition such as AR6 (for GWPs); `gas` is the gas
    emitted (CO2, CH4, N2O, or CO2e when the factor already folds them together).
    """

    id: str
    kind: FactorKind
    subject: str
    value: Decimal
    unit: str
    source: str
    title: str = ""
    gas: str = CARBON_DIOXIDE
    basis: Basis = Basis.ACTIVITY
    year: int | None = None
    published: str = ""
    origin: Origin = Origin.DEFAULT


@dataclass(frozen=True, slots=True)
class Fuel:
    """A fuel and the default factors that turn an amount of it into energy and emissions."""

    code: str
    title: str
    unit: str
    by_mass: bool = False
    density: str | None = None
    calorific_value: str | None = None
    emission_factors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FuelFactors:
    """The factors that apply to one fuel once organisation factors are taken into account."""

    fuel: Fuel
    density: Factor | None
    calorific_value: Factor | None
    emissions: tuple[Factor, ...]


@dataclass(frozen=True, slots=True)
class FactorLibrary:
    """The default factors of a library version, with the organisation's own factors on top.

    An organisation factor with the id of a default one replaces it; one for a fuel takes the
    place of the default of the same kind (and gas) for that fuel; a grid factor is preferred
    over a default of the same region and year.
    """

    version: str
    fuels: tuple[Fuel, ...]
    defaults: tuple[Factor, ...]
    organisation: tuple[Factor, ...] = ()
    _by_id: dict[str, Factor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {f.id: f for f in self.defaults}
        by_id.update({f.id: f for f in self.organisation})
        object.__setattr__(self, "_by_id", by_id)

    def factor(self, factor_id: str | None) -> Factor | None:
        """The factor in force with this id."""
        return self._by_id.get(factor_id) if factor_id else None

    @property
    def in_force(self) -> tuple[Factor, ...]:
        """Every factor in force, organisation ones first."""
        return tuple(
            sorted(self._by_id.values(), key=lambda f: (f.origin != Origin.ORGANISATION, f.id))
        )

    def fuel(self, code: str) -> Fuel | None:
        """The fuel with this code."""
        return next((f for f in self.fuels if f.code == code), None)

    def fuel_factors(self, fuel: Fuel) -> FuelFactors:
        """The density, calorific value and emission factors that apply to a fuel."""
        own = [f for f in self.organisation if f.subject == fuel.code]
        density = _own_of(own, FactorKind.DENSITY) or self.factor(fuel.density)
        calorific = _own_of(own, FactorKind.CALORIFIC_VALUE) or self.factor(fuel.calorific_value)
        by_gas: dict[str, Factor] = {}
        for factor_id in fuel.emission_factors:
            found = self.factor(factor_id)
            if found is not None:
                by_gas[found.gas] = found
        for factor in own:
            if factor.kind is FactorKind.EMISSION:
                by_gas[factor.gas] = factor
        return FuelFactors(fuel, density, calorific, tuple(by_gas.values()))

    def grid_factor(self, region: str, year: int) -> Factor | None:
        """The grid factor of a region for a year: that year's, else the latest earlier one."""
        candidates = [
            f
            for f in self._by_id.values()
            if f.kind is FactorKind.GRID and f.subject == region and (f.year or 0) <= year
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda f: (f.year or 0, f.origin == Origin.ORGANISATION, f.id))

    def gwps(self, edition: str) -> dict[str, Factor]:
        """The global warming potentials of an IPCC assessment report (AR4, AR5, AR6), by gas."""
        return {
            f.gas: f
            for f in self._by_id.values()
            if f.kind is FactorKind.GWP and f.subject == edition
        }


def _own_of(own: Iterable[Factor], kind: FactorKind) -> Factor | None:
    return next((f for f in own if f.kind is kind), None)


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
        steps = steps if isinstance(steps, Problem) else _to_co2e(steps, factor.gas, gwps)
        if isinstance(steps, Problem):
            problems.append(Problem(steps.field, steps.reason, activity.entity))
            continue
        lines.append(_line(Scope.DIRECT, activity, factor.gas, steps))
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


def _to_co2e(
    steps: tuple[FactorUse, ...], gas: str, gwps: Mapping[str, Factor]
) -> tuple[FactorUse, ...] | Problem:
    if gas in (CARBON_DIOXIDE, CO2_EQUIVALENT):
        return (*steps, TONNES_PER_KG)
    gwp = gwps.get(gas)
    if gwp is None:
        return Problem("gwp", f"no global warming potential for {gas}", gas)
    return (*steps, FactorUse.of(gwp), TONNES_PER_KG)


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
    steps = _to_co2e((FactorUse.of(grid),), grid.gas, gwps)
    if isinstance(steps, Problem):
        return Problem(steps.field, steps.reason, activity.entity)
    return _line(Scope.ENERGY_INDIRECT, activity, grid.gas, steps)


def _line(
    scope: Scope, activity: Activity, gas: str, steps: tuple[FactorUse, ...]
) -> CalculationLine:
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


@dataclass(frozen=True, slots=True)
class GhgSummary:
    """The greenhouse gas emissions of an entity (and all beneath it) for a year, with working."""

    year: int
    entity: str
    lines: tuple[CalculationLine, ...]
    gaps: tuple[Problem, ...] = ()
    gwp_edition: str = ""
    library_version: str = ""

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
    def total_t_co2e(self) -> Decimal:
        """Scope 1 and Scope 2, tonnes CO2e."""
        return self.scope1_t_co2e + self.scope2_t_co2e

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
) -> GhgSummary:
    """Scope 1 and 2 of a year: a line per activity and gas, and every gap in the factors.

    A fuel activity's subject is the fuel code; an electricity activity's is its grid region.
    """
    gwps = library.gwps(gwp_edition)
    lines: list[CalculationLine] = []
    gaps: list[Problem] = []
    for activity in activities:
        if activity.category is EmissionSource.PURCHASED_ELECTRICITY:
            line = electricity_line(activity, library.grid_factor(activity.subject, year), gwps)
            if isinstance(line, Problem):
                gaps.append(line)
            else:
                lines.append(line)
            continue
        fuel = library.fuel(activity.subject)
        if fuel is None:
            gaps.append(
                Problem("fuel", f"{activity.subject} is not a fuel of the library", activity.entity)
            )
            continue
        found, missing = fuel_lines(activity, library.fuel_factors(fuel), gwps)
        lines.extend(found)
        gaps.extend(missing)
    return GhgSummary(year, entity, tuple(lines), tuple(gaps), gwp_edition, library.version)


FACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
GASES = frozenset({CARBON_DIOXIDE, CO2_EQUIVALENT, "CH4", "N2O", "SF6", "HFC", "PFC", "NF3"})
_BASES: Mapping[FactorKind, frozenset[Basis]] = {
    FactorKind.EMISSION: frozenset(Basis),
    FactorKind.CALORIFIC_VALUE: frozenset({Basis.ACTIVITY, Basis.MASS}),
    FactorKind.DENSITY: frozenset({Basis.ACTIVITY}),
    FactorKind.GRID: frozenset({Basis.ACTIVITY}),
    FactorKind.GWP: frozenset({Basis.ACTIVITY}),
}
_FUEL_KINDS = frozenset({FactorKind.EMISSION, FactorKind.CALORIFIC_VALUE, FactorKind.DENSITY})


def factor_problems(factor: Factor, fuels: Iterable[Fuel]) -> list[Problem]:
    """Why an organisation factor cannot be recorded (its value and unit as entered)."""
    problems: list[Problem] = []
    if not FACTOR_ID.fullmatch(factor.id):
        problems.append(
            Problem(
                "factor_id",
                "must be 2 to 80 lower-case letters, digits, '.', '_' or '-'",
                factor.id,
            )
        )
    if not factor.source.strip():
        problems.append(Problem("source_note", "say where the value comes from", factor.source))
    if not factor.value.is_finite() or factor.value <= 0:
        problems.append(Problem("value", "must be a positive number", factor.value))
    if factor.basis not in _BASES[factor.kind]:
        allowed = ", ".join(sorted(_BASES[factor.kind]))
        problems.append(Problem("basis", f"a {factor.kind} factor is per {allowed}", factor.basis))
    if factor.gas not in GASES:
        problems.append(Problem("gas", f"must be one of {', '.join(sorted(GASES))}", factor.gas))
    if factor.kind in _FUEL_KINDS and factor.subject not in {f.code for f in fuels}:
        problems.append(Problem("subject", "is not a fuel of the library", factor.subject))
    if factor.kind is FactorKind.GRID and factor.year is None:
        problems.append(Problem("year", "a grid factor is for a year", None))
    return problems
