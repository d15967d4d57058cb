from datetime import date

import pytest

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, SUPPLIER_CONTACT, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.errors import DomainError, InvalidInputError, NotFoundError
from supplyesg.domain.follow_up import FollowUpStep, StepKind
from supplyesg.domain.plans import PlanAction
from supplyesg.services import audits, nonconformities, plans

TODAY = date(2026, 11, 21)


def nc_ids(db: Database, reference: str) -> list[int]:
    audit = audits.get_audit(db, reference)
    return [
        r.row.id
        for r in nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), TODAY).items
    ]


def actions(ids: list[int], due_on: date = date(2026, 9, 30)) -> list[PlanAction]:
    return [PlanAction(i, "Retrain the line leaders", "Plant manager", due_on) for i in ids]


def test_an_accepted_plan_gives_owners_and_due_dates_and_is_dated_on_the_audit(
    db: Database,
) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    ids = nc_ids(db, "A-1")
    plan = plans.submit_plan(db, "A-1", actions(ids[:2]), SUPPLIER_CONTACT, date(2026, 4, 1))
    assert [
        r.row.status for r in nonconformities.list_nonconformities(db, NcFilter(), TODAY).items
    ] == [
        "plan_submitted",
        "plan_submitted",
        "open",
        "open",
    ]
    plans.decide_plan(db, plan.id, True, "", ACTOR, date(2026, 4, 20))
    items = nonconformities.list_nonconformities(db, NcFilter(), TODAY).items
    assert [(r.row.status, r.row.owner, r.row.due_on) for r in items[:2]] == [
        ("plan_accepted", "Plant manager", date(2026, 9, 30)),
        ("plan_accepted", "Plant manager", date(2026, 9, 30)),
    ]
    assert [r.overdue for r in items] == [True, True, False, False]
    row = audits.get_audit(db, "A-1")
    assert (row.first_plan_accepted_on, row.all_ncs_covered_on) == (date(2026, 4, 20), None)


def test_a_rejected_plan_reopens_its_non_conformities_and_says_why(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **HIGH)
    ids = nc_ids(db, "A-1")
    plan = plans.submit_plan(db, "A-1", actions(ids), SUPPLIER_CONTACT, date(2026, 4, 1))
    with pytest.raises(InvalidInputError) as refused:
        plans.decide_plan(db, plan.id, False, "", ACTOR, date(2026, 4, 2))
    assert refused.value.problems[0].field == "reason"
    rejected = plans.decide_plan(
        db, plan.id, False, "no root cause analysis", ACTOR, date(2026, 4, 2)
    )
    assert (rejected.status, rejected.decision_reason) == ("rejected", "no root cause analysis")
    assert {
        r.row.status for r in nonconformities.list_nonconformities(db, NcFilter(), TODAY).items
    } == {"open"}
    assert audits.get_audit(db, "A-1").first_plan_accepted_on is None
    second = plans.submit_plan(db, "A-1", actions(ids), SUPPLIER_CONTACT, date(2026, 4, 5))
    plans.decide_plan(db, second.id, True, "", ACTOR, date(2026, 4, 9))
    assert audits.get_audit(db, "A-1").all_ncs_covered_on == date(2026, 4, 9)


def test_a_plan_is_refused_for_a_non_conformity_already_covered(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **HIGH)
    ids = nc_ids(db, "A-1")
    plans.submit_plan(db, "A-1", actions(ids[:1]), SUPPLIER_CONTACT, date(2026, 4, 1))
    with pytest.raises(InvalidInputError) as refused:
        plans.submit_plan(db, "A-1", actions(ids), SUPPLIER_CONTACT, date(2026, 4, 2))
    assert [(p.field, p.row) for p in refused.value.problems] == [("nc_id", 1)]


