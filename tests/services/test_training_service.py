from datetime import date

import pytest

from planning_builders import DESKTOP, HIGH, LOW, MEDIUM, audit, supplier
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import Verdict
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.domain.plans import NcStatus
from supplyesg.domain.policy import Reason
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.domain.training import AssignmentStatus, TrainingFormat, TrainingProgramme
from supplyesg.services import training

TODAY = date(2026, 10, 1)
WORKSHOP = TrainingProgramme(
    "Safe handling of chemicals", TrainingFormat.WORKSHOP, date(2026, 11, 12), "Plant 2"
)


def proposed(db: Database, programme_id: int) -> dict[str, list[str]]:
    return {
        row.supplier_code: [r.rule for r in row.reasons]
        for row in training.get_programme(db, programme_id)[1]
        if row.status is AssignmentStatus.PROPOSED
    }


def test_a_programme_needs_a_topic(db: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        training.create_programme(
            db, TrainingProgramme(" ", TrainingFormat.ONLINE, TODAY), "planner"
        )
    assert [p.field for p in refused.value.problems] == ["topic"]


def test_unqualified_and_high_risk_suppliers_are_proposed(db: Database) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)
    supplier(db, "CONDITIONAL")
    audit(db, "CONDITIONAL", date(2026, 4, 1), MEDIUM, DESKTOP)
    supplier(db, "GOOD")
    audit(db, "GOOD", date(2026, 4, 1), LOW)
    supplier(db, "RISKY", country="CD")
    supplier(db, "GONE", country="CD", status=SupplierStatus.TERMINATED)
    programme = training.create_programme(db, WORKSHOP, "planner")

    created = training.propose(db, programme.id, "planner", TODAY)

    assert [(a.supplier_code, a.legal_name, a.status) for a in created] == [
        ("FAILED", "FAILED Ltd.", "proposed"),
        ("RISKY", "RISKY Ltd.", "proposed"),
    ]
    assert proposed(db, programme.id) == {
        "FAILED": ["training.not_accepted", "training.high_risk"],
        "RISKY": ["training.high_risk"],
    }
    assert training.propose(db, programme.id, "planner", TODAY) == []  # nobody twice


def test_a_training_since_the_audit_meets_the_need(db: Database) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)
    earlier = training.create_programme(
        db, TrainingProgramme("Labour rights", TrainingFormat.ONLINE, date(2026, 5, 5)), "planner"
    )
    training.assign(db, earlier.id, "FAILED", "planner")
    later = training.create_programme(db, WORKSHOP, "planner")
    assert training.propose(db, later.id, "planner", TODAY) == []


def test_suppliers_are_not_proposed_for_a_training_already_held(db: Database) -> None:
    held = training.create_programme(
        db, TrainingProgramme("Ethics", TrainingFormat.ONLINE, date(2026, 9, 30)), "planner"
    )
    with pytest.raises(InvalidInputError) as refused:
        training.propose(db, held.id, "planner", TODAY)
    assert refused.value.problems[0].field == "held_on"


def test_an_assignment_goes_from_proposal_to_completion(db: Database) -> None:
    supplier(db, "RISKY", country="CD")
    programme = training.create_programme(db, WORKSHOP, "planner")
    (proposal,) = training.propose(db, programme.id, "planner", TODAY)

    assigned = training.assign(db, programme.id, "RISKY", "planner")
    assert (assigned.id, assigned.status) == (proposal.id, "assigned")
    with pytest.raises(InvalidInputError) as early:
        training.move(db, proposal.id, AssignmentStatus.ATTENDED, date(2026, 11, 11), "trainer")
    assert early.value.problems[0].field == "on"
    training.move(db, proposal.id, AssignmentStatus.ATTENDED, date(2026, 11, 12), "trainer")
    done = training.move(db, proposal.id, AssignmentStatus.COMPLETED, date(2026, 11, 20), "trainer")
    assert (done.status, done.attended_on, done.completed_on, done.changed_by) == (
        "completed",
        date(2026, 11, 12),
        date(2026, 11, 20),
        "trainer",
    )
    summary = training.list_programmes(db)[0]
    assert (summary.completed, summary.expected) == (1, 1)
    assert summary.counts[AssignmentStatus.COMPLETED] == 1


def test_a_supplier_cannot_be_assigned_twice(db: Database) -> None:
    supplier(db, "S1")
    programme = training.create_programme(db, WORKSHOP, "planner")
    training.assign(db, programme.id, "S1", "planner")
    with pytest.raises(ConflictError):
        training.assign(db, programme.id, "S1", "planner")


def test_the_supplier_record_shows_its_trainings_latest_first(db: Database) -> None:
    supplier(db, "S1")
    first = training.create_programme(
        db, TrainingProgramme("Ethics", TrainingFormat.ONLINE, date(2026, 2, 1)), "planner"
    )
    second = training.create_programme(db, WORKSHOP, "planner")
    training.assign(db, first.id, "S1", "planner")
    training.assign(db, second.id, "S1", "planner")
    found = training.supplier_trainings(db, "S1")
    assert [(a.programme.topic, a.status) for a in found] == [
        ("Safe handling of chemicals", "assigned"),
        ("Ethics", "assigned"),
    ]
    assert found[1].reasons == (Reason("training.manual", "assigned by planner"),)


