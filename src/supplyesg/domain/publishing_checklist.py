"""The publishing checklist of a report: what blocks its review and publication.

Every finding that would make a published figure wrong or unexplained is an item with a stable
identifier, `kind:place` ("quality.power_of_ten:electricity/SITE-A/FY2025-M03"), so the same
finding keeps its identifier from one run to the next. An item is resolved when the data no
longer raises it, or when an ESG manager acknowledges it with a written reason; the report
then prints the acknowledged items and their reasons in an appendix. While any item is open
the report can be neither submitted for review nor published.

The cross-section rules here are figures that cannot disagree with each other: suppliers
audited are suppliers of the year, wastewater discharged is water that was consumed, a
percentage lies between 0 and 100, and a person cannot spend more hours (or days) in a year
than the year has.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from supplyesg.domain.access import Action, Area, Permission, is_allowed
from supplyesg.domain.errors import ConflictError, Problem
from supplyesg.domain.quality import Issue, IssueKind

MAX_REASON = 2000

ACKNOWLEDGE = Permission(Area.REPORTS, Action.WRITE)
"""The right to acknowledge a checklist item: the same as preparing the report for review."""


class ItemStatus(StrEnum):
    """Whether a checklist item still blocks the report."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One finding that blocks publication: its kind, where it is and why it matters."""

    kind: str
    place: str
    reason: str

    @property
    def id(self) -> str:
        """The stable identifier of the item: kind and place."""
        return f"{self.kind}:{self.place}" if self.place else self.kind


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """An item accepted for publication as it stands, with the reason written for it."""

    item: str
    reason: str
    by: str
    on: date


@dataclass(frozen=True, slots=True)
class CheckedItem:
    """A checklist item and the acknowledgement that resolves it, if there is one."""

    item: ChecklistItem
    acknowledgement: Acknowledgement | None = None

    @property
    def status(self) -> ItemStatus:
        """Open until acknowledged."""
        return ItemStatus.OPEN if self.acknowledgement is None else ItemStatus.ACKNOWLEDGED

    @property
    def is_open(self) -> bool:
        """Whether the item still blocks review and publication."""
        return self.acknowledgement is None


class ChecklistOpenError(ConflictError):
    """A report with open checklist items cannot be submitted for review or published."""

    title = "Publishing checklist not complete"


def checklist(
    items: Iterable[ChecklistItem], acknowledgements: Iterable[Acknowledgement]
) -> tuple[CheckedItem, ...]:
    """Each item once (the first of the same identifier), with its acknowledgement.

    An acknowledgement of an item the data no longer raises resolves nothing and is not listed.
    """
    by_item = {a.item: a for a in acknowledgements}
    unique = {item.id: item for item in reversed(list(items))}
    ordered = sorted(unique.values(), key=lambda item: item.id)
    return tuple(CheckedItem(item, by_item.get(item.id)) for item in ordered)


def open_items(items: Iterable[CheckedItem]) -> list[CheckedItem]:
    """The items that still block the report."""
    return [item for item in items if item.is_open]


def open_item_problems(items: Iterable[CheckedItem]) -> list[Problem]:
    """A problem per open item, naming the item, its reason and its place."""
    return [Problem(c.item.id, c.item.reason, c.item.place) for c in open_items(items)]


def refuse_open_items(items: Iterable[CheckedItem], detail: str) -> None:
    """Raise ChecklistOpenError listing every open item, if there is any."""
    problems = open_item_problems(items)
    if problems:
        raise ChecklistOpenError(
            f"{detail} {len(problems)} items of the publishing checklist are open: fix the data "
            "or acknowledge each with a reason.",
            problems,
        )


def may_acknowledge(granted: frozenset[Permission]) -> bool:
    """Whether someone holding `granted` may acknowledge an item."""
    return is_allowed(granted, ACKNOWLEDGE)


def acknowledgement_problems(
    item: str, reason: str, listed: Collection[str], acknowledged: Collection[str]
) -> list[Problem]:
    """Why an item cannot be acknowledged: unknown, already acknowledged, or no reason given."""
    problems = []
    if item not in listed:
        problems.append(Problem("item", "is not on the checklist of the report", item))
    elif item in acknowledged:
        problems.append(Problem("item", "is already acknowledged; withdraw it first", item))
    if not reason.strip():
        problems.append(Problem("reason", "say why the item may be published as it stands", ""))
    if len(reason) > MAX_REASON:
        problems.append(Problem("reason", f"at most {MAX_REASON} characters", len(reason)))
    return problems


# -- data quality findings ----------------------------------------------------------------------

_GAP_KINDS = {
    "grid_factor": "no_grid_factor",
    "instrument_excess": "instrument_exceeds_consumption",
    "density": "no_density",
    "emission_factor": "no_emission_factor",
    "calorific_value": "no_calorific_value",
    "fuel": "unknown_fuel",
    "refrigerant": "unknown_refrigerant",
}
"""The checklist kind of each factor a calculation can lack (`domain.ghg` names them)."""

