"""Read models of the ESG data pages: the values of a grid, imports waiting, the years at a glance.

Everything here is gathered from the ESG services; no figure is computed twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from supplyesg.db.session import Database
from supplyesg.domain.intensity import change
from supplyesg.domain.quality import Severity
from supplyesg.domain.submissions import ReviewStatus
from supplyesg.services import esg_data, esg_organisation, ghg, quality
from supplyesg.services.esg_data import ValueRecord

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


def imports_waiting(db: Database) -> list[tuple[int, int]]:
    """(import id, values still waiting for a checker) of every import with some, newest first."""
    waiting = all_values(db, status=ReviewStatus.SUBMITTED)
    counts = Counter(r.row.import_id for r in waiting if r.row.import_id is not None)
    return sorted(counts.items(), reverse=True)


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


def ghg_by_year(db: Database, entity: str | None = None) -> list[ScopeYear]:
    """Scope 1 and 2 of every financial year holding values, oldest first."""
    found = []
    for year in reversed(years_with_values(db)):
        summary = ghg.ghg_summary(db, year, entity)
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


def esg_overview(db: Database) -> EsgOverview:
    """The home page panel of ESG data: the latest year holding values, if any."""
    if esg_organisation.organisation(db).root is None:
        return EsgOverview()
    years = years_with_values(db)
    if not years:
        return EsgOverview()
    latest = years[0]
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
