"""Who reports and for when: the reporting entities, their hierarchy and the financial years.

An organisation is a tree: one group at the root, subsidiaries under it (possibly nested) and
sites (plants, offices, warehouses) as leaves. ESG data is entered on any entity and rolls up
the tree. A financial year is twelve calendar months and is named after the calendar year in
which it ends (a year from April 2024 to March 2025 is FY2025); values may be entered for the
whole year, for a quarter or for a month of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from supplyesg.domain.errors import Problem
from supplyesg.domain.iso_codes import COUNTRY_NAMES
from supplyesg.domain.periods import add_months

ENTITY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
GRID_REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,10})?$")
MAX_NAME_LENGTH = 200
MONTHS_IN_YEAR = 12
_PERIOD = re.compile(
    r"^(?:FY)?(?P<year>\d{4})(?:-(?:(?P<quarter>Q[1-4])|M(?P<fy_month>\d{2})|(?P<month>\d{2})))?$",
    re.IGNORECASE,
)


class EntityKind(StrEnum):
    """What an entity is in the organisation tree."""

    GROUP = "group"
    SUBSIDIARY = "subsidiary"
    SITE = "site"


_PARENT_KINDS: dict[EntityKind, frozenset[EntityKind]] = {
    EntityKind.GROUP: frozenset(),
    EntityKind.SUBSIDIARY: frozenset({EntityKind.GROUP, EntityKind.SUBSIDIARY}),
    EntityKind.SITE: frozenset({EntityKind.GROUP, EntityKind.SUBSIDIARY}),
}


@dataclass(frozen=True, slots=True)
class ReportingEntity:
    """A group, subsidiary or site that holds ESG data.

    `grid_region` names the electricity grid a site buys from (CN for the mainland China
    national grid, HK for Hong Kong, or a finer code such as CN-SOUTH); it selects the Scope 2
    emission factor. Empty means the country code.
    """

    code: str
    name: str
    kind: EntityKind
    country: str
    parent: str | None = None
    grid_region: str = ""
    city: str = ""

    @property
    def electricity_grid(self) -> str:
        """The grid region whose emission factor applies to this entity's electricity."""
        return self.grid_region or self.country


def entity_problems(
    entity: ReportingEntity, others: Mapping[str, ReportingEntity]
) -> list[Problem]:
    """Every rule the entity breaks among the `others` (which may hold its former self)."""
    problems: list[Problem] = []
    if not ENTITY_CODE.fullmatch(entity.code):
        problems.append(
            Problem("code", "must be 1 to 40 letters, digits, '.', '_' or '-'", entity.code)
        )
    if not entity.name.strip() or len(entity.name) > MAX_NAME_LENGTH:
        problems.append(
            Problem("name", f"is required, at most {MAX_NAME_LENGTH} characters", entity.name)
        )
    if entity.country not in COUNTRY_NAMES:
        problems.append(
            Problem("country", "not an ISO 3166-1 alpha-2 country code", entity.country)
        )
    if entity.grid_region and not GRID_REGION.fullmatch(entity.grid_region):
        problems.append(
            Problem("grid_region", "must look like CN, HK or CN-SOUTH", entity.grid_region)
        )
    return problems + _parent_problems(entity, others)


def _parent_problems(
    entity: ReportingEntity, others: Mapping[str, ReportingEntity]
) -> list[Problem]:
    if entity.kind is EntityKind.GROUP:
        if entity.parent is not None:
            return [
                Problem(
                    "parent", "a group is the root of the tree and has no parent", entity.parent
                )
            ]
        return []
    if entity.parent is None:
        return [Problem("parent", f"a {entity.kind} needs a parent group or subsidiary", None)]
    parent = others.get(entity.parent)
    if parent is None:
        return [Problem("parent", "is not a known entity", entity.parent)]
    if parent.kind not in _PARENT_KINDS[entity.kind]:
        return [
            Problem("parent", f"a {entity.kind} cannot sit under a {parent.kind}", entity.parent)
        ]
    if entity.code in ancestors(entity.parent, others) or entity.parent == entity.code:
        return [Problem("parent", "would put the entity under itself", entity.parent)]
    return []


def ancestors(code: str, entities: Mapping[str, ReportingEntity]) -> tuple[str, ...]:
    """The codes above an entity, nearest first (stops on a broken or looping chain)."""
    found: list[str] = []
    current = entities.get(code)
    while current is not None and current.parent is not None and current.parent not in found:
        found.append(current.parent)
        current = entities.get(current.parent)
    return tuple(found)


def children_of(entities: Iterable[ReportingEntity]) -> dict[str, tuple[str, ...]]:
    """Each entity's direct children, in code order."""
    children: dict[str, list[str]] = {}
    for entity in sorted(entities, key=lambda e: e.code):
        if entity.parent is not None:
            children.setdefault(entity.parent, []).append(entity.code)
    return {parent: tuple(codes) for parent, codes in children.items()}


