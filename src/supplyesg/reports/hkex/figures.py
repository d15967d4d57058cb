"""Every figure of the HKEX report, made once: the tables and the narrative both read these.

This module only decides how numbers are shown (unit, decimal places); the numbers themselves
come computed from the ESG data services through `HkexInputs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from supplyesg.reports.document import Change, Figure, places_for
from supplyesg.reports.hkex.inputs import (
    Energy,
    EnergyCarrier,
    Ghg,
    GhgYear,
    HkexInputs,
    MetricLine,
    SupplyChainKpis,
)
from supplyesg.reports.hkex.targets import TargetFigures, target_figures
from supplyesg.reports.words import EN, Words

T_CO2E = "tCO2e"
MWH = "MWh"


def by_year(
    values: Mapping[int, Decimal | None], years: tuple[int, ...], unit: str, places: int
) -> dict[int, Figure]:
    """A figure per year shown (not reported where there is no value)."""
    return {year: Figure(values.get(year), unit, places) for year in years}


@dataclass(frozen=True, slots=True)
class LineFigures:
    """One performance indicator as shown: values and intensities by year, and its change."""

    line: MetricLine
    values: dict[int, Figure]
    intensities: dict[int, Figure]
    change: Change
    year: int
    parts: tuple[tuple[str, dict[int, Figure]], ...] = ()

    @property
    def value(self) -> Figure:
        """The value of the report year."""
        return self.values[self.year]

    def part(self, label: str) -> Figure:
        """The report year's value of one breakdown ('Female'), or not reported."""
        found = dict(self.parts).get(label)
        return found[self.year] if found else Figure(None, self.line.unit, self.line.places)

    @property
    def intensity(self) -> Figure:
        """The intensity of the report year."""
        return self.intensities[self.year]

    @property
    def name(self) -> str:
        """The indicator's name."""
        return self.line.name

    @property
    def has_intensity(self) -> bool:
        """Whether the line shows an intensity in any year."""
        return any(f.value is not None for f in self.intensities.values())


def line_figures(line: MetricLine, years: tuple[int, ...], year: int) -> LineFigures:
    """The figures of one performance indicator."""
    intensity_places = places_for(line.intensities.values())
    return LineFigures(
        line=line,
        values=by_year(line.values, years, line.unit, line.places),
        intensities=by_year(line.intensities, years, line.intensity_unit, intensity_places),
        change=Change.of(line.change_pct),
        year=year,
        parts=tuple(
            (p.label, by_year(p.values, years, line.unit, line.places)) for p in line.parts
        ),
    )


@dataclass(frozen=True, slots=True)
class ScopeFigures:
    """Scope 1, Scope 2, their total and its intensity, for one year."""

    scope_1: Figure
    scope_2: Figure
    total: Figure
    intensity: Figure
    scope_2_market: Figure
    scope_2_missing: bool = False
    """Some electricity has no grid factor: Scope 2 and the total are not reported as figures
    (a table says the factor is missing), never printed as if complete."""


@dataclass(frozen=True, slots=True)
class GhgFigures:
    """The greenhouse gas figures of every year shown; the attributes name the report year's."""

    years: dict[int, ScopeFigures]
    change: Change
    year: int
    source: Ghg

    @property
    def scope_1(self) -> Figure:
        """Scope 1 of the report year."""
        return self.years[self.year].scope_1

    @property
    def scope_2(self) -> Figure:
        """Scope 2 of the report year."""
        return self.years[self.year].scope_2

    @property
    def total(self) -> Figure:
        """Scope 1 and 2 of the report year."""
        return self.years[self.year].total

    @property
    def scope_2_market(self) -> Figure:
        """Scope 2 market-based of the report year."""
        return self.years[self.year].scope_2_market

    @property
    def intensity(self) -> Figure:
        """The intensity of the total, report year."""
        return self.years[self.year].intensity


def ghg_figures(ghg: Ghg, years: tuple[int, ...], year: int, tonnes: str = T_CO2E) -> GhgFigures:
    """The GHG figures, two decimals for tonnes and enough for small intensities; `tonnes`
    is how the report's language writes tCO2e."""
    found = {y: ghg.of(y) for y in years}
    places = places_for(g.intensity for g in found.values() if g is not None)
    shown = {y: _scopes(g, ghg.intensity_unit, places, tonnes) for y, g in found.items()}
    return GhgFigures(shown, Change.of(ghg.change_pct), year, ghg)


