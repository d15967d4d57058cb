import itertools
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, SUPPLIER_CONTACT, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories import ratings as ratings_repo
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import Verdict
from supplyesg.domain.errors import ConflictError, DomainError
from supplyesg.domain.periods import Quarter
from supplyesg.domain.plans import PlanAction
from supplyesg.services import audits, nonconformities, plans, rating, suppliers

Q2 = Quarter(2026, 2)


def accept_plan_for_all(db: Database, reference: str, on: date) -> None:
    audit = audits.get_audit(db, reference)
    items = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), on).items
    actions = [PlanAction(r.row.id, "Fix", "Plant manager", date(2026, 12, 31)) for r in items]
    plan = plans.submit_plan(db, reference, actions, SUPPLIER_CONTACT, on)
    plans.decide_plan(db, plan.id, True, "", ACTOR, on)


def scores(db: Database, quarter: Quarter = Q2) -> dict[str, tuple[str, int | None]]:
    page = rating.list_ratings(db, quarter, RatingFilter(), limit=500)
    return {e.supplier_code: (e.rating.state, e.rating.score) for e in page.items}


@pytest.fixture
def programme(db: Database) -> Database:
    """Suppliers exercising each rule of the quarterly rating for 2026Q2 (ends 2026-06-30)."""
    for code in ("LOW", "MED-LATE", "MED-OK", "HIGH", "NEVER", "OLD"):
        supplier(db, code)
    supplier(db, "SUB", tier=2)
    supplier(db, "KEY", tier=2, key=True)
    audited(db, date(2026, 1, 10), "LOW", **LOW)
    audited(db, date(2025, 12, 29), "MED-LATE", reference="M-LATE", **MEDIUM)  # plan due 06-29
    audited(db, date(2025, 12, 29), "MED-OK", reference="M-OK", **MEDIUM)
    accept_plan_for_all(db, "M-OK", date(2026, 6, 29))
    audited(db, date(2026, 5, 1), "HIGH", **HIGH)
    audited(db, date(2025, 6, 29), "OLD", **LOW)  # counted until 2026-06-29
    audited(db, date(2025, 6, 30), "KEY", **LOW)  # counted until 2026-06-30
    audited(db, date(2025, 6, 30), "SUB", **HIGH)  # not in scope
    return db


def test_every_supplier_in_scope_is_rated_by_the_manual(programme: Database) -> None:
    run = rating.rate_quarter(programme, Q2)
    assert scores(programme) == {
        "HIGH": ("rated", -1),
        "KEY": ("rated", 1),
        "LOW": ("rated", 1),
        "MED-LATE": ("rated", -1),
        "MED-OK": ("rated", 0),
        "NEVER": ("not_rated", None),
        "OLD": ("audit_overdue", None),
    }
    assert (run.rated, run.inserted, run.policy_version) == (7, 7, "2026-01")
    assert run.by_state == {"rated": 5, "not_rated": 1, "audit_overdue": 1}
    assert run.by_score == {1: 2, -1: 2, 0: 1}


def test_each_rating_keeps_its_reasons_audit_and_policy(programme: Database) -> None:
    rating.rate_quarter(programme, Q2)
    [late] = rating.list_ratings(programme, Q2, RatingFilter(score=-1, state="rated")).items[1:]
    assert late.supplier_code == "MED-LATE"
    assert late.rating.audit_id == audits.get_audit(programme, "M-LATE").id
    assert (late.rating.risk_level, late.rating.policy_version) == ("medium", "2026-01")
    assert [r["rule"] for r in late.rating.reasons] == [
        "rating.score",
        "rating.medium_risk",
        "plan.deadline_missed",
        "rating.plan_missed",
    ]
    assert late.rating.reasons[0]["text"] == (
        "ESG score -1: medium-risk audit M-LATE of 2025-12-29; an improvement plan was not "
        "accepted by the deadline of 2026-06-29"
    )


def test_a_rejected_then_late_plan_is_told_in_order_with_the_rejection_reason(
    db: Database,
) -> None:
    supplier(db, "MED")
    audited(db, date(2025, 12, 29), "MED", reference="M-1", **MEDIUM)  # plan due 2026-06-29
    audit = audits.get_audit(db, "M-1")
    items = nonconformities.list_nonconformities(
        db, NcFilter(audit_id=audit.id), date(2026, 5, 1)
    ).items
    actions = [PlanAction(r.row.id, "Fix", "Plant manager", date(2026, 12, 31)) for r in items]
    first = plans.submit_plan(db, "M-1", actions, SUPPLIER_CONTACT, date(2026, 5, 1))
    plans.decide_plan(db, first.id, False, "no root cause analysis", ACTOR, date(2026, 5, 4))
    accept_plan_for_all(db, "M-1", date(2026, 6, 30))
    rating.rate_quarter(db, Q2)
    [entry] = rating.list_ratings(db, Q2, RatingFilter()).items
    assert entry.rating.score == -1
    assert [r["text"] for r in entry.rating.reasons] == [
        "ESG score -1: medium-risk audit M-1 of 2025-12-29; an improvement plan was accepted "
        "on 2026-06-30, one day after the deadline of 2026-06-29",
        f"audit M-1 of 2025-12-29: score {audit.score}, medium risk, which scores 0, or -1 once "
        "the 6-month plan deadline is missed (manual section 9)",
        "the plan sent on 2026-05-01 was rejected on 2026-05-04: no root cause analysis",
        "an improvement plan was accepted on 2026-06-30, one day after the deadline of 2026-06-29",
        "plan deadline missed: ESG score 0 lowered to -1 (manual section 9)",
    ]


