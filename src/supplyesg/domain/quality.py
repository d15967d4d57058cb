"""Data quality checks: the list of things to fix, or to explain, before a year is reported.

Each check is a pure function over a year's figures and their history and returns issues. An
ERROR must be fixed (a breakdown that does not add up to its total cannot be published); a
WARNING may instead be explained (a 35 % drop in water use after a recycling project).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypedDict

from supplyesg.domain.figures import DataPoint, Figure, missing_slices
from supplyesg.domain.intensity import Intensity, change, prints_as_zero
from supplyesg.domain.metrics import Catalogue, KpiSource


class IssueKind(StrEnum):
    """What sort of problem an issue is."""

    MISSING_KPI = "missing_kpi"
    UNEXPLAINED_CHANGE = "unexplained_change"
    POWER_OF_TEN = "power_of_ten"
    UNIT_MISMATCH = "unit_mismatch"
    PRINTS_AS_ZERO = "prints_as_zero"
    BREAKDOWN_MISMATCH = "breakdown_mismatch"
    MISSING_BREAKDOWN = "missing_breakdown"
    MISSING_MONTHS = "missing_months"
    AWAITING_APPROVAL = "awaiting_approval"
    CALCULATION_GAP = "calculation_gap"


class Severity(StrEnum):
    """Whether an issue must be fixed or may be explained."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing to fix or explain, and where it is."""

    kind: IssueKind
    severity: Severity
    message: str
    metric: str = ""
    entity: str = ""
    breakdown: str = ""
    period: str = ""
    kpi: str = ""
    value: Decimal | None = None
    expected: Decimal | None = None
    factor: str = ""
    """What a calculation gap lacks (grid_factor, density ...), as `domain.ghg` names it."""


@dataclass(frozen=True, slots=True)
class QualityPolicy:
    """The thresholds of the checks."""

    change_threshold: Decimal = Decimal("0.20")
    power_of_ten_margin: Decimal = Decimal("0.15")
    sum_tolerance: Decimal = Decimal("0.0005")
    decimals: int = 2


def missing_kpis(
    catalogue: Catalogue, answered: Collection[str], explained: Collection[str]
) -> list[Issue]:
    """Comply-or-explain KPIs with neither figures for the year nor an explanation."""
    return [
        Issue(
            IssueKind.MISSING_KPI,
            Severity.WARNING,
            f"KPI {kpi.code} ({kpi.title}) has no figures for the year: enter "
            + ("supplier data" if kpi.source is KpiSource.SUPPLIER_PROGRAMME else "its data")
            + " or explain why it is not disclosed",
            kpi=kpi.code,
        )
        for kpi in catalogue.kpis
        if kpi.is_comply_or_explain and kpi.code not in answered and kpi.code not in explained
    ]


def unexplained_changes(
    current: Iterable[Figure],
    previous: Mapping[str, Figure],
    explained: Collection[str],
    policy: QualityPolicy,
) -> list[Issue]:
    """Totals that moved more than the threshold from last year without an explanation."""
    issues = []
    for figure in current:
        before = previous.get(figure.metric)
        if figure.total is None or before is None or before.total is None:
            continue
        moved = change(figure.total, before.total)
        if moved is None or abs(moved) <= policy.change_threshold or figure.metric in explained:
            continue
        issues.append(
            Issue(
                IssueKind.UNEXPLAINED_CHANGE,
                Severity.WARNING,
                f"{figure.metric} changed by {moved * 100:+.1f} % from FY{before.year} "
                f"(more than {policy.change_threshold * 100:.0f} %) with no explanation",
                metric=figure.metric,
                entity=figure.entity,
                period=f"FY{figure.year}",
                value=figure.total,
                expected=before.total,
            )
        )
    return issues


_NEAR_ONE = (Decimal("0.317"), Decimal("3.16"))
"""Strictly inside (10^-0.5, 10^0.5), where a ratio's nearest power of ten is 10^0."""


def power_of_ten(value: Decimal, history: Sequence[Decimal], margin: Decimal) -> int | None:
    """The power of ten a value is off by against its history (3 = a thousand times), if any.

    The value is compared with the median of the history; it is suspect when the ratio lies
    within `margin` (in log10 units) of a whole non-zero power of ten.
    """
    reference = [v for v in history if v > 0]
    if value <= 0 or not reference:
        return None
    quotient = value / statistics.median(reference)
    if _NEAR_ONE[0] < quotient < _NEAR_ONE[1]:
        return None  # within half a power of ten: nearest power is 0, no log needed
    ratio = quotient.log10()
    nearest = int(ratio.to_integral_value())
    if nearest == 0 or abs(ratio - nearest) > margin:
        return None
    return nearest


@dataclass(frozen=True, slots=True)
class Series:
    """A value and the values it should resemble: the same metric, entity and breakdown."""

    metric: str
    entity: str
    breakdown: str
    period: str
    value: Decimal
    history: tuple[Decimal, ...]
    unit: str = ""


def powers_of_ten(series: Iterable[Series], policy: QualityPolicy) -> list[Issue]:
    """Values a power of ten away from their history (kWh typed as MWh, a slipped comma)."""
    issues = []
    for item in series:
        exponent = power_of_ten(item.value, item.history, policy.power_of_ten_margin)
        if exponent is None:
            continue
        reference = statistics.median([v for v in item.history if v > 0])
        issues.append(
            Issue(
                IssueKind.POWER_OF_TEN,
                Severity.WARNING,
                f"{item.metric} at {item.entity} for {item.period} is about 10^{exponent} times "
                f"its usual value ({reference} {item.unit}): check the unit and the decimal point",
                metric=item.metric,
                entity=item.entity,
                breakdown=item.breakdown,
                period=item.period,
                value=item.value,
                expected=reference,
            )
        )
    return issues