def test_unknown_programmes_and_assignments_are_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError):
        training.get_programme(db, 999)
    with pytest.raises(NotFoundError):
        training.move(db, 999, AssignmentStatus.ASSIGNED, TODAY, "x")


def test_programmes_are_listed_in_date_order_within_a_window(db: Database) -> None:
    for day in (date(2026, 3, 1), date(2026, 1, 1), date(2026, 7, 1)):
        training.create_programme(db, TrainingProgramme("T", TrainingFormat.ONLINE, day), "planner")
    found = training.list_programmes(db, date(2026, 2, 1), date(2026, 7, 1))
    assert [s.programme.held_on for s in found] == [date(2026, 3, 1), date(2026, 7, 1)]


FIRE_SAFETY = TrainingProgramme(
    "Fire safety and emergency drills",
    TrainingFormat.WORKSHOP,
    date(2026, 12, 8),
    sections=frozenset({Pillar.HEALTH_AND_SAFETY}),
)


def answered(db: Database, programme_id: int) -> dict[str, tuple[str, ...]]:
    return {row.supplier_code: row.answers for row in training.get_programme(db, programme_id)[1]}


def test_a_health_and_safety_training_proposes_the_suppliers_with_open_findings_in_it(
    db: Database,
) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)  # LAB-01 critical, HS-02 major
    supplier(db, "UNSAFE")
    audit(db, "UNSAFE", date(2026, 5, 1), {"HS-01": Verdict.MAJOR, "HS-03": Verdict.MINOR})
    supplier(db, "LABOUR")
    audit(db, "LABOUR", date(2026, 5, 1), {"LAB-03": Verdict.MAJOR})
    supplier(db, "GREEN")
    audit(db, "GREEN", date(2026, 5, 1), LOW)  # ENV-07 minor
    supplier(db, "RISKY", country="CD")  # high risk, never audited: no findings to answer
    programme = training.create_programme(db, FIRE_SAFETY, "planner")
    assert programme.sections == (Pillar.HEALTH_AND_SAFETY,)

    created = training.propose(db, programme.id, "planner", TODAY)

    assert [(a.supplier_code, a.answers) for a in created] == [
        ("FAILED", ("HS-02",)),
        ("UNSAFE", ("HS-01", "HS-03")),
    ]
    assert proposed(db, programme.id) == {
        "FAILED": ["training.open_findings", "training.not_accepted", "training.high_risk"],
        "UNSAFE": ["training.open_findings"],
    }
    assert answered(db, programme.id) == {"FAILED": ("HS-02",), "UNSAFE": ("HS-01", "HS-03")}
    labour = training.create_programme(
        db,
        TrainingProgramme(
            "Child and forced labour",
            TrainingFormat.ONLINE,
            date(2026, 12, 1),
            sections=frozenset({Pillar.LABOUR}),
        ),
        "planner",
    )
    labour_proposals = training.propose(db, labour.id, "planner", TODAY)
    assert [(a.supplier_code, a.answers) for a in labour_proposals] == [
        ("FAILED", ("LAB-01",)),
        ("LABOUR", ("LAB-03",)),
    ]


def test_a_training_on_the_section_since_the_audit_answers_its_findings(db: Database) -> None:
    supplier(db, "UNSAFE")
    audit(db, "UNSAFE", date(2026, 5, 1), {"HS-01": Verdict.MAJOR, "ENV-01": Verdict.MAJOR})
    first = training.create_programme(db, FIRE_SAFETY, "planner")
    assert [a.supplier_code for a in training.propose(db, first.id, "planner", TODAY)] == ["UNSAFE"]
    again = training.create_programme(db, FIRE_SAFETY, "planner")
    assert training.propose(db, again.id, "planner", TODAY) == []
    both = training.create_programme(
        db,
        TrainingProgramme(
            "Safe and clean plants",
            TrainingFormat.ON_SITE,
            date(2026, 12, 9),
            sections=frozenset({Pillar.HEALTH_AND_SAFETY, Pillar.ENVIRONMENT}),
        ),
        "planner",
    )
    (proposal,) = training.propose(db, both.id, "planner", TODAY)
    assert proposal.answers == ("ENV-01",)  # HS-01 is answered by the fire-safety session


def test_a_closed_finding_needs_no_training(db: Database) -> None:
    supplier(db, "UNSAFE")
    found = audit(db, "UNSAFE", date(2026, 5, 1), {"HS-03": Verdict.MINOR})
    with db.transaction() as session:
        for nc in audit_repo.ncs_of(session, found.id):
            nc.status = NcStatus.CLOSED.value
    programme = training.create_programme(db, FIRE_SAFETY, "planner")
    assert training.propose(db, programme.id, "planner", TODAY) == []


def test_a_general_training_answers_every_open_finding_of_those_it_proposes(
    db: Database,
) -> None:
    supplier(db, "FAILED")
    audit(db, "FAILED", date(2026, 4, 1), HIGH)
    supplier(db, "UNSAFE")
    audit(db, "UNSAFE", date(2026, 5, 1), {"HS-03": Verdict.MINOR})
    programme = training.create_programme(db, WORKSHOP, "planner")
    assert programme.sections == ()
    created = training.propose(db, programme.id, "planner", TODAY)
    assert [(a.supplier_code, a.answers) for a in created] == [("FAILED", ("HS-02", "LAB-01"))]
