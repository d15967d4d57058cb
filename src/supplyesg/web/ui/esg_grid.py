"""The data grid: an entity's values of a year, metric by metric and month by month."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from supplyesg.domain.metrics import Breakdown, Catalogue, Metric
from supplyesg.domain.organisation import FinancialYear
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services import esg_data, esg_views
from supplyesg.services.esg_data import ValueRecord
from supplyesg.web.deps import DatabaseDep
from supplyesg.web.ui.esg_context import (
    EsgChoices,
    MetricGroup,
    aspect_of,
    breakdown_title,
    chosen_entity,
    chosen_year,
    esg_choices,
    esg_page,
    month_title,
)
from supplyesg.web.ui.rendering import is_htmx

router = APIRouter(prefix="/esg-data")

STATUSES = tuple(ReviewStatus)
YEAR = "FY"


@dataclass(frozen=True, slots=True)
class GridRow:
    """One metric (and breakdown) of the entity: its values by part of the year."""

    metric: Metric
    breakdown: str
    breakdown_title: str
    cells: Mapping[str, ValueRecord]
    year_value: Decimal | None
    """The year's figure at this entity as the roll-up rule makes it (its months summed...)."""


@dataclass(frozen=True, slots=True)
class GridSection:
    """The rows of one HKEX aspect."""

    group: MetricGroup
    rows: Sequence[GridRow]


@dataclass(frozen=True, slots=True)
class Grid:
    """The columns (parts of the year) and the rows of the grid, by aspect."""

    columns: Sequence[tuple[str, str]]
    sections: Sequence[GridSection]
    values: int


def grid_of(
    records: Iterable[ValueRecord],
    choices: EsgChoices,
    fy: FinancialYear | None,
    year_values: Mapping[str, Mapping[Breakdown | None, Decimal]],
    aspect: str = "",
) -> Grid:
    """The grid of the records; `year_values` are the entity's yearly figures by metric."""
    catalogue = choices.catalogue
    cells: dict[tuple[str, str], dict[str, ValueRecord]] = {}
    for record in records:
        metric = catalogue.metric(record.row.metric)
        if metric is not None and (not aspect or aspect_of(metric) == aspect):
            cells.setdefault((metric.code, record.row.breakdown), {})[record.row.slice] = record
    sections = []
    for group in choices.groups:
        rows = [
            GridRow(
                metric,
                breakdown,
                breakdown_title(catalogue, breakdown),
                cells.get((metric.code, breakdown), {}),
                year_values.get(metric.code, {}).get(Breakdown.from_key(breakdown)),
            )
            for metric in group.metrics
            for breakdown in _breakdowns_of(metric, cells, catalogue)
        ]
        if rows:
            sections.append(GridSection(group, rows))
    slices = {key for row in cells.values() for key in row}
    return Grid(_columns(slices, fy), sections, sum(len(row) for row in cells.values()))


def _breakdowns_of(
    metric: Metric, cells: Mapping[tuple[str, str], object], catalogue: Catalogue
) -> list[str]:
    """The metric's breakdowns that have values, in catalogue order, after the total.

    The total comes first even when only its parts were entered: the year shows what they make.
    """
    found = [key for code, key in cells if code == metric.code]
    if found and "" not in found:
        found.append("")
    dimensions = list(metric.allowed_breakdowns)

    def rank(key: str) -> tuple[int, int, str]:
        breakdown = Breakdown.from_key(key)
        if breakdown is None:
            return (-1, 0, "")
        dimension = catalogue.dimension(breakdown.dimension)
        members = [m.code for m in dimension.members] if dimension else []
        return (
            dimensions.index(breakdown.dimension)
            if breakdown.dimension in dimensions
            else len(dimensions),
            members.index(breakdown.member) if breakdown.member in members else len(members),
            key,
        )

    return sorted(found, key=rank)


def _columns(slices: set[str], fy: FinancialYear | None) -> list[tuple[str, str]]:
    """The year first, then quarters if any value is quarterly, months if any is monthly."""
    columns: list[tuple[str, str]] = [(YEAR, "Year")]
    if any(key.startswith("Q") for key in slices):
        columns += [(f"Q{i}", f"Q{i}") for i in range(1, 5)]
    if any(key.startswith("M") for key in slices):
        columns += [(f"M{i:02d}", month_title(fy, i)) for i in range(1, 13)]
    return columns


@router.get("", name="esg_grid")
def esg_grid(
    request: Request,
    db: DatabaseDep,
    entity: str = "",
    year: str = "",
    aspect: str = "",
    status: str = "",
) -> Response:
    """The values of an entity and year; htmx asks for the grid alone when a filter changes."""
    choices = esg_choices(db)
    shown = _shown_filters(db, choices, entity, year, aspect, status)
    grid = None
    if shown["entity"] and shown["year"]:
        found = esg_views.entity_year(db, int(shown["year"]), shown["entity"], choices.catalogue)
        records = [r for r in found.records if not shown["status"] or r.row.status == status]
        fy = choices.year(int(shown["year"]))
        grid = grid_of(records, choices, fy, found.year_values, shown["aspect"])
    context = {"grid": grid, "shown": shown, "choices": choices}
    if is_htmx(request):
        response = esg_page(request, "esg/_grid.html", "grid", **context)
        response.headers["HX-Push-Url"] = _grid_url(shown)
        return response
    return esg_page(request, "esg/grid.html", "grid", statuses=STATUSES, **context)


def _shown_filters(
    db: DatabaseDep, choices: EsgChoices, entity: str, year: str, aspect: str, status: str
) -> dict[str, str]:
    """The filters as they apply: unknown values dropped, the entity and year defaulted."""
    number = chosen_year(year, choices, _latest_with_values(db, choices))
    code = chosen_entity(entity, choices) or _first_with_values(db, number, choices)
    return {
        "entity": code or "",
        "year": str(number) if number else "",
        "aspect": aspect if aspect in {g.code for g in choices.groups} else "",
        "status": status if status in {str(s) for s in STATUSES} else "",
    }


def _latest_with_values(db: DatabaseDep, choices: EsgChoices) -> int | None:
    years = esg_views.years_with_values(db) if choices.years else []
    return years[0] if years else None


def _first_with_values(db: DatabaseDep, year: int | None, choices: EsgChoices) -> str | None:
    """The entity of the first value of the year, else the first entity."""
    if year is not None:
        page = esg_data.list_values(db, year, limit=1)
        if page.items:
            return page.items[0].entity
    return choices.entities[0][0].code if choices.entities else None


def _grid_url(shown: Mapping[str, str]) -> str:
    params = {name: value for name, value in shown.items() if value}
    return f"/esg-data?{urlencode(params)}" if params else "/esg-data"