_GAP_AREA = {"A1.2": "ghg", "A2.1": "energy"}


def quality_item(issue: Issue) -> ChecklistItem:
    """The checklist item of a data quality finding, errors and warnings alike.

    A calculation gap is named after what it lacks ("ghg.no_grid_factor:SITE/FY2025"): it is
    what leaves a Scope 1 or Scope 2 figure short, or printed as 0.00.
    """
    if issue.kind is IssueKind.CALCULATION_GAP:
        area = _GAP_AREA.get(issue.kpi, "ghg")
        kind = f"{area}.{_GAP_KINDS.get(issue.factor, issue.factor or 'gap')}"
        return ChecklistItem(kind, _place(issue.entity, issue.period), issue.message)
    place = _place(issue.kpi, issue.metric, issue.entity, issue.breakdown, issue.period)
    return ChecklistItem(f"quality.{issue.kind}", place, issue.message)


def _place(*parts: str) -> str:
    return "/".join(part for part in parts if part)


# -- cross-section checks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupplierCounts:
    """The suppliers of a year, and how many of them were engaged in each way (B5.1, B5.2)."""

    suppliers: int
    by_region: tuple[int, ...] = ()
    engaged: int = 0
    audited: int = 0
    trained: int = 0
    under_plan: int = 0


def supplier_count_items(counts: SupplierCounts) -> list[ChecklistItem]:
    """Counts of suppliers that cannot exceed the suppliers of the year, nor disagree with
    the count by region."""
    items = [
        ChecklistItem(
            f"cross.suppliers_{name}_exceed_suppliers",
            "",
            f"{value:,} suppliers {name.replace('_', ' ')} in the year, but the year has only "
            f"{counts.suppliers:,} suppliers",
        )
        for name, value in (
            ("engaged", counts.engaged),
            ("audited", counts.audited),
            ("trained", counts.trained),
            ("under_plan", counts.under_plan),
        )
        if value > counts.suppliers
    ]
    regions = sum(counts.by_region)
    if counts.by_region and regions != counts.suppliers:
        items.append(
            ChecklistItem(
                "cross.suppliers_by_region_differ_from_suppliers",
                "",
                f"suppliers by region add up to {regions:,}, not to the {counts.suppliers:,} "
                "suppliers of the year",
            )
        )
    return items


def water_items(
    consumed_m3: Mapping[int, Decimal | None], discharged_m3: Mapping[int, Decimal | None]
) -> list[ChecklistItem]:
    """Years whose wastewater discharged is more than the water consumed."""
    items = []
    for year, discharged in sorted(discharged_m3.items()):
        consumed = consumed_m3.get(year)
        if discharged is None or consumed is None or discharged <= consumed:
            continue
        items.append(
            ChecklistItem(
                "cross.water_discharged_exceeds_consumed",
                f"FY{year}",
                f"wastewater discharged ({discharged:,} m³) is more than the water consumed "
                f"({consumed:,} m³) in FY{year}: check both values and their units",
            )
        )
    return items


PER_PERSON_PER_YEAR: dict[str, Decimal] = {
    "hour/person": Decimal(8784),
    "day/person": Decimal(366),
}
"""The most time one person can spend in a year (a leap year's hours and days)."""


@dataclass(frozen=True, slots=True)
class Rate:
    """A ratio or an amount per person the report shows for a year, in its unit."""

    code: str
    title: str
    unit: str
    year: int
    value: Decimal


def bounds(unit: str) -> tuple[Decimal, Decimal | None]:
    """The physical bounds of a rate in a unit: a percentage of a whole lies in 0..100, time per
    person in 0..the year, and no rate is negative."""
    if unit == "%":
        return Decimal(0), Decimal(100)
    return Decimal(0), PER_PERSON_PER_YEAR.get(unit)


def rate_items(rates: Iterable[Rate]) -> list[ChecklistItem]:
    """Rates outside their physical bounds. A value entered 10^4 times too large in every year
    passes the year-on-year checks; it cannot pass these."""
    items = []
    for rate in rates:
        low, high = bounds(rate.unit)
        if rate.value < low:
            kind, limit = "cross.negative_rate", "cannot be negative"
        elif high is not None and rate.value > high:
            kind = "cross.percentage_above_100" if rate.unit == "%" else "cross.implausible_rate"
            limit = f"cannot be more than {high:,} {rate.unit}"
        else:
            continue
        items.append(
            ChecklistItem(
                kind,
                f"{rate.code}/FY{rate.year}",
                f"{rate.title} is {rate.value:,.2f} {rate.unit} in FY{rate.year}, which "
                f"{limit}: check the values it is computed from, their unit and decimal point",
            )
        )
    return items
