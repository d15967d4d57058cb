"""The registry at a glance: how many suppliers by tier, status and country."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from supplyesg.db.repositories import supplier_overview as repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierStatus, is_in_audit_scope

TOP_COUNTRIES = 10


@dataclass(frozen=True, slots=True)
class SupplierOverview:
    """Counts of the supplier registry."""

    total: int
    in_audit_scope: int
    key_sub_suppliers: int
    by_tier: Sequence[tuple[int, int]]
    by_status: Sequence[tuple[SupplierStatus, int]]
    top_countries: Sequence[tuple[str, int]]
    other_countries: int
    """Suppliers in countries outside the top ones."""

    def in_tier(self, tier: int) -> int:
        """How many suppliers are in this tier."""
        return dict(self.by_tier).get(tier, 0)


def supplier_overview(db: Database) -> SupplierOverview:
    """The registry counted by tier, status (every status, zeros too) and country."""
    with db.transaction() as session:
        tiers = repo.count_by_tier_and_key(session)
        statuses = repo.count_by_status(session)
        countries = repo.count_by_country(session)
    by_tier: Counter[int] = Counter()
    for tier, _key, count in tiers:
        by_tier[tier] += count
    return SupplierOverview(
        total=sum(by_tier.values()),
        in_audit_scope=sum(count for tier, key, count in tiers if is_in_audit_scope(tier, key)),
        key_sub_suppliers=sum(count for _tier, key, count in tiers if key),
        by_tier=sorted(by_tier.items()),
        by_status=[(status, statuses.get(status, 0)) for status in SupplierStatus],
        top_countries=countries[:TOP_COUNTRIES],
        other_countries=sum(count for _country, count in countries[TOP_COUNTRIES:]),
    )


def count_suppliers(db: Database, where: SupplierFilter) -> int:
    """How many suppliers match the filter."""
    with db.transaction() as session:
        return supplier_repo.count(session, where)


def tiers_in_use(db: Database) -> list[int]:
    """The tiers at least one supplier is in, lowest first."""
    with db.transaction() as session:
        return sorted({tier for tier, _key, _count in repo.count_by_tier_and_key(session)})
