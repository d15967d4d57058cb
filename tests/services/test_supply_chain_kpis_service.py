from datetime import UTC, date, datetime

from esg_builders import MAKER, organisation
from supplyesg.clock import FixedClock
from supplyesg.db.models import (
    ConductCodeRow,
    EsgAuditRow,
    ImprovementPlanRow,
    SupplierRow,
    SupplierStatusChangeRow,
    TrainingAssignmentRow,
    TrainingProgrammeRow,
)
from supplyesg.db.session import Database
from supplyesg.domain.supplier_kpis import RegionCount
from supplyesg.domain.suppliers import SupplierProfile, SupplierStatus
from supplyesg.services import suppliers
from supplyesg.services.demo import registry as demo_registry
from supplyesg.services.supply_chain_kpis import supply_chain_kpis

AT = datetime(2024, 6, 1, tzinfo=UTC)


def _supplier(db: Database, code: str, country: str, region: str, tier: int = 1) -> None:
    profile = SupplierProfile(code, f"{code} Ltd", country, "axles", tier, region=region)
    suppliers.create_supplier(db, profile, MAKER, SupplierStatus.ACTIVE)


def _backdate(db: Database) -> None:
    """Registered in mid-2024, so the status history places them in FY2024 and FY2025."""
    with db.transaction() as session:
        for change in session.query(SupplierStatusChangeRow):
            change.changed_at, change.effective_on = AT, AT.date()


def _programme(db: Database) -> None:
    """S1 audited in 2025 with an accepted plan, S2 trained in 2025, S3 audited in 2024."""
    with db.transaction() as session:
        ids = {row.code: row.id for row in session.query(SupplierRow)}
        code = ConductCodeRow(
            version="t", title="t", effective_from=date(2024, 1, 1), created_at=AT
        )
        session.add(code)
        session.flush()
        audits = [
            EsgAuditRow(
                reference=ref,
                supplier_id=ids[supplier],
                code_id=code.id,
                audit_type="desktop_review",
                auditor="A",
                started_on=day,
                ended_on=day,
                sites=[],
                status="completed",
                created_at=AT,
                result_reasons=[],
            )
            for ref, supplier, day in (
                ("AUD-1", "S1", date(2025, 3, 1)),
                ("AUD-2", "S3", date(2024, 11, 1)),
            )
        ]
        session.add_all(audits)
        session.flush()
        session.add(
            ImprovementPlanRow(
                audit_id=audits[0].id,
                submitted_on=date(2025, 4, 1),
                submitted_by="S1",
                status="accepted",
                decided_on=date(2025, 4, 10),
                created_at=AT,
            )
        )
        training = TrainingProgrammeRow(
            topic="Labour rights",
            format="online",
            held_on=date(2025, 5, 5),
            created_by=MAKER,
            created_at=AT,
        )
        session.add(training)
        session.flush()
        session.add(
            TrainingAssignmentRow(
                programme_id=training.id,
                supplier_id=ids["S2"],
                status="completed",
                reasons=[],
                changed_by=MAKER,
                changed_at=AT,
            )
        )


def test_suppliers_are_counted_by_region_from_the_registry(db: Database) -> None:
    organisation(db)
    _supplier(db, "S1", "CN", "Chongqing")
    _supplier(db, "S2", "CN", "Chongqing")
    _supplier(db, "S3", "JP", "Aichi")
    _supplier(db, "S4", "CN", "Sichuan", tier=2)
    _backdate(db)
    suppliers.change_status(
        db, "S2", SupplierStatus.TERMINATED, "Orders ended", MAKER, date(2025, 6, 30)
    )
    assert supply_chain_kpis(db, 2025).by_region == (
        RegionCount("CN", "Chongqing", 1),
        RegionCount("JP", "Aichi", 1),
    )
    assert supply_chain_kpis(db, 2024).by_region == (
        RegionCount("CN", "Chongqing", 2),
        RegionCount("JP", "Aichi", 1),
    )
    assert supply_chain_kpis(db, 2024, max_tier=None).supplier_count == 4


