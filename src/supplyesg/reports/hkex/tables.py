"""The tables and charts of the HKEX report, each built from the report's figures.

Every builder returns a `Placed`: the table (None when there is nothing to show) and the items
of the guide its figures answer, so the content index knows what the tables cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from supplyesg.reports.document import (
    Cell,
    Chart,
    ChartKind,
    Column,
    Figure,
    Row,
    RowKind,
    Series,
    Table,
)
from supplyesg.reports.hkex.figures import MWH, T_CO2E, GhgFigures, HkexFigures, LineFigures
from supplyesg.reports.hkex.inputs import EmissionLine, FactorStep
from supplyesg.reports.narrative import Placed
from supplyesg.reports.words import EN, Words

CHANGE = "Change (%)"


def year_label(year: int, w: Words = EN) -> str:
    """How a year heads a column."""
    return w.year_label(year)


def _year_columns(years: Iterable[int], w: Words) -> tuple[Column, ...]:
    return tuple(Column(year_label(year, w), numeric=True) for year in years)


def _group(title: str) -> Row:
    return Row((Cell(title),), RowKind.GROUP)


def performance(
    figures: HkexFigures, area: str, title: str, per: str, basis: str = "", w: Words = EN
) -> Placed:
    """The performance table of one area (environmental, social): value, intensity, change."""
    lines = [f for f in figures.metrics.values() if f.line.area == area]
    if not lines:
        return Placed(None)
    rows: list[Row] = []
    if area == "environmental" and basis:
        rows += [_group(w("Intensity basis")), _basis_row(figures, basis)]
    group = None
    for line in lines:
        if line.line.group != group:
            group = line.line.group
            rows.append(_group(group))
        rows.extend(_line_rows(line, figures.years, per, w))
    columns = (Column(w("Indicator")), Column(w("Unit")), *_year_columns(figures.years, w))
    notes = tuple(f"{f.name}: {f.line.note}" for f in lines if f.line.note)
    table = Table(
        f"performance-{area}", title, (*columns, Column(w(CHANGE), True)), tuple(rows), notes
    )
    return Placed(table, _answered(lines))


def _basis_row(figures: HkexFigures, title: str) -> Row:
    values = tuple(Cell.of(figures.denominator[y]) for y in figures.years)
    unit = figures.denominator[figures.year].unit
    return Row((Cell(title), Cell(unit), *values, Cell("")))


def _line_rows(line: LineFigures, years: tuple[int, ...], per: str, w: Words) -> list[Row]:
    cells = tuple(Cell.of(line.values[y]) for y in years)
    rows = [Row((Cell(line.name), Cell(line.line.unit), *cells, Cell.of(line.change.figure)))]
    if line.has_intensity:
        intensities = tuple(Cell.of(line.intensities[y]) for y in years)
        unit = line.line.intensity_unit
        rows.append(
            Row((Cell(w("per {per}", per=per)), Cell(unit), *intensities, Cell("")), RowKind.DETAIL)
        )
    for label, by_year in line.parts:
        parts = tuple(Cell.of(by_year[y]) for y in years)
        rows.append(Row((Cell(label), Cell(line.line.unit), *parts, Cell("")), RowKind.DETAIL))
    return rows


def _answered(lines: Iterable[LineFigures]) -> tuple[str, ...]:
    codes = (code for f in lines if f.value.value is not None for code in f.line.kpis)
    return tuple(dict.fromkeys(codes))


def ghg_table(figures: HkexFigures, per: str, w: Words = EN) -> Placed:
    """Scope 1, Scope 2 and their total by year, with the intensity and the change (KPI A1.2)."""
    ghg = figures.ghg
    if ghg is None or ghg.scope_1.value is None:
        return Placed(None)
    years = figures.years
    unit = ghg.source.intensity_unit
    rows = [
        _scope_row(w("Scope 1: direct emissions"), ghg, years, "scope_1", w),
        _scope_row(
            w("Scope 2: energy indirect emissions (location-based)"), ghg, years, "scope_2", w
        ),
        Row(
            (
                Cell(w("Total (Scope 1 and Scope 2, location-based)")),
                Cell(w.unit(T_CO2E)),
                *(_scope_cell(ghg, y, "total", w) for y in years),
                Cell.of(ghg.change.figure),
            )
        ),
        Row(
            (
                Cell(w("Scope 2, market-based (beside the total, not added to it)")),
                Cell(w.unit(T_CO2E)),
                *(_scope_cell(ghg, y, "scope_2_market", w) for y in years),
                Cell(""),
            ),
            RowKind.DETAIL,
        ),
    ]
    if any(ghg.years[y].intensity.value is not None for y in years):
        cells = (Cell.of(ghg.years[y].intensity) for y in years)
        rows.append(
            Row((Cell(w("per {per}", per=per)), Cell(unit), *cells, Cell("")), RowKind.DETAIL)
        )
    columns = (
        Column(w("Emissions")),
        Column(w("Unit")),
        *_year_columns(years, w),
        Column(w(CHANGE), True),
    )
    table = Table("ghg", w("Greenhouse gas emissions"), columns, tuple(rows), _ghg_notes(ghg, w))
    return Placed(table, ("A1.2", "D-MT-1", "D-MT-2"))


def _scope_row(label: str, ghg: GhgFigures, years: tuple[int, ...], scope: str, w: Words) -> Row:
    cells = (_scope_cell(ghg, y, scope, w) for y in years)
    return Row((Cell(label), Cell(w.unit(T_CO2E)), *cells, Cell("")))


MISSING_GRID_FACTOR = "missing: no grid emission factor"


def _scope_cell(ghg: GhgFigures, year: int, scope: str, w: Words) -> Cell:
    """A figure of a scope, or, where Scope 2 lacks a grid factor, a cell that says so."""
    shown = ghg.years[year]
    if shown.scope_2_missing and scope != "scope_1":
        return Cell(w(MISSING_GRID_FACTOR))
    figure: Figure = getattr(shown, scope)
    return Cell.of(figure)


def _ghg_notes(ghg: GhgFigures, w: Words) -> tuple[str, ...]:
    notes = [ghg.source.method] if ghg.source.method else []
    if any(y.scope_2_missing for y in ghg.years.values()):
        notes.append(
            w(
                "Scope 2 of a year marked missing has electricity with no grid emission factor "
                "for its region and year; it is not counted as 0."
            )
        )
    fallbacks = sorted({line.note for line in ghg.source.market_lines if line.note})
    notes += [
        w("Market-based: {note}.", note=note)
        for note in fallbacks
        if not note.startswith("residual")
    ]
    working = w("Appendix A shows the working of every figure: activity x emission factors.")
    return (*notes, working)


def ghg_chart(figures: HkexFigures, w: Words = EN) -> Placed:
    """Scope 1 and Scope 2 over the years shown, oldest first."""
    ghg = figures.ghg
    if ghg is None:
        return Placed(None)
    years = [y for y in sorted(figures.years) if ghg.years[y].total.value is not None]
    if not years:
        return Placed(None)
    series = tuple(
        Series(w(name), tuple(_value(getattr(ghg.years[y], scope)) for y in years))
        for name, scope in (("Scope 1", "scope_1"), ("Scope 2", "scope_2"))
    )
    categories = tuple(year_label(y, w) for y in years)
    title, unit = w("GHG emissions by scope"), w.unit(T_CO2E)
    chart = Chart("ghg-by-scope", title, ChartKind.STACKED_BAR, categories, series, unit)
    return Placed(chart)


def _value(figure: Figure) -> Decimal:
    return figure.value if figure.value is not None else Decimal(0)


def energy_table(figures: HkexFigures, per: str, w: Words = EN) -> Placed:
    """Energy consumed by type, direct and indirect, in total and per unit (KPI A2.1)."""
    energy = figures.energy
    if energy is None or energy.total.value is None:
        return Placed(None)
    years = figures.years
    rows: list[Row] = []
    for direct, heading in ((True, "Direct energy"), (False, "Indirect energy")):
        carriers = [c for c in energy.carriers if c.carrier.direct is direct]
        if carriers:
            rows.append(_group(w(heading)))
        for carrier in carriers:
            cells = (Cell.of(carrier.mwh[y]) for y in years)
            rows.append(Row((Cell(carrier.name), Cell(w.unit(MWH)), *cells, Cell(""))))
    totals = (Cell.of(energy.totals[y]) for y in years)
    total = (Cell(w("Total energy")), Cell(w.unit(MWH)), *totals, Cell.of(energy.change.figure))
    rows.append(Row(total))
    if any(energy.intensities[y].value is not None for y in years):
        cells = (Cell.of(energy.intensities[y]) for y in years)
        unit = energy.intensity.unit
        rows.append(
            Row((Cell(w("per {per}", per=per)), Cell(unit), *cells, Cell("")), RowKind.DETAIL)
        )
    columns = (
        Column(w("Energy")),
        Column(w("Unit")),
        *_year_columns(years, w),
        Column(w(CHANGE), True),
    )
    return Placed(Table("energy", w("Energy consumption"), columns, tuple(rows)), ("A2.1",))


def energy_chart(figures: HkexFigures, w: Words = EN) -> Placed:
    """The energy mix of the report year."""
    energy = figures.energy
    if energy is None:
        return Placed(None)
    shares = [(c.name, c.value.value) for c in energy.carriers if c.value.value]
    if not shares:
        return Placed(None)
    unit = w.unit(MWH)
    series = (Series(unit, tuple(value for _, value in shares if value is not None)),)
    names = tuple(name for name, _ in shares)
    title = w("Energy mix {year}", year=year_label(figures.year, w))
    return Placed(Chart("energy-mix", title, ChartKind.PIE, names, series, unit))


def supply_chain_table(figures: HkexFigures, w: Words = EN) -> Placed:
    """Suppliers by region (B5.1) and how many the engagement practices reach (B5.2)."""
    kpis = figures.supply_chain
    if kpis is None:
        return Placed(None)
    rows = [_group(w("Suppliers by region"))]
    rows += [Row((Cell(region), Cell.of(count))) for region, count in kpis.regions]
    rows.append(Row((Cell(w("Total suppliers")), Cell.of(kpis.total))))
    rows.append(_group(w("Engagement")))
    engaged = w("Suppliers where the engagement practices applied")
    rows += [
        Row((Cell(engaged), Cell.of(kpis.engaged))),
        Row((Cell(w("of which audited in the year")), Cell.of(kpis.audited)), RowKind.DETAIL),
        Row((Cell(w("of which trained in the year")), Cell.of(kpis.trained)), RowKind.DETAIL),
        Row(
            (Cell(w("of which under an improvement plan")), Cell.of(kpis.under_plan)),
            RowKind.DETAIL,
        ),
    ]
    columns = (Column(w("Suppliers")), Column(year_label(figures.year, w), numeric=True))
    return Placed(Table("suppliers", w("Supply chain"), columns, tuple(rows)), ("B5.1", "B5.2"))


Chain = tuple[str, str, str, tuple[FactorStep, ...]]
"""What makes two calculation lines share their working: source, gas, unit and factors."""


def _chain(line: EmissionLine) -> Chain:
    return (line.source, line.gas, line.activity_unit, line.factors)


def _ordered(lines: Iterable[EmissionLine]) -> list[EmissionLine]:
    return sorted(lines, key=lambda e: (e.scope, e.entity, e.source, e.gas))


def _chain_keys(lines: Iterable[EmissionLine]) -> dict[Chain, str]:
    keys: dict[Chain, str] = {}
    for line in _ordered(lines):
        keys.setdefault(_chain(line), f"C{len(keys) + 1}")
    return keys


def chains_table(figures: HkexFigures, w: Words = EN) -> Placed:
    """Appendix: each chain of factors once, and the tonnes CO2e it gives per unit of activity."""
    ghg = figures.ghg
    if ghg is None or not ghg.source.lines:
        return Placed(None)
    every = (*ghg.source.lines, *ghg.source.market_lines)
    keys = _chain_keys(every)
    per_unit = {_chain(line): line.t_per_unit for line in every}
    rows = tuple(
        Row(
            (
                Cell(key),
                Cell(f"{source} ({gas})"),
                Cell(unit),
                Cell(" x ".join(f"{_exact(step.value)} {step.unit}" for step in steps)),
                Cell.of(
                    Figure(
                        per_unit[chain],
                        f"{w.unit(T_CO2E)}/{unit}",
                        _significant(per_unit[chain]),
                    )
                ),
            )
        )
        for chain, key in keys.items()
        for source, gas, unit, steps in (chain,)
    )
    columns = (
        Column(w("Chain")),
        Column(w("Source")),
        Column(w("Activity unit")),
        Column(w("Factors multiplied")),
        Column(w("{unit} per unit", unit=w.unit(T_CO2E)), numeric=True),
    )
    title = w("Calculation chains: the factors each activity is multiplied by")
    return Placed(Table("ghg-chains", title, columns, rows), ("D-MT-4",))


def _significant(value: Decimal, digits: int = 6) -> int:
    return max(0, digits - 1 - value.adjusted()) if value else 0


def emission_lines(figures: HkexFigures, w: Words = EN) -> Placed:
    """Appendix: every emission figure of the year as activity x chain, with subtotals."""
    ghg = figures.ghg
    if ghg is None or not ghg.source.lines:
        return Placed(None)
    keys = _chain_keys((*ghg.source.lines, *ghg.source.market_lines))
    ordered = _ordered(ghg.source.lines)
    rows: list[Row] = []
    for scope, total in ((1, ghg.scope_1), (2, ghg.scope_2)):
        group = w("Scope 2, location-based") if scope == 2 else w("Scope {scope}", scope=scope)
        rows.append(_group(group))
        rows += [
            _working_row(line, keys[_chain(line)], w) for line in ordered if line.scope == scope
        ]
        label = w("Total Scope {scope}", scope=scope)
        rows.append(Row((Cell(label), *(Cell(""),) * 4, Cell.of(total))))
    if ghg.source.market_lines:
        rows.append(_group(w("Scope 2, market-based")))
        rows += [_working_row(line, keys[_chain(line)], w) for line in ghg.source.market_lines]
        total = ghg.scope_2_market
        label = w("Total Scope 2, market-based")
        rows.append(Row((Cell(label), *(Cell(""),) * 4, Cell.of(total))))
    columns = (
        Column(w("Entity")),
        Column(w("Source")),
        Column(w("Activity"), numeric=True),
        Column(w("Unit")),
        Column(w("x chain")),
        Column(w.unit(T_CO2E), numeric=True),
    )
    title = w(
        "Calculation of Scope 1 and Scope 2 emissions, {year}",
        year=year_label(figures.year, w),
    )
    if ghg.source.market_lines:
        title += w(" (Scope 2 location-based and market-based)")
    return Placed(Table("ghg-working", title, columns, tuple(rows)), ("D-MT-4",))


def _working_row(line: EmissionLine, chain: str, w: Words) -> Row:
    return Row(
        (
            Cell(line.entity),
            Cell(f"{line.source} ({line.gas})"),
            Cell.of(Figure(line.activity, line.activity_unit, 2)),
            Cell(line.activity_unit),
            Cell(chain),
            Cell.of(Figure(line.t_co2e, w.unit(T_CO2E), 3)),
        )
    )


def factors_table(figures: HkexFigures, w: Words = EN) -> Placed:
    """Appendix: each factor used in the year's calculation and where it comes from."""
    ghg = figures.ghg
    if ghg is None or not ghg.source.lines:
        return Placed(None)
    used: dict[tuple[str, Decimal, str], FactorStep] = {}
    for line in (*ghg.source.lines, *ghg.source.market_lines):
        for step in line.factors:
            used.setdefault((step.title, step.value, step.unit), step)
    rows = tuple(
        Row((Cell(s.title), Cell.of(_factor(s.value)), Cell(s.unit), Cell(s.source)))
        for s in sorted(used.values(), key=lambda s: (s.title, s.unit))
    )
    columns = (
        Column(w("Factor")),
        Column(w("Value"), numeric=True),
        Column(w("Unit")),
        Column(w("Source")),
    )
    title = w("Conversion and emission factors used")
    return Placed(Table("factors", title, columns, rows), ("D-MT-4",))


def _exact(value: Decimal) -> str:
    """A factor written in full, without trailing zeros."""
    return _factor(value).text


def _factor(value: Decimal) -> Figure:
    exponent = value.normalize().as_tuple().exponent
    return Figure(value, "", max(0, -exponent) if isinstance(exponent, int) else 0)
