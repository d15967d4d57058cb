"""What every ESG data page shows and offers: entities, years, metrics by HKEX aspect, periods."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fastapi import Request
from starlette.responses import Response

from supplyesg.db.session import Database
from supplyesg.domain.metrics import Breakdown, Catalogue, Metric
from supplyesg.domain.organisation import FinancialYear, Granularity, PeriodSlice, ReportingEntity
from supplyesg.reports.frameworks import framework
from supplyesg.services import esg_catalogue, esg_organisation
from supplyesg.services.esg_organisation import Organisation
from supplyesg.services.units import pretty_unit
from supplyesg.web.ui.rendering import render

CUSTOM = "custom"
NORMALISERS = "normalisers"
OTHER = "other"
GROUP_TITLES = {
    CUSTOM: "The organisation's own metrics",
    NORMALISERS: "Normalisers (what intensities divide by)",
    OTHER: "Other figures",
}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MetricGroup:
    """The metrics of one HKEX aspect (A1 Emissions), or of the custom and other groups."""

    code: str
    title: str
    metrics: tuple[Metric, ...]


def aspect_of(metric: Metric) -> str:
    """The HKEX aspect a metric answers (A1 to B8), else custom, normalisers or other."""
    if metric.custom:
        return CUSTOM
    guide = framework()
    for kpi in metric.kpis:
        item = guide.item(kpi)
        if item is not None:
            return item.aspect
    return NORMALISERS if metric.normaliser else OTHER


def metric_groups(catalogue: Catalogue) -> list[MetricGroup]:
    """The catalogue's metrics by aspect, in the guide's order; custom, normalisers, other last."""
    by_aspect: dict[str, list[Metric]] = {}
    for metric in catalogue.metrics:
        by_aspect.setdefault(aspect_of(metric), []).append(metric)
    titles = {a.code: f"{a.code} {a.title}" for a in framework().aspects}
    order = [*titles, CUSTOM, NORMALISERS, OTHER]
    return [
        MetricGroup(code, titles.get(code) or GROUP_TITLES[code], tuple(by_aspect[code]))
        for code in order
        if code in by_aspect
    ]


def breakdown_title(catalogue: Catalogue, key: str) -> str:
    """A breakdown as people read it: 'gender=female' -> 'Gender: Female'; '' is the total."""
    breakdown = Breakdown.from_key(key)
    if breakdown is None:
        return ""
    dimension = catalogue.dimension(breakdown.dimension)
    member = dimension.member(breakdown.member) if dimension else None
    return f"{dimension.title if dimension else breakdown.dimension}: " + (
        member.title if member else breakdown.member
    )


def month_title(fy: FinancialYear | None, index: int) -> str:
    """The calendar month of the index-th month of a year (M01 of an April year is April)."""
    if fy is None:
        return f"M{index:02d}"
    start: date = fy.month_start(index)
    return f"{MONTH_NAMES[start.month - 1]} {start.year}"


def slice_title(fy: FinancialYear | None, key: str) -> str:
    """A part of a year as people read it: FY -> Whole year, Q2 -> Q2 (April to June 2025)."""
    part = PeriodSlice.from_key(key)
    if part.granularity is Granularity.YEAR:
        return "Whole year"
    if part.granularity is Granularity.MONTH:
        return month_title(fy, part.index)
    first, last = 3 * part.index - 2, 3 * part.index
    if fy is None:
        return key
    return f"{key} ({month_title(fy, first).split()[0]} to {month_title(fy, last)})"


def slice_keys() -> list[str]:
    """Every part of a year a value may cover: FY, Q1 to Q4, M01 to M12."""
    return ["FY", *(f"Q{i}" for i in range(1, 5)), *(f"M{i:02d}" for i in range(1, 13))]


@dataclass(frozen=True, slots=True)
class EsgChoices:
    """The entities (in tree order, with their depth), the years (newest first) and the metrics."""

    entities: Sequence[tuple[ReportingEntity, int]]
    years: Sequence[FinancialYear]
    catalogue: Catalogue
    groups: Sequence[MetricGroup]
    root: str | None = None
    """The group the figures roll up to, if there is one."""

    @property
    def entity_options(self) -> list[tuple[str, str]]:
        """(code, label) of each entity, indented by its depth in the tree."""
        return [(e.code, f"{'— ' * depth}{e.name} ({e.code})") for e, depth in self.entities]

    @property
    def year_numbers(self) -> list[int]:
        """The years' names (2025 for FY2025), newest first."""
        return [fy.year for fy in self.years]

    def year(self, number: int | None) -> FinancialYear | None:
        """The financial year with this name, if there is one."""
        return next((fy for fy in self.years if fy.year == number), None)

    def entity_name(self, code: str) -> str:
        """The name of an entity (its code if unknown)."""
        return next((e.name for e, _ in self.entities if e.code == code), code)

    def metric_title(self, code: str) -> str:
        """The title of a metric (its code if unknown)."""
        metric = self.catalogue.metric(code)
        return metric.title if metric else code

    def has_setup(self) -> bool:
        """Whether entities and years exist, so that values can be entered."""
        return bool(self.entities and self.years)


def esg_choices(db: Database) -> EsgChoices:
    """What every ESG page offers to pick from, as stored now."""
    catalogue = esg_catalogue.catalogue(db)
    organisation = esg_organisation.organisation(db)
    years = sorted(esg_organisation.financial_years(db), key=lambda fy: fy.year, reverse=True)
    return EsgChoices(
        in_tree_order(organisation),
        years,
        catalogue,
        metric_groups(catalogue),
        organisation.root,
    )


def in_tree_order(organisation: Organisation) -> list[tuple[ReportingEntity, int]]:
    """(entity, depth) of every entity, each one followed by everything beneath it."""
    found: list[tuple[ReportingEntity, int]] = []

    def visit(code: str, depth: int) -> None:
        found.append((organisation.entities[code], depth))
        for child in organisation.children.get(code, ()):
            visit(child, depth + 1)

    for code, entity in sorted(organisation.entities.items()):
        if entity.parent is None or entity.parent not in organisation.entities:
            visit(code, 0)
    return found


def chosen_year(text: str, choices: EsgChoices, default: int | None = None) -> int | None:
    """The year a filter names if it is a financial year, else the default, else the newest."""
    if text.isdecimal() and text.isascii() and choices.year(int(text)) is not None:
        return int(text)
    if default is not None:
        return default
    return choices.year_numbers[0] if choices.years else None


def chosen_entity(text: str, choices: EsgChoices) -> str | None:
    """The entity a filter names if it exists, else None."""
    return text if any(e.code == text for e, _ in choices.entities) else None


def esg_page(
    request: Request, template: str, tab: str, status_code: int = 200, /, **context: object
) -> Response:
    """An ESG data page: its tab marked, and `pretty(unit)` to show units (m**3 as m³)."""
    return render(
        request,
        template,
        status_code=status_code,
        area="esg_data",
        tab=tab,
        pretty=pretty_unit,
        **context,
    )
