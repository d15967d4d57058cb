"""Conversion factors: the library of defaults, the organisation's own on top, and which applies.

A fuel factor may be per unit of fuel as metered (kg CO2 per m3), per tonne of fuel, or per GJ
of energy. Scope 2 uses the average factor of the grid region for the year, or for the latest
earlier year when the year's own factor is not yet published.

Factor values are held in the canonical unit of their kind (see FACTOR_UNITS); the published
value and unit are kept beside them for the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.errors import Problem

KG_PER_T = Decimal("1000")
CARBON_DIOXIDE = "CO2"
CO2_EQUIVALENT = "CO2e"
DEFAULT_SET = "default"
"""The factor set of a fuel variant that names none (the first variant of a fuel is its default)."""


class FactorKind(StrEnum):
    """What a factor converts."""

    EMISSION = "emission"
    CALORIFIC_VALUE = "calorific_value"
    DENSITY = "density"
    GRID = "grid"
    RESIDUAL_MIX = "residual_mix"
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
    (FactorKind.RESIDUAL_MIX, Basis.ACTIVITY): "kg/kWh",
    (FactorKind.GWP, Basis.ACTIVITY): "kg CO2e/kg",
}
"""The unit each kind of factor is held in; {activity} is the fuel's metered unit."""


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
    """A fuel and the factors of one factor set that turn an amount of it into energy and gases.

    `emission_factors` apply wherever the fuel burns (CO2 depends on the carbon in the fuel);
    `stationary_factors` and `mobile_factors` only in fixed equipment or in vehicles (CH4 and
    N2O depend on the combustion technology: IPCC 2006 Vol. 2, ch. 2 and ch. 3). A fuel may
    come in several variants, one per factor set (IPCC 2006 defaults, China's guideline values,
    Hong Kong's EPD/EMSD values); the first variant listed is the fuel's default.
    """

    code: str
    title: str
    unit: str
    by_mass: bool = False
    density: str | None = None
    calorific_value: str | None = None
    emission_factors: tuple[str, ...] = ()
    stationary_factors: tuple[str, ...] = ()
    mobile_factors: tuple[str, ...] = ()
    factor_set: str = DEFAULT_SET

    def factor_ids(self, mobile: bool | None = None) -> tuple[str, ...]:
        """The emission factors of the variant for a use: mobile, stationary, or both (None)."""
        by_use = {
            None: (*self.stationary_factors, *self.mobile_factors),
            True: self.mobile_factors,
            False: self.stationary_factors,
        }[mobile]
        return (*self.emission_factors, *by_use)


