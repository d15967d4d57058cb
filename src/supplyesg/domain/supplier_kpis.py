"""Supply-chain KPIs counted from the supplier programme, never typed in again.

KPI B5.1 counts suppliers by geographical region; KPI B5.2 counts the suppliers where
engagement practices are applied (audited, trained or under an improvement plan in the year).
A supplier counts for a year when, on the last day of the year, it stood in a relationship with
us: active, conditionally accepted or suspended (prospective suppliers were not yet suppliers,
terminated ones no longer were). When the registry knows the days a relationship started and
ended, those days decide; only a supplier whose start is unknown is judged by its status then.
A year that closed before the registry was first loaded (an organisation that starts using the
system after its year end) counts such suppliers from the registry as it stood at the end of
that first day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from supplyesg.domain.suppliers import SupplierStatus

COUNTED_STATUSES = frozenset(
    {SupplierStatus.ACTIVE, SupplierStatus.CONDITIONALLY_ACCEPTED, SupplierStatus.SUSPENDED}
)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A supplier's move to a status: the day it took effect and the instant it was recorded."""

    effective_on: date
    status: SupplierStatus
    recorded_at: datetime


def status_on(changes: Sequence[StatusChange], day: date) -> SupplierStatus | None:
    """The status a supplier had at the end of a day: its latest change in effect by then
    (changes of the same day in the order they were recorded)."""
    before = [c for c in changes if c.effective_on <= day]
    if not before:
        return None
    return max(before, key=lambda c: (c.effective_on, c.recorded_at)).status


def counting_day(year_end: date, first_effective_on: date | None) -> date:
    """The day at whose end the suppliers of a year are counted: the year's last day, or the
    first day the registry knows of if that came later."""
    if first_effective_on is None or first_effective_on <= year_end:
        return year_end
    return first_effective_on


def is_counted(status: SupplierStatus | None) -> bool:
    """Whether a supplier in this status at year end counts as a supplier of the year."""
    return status in COUNTED_STATUSES


def is_supplier_on(
    day: date, started_on: date | None, ended_on: date | None, status_then: SupplierStatus | None
) -> bool:
    """Whether a supplier stood in a relationship with us at the end of a day.

    Its own days decide when the start is known (a relationship that ended on the day no longer
    stands at its end); otherwise its status then does.
    """
    if ended_on is not None and ended_on <= day:
        return False
    if started_on is not None:
        return started_on <= day
    return is_counted(status_then)


def was_supplier_during(
    start: date,
    end: date,
    started_on: date | None,
    ended_on: date | None,
    status_at_end: SupplierStatus | None,
) -> bool:
    """Whether a supplier stood in a relationship with us on any day from start to end."""
    if ended_on is not None and ended_on < start:
        return False
    if started_on is not None:
        return started_on <= end
    return is_counted(status_at_end) or (ended_on is not None and ended_on <= end)


@dataclass(frozen=True, slots=True)
class SupplierPlace:
    """Where a counted supplier is: its country and, within the country, its region."""

    code: str
    country: str
    region: str
    tier: int


@dataclass(frozen=True, slots=True, order=True)
class RegionCount:
    """KPI B5.1: how many suppliers a country (and a region within it) has."""

    country: str
    region: str
    count: int


def suppliers_by_region(
    suppliers: Iterable[SupplierPlace], max_tier: int | None = 1
) -> tuple[RegionCount, ...]:
    """Counted suppliers by country and region (first tier only unless max_tier says deeper)."""
    counts = Counter(
        (s.country, s.region.strip()) for s in suppliers if max_tier is None or s.tier <= max_tier
    )
    return tuple(sorted(RegionCount(c, r, n) for (c, r), n in counts.items()))


def by_country(counts: Iterable[RegionCount]) -> dict[str, int]:
    """Region counts added up by country."""
    totals: Counter[str] = Counter()
    for item in counts:
        totals[item.country] += item.count
    return dict(sorted(totals.items()))


@dataclass(frozen=True, slots=True)
class Engagement:
    """KPI B5.2: suppliers where engagement practices were applied in the year."""

    year: int
    audited: int
    trained: int
    under_plan: int
    engaged: int


def engagement(
    year: int,
    audited: Collection[str],
    trained: Collection[str],
    under_plan: Collection[str],
) -> Engagement:
    """Counts of suppliers audited, trained and under a plan, and of all engaged in any way."""
    engaged = set(audited) | set(trained) | set(under_plan)
    return Engagement(
        year, len(set(audited)), len(set(trained)), len(set(under_plan)), len(engaged)
    )
