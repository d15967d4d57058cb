"""The data quality list of a financial year: every check of domain.quality, run together."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError
from supplyesg.domain.figures import Figure
from supplyesg.domain.metrics import Breakdown, Catalogue, KpiSource
from supplyesg.domain.organisation import FinancialYear
from supplyesg.domain.quality import (
    Issue,
    IssueKind,
    QualityPolicy,
    Series,
    Severity,
    breakdown_issues,
    incomplete_years,
    missing_kpis,
    ordered,
    powers_of_ten,
    unexplained_changes,
    unit_mismatches,
    zero_intensities,
)
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services.esg_data import (
    ExplanationKind,
    YearFigures,
    collection_paused,
    figures_in,
)
from supplyesg.services.esg_organisation import financial_years_in, organisation_in
from supplyesg.services.ghg import DEFAULT_NORMALISER, YearAccount, year_account_in
from supplyesg.services.supply_chain_kpis import supply_chain_kpis_in

HISTORY_YEARS = 3


def quality_issues(
    db: Database,
    year: int,
    entity: str | None = None,
    policy: QualityPolicy | None = None,
    accounts: Mapping[int, YearAccount] | None = None,
) -> tuple[Issue, ...]:
    """Everything to fix or explain before the year is reported, errors first.

    `accounts` are year accounts the caller already holds (the year and earlier years); each is
    used instead of recomputing it when it counts exactly what the check counts.
    """
    policy = policy or QualityPolicy()
    with db.transaction() as session:
        years = financial_years_in(session)
        if year not in years:
            raise NotFoundError(f"FY{year} is not a reporting period.")
        organisation = organisation_in(session)
        top = organisation.top(entity)
        unapproved = repo.status_counts(session, year)
        given = _reusable(session, accounts or {}, year, top, unapproved)
        account = given.get(year) or year_account_in(session, year, entity)
        figures = account.figures
        explained = {(row.kind, row.subject) for row in repo.explanations(session, year)}
        earlier = {
            y: given[y].figures
            if y in given
            else figures_in(session, y, entity, False, organisation)
            for y in range(year - HISTORY_YEARS, year)
        }
        previous = earlier[year - 1] if year - 1 in years else None
        answered = _answered(session, account, years[year])
    with collection_paused():
        issues = [
            *missing_kpis(
                figures.catalogue, answered, _subjects(explained, ExplanationKind.OMISSION)
            ),
            *_changes(figures, previous, _subjects(explained, ExplanationKind.CHANGE), policy),
            *powers_of_ten(_series(figures, earlier.values()), policy),
            *unit_mismatches(figures.points, figures.catalogue),
            *zero_intensities(account.intensities, policy),
            *breakdown_issues(_checked_figures(figures), figures.catalogue, policy),
            *incomplete_years(figures.points),
            *_gaps(account),
            *_awaiting(unapproved, year),
        ]
        return ordered(issues)


def _reusable(
    session: Session,
    accounts: Mapping[int, YearAccount],
    year: int,
    top: str,
    counts: Mapping[str, int],
) -> dict[int, YearAccount]:
    """The given accounts that count every value of their year, as the checks do."""
    found = {}
    for y, account in accounts.items():
        if account.figures.entity != top or not year - HISTORY_YEARS <= y <= year:
            continue
        if y == year and account.normaliser != DEFAULT_NORMALISER:
            continue
        statuses = counts if y == year else repo.status_counts(session, y)
        if account.approved_only and set(statuses) - {str(ReviewStatus.APPROVED)}:
            continue
        found[y] = account
    return found


def _subjects(explained: set[tuple[str, str]], kind: ExplanationKind) -> set[str]:
    return {subject for k, subject in explained if k == kind}


def _answered(session: Session, account: YearAccount, fy: FinancialYear) -> set[str]:
    """The KPIs with figures for the year: entered, calculated or counted from suppliers."""
    figures = account.figures
    answered = set()
    for kpi in figures.catalogue.kpis:
        if kpi.source is KpiSource.SUPPLIER_PROGRAMME:
            continue
        metrics = figures.catalogue.metrics_for_kpi(kpi.code)
        if any(figures.total(m.code) is not None for m in metrics):
            answered.add(kpi.code)
    if not account.ghg.lines:
        answered.discard("A1.2")
    kpis = supply_chain_kpis_in(session, fy)
    if kpis.supplier_count:
        answered.add("B5.1")
    if kpis.engagement.engaged:
        answered.add("B5.2")
    return answered


def _changes(
    figures: YearFigures, previous: YearFigures | None, explained: set[str], policy: QualityPolicy
) -> list[Issue]:
    if previous is None:
        return []
    current = [f for f in figures.figures.values() if f.total is not None]
    return unexplained_changes(current, previous.figures, explained, policy)


def _series(figures: YearFigures, earlier_years: Iterable[YearFigures]) -> list[Series]:
    """Each entity's yearly value against its earlier years, and each month against the others."""
    earlier: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    for before in earlier_years:
        for metric_code, own in before.own.items():
            for entity, values in own.items():
                for breakdown, value in values.items():
                    earlier[(metric_code, entity, _key(breakdown))].append(value)
    series: list[Series] = []
    for metric_code, own in figures.own.items():
        unit = figures.catalogue.metric(metric_code)
        for entity, values in own.items():
            for breakdown, value in values.items():
                past = earlier.get((metric_code, entity, _key(breakdown)))
                if past:
                    series.append(
                        Series(
                            metric_code,
                            entity,
                            _key(breakdown),
                            f"FY{figures.year}",
                            value,
                            tuple(past),
                            unit.unit if unit else "",
                        )
                    )
    return series + _monthly_series(figures)


