"""Checking one entered value (from a form, the API or a file row) before it is recorded.

A value names an entity, a metric, a period (2025, 2025-Q2, 2025-07), an optional breakdown
(gender=female), a number and its unit. Every problem of an entry is reported at once; the
unit is converted to the metric's canonical unit here, through services.units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from supplyesg.domain.amounts import amount_problems
from supplyesg.domain.errors import Problem
from supplyesg.domain.metrics import (
    Breakdown,
    Catalogue,
    Metric,
    parse_breakdown,
    stored,
    value_problems,
)
from supplyesg.domain.organisation import FinancialYear, PeriodRef, parse_period
from supplyesg.services.units import to_canonical

MAX_NOTE = 2000
MAX_EVIDENCE = 500


@dataclass(frozen=True, slots=True)
class Entry:
    """A value as someone typed it."""

    entity: str
    metric: str
    period: str
    value: str | Decimal
    unit: str
    breakdown: str = ""
    source_note: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """An entry that passed every check, with its value in the metric's canonical unit."""

    entity_id: int
    entity: str
    metric: Metric
    period: PeriodRef
    breakdown: Breakdown | None
    value: Decimal
    entered_value: Decimal
    entered_unit: str
    source_note: str
    evidence: str

    @property
    def breakdown_key(self) -> str:
        """The breakdown as stored."""
        return self.breakdown.key if self.breakdown else ""


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What an entry is checked against: the catalogue, the entities and the years.

    It remembers how each distinct period and breakdown text was read, so a file of a
    million rows reads "2025-03" once.
    """

    catalogue: Catalogue
    entity_ids: Mapping[str, int]
    years: Mapping[int, FinancialYear]
    _periods: dict[str, PeriodRef | Problem] = field(default_factory=dict)
    _breakdowns: dict[str, Breakdown | Problem | None] = field(default_factory=dict)

    def period(self, text: str) -> PeriodRef | Problem:
        """The period written this way."""
        found = self._periods.get(text)
        if found is None:
            found = self._periods[text] = parse_period(text, self.years)
        return found

    def breakdown(self, text: str) -> Breakdown | Problem | None:
        """The breakdown written this way."""
        if text not in self._breakdowns:
            self._breakdowns[text] = parse_breakdown(text)
        return self._breakdowns[text]


def check_entry(entry: Entry, context: EntryContext) -> CheckedEntry | list[Problem]:
    """The entry ready to record, or every problem it has."""
    problems: list[Problem] = []
    entity_id = context.entity_ids.get(entry.entity.strip())
    if entity_id is None:
        problems.append(Problem("entity", "is not a reporting entity", entry.entity))
    metric = context.catalogue.metric(entry.metric.strip())
    if metric is None:
        problems.append(Problem("metric", "is not a metric of the catalogue", entry.metric))
    period = context.period(entry.period)
    if isinstance(period, Problem):
        problems.append(period)
    breakdown = context.breakdown(entry.breakdown)
    if isinstance(breakdown, Problem):
        problems.append(breakdown)
    entered = entered_number(entry.value)
    if isinstance(entered, Problem):
        problems.append(entered)
    problems += _text_problems(entry)
    if metric is None or isinstance(entered, Problem) or isinstance(breakdown, Problem):
        return problems
    converted = to_canonical(entered, entry.unit, metric)
    if isinstance(converted, Problem):
        return [*problems, converted]
    value = stored(converted)
    problems += amount_problems("value", value)
    problems += value_problems(metric, breakdown, value, context.catalogue)
    if problems or entity_id is None or isinstance(period, Problem):
        return problems
    return CheckedEntry(
        entity_id=entity_id,
        entity=entry.entity.strip(),
        metric=metric,
        period=period,
        breakdown=breakdown,
        value=value,
        entered_value=entered,
        entered_unit=entry.unit.strip(),
        source_note=entry.source_note.strip(),
        evidence=entry.evidence.strip(),
    )


def entered_number(value: str | Decimal) -> Decimal | Problem:
    """A value as typed (1,250.5 or 1_250.5), or why it is not a number that can be stored."""
    if isinstance(value, Decimal):
        return value
    text = value.strip().replace(",", "").replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return Problem("value", "is not a number", value)
    if not number.is_finite():
        return Problem("value", "is not a number", value)
    problems = amount_problems("value", number)
    return problems[0] if problems else number


def _text_problems(entry: Entry) -> list[Problem]:
    problems = []
    if len(entry.source_note) > MAX_NOTE:
        problems.append(
            Problem("source_note", f"is longer than {MAX_NOTE} characters", entry.source_note[:40])
        )
    if len(entry.evidence) > MAX_EVIDENCE:
        problems.append(
            Problem("evidence", f"is longer than {MAX_EVIDENCE} characters", entry.evidence[:40])
        )
    return problems


def granularity_problem(
    checked: CheckedEntry, stored_slices: frozenset[str] | set[str]
) -> Problem | None:
    """A value for a month cannot join a year already entered whole (or by quarter), and so on."""
    granularity = checked.period.slice.granularity
    clashing = sorted(
        s
        for s in stored_slices
        if _granularity_of(s) != granularity and s != checked.period.slice.key
    )
    if not clashing:
        return None
    return Problem(
        "period",
        f"FY{checked.period.year} of {checked.metric.code} at {checked.entity} is already entered "
        f"by {_granularity_of(clashing[0])} ({', '.join(clashing[:3])}); "
        f"enter it the same way or remove those values",
        str(checked.period),
    )


def _granularity_of(slice_key: str) -> str:
    return {"F": "year", "Q": "quarter", "M": "month"}[slice_key[0]]