def _scopes(
    year: GhgYear | None, intensity_unit: str, places: int, tonnes: str = T_CO2E
) -> ScopeFigures:
    if year is None:
        return ScopeFigures(
            *(Figure(None, tonnes, 2),) * 3,
            Figure(None, intensity_unit, places),
            Figure(None, tonnes, 2),
        )
    missing = year.scope_2_missing
    return ScopeFigures(
        Figure(year.scope_1_t, tonnes, 2),
        Figure(None if missing else year.scope_2_t, tonnes, 2),
        Figure(None if missing else year.total_t, tonnes, 2),
        Figure(None if missing else year.intensity, intensity_unit, places),
        Figure(None if missing else year.scope_2_market_t, tonnes, 2),
        missing,
    )


@dataclass(frozen=True, slots=True)
class CarrierFigures:
    """Energy of one type, by year."""

    carrier: EnergyCarrier
    mwh: dict[int, Figure]
    year: int

    @property
    def name(self) -> str:
        """The energy type."""
        return self.carrier.name

    @property
    def value(self) -> Figure:
        """MWh of the report year."""
        return self.mwh[self.year]


@dataclass(frozen=True, slots=True)
class EnergyFigures:
    """Energy consumed by type and in total, with intensity and change."""

    carriers: tuple[CarrierFigures, ...]
    totals: dict[int, Figure]
    intensities: dict[int, Figure]
    change: Change
    year: int

    @property
    def total(self) -> Figure:
        """MWh of the report year."""
        return self.totals[self.year]

    @property
    def intensity(self) -> Figure:
        """MWh per intensity unit, of the report year."""
        return self.intensities[self.year]


def energy_figures(
    energy: Energy, years: tuple[int, ...], year: int, mwh: str = MWH
) -> EnergyFigures:
    """The energy figures in MWh (as the report's language writes it: `mwh`), two decimals."""
    return EnergyFigures(
        carriers=tuple(
            CarrierFigures(c, by_year(c.mwh, years, mwh, 2), year) for c in energy.carriers
        ),
        totals=by_year(energy.total_mwh, years, mwh, 2),
        intensities=by_year(
            energy.intensity, years, energy.intensity_unit, places_for(energy.intensity.values())
        ),
        change=Change.of(energy.change_pct),
        year=year,
    )


@dataclass(frozen=True, slots=True)
class SupplyChainFigures:
    """The supply chain KPIs as shown."""

    total: Figure
    engaged: Figure
    audited: Figure
    trained: Figure
    under_plan: Figure
    regions: tuple[tuple[str, Figure], ...]


def supply_chain_figures(kpis: SupplyChainKpis) -> SupplyChainFigures:
    """Counts of suppliers, whole numbers."""
    return SupplyChainFigures(
        total=Figure(Decimal(kpis.total)),
        engaged=Figure(Decimal(kpis.engaged)),
        audited=Figure(Decimal(kpis.audited)),
        trained=Figure(Decimal(kpis.trained)),
        under_plan=Figure(Decimal(kpis.under_plan)),
        regions=tuple((region, Figure(Decimal(count))) for region, count in kpis.by_region),
    )


@dataclass(frozen=True, slots=True)
class HkexFigures:
    """Every figure of the report, keyed as the templates and tables use them."""

    year: int
    years: tuple[int, ...]
    metrics: dict[str, LineFigures]
    ghg: GhgFigures | None
    energy: EnergyFigures | None
    denominator: dict[int, Figure]
    supply_chain: SupplyChainFigures | None
    targets: tuple[TargetFigures, ...] = ()


def hkex_figures(inputs: HkexInputs, words: Words = EN) -> HkexFigures:
    """The figures of a report from its inputs, their units (tCO2e, MWh) and target statuses
    in the words of the report's language (by default as written here)."""
    units = {T_CO2E: words.unit(T_CO2E), MWH: words.unit(MWH)}
    years, year = inputs.years, inputs.year
    denominator = inputs.denominator
    return HkexFigures(
        year=year,
        years=years,
        metrics={line.code: line_figures(line, years, year) for line in inputs.metrics},
        ghg=(
            ghg_figures(inputs.ghg, years, year, units.get(T_CO2E, T_CO2E)) if inputs.ghg else None
        ),
        energy=(
            energy_figures(inputs.energy, years, year, units.get(MWH, MWH))
            if inputs.energy
            else None
        ),
        denominator=by_year(denominator.values, years, denominator.unit, 0) if denominator else {},
        supply_chain=supply_chain_figures(inputs.supply_chain) if inputs.supply_chain else None,
        targets=tuple(target_figures(line, year, words) for line in inputs.targets),
    )
