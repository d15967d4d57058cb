"""Data collection requests: which ESG values a site owes for a period, by when, and whether
they are in.

A request asks an entity (usually a site) for its values of one part of a financial year (a
month, a quarter or the whole year), for every metric it reports or for one section of the
catalogue. A metric is in when the period is covered by values that are submitted or approved:
the period's own slice, a slice that encloses it (a quarter covers its months, the year covers
everything) or, failing that, all the finer slices inside it. A value of the period that a
checker returned puts the metric back in the list until it is submitted again.

The expected metrics are the entity's reporting profile: the metrics in scope it has values for
in the request's year or the year before. A new entity with no values has every metric in scope
expected, so a request is never complete just because nothing was ever entered.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from supplyesg.domain.access import ROLE_PERMISSIONS, Action, Area, Permission, Role
from supplyesg.domain.errors import Problem
from supplyesg.domain.organisation import WHOLE_YEAR, FinancialYear, Granularity, PeriodSlice
from supplyesg.domain.periods import add_months
from supplyesg.domain.submissions import ReviewStatus

DEFAULT_DAYS_AFTER = 20
"""Days after a period ends that its data falls due, unless a calendar says otherwise."""
MAX_DAYS_AFTER = 180
"""Half a year: a due date later than that would fall after the annual report is written."""
MAX_NOTE_LENGTH = 2000
WRITE_ESG_DATA = Permission(Area.ESG_DATA, Action.WRITE)
SUBMITTER_ROLES = frozenset(role for role in Role if WRITE_ESG_DATA in ROLE_PERMISSIONS[role])
"""The roles whose people may be named to submit ESG data."""


class RequestState(StrEnum):
    """Where a request stands on a day."""

    OPEN = "open"
    OVERDUE = "overdue"
    COMPLETE = "complete"
    CLOSED = "closed"


class MetricProgress(StrEnum):
    """Where one expected metric of a request stands."""

    MISSING = "missing"
    RETURNED = "returned"
    IN = "in"


@dataclass(frozen=True, slots=True)
class StoredStatus:
    """A stored value as requests read it: its metric, slice and review status."""

    metric: str
    slice: PeriodSlice
    status: ReviewStatus


# -- periods and due dates -----------------------------------------------------------------


def slices_of(granularity: Granularity) -> tuple[PeriodSlice, ...]:
    """Every slice of a year at a granularity: M01..M12, Q1..Q4, or the year."""
    if granularity is Granularity.MONTH:
        return tuple(PeriodSlice(Granularity.MONTH, i) for i in range(1, 13))
    if granularity is Granularity.QUARTER:
        return tuple(PeriodSlice(Granularity.QUARTER, i) for i in range(1, 5))
    return (WHOLE_YEAR,)


def period_bounds(fy: FinancialYear, part: PeriodSlice) -> tuple[date, date]:
    """The first and last day of a slice of a financial year."""
    if part.granularity is Granularity.YEAR:
        return fy.start, fy.end
    first, months = (
        (part.index, 1) if part.granularity is Granularity.MONTH else (3 * part.index - 2, 3)
    )
    start = fy.month_start(first)
    return start, add_months(start, months) - timedelta(days=1)


def due_date(fy: FinancialYear, part: PeriodSlice, days_after: int) -> date:
    """The period's last day plus `days_after`, clamped to 0..MAX_DAYS_AFTER days."""
    days = min(max(days_after, 0), MAX_DAYS_AFTER)
    return period_bounds(fy, part)[1] + timedelta(days=days)


def period_label(fy: FinancialYear, part: PeriodSlice) -> str:
    """How a request's period reads: FY2026, FY2026 Q2, FY2026 M03 (March 2026)."""
    if part.granularity is Granularity.YEAR:
        return fy.label
    if part.granularity is Granularity.QUARTER:
        return f"{fy.label} {part.key}"
    start = period_bounds(fy, part)[0]
    return f"{fy.label} {part.key} ({start:%B %Y})"


# -- what is expected and what is in -----------------------------------------------------------


def expected_metrics(in_scope: Iterable[str], reported: Collection[str]) -> tuple[str, ...]:
    """The metrics a request waits for: those in scope the entity reports (all when it reports
    none), in the order of `in_scope`."""
    scope = tuple(dict.fromkeys(in_scope))
    profile = tuple(code for code in scope if code in reported)
    return profile or scope


def _enclosing(part: PeriodSlice) -> tuple[PeriodSlice, ...]:
    if part.granularity is Granularity.MONTH:
        assert part.quarter is not None
        return (PeriodSlice(Granularity.QUARTER, part.quarter), WHOLE_YEAR)
    return (WHOLE_YEAR,) if part.granularity is Granularity.QUARTER else ()


def _inside(part: PeriodSlice) -> tuple[PeriodSlice, ...]:
    """The slices one level finer that make up a slice."""
    if part.granularity is Granularity.YEAR:
        return slices_of(Granularity.QUARTER)
    if part.granularity is Granularity.QUARTER:
        return tuple(PeriodSlice(Granularity.MONTH, 3 * part.index - 2 + i) for i in range(3))
    return ()


