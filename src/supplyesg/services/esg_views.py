"""Read models of the ESG data pages: an entity's year, the review lists, the years at a glance.

Everything here is gathered from the ESG services, repositories and domain rules; no figure is
computed twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from supplyesg.db.repositories import esg_data as esg_repo
from supplyesg.db.repositories import esg_views as repo
from supplyesg.db.repositories.esg_data import StoredPoint
from supplyesg.db.repositories.esg_views import ReviewFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import NotFoundError
from supplyesg.domain.figures import own_values
from supplyesg.domain.ghg.accounting import GhgSummary
from supplyesg.domain.intensity import change
from supplyesg.domain.metrics import Breakdown, Catalogue
from supplyesg.domain.quality import Severity
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services import esg_data, esg_organisation, ghg, quality
from supplyesg.services.esg_data import ValueRecord, data_points

PAGE = 1000


def all_values(
    db: Database,
    year: int | None = None,
    entity: str | None = None,
    status: ReviewStatus | None = None,
) -> list[ValueRecord]:
    """Every value matching the filter, in the order they were recorded (page after page)."""
    found: list[ValueRecord] = []
    after: int | None = None
    while True:
        page = esg_data.list_values(db, year, entity, None, status, after, PAGE)
        found.extend(page.items)
        if page.next_after is None:
            return found
        after = page.next_after


@dataclass(frozen=True, slots=True)
class EntityYear:
    """An entity's values of a year, and each metric's yearly figure at that entity."""

    records: Sequence[ValueRecord]
    year_values: Mapping[str, Mapping[Breakdown | None, Decimal]]
    """metric -> breakdown (None: the total) -> the year as the roll-up rule makes it."""


def entity_year(db: Database, year: int, entity: str, catalogue: Catalogue) -> EntityYear:
    """Every value of an entity in a year, with the year its months or quarters make."""
    records = all_values(db, year, entity)
    by_metric: dict[str, list[StoredPoint]] = defaultdict(list)
    for record in records:
        row = record.row
        by_metric[row.metric].append(
            StoredPoint(
                entity,
                row.metric,
                row.year,
                row.slice,
                row.breakdown,
                row.value,
                row.unit,
                row.entered_unit,
                row.status,
            )
        )
    year_values = {}
    for code, stored in by_metric.items():
        metric = catalogue.metric(code)
        if metric is not None:
            year_values[code] = own_values(data_points(stored), metric).get(entity, {})
    return EntityYear(records, year_values)


@dataclass(frozen=True, slots=True)
class ReviewList:
    """A page of values in one review status, how many match, and the imports they came from."""

    items: Sequence[ValueRecord]
    matching: int
    """How many values match, the import too."""
    total: int
    """How many values are in the status for the year and entity, whatever their import."""
    imports: Sequence[tuple[int, int]]
    """(import id, values of it in the status), newest import first."""
    next_after: int | None


def review_list(
    db: Database,
    status: ReviewStatus,
    year: int | None = None,
    entity: str | None = None,
    import_id: int | None = None,
    after: int | None = None,
    limit: int = 200,
) -> ReviewList:
    """The values in a review status (those waiting for a checker, say), filtered, one page."""
    with db.transaction() as session:
        entity_id = None
        if entity is not None:
            entity_id = esg_repo.entity_ids_by_code(session).get(entity)
            if entity_id is None:
                raise NotFoundError(f"There is no reporting entity with code {entity!r}.")
        unfiltered = ReviewFilter(str(status), year, entity_id)
        where = ReviewFilter(str(status), year, entity_id, import_id)
        rows = repo.review_page(session, where, after, limit + 1)
        items = [ValueRecord(row, code) for row, code in rows[:limit]]
        return ReviewList(
            items,
            repo.count(session, where),
            repo.count(session, unfiltered),
            repo.by_import(session, unfiltered),
            items[-1].row.id if len(rows) > limit else None,
        )


def years_with_values(db: Database) -> list[int]:
    """The financial years holding at least one value, newest first."""
    years = [fy.year for fy in esg_organisation.financial_years(db)]
    return [year for year in sorted(years, reverse=True) if esg_data.status_counts(db, year)]


@dataclass(frozen=True, slots=True)
class ScopeYear:
    """Scope 1 and Scope 2 emissions of one year, for the chart of the years."""

    year: int
    scope1_t_co2e: Decimal
    scope2_t_co2e: Decimal


def ghg_by_year(
    db: Database, entity: str | None = None, known: Mapping[int, GhgSummary] | None = None
) -> list[ScopeYear]:
    """Scope 1 and 2 of every financial year holding values, oldest first.

    `known` holds the summaries already computed, which are not computed again.
    """
    found = []
    for year in reversed(years_with_values(db)):
        summary = (known or {}).get(year) or ghg.ghg_summary(db, year, entity)
        found.append(ScopeYear(year, summary.scope1_t_co2e, summary.scope2_t_co2e))
    return found


@dataclass(frozen=True, slots=True)
class EsgOverview:
    """The latest year's emissions, their change from the year before and what is left to fix."""

    year: int | None = None
    total_t_co2e: Decimal | None = None
    previous_t_co2e: Decimal | None = None
    open_issues: int = 0
    errors: int = 0
    awaiting_review: int = 0

    @property
    def change(self) -> Decimal | None:
        """The relative change of Scope 1 and 2 from the year before (0.05 is +5 %)."""
        if self.total_t_co2e is None or self.previous_t_co2e is None:
            return None
        return change(self.total_t_co2e, self.previous_t_co2e)


def latest_year(db: Database) -> int | None:
    """The latest financial year holding values, if the organisation has a group to report."""
    if esg_organisation.organisation(db).root is None:
        return None
    years = years_with_values(db)
    return years[0] if years else None


def esg_overview(db: Database) -> EsgOverview:
    """The home page panel of ESG data: the latest year holding values, if any."""
    latest = latest_year(db)
    if latest is None:
        return EsgOverview()
    years = years_with_values(db)
    total = ghg.ghg_summary(db, latest).total_t_co2e
    previous = ghg.ghg_summary(db, latest - 1).total_t_co2e if latest - 1 in years else None
    issues = quality.quality_issues(db, latest)
    counts = esg_data.status_counts(db, latest)
    return EsgOverview(
        year=latest,
        total_t_co2e=total,
        previous_t_co2e=previous,
        open_issues=len(issues),
        errors=sum(1 for issue in issues if issue.severity is Severity.ERROR),
        awaiting_review=counts.get(str(ReviewStatus.SUBMITTED), 0),
    )