def unit_mismatches(points: Iterable[DataPoint], catalogue: Catalogue) -> list[Issue]:
    """Values stored in a unit that is no longer the metric's, or entered unlike their series."""
    issues = []
    usual: dict[tuple[str, str, str], Counter[str]] = {}
    listed = list(points)
    for point in listed:
        key = (point.entity, point.metric, point.breakdown.key if point.breakdown else "")
        usual.setdefault(key, Counter())[point.entered_unit] += 1
    commonest = {key: counts.most_common(1)[0] for key, counts in usual.items()}
    for point in listed:
        metric = catalogue.metric(point.metric)
        if metric is not None and point.unit and point.unit != metric.unit:
            issues.append(
                Issue(
                    IssueKind.UNIT_MISMATCH,
                    Severity.ERROR,
                    f"{point.metric} is stored in {point.unit} but the metric is now measured "
                    f"in {metric.unit}: convert the stored values",
                    **_where(point),
                )
            )
            continue
        breakdown = point.breakdown.key if point.breakdown else ""
        common, times = commonest[(point.entity, point.metric, breakdown)]
        if point.entered_unit != common and times > 1:
            where = _where(point)
            issues.append(
                Issue(
                    IssueKind.UNIT_MISMATCH,
                    Severity.WARNING,
                    f"{point.metric} was entered in {point.entered_unit} for {where['period']} "
                    f"while the rest of the series was entered in {common}: check the unit",
                    **where,
                )
            )
    return issues


def _where(point: DataPoint) -> _Where:
    return _Where(
        metric=point.metric,
        entity=point.entity,
        breakdown=point.breakdown.key if point.breakdown else "",
        period=f"FY{point.year}-{point.slice.key}",
    )


class _Where(TypedDict):
    metric: str
    entity: str
    breakdown: str
    period: str


def zero_intensities(intensities: Iterable[Intensity], policy: QualityPolicy) -> list[Issue]:
    """Intensities that would print as 0.00: show them to significant figures or rescale them."""
    return [
        Issue(
            IssueKind.PRINTS_AS_ZERO,
            Severity.WARNING,
            f"{item.metric} per {item.normaliser} is {item.value:.3E} {item.unit}, which prints "
            f"as zero with {policy.decimals} decimals: use significant figures or a larger unit",
            metric=item.metric,
            period=f"FY{item.year}",
            value=item.value,
        )
        for item in intensities
        if prints_as_zero(item.value, policy.decimals)
    ]


def breakdown_issues(
    figures: Iterable[Figure], catalogue: Catalogue, policy: QualityPolicy
) -> list[Issue]:
    """Breakdowns whose members do not add up to the total, and required breakdowns left out."""
    issues = []
    for figure in figures:
        metric = catalogue.metric(figure.metric)
        if metric is None or figure.total is None:
            continue
        for dimension in figure.dimensions:
            added = sum((v for _, v in figure.by(dimension)), Decimal(0))
            if abs(added - figure.total) > policy.sum_tolerance * max(
                abs(figure.total), Decimal(1)
            ):
                issues.append(
                    Issue(
                        IssueKind.BREAKDOWN_MISMATCH,
                        Severity.ERROR,
                        f"{figure.metric} by {dimension} adds up to {added}, not to the total "
                        f"{figure.total}",
                        metric=figure.metric,
                        entity=figure.entity,
                        breakdown=dimension,
                        period=f"FY{figure.year}",
                        value=added,
                        expected=figure.total,
                    )
                )
        issues += [
            Issue(
                IssueKind.MISSING_BREAKDOWN,
                Severity.WARNING,
                f"{figure.metric} has no breakdown by {dimension}, which the KPI asks for",
                metric=figure.metric,
                entity=figure.entity,
                breakdown=dimension,
                period=f"FY{figure.year}",
            )
            for dimension in metric.breakdowns
            if dimension not in figure.dimensions
        ]
    return issues


def incomplete_years(points: Iterable[DataPoint]) -> list[Issue]:
    """Series entered by month or quarter with some months or quarters missing."""
    entered: dict[tuple[str, str, str, int], list[DataPoint]] = {}
    for point in points:
        key = (
            point.entity,
            point.metric,
            point.breakdown.key if point.breakdown else "",
            point.year,
        )
        entered.setdefault(key, []).append(point)
    issues = []
    for (entity, metric, breakdown, year), series in sorted(entered.items()):
        missing = missing_slices(p.slice for p in series)
        if missing:
            issues.append(
                Issue(
                    IssueKind.MISSING_MONTHS,
                    Severity.ERROR,
                    f"{metric} at {entity} has no value for "
                    + ", ".join(s.key for s in missing)
                    + f" of FY{year}",
                    metric=metric,
                    entity=entity,
                    breakdown=breakdown,
                    period=f"FY{year}",
                )
            )
    return issues


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def ordered(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Issues in the order to work through them: errors first, then by metric and entity."""
    return tuple(
        sorted(
            issues,
            key=lambda i: (SEVERITY_ORDER[i.severity], i.kind, i.kpi, i.metric, i.entity, i.period),
        )
    )