def _below(part: PeriodSlice) -> tuple[PeriodSlice, ...]:
    found: list[PeriodSlice] = []
    for child in _inside(part):
        found += [child, *_below(child)]
    return tuple(found)


def _holds(part: PeriodSlice, statuses: Mapping[PeriodSlice, Collection[ReviewStatus]]) -> bool:
    given = statuses.get(part, ())
    return bool(given) and ReviewStatus.RETURNED not in given


def _covered(part: PeriodSlice, statuses: Mapping[PeriodSlice, Collection[ReviewStatus]]) -> bool:
    if _holds(part, statuses) or any(_holds(s, statuses) for s in _enclosing(part)):
        return True
    inside = _inside(part)
    return bool(inside) and all(_covered(s, statuses) for s in inside)


def metric_progress(
    part: PeriodSlice, statuses: Mapping[PeriodSlice, Collection[ReviewStatus]]
) -> MetricProgress:
    """Whether one metric's values cover a period: in, missing, or returned for correction."""
    overlapping = (part, *_enclosing(part), *_below(part))
    if any(ReviewStatus.RETURNED in statuses.get(s, ()) for s in overlapping):
        return MetricProgress.RETURNED
    return MetricProgress.IN if _covered(part, statuses) else MetricProgress.MISSING


def progress(
    part: PeriodSlice, expected: Iterable[str], stored: Iterable[StoredStatus]
) -> dict[str, MetricProgress]:
    """Each expected metric's progress for a period, from the entity's stored values."""
    by_metric: dict[str, dict[PeriodSlice, set[ReviewStatus]]] = {}
    for value in stored:
        by_metric.setdefault(value.metric, {}).setdefault(value.slice, set()).add(value.status)
    return {code: metric_progress(part, by_metric.get(code, {})) for code in expected}


def is_complete(progress_by_metric: Mapping[str, MetricProgress]) -> bool:
    """Whether every expected metric is in."""
    return all(p is MetricProgress.IN for p in progress_by_metric.values())


def request_state(complete: bool, closed: bool, due_on: date, today: date) -> RequestState:
    """A request's state on a day: closed and complete ones stay so; others are open until
    their due date has passed, then overdue."""
    if closed:
        return RequestState.CLOSED
    if complete:
        return RequestState.COMPLETE
    return RequestState.OVERDUE if today > due_on else RequestState.OPEN


def is_reminded(state: RequestState) -> bool:
    """Whether a request in this state calls for reminders."""
    return state in {RequestState.OPEN, RequestState.OVERDUE}


# -- validation --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignee:
    """The person named to submit: enough to tell whether they may."""

    id: int
    role: Role
    is_active: bool


def request_problems(
    fy: FinancialYear | None,
    part: PeriodSlice,
    due_on: date,
    entity_known: bool,
    section: str,
    sections: Collection[str],
    assignee: Assignee | None,
    assignee_id: int | None,
    note: str,
) -> list[Problem]:
    """Why a data request cannot be made as given (`fy` None: the year is not a period)."""
    found: list[Problem] = []
    if not entity_known:
        found.append(Problem("entity", "is not a reporting entity"))
    if fy is None:
        found.append(Problem("year", "is not a reporting period; add the year first"))
    elif due_on <= period_bounds(fy, part)[0]:
        start = period_bounds(fy, part)[0]
        found.append(Problem("due_on", f"must be after the period starts ({start})", due_on))
    if section and section not in sections:
        found.append(Problem("section", "is not a catalogue section", section))
    if assignee_id is not None:
        found += assignee_problems(assignee, assignee_id)
    if len(note) > MAX_NOTE_LENGTH:
        found.append(Problem("note", f"is at most {MAX_NOTE_LENGTH} characters", len(note)))
    return found


def assignee_problems(assignee: Assignee | None, assignee_id: int) -> list[Problem]:
    """Why a person cannot be named to submit ESG data."""
    if assignee is None:
        return [Problem("assignee", "is not a user", assignee_id)]
    if not assignee.is_active:
        return [Problem("assignee", "is not an active user", assignee_id)]
    if assignee.role not in SUBMITTER_ROLES:
        return [Problem("assignee", "may not enter ESG data (their role cannot)", assignee_id)]
    return []


def days_after_problems(days_after: int) -> list[Problem]:
    """Why a calendar's delay after each period is not usable."""
    if not 0 <= days_after <= MAX_DAYS_AFTER:
        return [Problem("days_after", f"must be 0 to {MAX_DAYS_AFTER} days", days_after)]
    return []


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One request a calendar calls for."""

    entity: str
    slice: PeriodSlice
    due_on: date


def calendar(
    fy: FinancialYear, entities: Iterable[str], granularity: Granularity, days_after: int
) -> list[CalendarEntry]:
    """A request per entity and period of the year, due `days_after` days after each ends."""
    return [
        CalendarEntry(code, part, due_date(fy, part, days_after))
        for code in entities
        for part in slices_of(granularity)
    ]