def subtree(code: str, children: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """An entity and everything beneath it, depth first."""
    found = [code]
    for child in children.get(code, ()):
        found.extend(subtree(child, children))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class FinancialYear:
    """Twelve calendar months of reporting, named after the calendar year in which it ends."""

    start: date

    @property
    def end(self) -> date:
        """The last day of the year."""
        return add_months(self.start, MONTHS_IN_YEAR) - timedelta(days=1)

    @property
    def year(self) -> int:
        """The year's name: FY2025 ends in 2025."""
        return self.end.year

    @property
    def label(self) -> str:
        """How the year is written in reports."""
        return f"FY{self.year}"

    def month_start(self, index: int) -> date:
        """The first day of the index-th month of the year (1 = the first month)."""
        return add_months(self.start, index - 1)

    def month_index(self, day: date) -> int | None:
        """Which month of the year a day falls in (1 to 12), or None outside the year."""
        if not self.start <= day <= self.end:
            return None
        return (day.year - self.start.year) * 12 + day.month - self.start.month + 1


def financial_year_ending(year: int, first_month: int = 1) -> FinancialYear:
    """The financial year named `year` whose first month is `first_month` (1 = January)."""
    start_year = year if first_month == 1 else year - 1
    return FinancialYear(date(start_year, first_month, 1))


def financial_year_problems(start: date) -> list[Problem]:
    """Why a financial year may not start on this day."""
    if start.day != 1:
        return [Problem("start", "a financial year starts on the first day of a month", start)]
    return []


class Granularity(StrEnum):
    """How much of a financial year a value covers."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


@dataclass(frozen=True, slots=True, order=True)
class PeriodSlice:
    """The part of a financial year a value covers: the year (FY), a quarter (Q1) or a month (M03).

    Quarters and months count from the start of the financial year, so M01 of a year starting
    in April is April.
    """

    granularity: Granularity
    index: int = 0
    key: str = field(init=False, compare=False, repr=False)
    """The slice as stored and shown: FY, Q1 to Q4, M01 to M12."""

    def __post_init__(self) -> None:
        if self.granularity is Granularity.YEAR:
            key = "FY"
        elif self.granularity is Granularity.QUARTER:
            key = f"Q{self.index}"
        else:
            key = f"M{self.index:02d}"
        object.__setattr__(self, "key", key)

    @property
    def quarter(self) -> int | None:
        """The quarter a month or quarter falls in."""
        if self.granularity is Granularity.MONTH:
            return (self.index - 1) // 3 + 1
        return self.index if self.granularity is Granularity.QUARTER else None

    @classmethod
    def from_key(cls, key: str) -> PeriodSlice:
        """The slice stored as FY, Q1 to Q4 or M01 to M12."""
        known = _SLICES_BY_KEY.get(key)
        if known is not None:
            return known
        if key == "FY":
            return WHOLE_YEAR
        if key[:1] == "Q" and key[1:] in {"1", "2", "3", "4"}:
            return cls(Granularity.QUARTER, int(key[1:]))
        if key[:1] == "M" and key[1:].isdigit() and 1 <= int(key[1:]) <= MONTHS_IN_YEAR:
            return cls(Granularity.MONTH, int(key[1:]))
        raise ValueError(f"not a period slice: {key!r}")

    def __str__(self) -> str:
        return self.key


WHOLE_YEAR = PeriodSlice(Granularity.YEAR)
_SLICES_BY_KEY: dict[str, PeriodSlice] = {}
_SLICES_BY_KEY.update(
    (s.key, s)
    for s in (
        WHOLE_YEAR,
        *(PeriodSlice.from_key(f"Q{q}") for q in range(1, 5)),
        *(PeriodSlice.from_key(f"M{m:02d}") for m in range(1, MONTHS_IN_YEAR + 1)),
    )
)
"""Every valid slice by its key, parsed once: values are read by the hundred thousand."""


@dataclass(frozen=True, slots=True)
class PeriodRef:
    """A slice of a named financial year: FY2025, FY2025 Q2, FY2025 M07."""

    year: int
    slice: PeriodSlice = WHOLE_YEAR

    def __str__(self) -> str:
        return f"FY{self.year}" + ("" if self.slice == WHOLE_YEAR else f"-{self.slice.key}")


def parse_period(text: str, years: Mapping[int, FinancialYear]) -> PeriodRef | Problem:
    """A period written 2025, FY2025, 2025-Q2, 2025-M07 (month of the FY) or 2025-07 (calendar).

    A calendar month is placed in the financial year that holds it; every other form names
    the financial year directly.
    """
    found = _PERIOD.fullmatch(text.strip())
    if found is None:
        return Problem("period", "must look like 2025, 2025-Q2, 2025-M07 or 2025-07", text)
    year = int(found["year"])
    if found["month"] is not None:
        return _calendar_month(year, int(found["month"]), text, years)
    if year not in years:
        return Problem("period", f"FY{year} is not a reporting period; add it first", text)
    if found["quarter"] is not None:
        return PeriodRef(year, PeriodSlice(Granularity.QUARTER, int(found["quarter"][1])))
    if found["fy_month"] is not None:
        index = int(found["fy_month"])
        if not 1 <= index <= MONTHS_IN_YEAR:
            return Problem("period", "a month of the year is M01 to M12", text)
        return PeriodRef(year, PeriodSlice(Granularity.MONTH, index))
    return PeriodRef(year)


def _calendar_month(
    year: int, month: int, text: str, years: Mapping[int, FinancialYear]
) -> PeriodRef | Problem:
    if not 1 <= month <= MONTHS_IN_YEAR:
        return Problem("period", "the month must be 01 to 12", text)
    day = date(year, month, 1)
    for fy in years.values():
        index = fy.month_index(day)
        if index is not None:
            return PeriodRef(fy.year, PeriodSlice(Granularity.MONTH, index))
    return Problem("period", "no reporting period holds this month; add the year first", text)
