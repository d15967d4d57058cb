"""A year's figures: Scope 1 and 2 with their working, energy, intensities, the trend of years."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.domain.energy import EnergyLine
from supplyesg.domain.ghg.accounting import GhgSummary
from supplyesg.domain.ghg.traces import CalculationLine as GhgLine
from supplyesg.domain.ghg.traces import EmissionSource, FactorUse, Scope
from supplyesg.domain.intensity import Intensity, change, shown
from supplyesg.services import esg_views
from supplyesg.services.ghg import DEFAULT_NORMALISER, GHG_FIGURES, YearAccount, year_account
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.ui.esg_context import (
    EsgChoices,
    chosen_entity,
    chosen_year,
    esg_choices,
    esg_page,
)

router = APIRouter(prefix="/esg-data")

FIGURE_TITLES = {**GHG_FIGURES, "energy_total": "Energy consumed"}
CATEGORY_TITLES = {
    EmissionSource.STATIONARY_COMBUSTION: "Stationary combustion (boilers, furnaces, generators)",
    EmissionSource.MOBILE_COMBUSTION: "Mobile combustion (vehicles)",
    EmissionSource.PURCHASED_ELECTRICITY: "Purchased electricity (location-based)",
}
MARKET_BASES = {
    "instrument": "Contractual instrument",
    "residual_mix": "Residual mix",
    "location_fallback": "Location-based factor (no residual mix published)",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a breakdown table: what, this year, last year, and the change."""

    title: str
    value: Decimal
    previous: Decimal | None
    missing: bool = False
    """Whether the figure is short: some electricity has no grid factor (never a silent 0)."""

    @property
    def change(self) -> Decimal | None:
        """The relative change from last year, if there was a figure last year."""
        return None if self.previous is None else change(self.value, self.previous)


@dataclass(frozen=True, slots=True)
class IntensityLine:
    """An intensity as a report prints it (significant figures when small), and last year's."""

    title: str
    unit: str
    value: Decimal
    previous: Decimal | None

    @property
    def printed(self) -> str:
        """The value as printed: two decimals, or three significant figures, never 0.00."""
        return printed(self.value)

    @property
    def previous_printed(self) -> str | None:
        """Last year's value as printed."""
        return None if self.previous is None else printed(self.previous)

    @property
    def change(self) -> Decimal | None:
        """The relative change from last year."""
        return None if self.previous is None else change(self.value, self.previous)


def printed(value: Decimal) -> str:
    """An intensity as a report prints it, with thousands separators and its trailing zeros."""
    return f"{shown(value):,f}"


def lines_by(
    titles: Mapping[str, str],
    current: Mapping[str, Decimal],
    previous: Mapping[str, Decimal] | None,
    keys: Sequence[str],
) -> list[Line]:
    """The lines of the keys, in order, with last year's figure of the same key."""
    return [
        Line(titles.get(key, key), current[key], previous.get(key) if previous else None)
        for key in keys
    ]


def scope_subjects(summary: GhgSummary, scope: Scope) -> list[str]:
    """The fuels (Scope 1) or grid regions (Scope 2) that emitted, in order of appearance."""
    return list(dict.fromkeys(line.subject for line in summary.lines if line.scope is scope))


def factors_used(lines: Iterable[GhgLine | EnergyLine]) -> list[FactorUse]:
    """Each factor the lines multiply by, once, in order of first use: the notes of the working."""
    found: dict[str, FactorUse] = {}
    for line in lines:
        for factor in line.factors:
            found.setdefault(factor.factor_id, factor)
    return list(found.values())


def intensity_lines(
    account: YearAccount, previous: YearAccount | None, titles: Mapping[str, str]
) -> list[IntensityLine]:
    """The year's intensities with last year's for the same figure and normaliser."""
    before: dict[str, Intensity] = {i.metric: i for i in previous.intensities} if previous else {}
    return [
        IntensityLine(
            titles.get(item.metric, item.metric),
            item.unit,
            item.value,
            before[item.metric].value if item.metric in before else None,
        )
        for item in account.intensities
    ]


@router.get("/figures", name="esg_figures")
def figures_page(
    request: Request,
    db: DatabaseDep,
    year: str = "",
    entity: str = "",
    normaliser: str = DEFAULT_NORMALISER,
    approved: bool = False,
) -> Response:
    """GHG, energy and intensities of a year, each figure traced to its activity and factors."""
    choices = esg_choices(db)
    if not choices.has_setup() or choices.root is None:
        return esg_page(request, "esg/figures.html", "figures", choices=choices, account=None)
    years = esg_views.years_with_values(db)
    number = chosen_year(year, choices, years[0] if years else None)
    assert number is not None  # choices.years is not empty
    code = chosen_entity(entity, choices)
    normalisers = {m.code: m.title for m in choices.catalogue.normalisers}
    normaliser = normaliser if normaliser in normalisers else DEFAULT_NORMALISER
    account = year_account(db, number, code, approved_only=approved, normaliser=normaliser)
    previous = (
        year_account(db, number - 1, code, approved_only=approved, normaliser=normaliser)
        if choices.year(number - 1) is not None
        else None
    )
    return esg_page(
        request,
        "esg/figures.html",
        "figures",
        choices=choices,
        account=account,
        previous=previous,
        shown={"year": str(number), "entity": code or "", "normaliser": normaliser},
        approved=approved,
        normalisers=normalisers,
        **_tables(account, previous, choices),
        chart=_chart(db, code, account, previous, choices),
    )