def test_a_non_conformity_is_closed_only_after_evidence_and_verification(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **LOW)
    [nc_id] = nc_ids(db, "A-1")
    page = nonconformities.list_nonconformities(db, NcFilter(), TODAY)
    assert page.items[0].needs_closing_date is True
    nonconformities.agree_closing_date(
        db, nc_id, TODAY, "EHS officer", ACTOR, clock=FixedClock.on(TODAY)
    )
    with pytest.raises(InvalidInputError):
        nonconformities.verify(db, nc_id, True, "", ACTOR, date(2026, 5, 1))
    nonconformities.start_work(db, nc_id, ACTOR, date(2026, 4, 1))
    nonconformities.submit_evidence(db, nc_id, ["water-audit-2026.pdf"], ACTOR, date(2026, 4, 20))
    with pytest.raises(DomainError):
        nonconformities.verify(db, nc_id, False, " ", ACTOR, date(2026, 4, 25))
    nonconformities.verify(db, nc_id, False, "meter readings missing", ACTOR, date(2026, 4, 25))
    nonconformities.submit_evidence(db, nc_id, ["meter-readings.xlsx"], ACTOR, date(2026, 5, 2))
    closed = nonconformities.verify(db, nc_id, True, "", ACTOR, date(2026, 5, 5))
    assert (closed.status, closed.closed_on, closed.verified_by) == (
        "closed",
        date(2026, 5, 5),
        ACTOR,
    )
    assert closed.evidence == ["water-audit-2026.pdf", "meter-readings.xlsx"]
    assert audits.get_audit(db, "A-1").all_ncs_closed_on == date(2026, 5, 5)
    history = nonconformities.nc_history(db, nc_id)
    assert [(e.from_status, e.to_status) for e in history] == [
        (None, "open"),
        ("open", "open"),
        ("open", "in_progress"),
        ("in_progress", "awaiting_verification"),
        ("awaiting_verification", "in_progress"),
        ("in_progress", "awaiting_verification"),
        ("awaiting_verification", "closed"),
    ]
    assert history[4].note == "meter readings missing"


def test_a_late_non_conformity_is_flagged_and_listed_as_overdue(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    ids = nc_ids(db, "A-1")
    plan = plans.submit_plan(
        db, "A-1", actions(ids[:1], date(2026, 6, 30)), SUPPLIER_CONTACT, date(2026, 4, 1)
    )
    plans.decide_plan(db, plan.id, True, "", ACTOR, date(2026, 4, 2))
    on_time = nonconformities.list_nonconformities(
        db, NcFilter(), date(2026, 6, 30), only_overdue=True
    )
    late = nonconformities.list_nonconformities(db, NcFilter(), date(2026, 7, 1), only_overdue=True)
    assert (on_time.items, [r.row.id for r in late.items]) == ([], ids[:1])


def test_follow_up_dates_must_lie_between_the_audit_and_today(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **LOW)
    [nc_id] = nc_ids(db, "A-1")
    with pytest.raises(DomainError) as refused:
        nonconformities.start_work(db, nc_id, ACTOR, date(2026, 3, 9))
    assert refused.value.problems[0].field == "on"


def test_unknown_records_are_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        nonconformities.start_work(db, 999_999, ACTOR)
    with pytest.raises(NotFoundError):
        plans.decide_plan(db, 999_999, True, "", ACTOR)
    with pytest.raises(NotFoundError):
        plans.submit_plan(db, "NOPE", [], ACTOR)


def test_many_steps_are_applied_in_order_or_none_at_all(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    first, second, *_ = nc_ids(db, "A-1")
    agreed = FollowUpStep(
        StepKind.AGREE_CLOSING_DATE, date(2026, 3, 20), "EHS", due_on=date(2026, 6, 30)
    )
    steps = [
        (first, agreed),
        (first, FollowUpStep(StepKind.START, date(2026, 4, 1))),
        (first, FollowUpStep(StepKind.SUBMIT_EVIDENCE, date(2026, 6, 1), evidence=("p.pdf",))),
        (first, FollowUpStep(StepKind.VERIFY_CLOSED, date(2026, 6, 3))),
        (second, FollowUpStep(StepKind.VERIFY_CLOSED, date(2026, 6, 3))),  # not awaiting
        (999_999, FollowUpStep(StepKind.START, date(2026, 4, 1))),
    ]
    with pytest.raises(InvalidInputError) as refused:
        nonconformities.record_steps(db, steps, ACTOR)
    assert [(p.row, p.field) for p in refused.value.problems] == [(5, "status"), (6, "nc_id")]
    assert nonconformities.nc_history(db, first)[-1].to_status == "open"
    assert nonconformities.record_steps(db, steps[:4], ACTOR) == 4
    closed = nonconformities.get_nonconformity(db, first, TODAY).row
    assert (closed.status, closed.closed_on, closed.evidence) == (
        "closed",
        date(2026, 6, 3),
        ["p.pdf"],
    )
    assert audits.get_audit(db, "A-1").all_ncs_closed_on is None  # three still open
