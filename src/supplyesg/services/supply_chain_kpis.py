"""Supply-chain KPIs of a financial year, counted from the supplier programme's own records.

B5.1 counts the suppliers we had at the end of the year (the days their relationship started
and ended, or their status then when the start is not known) by country and region. B5.2
counts the suppliers where engagement practices were applied during the year: an ESG audit
completed, a training attended or completed, an improvement plan accepted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from supplyesg.db.repositories import esg_data as repo
from supplyesg.db.session import Database
from supplyesg.domain.organisation import FinancialYear
from supplyesg.domain.supplier_kpis import (
    Engagement,
    RegionCount,
    StatusChange,
    SupplierPlace,
    counting_day,
    engagement,
    is_supplier_on,
    status_on,
    suppliers_by_region,
    was_supplier_during,
)
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services.esg_organisation import require_year


@dataclass(frozen=True, slots=True)
class SupplyChainKpis:
    """KPIs B5.1 and B5.2 of a year."""

    year: int
    by_region: tuple[RegionCount, ...]
    engagement: Engagement
    max_tier: int | None
    during_year: int = 0
    """Suppliers (of the counted tiers) in a relationship with us on any day of the year."""

    @property
    def supplier_count(self) -> int:
        """How many suppliers B5.1 counts in all."""
        return sum(item.count for item in self.by_region)


def supply_chain_kpis_in(
    session: Session, fy: FinancialYear, max_tier: int | None = 1
) -> SupplyChainKpis:
    """B5.1 and B5.2 for a financial year, inside a transaction."""
    changes: dict[int, list[StatusChange]] = defaultdict(list)
    for supplier_id, effective_on, at, status in repo.supplier_status_changes(session):
        changes[supplier_id].append(StatusChange(effective_on, SupplierStatus(status), at))
    first = min((c.effective_on for found in changes.values() for c in found), default=None)
    day = counting_day(fy.end, first)
    places: list[SupplierPlace] = []
    during = 0
    for supplier_id, code, country, region, tier, started, ended in repo.supplier_places(session):
        then = status_on(changes[supplier_id], day)
        if is_supplier_on(fy.end, started, ended, then):
            places.append(SupplierPlace(code, country, region, tier))
        in_tiers = max_tier is None or tier <= max_tier
        during += in_tiers and was_supplier_during(fy.start, fy.end, started, ended, then)
    engaged = engagement(
        fy.year,
        audited=repo.audited_suppliers(session, fy.start, fy.end),
        trained=repo.trained_suppliers(session, fy.start, fy.end),
        under_plan=repo.suppliers_under_plan(session, fy.start, fy.end),
    )
    by_region = suppliers_by_region(places, max_tier)
    return SupplyChainKpis(fy.year, by_region, engaged, max_tier, during)


def supply_chain_kpis(db: Database, year: int, max_tier: int | None = 1) -> SupplyChainKpis:
    """Suppliers by region (first tier by default; None counts every tier) and engagement."""
    with db.transaction() as session:
        return supply_chain_kpis_in(session, require_year(session, year), max_tier)