def _monthly_series(figures: YearFigures) -> list[Series]:
    months: dict[tuple[str, str, str], dict[str, Decimal]] = defaultdict(dict)
    for point in figures.points:
        if point.slice.key.startswith("M"):
            months[(point.metric, point.entity, _key(point.breakdown))][point.slice.key] = (
                point.value
            )
    series = []
    for (metric, entity, breakdown), values in months.items():
        if len(values) < 3:
            continue
        every = tuple(values.values())
        unit = _unit(figures.catalogue, metric)
        for i, (key, value) in enumerate(values.items()):
            others = every[:i] + every[i + 1 :]
            series.append(
                Series(
                    metric,
                    entity,
                    breakdown,
                    f"FY{figures.year}-{key}",
                    value,
                    others,
                    unit,
                )
            )
    return series


def _unit(catalogue: Catalogue, metric: str) -> str:
    found = catalogue.metric(metric)
    return found.unit if found else ""


def _key(breakdown: Breakdown | None) -> str:
    return breakdown.key if breakdown else ""


def _checked_figures(figures: YearFigures) -> list[Figure]:
    """The rolled-up figures and every entity's own figures, whose breakdowns must add up."""
    found = [f for f in figures.figures.values() if f.total is not None]
    for metric_code, own in figures.own.items():
        for entity, values in own.items():
            if entity == figures.entity:
                continue
            parts = tuple(sorted((b, v) for b, v in values.items() if b is not None))
            found.append(Figure(metric_code, entity, figures.year, values.get(None), parts))
    return found


def _gaps(account: YearAccount) -> list[Issue]:
    return [
        Issue(
            IssueKind.CALCULATION_GAP,
            Severity.ERROR,
            f"{gap.reason} (at {gap.value})",
            entity=str(gap.value),
            period=f"FY{account.figures.year}",
            kpi="A1.2" if i < len(account.ghg.gaps) else "A2.1",
            factor=gap.field,
        )
        for i, gap in enumerate((*account.ghg.gaps, *account.energy.gaps))
    ]


def _awaiting(counts: Mapping[str, int], year: int) -> list[Issue]:
    waiting = counts.get(str(ReviewStatus.SUBMITTED), 0) + counts.get(str(ReviewStatus.RETURNED), 0)
    if not waiting:
        return []
    return [
        Issue(
            IssueKind.AWAITING_APPROVAL,
            Severity.WARNING,
            f"{waiting} values of FY{year} are not approved yet",
            period=f"FY{year}",
            value=Decimal(waiting),
        )
    ]


def issue_counts(issues: Iterable[Issue]) -> dict[str, int]:
    """How many issues of each kind."""
    return dict(Counter(str(issue.kind) for issue in issues))
