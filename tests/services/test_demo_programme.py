from datetime import date

import pytest

from programme_builders import supplier
from supplyesg.db.repositories.audits import AuditFilter, NcFilter
from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.db.session import Database
from supplyesg.domain.periods import Quarter
from supplyesg.services import audits, nonconformities, rating, suppliers
from supplyesg.services.demo import programme

CODES = [f"DEMO-{n:02d}" for n in range(1, 25)]


def ratings_of(db: Database, code: str) -> dict[str, tuple[str, int | None]]:
    return {
        e.rating.quarter: (e.rating.state, e.rating.score)
        for e in rating.supplier_ratings(db, code)
    }


@pytest.fixture
def demo(db: Database) -> Database:
    for code in CODES[:20]:
        supplier(db, code)
    for code in CODES[20:]:
        supplier(db, code, tier=2, key=True)
    supplier(db, "ZZ-OUT", tier=3)  # not in audit scope
    programme.load(db)
    return db


def test_the_demo_rates_eight_quarters_for_everyone_in_scope(demo: Database) -> None:
    assert [str(q) for q in rating.rated_quarters(demo)] == [
        "2026Q3", "2026Q2", "2026Q1", "2025Q4", "2025Q3", "2025Q2", "2025Q1", "2024Q4",
    ]  # fmt: skip
    page = rating.list_ratings(demo, Quarter(2026, 3), RatingFilter(), limit=500)
    assert [e.supplier_code for e in page.items] == CODES


def test_each_scenario_plays_its_rule(demo: Database) -> None:
    on_time, rejected, no_plan, late, full, partial, none, low_late, never, lapsed = CODES[:10]
    assert ratings_of(demo, on_time)["2026Q3"] == ("rated", 0)
    assert ratings_of(demo, rejected)["2026Q1"] == ("rated", 0)
    assert (ratings_of(demo, no_plan)["2026Q2"], ratings_of(demo, no_plan)["2026Q3"]) == (
        ("rated", 0),
        ("rated", -1),
    )
    assert ratings_of(demo, late)["2024Q4"] == ("rated", -1)
    assert ratings_of(demo, late)["2025Q3"] == ("rated", 1)
    assert ratings_of(demo, full)["2026Q2"] == ("rated", -1)
    assert suppliers.get_supplier(demo, full).status == "active"
    print(
        "PARTIAL",
        ratings_of(demo, partial),
        suppliers.status_history(demo, partial)[0].effective_on,
    )
    print("NONE", ratings_of(demo, none), suppliers.status_history(demo, none)[0].effective_on)
    # Terminated from the first missed day (2025-07-23 and 2025-03-04), in that quarter.
    assert [ratings_of(demo, partial)[q] for q in ("2025Q2", "2025Q3")] == [
        ("rated", -1),
        ("terminated", None),
    ]
    assert [ratings_of(demo, none)[q] for q in ("2024Q4", "2025Q1")] == [
        ("rated", -1),
        ("terminated", None),
    ]
    assert suppliers.get_supplier(demo, none).status == "terminated"
    assert ratings_of(demo, low_late)["2026Q1"] == ("rated", 1)
    assert set(ratings_of(demo, never).values()) == {("not_rated", None)}
    assert [ratings_of(demo, lapsed)[q] for q in ("2025Q1", "2025Q2")] == [
        ("rated", 1),
        ("audit_overdue", None),
    ]


def test_the_demo_has_a_correction_a_draft_and_late_non_conformities(demo: Database) -> None:
    corrected, drafted = CODES[10], CODES[11]
    [audit] = audits.list_audits(demo, AuditFilter(supplier_id=_id(demo, corrected))).items
    assert (audit.revision, audit.risk_level) == (2, "low")
    drafts = audits.list_audits(demo, AuditFilter(status="draft")).items
    assert [a.supplier.code for a in drafts] == [drafted]
    late = nonconformities.list_nonconformities(
        demo, NcFilter(supplier_id=_id(demo, CODES[7])), date(2026, 11, 20), only_overdue=True
    )
    assert late.items


def _id(db: Database, code: str) -> int:
    return suppliers.get_supplier(db, code).id