@dataclass(frozen=True, slots=True)
class Refrigerant:
    """A refrigerant as the mass fractions of the gases it is made of (a pure HFC has one).

    Blends are mass-weighted compositions (ASHRAE Standard 34 designations): a kilogram of
    R-410A that leaks is 0.5 kg of HFC-32 and 0.5 kg of HFC-125, each with its own GWP.
    """

    code: str
    title: str
    composition: tuple[tuple[str, Decimal], ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class FactorSetChoice:
    """An organisation's choice of factor set for a fuel burnt in a country ('' = anywhere)."""

    fuel: str
    country: str
    factor_set: str


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
    refrigerants: tuple[Refrigerant, ...] = ()
    choices: tuple[FactorSetChoice, ...] = ()
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

    def fuel_titles(self, country: str = "") -> dict[str, str]:
        """Each fuel's name as its variant in force names it (not the variant listed last)."""
        titles = {}
        for code in dict.fromkeys(f.code for f in self.fuels):
            fuel = self.fuel(code, country)
            if fuel is not None:
                titles[code] = fuel.title
        return titles

    def fuel(self, code: str, country: str = "") -> Fuel | None:
        """The variant of a fuel in force in a country: the organisation's choice, else the default.

        A choice for the country wins over a choice for anywhere (country '').
        """
        variants = self.variants(code)
        if not variants:
            return None
        for wanted in (country, ""):
            chosen = next(
                (c.factor_set for c in self.choices if c.fuel == code and c.country == wanted),
                None,
            )
            found = next((v for v in variants if v.factor_set == chosen), None)
            if found is not None:
                return found
        return variants[0]

    def variants(self, code: str) -> tuple[Fuel, ...]:
        """Every variant (one per factor set) of a fuel, the default first."""
        return tuple(f for f in self.fuels if f.code == code)

    def refrigerant(self, code: str) -> Refrigerant | None:
        """The refrigerant with this code (R-410A, HFC-134a ...)."""
        return next((r for r in self.refrigerants if r.code == code), None)

    def fuel_factors(self, fuel: Fuel, mobile: bool | None = None) -> FuelFactors:
        """The density, calorific value and emission factors that apply to a fuel in a use."""
        own = [f for f in self.organisation if f.subject == fuel.code]
        density = _own_of(own, FactorKind.DENSITY) or self.factor(fuel.density)
        calorific = _own_of(own, FactorKind.CALORIFIC_VALUE) or self.factor(fuel.calorific_value)
        by_gas: dict[str, Factor] = {}
        for factor_id in fuel.factor_ids(mobile):
            found = self.factor(factor_id)
            if found is not None:
                by_gas[found.gas] = found
        for factor in own:
            if factor.kind is FactorKind.EMISSION:
                by_gas[factor.gas] = factor
        return FuelFactors(fuel, density, calorific, tuple(by_gas.values()))

    def grid_factor(self, region: str, year: int) -> Factor | None:
        """The grid factor of a region for a year: that year's, else the latest earlier one."""
        return self._of_year(FactorKind.GRID, region, year)

    def residual_mix(self, region: str, year: int) -> Factor | None:
        """The residual mix of a region for a year (else the latest earlier one), or of its
        country when the region has none: what market-based Scope 2 applies to electricity no
        contractual instrument covers (GHG Protocol Scope 2 Guidance, 6.11)."""
        found = self._of_year(FactorKind.RESIDUAL_MIX, region, year)
        country = region.split("-", 1)[0]
        if found is None and country != region:
            return self._of_year(FactorKind.RESIDUAL_MIX, country, year)
        return found

    def nearest_grid_factor(self, region: str, year: int) -> Factor | None:
        """The grid factor of the year closest to `year` (the later of two as close), of the
        region or, when the region has none, of its country: what a gap offers instead."""
        for subject in dict.fromkeys((region, region.split("-", 1)[0])):
            candidates = self._grid_factors(FactorKind.GRID, subject)
            if candidates:
                return min(
                    candidates,
                    key=lambda f: (
                        abs((f.year or 0) - year),
                        -(f.year or 0),
                        f.origin != Origin.ORGANISATION,
                    ),
                )
        return None

    def _grid_factors(self, kind: FactorKind, region: str) -> list[Factor]:
        return [f for f in self._by_id.values() if f.kind is kind and f.subject == region]

    def _of_year(self, kind: FactorKind, region: str, year: int) -> Factor | None:
        candidates = [f for f in self._grid_factors(kind, region) if (f.year or 0) <= year]
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


FACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
HFCS = frozenset({"HFC-23", "HFC-32", "HFC-125", "HFC-134a", "HFC-143a", "HFC-152a", "HFC-227ea"})
GASES = frozenset({CARBON_DIOXIDE, CO2_EQUIVALENT, "CH4", "N2O", "SF6", "HFC", "PFC", "NF3", *HFCS})
_BASES: Mapping[FactorKind, frozenset[Basis]] = {
    FactorKind.EMISSION: frozenset(Basis),
    FactorKind.CALORIFIC_VALUE: frozenset({Basis.ACTIVITY, Basis.MASS}),
    FactorKind.DENSITY: frozenset({Basis.ACTIVITY}),
    FactorKind.GRID: frozenset({Basis.ACTIVITY}),
    FactorKind.RESIDUAL_MIX: frozenset({Basis.ACTIVITY}),
    FactorKind.GWP: frozenset({Basis.ACTIVITY}),
}
ELECTRICITY_KINDS = frozenset({FactorKind.GRID, FactorKind.RESIDUAL_MIX})
"""The kinds of factor that are per kWh of a grid region and a year."""
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
    if factor.kind in ELECTRICITY_KINDS and factor.year is None:
        problems.append(Problem("year", f"a {factor.kind} factor is for a year", None))
    return problems