def test_rating_again_changes_nothing(programme: Database) -> None:
    rating.rate_quarter(programme, Q2)
    before = rating.list_ratings(programme, Q2, RatingFilter()).items
    again = rating.rate_quarter(programme, Q2)
    after = rating.list_ratings(programme, Q2, RatingFilter()).items
    assert (again.inserted, again.updated, again.unchanged, again.removed) == (0, 0, 7, 0)
    assert [(e.rating.id, e.rating.rated_at) for e in after] == [
        (e.rating.id, e.rating.rated_at) for e in before
    ]


def test_rating_again_rewrites_only_what_changed(programme: Database) -> None:
    rating.rate_quarter(programme, Q2)
    suppliers.update_supplier(programme, "SUB", {"is_key_sub_supplier": True})
    suppliers.update_supplier(programme, "KEY", {"is_key_sub_supplier": False})
    audited(programme, date(2026, 6, 30), "NEVER", **MEDIUM)
    run = rating.rate_quarter(programme, Q2)
    assert (run.inserted, run.updated, run.unchanged, run.removed) == (1, 1, 5, 1)
    assert scores(programme)["SUB"] == ("rated", -1)
    assert scores(programme)["NEVER"] == ("rated", 0)
    assert "KEY" not in scores(programme)


def test_a_quarter_is_rated_once_it_has_ended(db: Database) -> None:
    with pytest.raises(DomainError) as refused:
        rating.rate_quarter(db, Quarter(2026, 4), clock=FixedClock.on(date(2026, 11, 21)))
    assert refused.value.problems[0].field == "quarter"


def test_a_missed_high_risk_plan_terminates_the_orders_once(db: Database) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)  # plan due 2026-06-15
    assert rating.enforce_plan_deadlines(db, date(2026, 6, 15), ACTOR) == []
    at = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # recorded on the first day of 2026Q3
    [done] = rating.enforce_plan_deadlines(db, date(2026, 6, 16), ACTOR, at=at)
    assert (done.supplier_code, done.audit_reference) == ("HIGH", "H-1")
    assert done.reason == (
        "high-risk audit H-1 of 2026-03-15: a plan covering all 2 non-conformities was not "
        "accepted by the deadline of 2026-06-15; orders terminated (manual section 9)"
    )
    assert suppliers.get_supplier(db, "HIGH").status == "terminated"
    history = suppliers.status_history(db, "HIGH")
    [change] = [h for h in history if h.to_status == "terminated"]
    assert (change.from_status, change.reason, change.changed_at) == ("active", done.reason, at)
    assert change.effective_on == date(2026, 6, 16)  # the first missed day, not the day recorded
    assert rating.enforce_plan_deadlines(db, date(2026, 11, 20), ACTOR) == []
    rating.rate_quarter(db, Quarter(2026, 1))
    rating.rate_quarter(db, Q2)
    [q2, q1] = rating.supplier_ratings(db, "HIGH")
    assert (q2.rating.quarter, q1.rating.quarter, q1.audit_reference) == ("2026Q2", "2026Q1", "H-1")
    assert scores(db, Quarter(2026, 1))["HIGH"] == ("rated", -1)
    assert scores(db, Q2)["HIGH"] == ("terminated", None)


def test_a_high_risk_plan_covering_everything_in_time_keeps_the_orders(db: Database) -> None:
    supplier(db, "HIGH")
    audited(db, date(2026, 3, 15), "HIGH", reference="H-1", **HIGH)
    accept_plan_for_all(db, "H-1", date(2026, 6, 15))
    assert rating.enforce_plan_deadlines(db, date(2026, 11, 20), ACTOR) == []
    assert suppliers.get_supplier(db, "HIGH").status == "active"


def test_deadlines_are_not_enforced_in_the_future(db: Database) -> None:
    with pytest.raises(DomainError):
        rating.enforce_plan_deadlines(db, date(2099, 1, 1), ACTOR)


risk_sets = st.sampled_from([LOW, MEDIUM, HIGH])
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30))
codes = itertools.count()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(risk_sets, days), min_size=1, max_size=4))
def test_rating_any_programme_twice_gives_the_same_ratings(
    db: Database, audits_made: list[tuple[dict[str, Verdict], date]]
) -> None:
    code = f"P-{next(codes)}"
    supplier(db, code)
    for verdicts, ended_on in audits_made:
        audited(db, ended_on, code, **verdicts)
    first = rating.rate_quarter(db, Q2)
    stored = scores(db)
    second = rating.rate_quarter(db, Q2)
    assert scores(db) == stored
    assert (second.inserted, second.updated, second.removed) == (0, 0, 0)
    assert second.by_state == first.by_state
    assert all(score in (None, -1, 0, 1) for _, score in stored.values())


def test_two_runs_storing_the_same_quarter_at_once_end_in_a_conflict_not_duplicates(
    programme: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rating.rate_quarter(programme, Q2)
    # The second run read the quarter before the first one stored it.
    monkeypatch.setattr(ratings_repo, "stored", lambda session, quarter: {})
    with pytest.raises(ConflictError):
        rating.rate_quarter(programme, Q2)
    assert len(rating.list_ratings(programme, Q2, RatingFilter(), limit=500).items) == 7
