"""A supplier cannot clear itself: its own self-assessment counts only once staff review it."""

from datetime import date

import pytest

from programme_builders import ACTOR, HIGH, LOW, audited, own_self_assessment, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories.ratings import RatingFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import Finding, Verdict
from supplyesg.domain.errors import ConflictError, InvalidInputError
from supplyesg.domain.periods import Quarter
from supplyesg.services import audits, programme_views, rating, risk
from supplyesg.services.audits import Review

Q2 = Quarter(2026, 2)
HIGH_ENDED = date(2026, 2, 10)  # high risk, no plan: deadline 2026-05-10
OWN_ENDED = date(2026, 6, 1)  # after the deadline


@pytest.fixture
def high_risk_past_deadline(db: Database) -> EsgAuditRow:
    supplier(db, "HI")
    staff = audited(db, HIGH_ENDED, "HI", reference="STAFF-HIGH", **HIGH)
    perfect = own_self_assessment(db, OWN_ENDED)
    assert (perfect.score, perfect.risk_level, perfect.completed_by) == (100, "low", "supplier")
    return staff


def test_a_perfect_self_assessment_does_not_stop_the_termination(
    db: Database, high_risk_past_deadline: EsgAuditRow
) -> None:
    day = OWN_ENDED
    [done] = rating.enforce_plan_deadlines(db, day, ACTOR, clock=FixedClock.on(day))
    assert (done.supplier_code, done.audit_reference) == ("HI", "STAFF-HIGH")
    assert "deadline of 2026-05-10" in done.reason


def test_a_perfect_self_assessment_leaves_the_rating_as_it_was(
    db: Database, high_risk_past_deadline: EsgAuditRow
) -> None:
    rating.rate_quarter(db, Q2, clock=FixedClock.on(date(2026, 7, 1)))
    [entry] = rating.list_ratings(db, Q2, RatingFilter()).items
    assert (entry.rating.state, entry.rating.score, entry.rating.risk_level) == (
        "rated",
        -1,
        "high",
    )
    assert entry.audit_reference == "STAFF-HIGH"
    rules = [r["rule"] for r in entry.rating.reasons]
    assert "audit.awaiting_review" in rules


def test_the_register_programme_and_supplier_page_read_the_staff_audit(
    db: Database, high_risk_past_deadline: EsgAuditRow
) -> None:
    day = date(2026, 6, 2)
    entry = risk.supplier_risk(db, "HI", day)
    assert entry.latest_audit is not None
    assert (entry.latest_audit.reference, entry.latest_audit.risk) == ("STAFF-HIGH", "high")
    page = programme_views.supplier_programme(db, "HI", day)
    assert page.latest_audit is not None
    assert page.latest_audit.reference == "STAFF-HIGH"
    assert page.deadline is not None
    assert page.deadline.state == "missed"
    [line] = programme_views.plan_deadlines(db, day)
    assert line.audit_reference == "STAFF-HIGH"


def test_a_staff_review_with_its_own_findings_replaces_the_staff_audit(
    db: Database, high_risk_past_deadline: EsgAuditRow
) -> None:
    own = audits.list_audits(db, audits.AuditFilter(status="completed")).items
    reference = next(a.reference for a in own if a.audit_type == "self_assessment")
    review = Review("R. Reviewer", date(2026, 6, 5))
    done = audits.review_self_assessment(db, reference, review, ACTOR)
    assert (done.audit_type, done.completed_by, done.risk_level) == (
        "desktop_review",
        "staff",
        "low",
    )
    assert done.reviews_audit_id is not None
    day = date(2026, 6, 5)
    # The review replaces the staff audit from its own day on; the deadline that audit missed
    # on 2026-05-10 had already terminated the orders the day after, and that stands.
    [termination] = rating.enforce_plan_deadlines(db, day, ACTOR, clock=FixedClock.on(day))
    assert (termination.audit_reference, termination.effective_on) == (
        "STAFF-HIGH",
        date(2026, 5, 11),
    )
    assert risk.supplier_risk(db, "HI", day).latest_audit.reference == done.reference  # type: ignore[union-attr]


def test_a_review_with_findings_of_its_own_can_confirm_the_risk(db: Database) -> None:
    supplier(db, "HI")
    own = own_self_assessment(db, OWN_ENDED, **LOW)
    verdicts = (Finding("LAB-01", Verdict.CRITICAL, "underage workers on the night shift"),)
    done = audits.review_self_assessment(
        db, own.reference, Review("R. Reviewer", date(2026, 6, 3), verdicts=verdicts), ACTOR
    )
    assert done.risk_level == "high"
    found = {f.requirement_id: f.verdict for f in done.findings}
    assert (found["LAB-01"], found["ENV-07"]) == ("critical", "minor")


def test_a_self_assessment_is_reviewed_once_and_only_a_self_assessment(
    db: Database, high_risk_past_deadline: EsgAuditRow
) -> None:
    own = audits.list_audits(db, audits.AuditFilter(status="completed")).items
    reference = next(a.reference for a in own if a.audit_type == "self_assessment")
    audits.review_self_assessment(db, reference, Review("R. Reviewer", date(2026, 6, 5)), ACTOR)
    with pytest.raises(ConflictError, match="already reviewed"):
        audits.review_self_assessment(db, reference, Review("R. Reviewer", date(2026, 6, 6)), ACTOR)
    with pytest.raises(InvalidInputError) as error:
        audits.review_self_assessment(
            db, "STAFF-HIGH", Review("R. Reviewer", date(2026, 6, 6)), ACTOR
        )
    assert [p.reason for p in error.value.problems] == ["only a self-assessment is reviewed"]