@router.get("/overview")
def overview(request: Request, db: DatabaseDep) -> Response:
    """The latest year's emissions, change and open issues, for the dashboard's panel."""
    return esg_page(request, "esg/_overview.html", "figures", data=esg_views.esg_overview(db))


def _tables(
    account: YearAccount, previous: YearAccount | None, choices: EsgChoices
) -> dict[str, object]:
    ghg, energy = account.ghg, account.energy
    before_ghg = previous.ghg if previous else None
    fuels = account.library.fuel_titles()
    metric_titles = {m.code: m.title for m in choices.catalogue.metrics}
    titles = {**metric_titles, **FIGURE_TITLES}
    return {
        "headline": [
            Line("Scope 1", ghg.scope1_t_co2e, before_ghg.scope1_t_co2e if before_ghg else None),
            Line(
                "Scope 2 (location-based)",
                ghg.scope2_t_co2e,
                before_ghg.scope2_t_co2e if before_ghg else None,
                ghg.scope2_missing,
            ),
            Line(
                "Scope 2 (market-based)",
                ghg.scope2_market_t_co2e,
                before_ghg.scope2_market_t_co2e if before_ghg else None,
                ghg.scope2_missing,
            ),
            Line(
                "Scope 1 and 2",
                ghg.total_t_co2e,
                before_ghg.total_t_co2e if before_ghg else None,
                ghg.scope2_missing,
            ),
        ],
        "market_lines": ghg.market_lines,
        "market_factors": factors_used(ghg.market_lines),
        "market_notes": _numbered(factors_used(ghg.market_lines)),
        "market_bases": MARKET_BASES,
        "energy_total": Line(
            "Energy", energy.total_mwh, previous.energy.total_mwh if previous else None
        ),
        "by_category": lines_by(
            {str(k): v for k, v in CATEGORY_TITLES.items()},
            ghg.by("category"),
            before_ghg.by("category") if before_ghg else None,
            [str(c) for c in EmissionSource if str(c) in ghg.by("category")],
        ),
        "by_fuel": lines_by(
            fuels,
            ghg.by("subject"),
            before_ghg.by("subject") if before_ghg else None,
            scope_subjects(ghg, Scope.DIRECT),
        ),
        "by_grid": lines_by(
            {},
            ghg.by("subject"),
            before_ghg.by("subject") if before_ghg else None,
            scope_subjects(ghg, Scope.ENERGY_INDIRECT),
        ),
        "energy_by_source": lines_by(
            metric_titles,
            energy.by("metric"),
            previous.energy.by("metric") if previous else None,
            list(energy.by("metric")),
        ),
        "intensities": intensity_lines(account, previous, titles),
        "ghg_factors": factors_used(ghg.lines),
        "energy_factors": factors_used(energy.lines),
        "ghg_notes": _numbered(factors_used(ghg.lines)),
        "energy_notes": _numbered(factors_used(energy.lines)),
        "titles": titles,
        "fuels": fuels,
    }


def _numbered(factors: Sequence[FactorUse]) -> dict[str, int]:
    return {factor.factor_id: number for number, factor in enumerate(factors, start=1)}


def _chart(
    db: DatabaseDep,
    entity: str | None,
    account: YearAccount,
    previous: YearAccount | None,
    choices: EsgChoices,
) -> dict[str, object]:
    """What the charts draw, already computed: Scope 1 and 2 by year, the year's energy mix."""
    known = {a.ghg.year: a.ghg for a in (account, previous) if a is not None}
    years = esg_views.ghg_by_year(db, entity, known)
    mix = account.energy.by("metric")
    return {
        "years": [f"FY{y.year}" for y in years],
        "scope1": [_plotted(y.scope1_t_co2e) for y in years],
        "scope2": [_plotted(y.scope2_t_co2e) for y in years],
        "mix_labels": [choices.metric_title(code) for code in mix],
        "mix_mwh": [_plotted(value) for value in mix.values()],
    }


def _plotted(value: Decimal) -> float:
    """A figure as a chart plots it (the tables carry the exact value)."""
    return float(value.quantize(Decimal("0.01")))
