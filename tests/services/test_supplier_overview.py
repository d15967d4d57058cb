"""The registry overview counts every supplier once, by tier, status and country."""

from __future__ import annotations

from supplyesg.db.repositories.suppliers import SupplierFilter
from supplyesg.db.session import Database
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import supplier_overview
from supplyesg.services import suppliers as service

COUNTRIES = ["CN", "CN", "CN", "DE", "DE", "JP", "US", "KR", "TH", "VN", "IN", "MX", "BR", "FR"]


def register(db: Database, code: str, country: str, tier: int, key: bool = False) -> None:
    profile = SupplierProfile(
        code=code,
        legal_name=code,
        country=country,
        category="parts",
        tier=tier,
        is_key_sub_supplier=key,
    )
    service.create_supplier(db, profile, "seed")


def test_an_empty_registry_counts_zero_in_every_status(db: Database) -> None:
    overview = supplier_overview.supplier_overview(db)
    assert (overview.total, overview.in_audit_scope, overview.by_tier) == (0, 0, [])
    assert overview.by_status == [(status, 0) for status in SupplierStatus]
    assert (overview.top_countries, overview.other_countries) == ([], 0)


def test_the_overview_counts_tiers_scope_statuses_and_the_top_ten_countries(db: Database) -> None:
    for n, country in enumerate(COUNTRIES):
        register(db, f"S{n:02}", country, tier=1 + n % 3, key=n % 3 == 1 and n < 6)
    service.change_status(db, "S00", SupplierStatus.ACTIVE, "onboarded", "seed")
    service.change_status(db, "S00", SupplierStatus.SUSPENDED, "audit failed", "seed")
    overview = supplier_overview.supplier_overview(db)
    assert overview.total == 14
    assert overview.by_tier == [(1, 5), (2, 5), (3, 4)]
    assert overview.in_tier(2) == 5
    assert overview.in_tier(7) == 0
    assert overview.key_sub_suppliers == 2  # S01 and S04
    assert overview.in_audit_scope == 7  # five first-tier suppliers and two key sub-suppliers
    assert dict(overview.by_status)[SupplierStatus.SUSPENDED] == 1
    assert dict(overview.by_status)[SupplierStatus.PROSPECTIVE] == 13
    assert overview.top_countries[:2] == [("CN", 3), ("DE", 2)]
    assert len(overview.top_countries) == 10
    assert overview.other_countries == 1  # VN: eleventh of the countries with one supplier
    assert [c for c, _ in overview.top_countries[2:]] == [
        "BR",
        "FR",
        "IN",
        "JP",
        "KR",
        "MX",
        "TH",
        "US",
    ]


def test_counting_and_tiers_follow_the_filter(db: Database) -> None:
    register(db, "A", "CN", 1)
    register(db, "B", "CN", 3)
    register(db, "C", "DE", 3)
    assert supplier_overview.count_suppliers(db, SupplierFilter(country="CN")) == 2
    assert supplier_overview.count_suppliers(db, SupplierFilter(tier=3, text="c")) == 1
    assert supplier_overview.tiers_in_use(db) == [1, 3]