def test_engagement_counts_audits_trainings_and_plans_of_the_year(db: Database) -> None:
    organisation(db)
    for code in ("S1", "S2", "S3"):
        _supplier(db, code, "CN", "Chongqing")
    _backdate(db)
    _programme(db)
    found = supply_chain_kpis(db, 2025).engagement
    assert (found.audited, found.trained, found.under_plan, found.engaged) == (1, 1, 1, 2)
    earlier = supply_chain_kpis(db, 2024).engagement
    assert (earlier.audited, earlier.engaged) == (1, 1)


def test_a_year_closed_before_the_registry_was_loaded_counts_it_as_first_loaded(
    db: Database,
) -> None:
    organisation(db)
    _supplier(db, "S1", "CN", "Chongqing")
    _supplier(db, "S2", "DE", "Bavaria")
    assert supply_chain_kpis(db, 2024).by_region == (
        RegionCount("CN", "Chongqing", 1),
        RegionCount("DE", "Bavaria", 1),
    )


def test_suppliers_registered_late_count_from_the_day_their_relationship_started(
    db: Database,
) -> None:
    organisation(db)
    _supplier(db, "OLD", "CN", "Chongqing")
    _backdate(db)  # the registry's history now begins in 2024 ...
    for code, started, ended in (
        ("S1", date(2019, 3, 1), None),  # ... but these were registered today, long after
        ("S2", date(2025, 2, 1), date(2025, 9, 30)),
        ("S3", date(2026, 1, 10), None),
    ):
        profile = SupplierProfile(
            code,
            f"{code} Ltd",
            "CN",
            "axles",
            1,
            region="Hubei",
            relationship_started_on=started,
            relationship_ended_on=ended,
        )
        suppliers.create_supplier(db, profile, MAKER, SupplierStatus.ACTIVE)
    found = supply_chain_kpis(db, 2025)
    assert found.by_region == (RegionCount("CN", "Chongqing", 1), RegionCount("CN", "Hubei", 1))
    assert found.during_year == 3  # OLD, S1 and S2, which ended in September
    assert supply_chain_kpis(db, 2024).by_region == (
        RegionCount("CN", "Chongqing", 1),
        RegionCount("CN", "Hubei", 1),
    )


def test_terminating_a_supplier_ends_its_relationship_that_day(db: Database) -> None:
    organisation(db)
    profile = SupplierProfile(
        "S1", "S1 Ltd", "CN", "axles", 1, relationship_started_on=date(2020, 1, 1)
    )
    suppliers.create_supplier(
        db, profile, MAKER, SupplierStatus.ACTIVE, clock=FixedClock.on(date(2020, 1, 1))
    )
    suppliers.change_status(
        db,
        "S1",
        SupplierStatus.TERMINATED,
        "Orders ended",
        MAKER,
        clock=FixedClock.on(date(2025, 7, 1)),
    )
    assert suppliers.get_supplier(db, "S1").relationship_ended_on == date(2025, 7, 1)
    assert supply_chain_kpis(db, 2025).supplier_count == 0
    assert supply_chain_kpis(db, 2024).supplier_count == 1


def test_the_demo_registry_loaded_today_counts_its_suppliers_in_past_years(db: Database) -> None:
    organisation(db, (2023, 2025))
    demo_registry.load(db)
    with db.transaction() as session:  # a back-dated change, as the demo programme makes
        change = session.query(SupplierStatusChangeRow).first()
        assert change is not None
        change.changed_at = datetime(2023, 3, 1, tzinfo=UTC)
    fy2025 = supply_chain_kpis(db, 2025)
    # 300 first-tier suppliers, of which 20 are prospective and 13 ended their relationship in 2024
    assert (fy2025.supplier_count, fy2025.during_year) == (267, 267)
    assert supply_chain_kpis(db, 2023).supplier_count > 200
