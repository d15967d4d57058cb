"""Supplier training: programmes, proposals drawn from the open findings and the risk register,
attendance, completion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from supplyesg.db.models import TrainingAssignmentRow, TrainingProgrammeRow
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.repositories import training as repo
from supplyesg.db.session import Database
from supplyesg.domain.audits import Outcome
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.plans import NcStatus
from supplyesg.domain.policy import Reason
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.domain.training import (
    COUNTING_STATUSES,
    AssignmentStatus,
    OpenFinding,
    PastTraining,
    TrainingCandidate,
    TrainingFormat,
    TrainingProgramme,
    completion_rate,
    in_code_order,
    move_problems,
    programme_problems,
    proposal_problems,
    proposals,
)
from supplyesg.services.policy_files import policy_for
from supplyesg.services.risk import RegisterEntry, register_entries
from supplyesg.services.suppliers import now, require


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    """A scheduled training programme."""

    id: int
    topic: str
    format: TrainingFormat
    held_on: date
    description: str
    created_by: str
    sections: tuple[Pillar, ...] = ()
    """The code of conduct sections it covers, in the code's order; none for a general one."""


@dataclass(frozen=True, slots=True)
class ProgrammeSummary:
    """A training programme with how its assignments stand."""

    programme: ProgrammeView
    counts: Mapping[AssignmentStatus, int]
    completed: int
    expected: int


@dataclass(frozen=True, slots=True)
class AssignmentView:
    """A supplier's place in a training, with the training it is in."""

    id: int
    programme: ProgrammeView
    supplier_code: str
    legal_name: str
    status: AssignmentStatus
    reasons: tuple[Reason, ...]
    attended_on: date | None
    completed_on: date | None
    changed_by: str
    changed_at: datetime
    answers: tuple[str, ...] = ()
    """Requirement codes of the open findings the training answered when it was proposed."""


def create_programme(db: Database, programme: TrainingProgramme, actor: str) -> ProgrammeView:
    """Schedule a training programme."""
    refuse_if(programme_problems(programme), "The training programme cannot be saved.")
    with db.transaction() as session:
        row = TrainingProgrammeRow(
            topic=programme.topic.strip(),
            format=str(programme.format),
            held_on=programme.held_on,
            description=programme.description.strip(),
            sections=[str(p) for p in in_code_order(programme.sections)],
            created_by=actor,
            created_at=now(),
        )
        session.add(row)
        session.flush()
        return _programme_view(row)


def list_programmes(
    db: Database, held_from: date | None = None, held_to: date | None = None
) -> list[ProgrammeSummary]:
    """Programmes in date order with their assignment counts."""
    with db.transaction() as session:
        rows = repo.programmes(session, held_from, held_to)
        counts = repo.assignment_counts(session, [r.id for r in rows])
    return [_summary(row, counts.get(row.id, {})) for row in rows]


def get_programme(db: Database, programme_id: int) -> tuple[ProgrammeSummary, list[AssignmentView]]:
    """A programme, its counts and its assignments in supplier code order."""
    with db.transaction() as session:
        row = _require_programme(session, programme_id)
        assignments = [_view(a) for a in repo.assignments_of_programme(session, programme_id)]
    counts: dict[str, int] = {}
    for a in assignments:
        counts[a.status] = counts.get(a.status, 0) + 1
    return _summary(row, counts), assignments


def propose(db: Database, programme_id: int, actor: str, today: date) -> list[AssignmentView]:
    """Propose for the programme every supplier that needs it (by its open findings in the
    programme's sections, or by the risk register for a general one) and is not on it yet."""
    with db.transaction() as session:
        row = _require_programme(session, programme_id)
        programme = _programme_of(row)
        refuse_if(proposal_problems(programme, today), "Suppliers cannot be proposed now.")
        entries = register_entries(session, today, policy_for(session, today))
        trained = repo.trainings_taken(session, [str(s) for s in COUNTING_STATUSES])
        unresolved = [str(s) for s in NcStatus if not s.is_resolved]
        findings = audit_repo.ncs_with_sections(session, unresolved, today)
        already = {a.supplier_id for a in repo.assignments_of_programme(session, programme_id)}
        candidates = [
            _candidate(e, trained.get(e.supplier.id, []), findings.get(e.supplier.id, []))
            for e in entries
            if e.supplier.id not in already
        ]
        suppliers = {e.supplier.code: e.supplier for e in entries}
        at = now()
        needs = proposals(candidates, today, programme.sections)
        created = [
            TrainingAssignmentRow(
                programme_id=programme_id,
                supplier_id=suppliers[need.supplier_code].id,
                status=str(AssignmentStatus.PROPOSED),
                reasons=_reasons_json(need.reasons),
                answers=list(need.answers),
                changed_by=actor,
                changed_at=at,
            )
            for need in needs
        ]
        session.add_all(created)
        session.flush()
        view = _programme_view(row)
        return [
            AssignmentView(
                a.id,
                view,
                need.supplier_code,
                suppliers[need.supplier_code].legal_name,
                AssignmentStatus.PROPOSED,
                need.reasons,
                None,
                None,
                actor,
                at,
                need.answers,
            )
            for a, need in zip(created, needs, strict=True)
        ]


def assign(db: Database, programme_id: int, code: str, actor: str) -> AssignmentView:
    """Put a supplier on a programme (confirming a proposal, if there is one)."""
    with db.transaction() as session:
        _require_programme(session, programme_id)
        supplier = require(session, code)
        found = repo.assignment_of(session, programme_id, supplier.id)
        if found is not None and found.status != AssignmentStatus.PROPOSED:
            raise ConflictError(
                f"{code} is already on this training ({found.status}).",
                [Problem("supplier_code", f"already {found.status}", code)],
            )
        row = found or TrainingAssignmentRow(
            programme_id=programme_id,
            supplier_id=supplier.id,
            reasons=_reasons_json((Reason("training.manual", f"assigned by {actor}"),)),
        )
        row.status, row.changed_by, row.changed_at = str(AssignmentStatus.ASSIGNED), actor, now()
        session.add(row)
        session.flush()
        return _view(row)


def move(
    db: Database, assignment_id: int, target: AssignmentStatus, on: date, actor: str
) -> AssignmentView:
    """Record the next step of an assignment on a day: assigned, attended, absent, completed..."""
    with db.transaction() as session:
        row = repo.assignment(session, assignment_id)
        if row is None:
            raise NotFoundError(f"There is no training assignment {assignment_id}.")
        current = AssignmentStatus(row.status)
        refuse_if(
            move_problems(current, target, row.programme.held_on, on),
            "The assignment cannot move to this status.",
        )
        if target is AssignmentStatus.ATTENDED:
            row.attended_on = on
        elif target is AssignmentStatus.COMPLETED:
            row.completed_on = on
        row.status, row.changed_by, row.changed_at = str(target), actor, now()
        session.flush()
        return _view(row)


def supplier_trainings(db: Database, code: str) -> list[AssignmentView]:
    """A supplier's trainings, latest first, each with its programme."""
    with db.transaction() as session:
        return [_view(a) for a in repo.assignments_of_supplier(session, require(session, code).id)]


def _require_programme(session: Session, programme_id: int) -> TrainingProgrammeRow:
    row = repo.programme(session, programme_id)
    if row is None:
        raise NotFoundError(f"There is no training programme {programme_id}.")
    return row


def _programme_of(row: TrainingProgrammeRow) -> TrainingProgramme:
    return TrainingProgramme(
        row.topic, TrainingFormat(row.format), row.held_on, row.description, _sections(row)
    )


def _sections(row: TrainingProgrammeRow) -> frozenset[Pillar]:
    return frozenset(Pillar(p) for p in row.sections or [])


def _candidate(
    entry: RegisterEntry,
    trained: Sequence[tuple[date, list[str]]],
    findings: Sequence[audit_repo.SectionedNc],
) -> TrainingCandidate:
    audit = entry.latest_audit
    return TrainingCandidate(
        entry.supplier.code,
        SupplierStatus(entry.supplier.status),
        entry.supplier.tier,
        entry.supplier.is_key_sub_supplier,
        entry.row.resulting.level,
        audit.ended_on if audit else None,
        None if audit is None else audit.outcome is not Outcome.NOT_ACCEPTED,
        tuple(
            PastTraining(day, frozenset(Pillar(p) for p in sections)) for day, sections in trained
        ),
        tuple(OpenFinding(f.requirement_id, Pillar(f.pillar), f.found_on) for f in findings),
    )


def _programme_view(row: TrainingProgrammeRow) -> ProgrammeView:
    return ProgrammeView(
        row.id,
        row.topic,
        TrainingFormat(row.format),
        row.held_on,
        row.description,
        row.created_by,
        in_code_order(_sections(row)),
    )


def _view(row: TrainingAssignmentRow) -> AssignmentView:
    """The view of an assignment (inside its session: it reads the supplier and programme)."""
    return AssignmentView(
        row.id,
        _programme_view(row.programme),
        row.supplier.code,
        row.supplier.legal_name,
        AssignmentStatus(row.status),
        tuple(Reason(r["rule"], r["text"]) for r in row.reasons),
        row.attended_on,
        row.completed_on,
        row.changed_by,
        row.changed_at,
        tuple(row.answers or []),
    )


def _reasons_json(reasons: Sequence[Reason]) -> list[dict[str, str]]:
    return [{"rule": r.rule, "text": r.text} for r in reasons]


def _summary(row: TrainingProgrammeRow, counts: Mapping[str, int]) -> ProgrammeSummary:
    by_status = {s: counts.get(str(s), 0) for s in AssignmentStatus}
    statuses = [s for s, n in by_status.items() for _ in range(n)]
    completed, expected = completion_rate(statuses)
    return ProgrammeSummary(_programme_view(row), by_status, completed, expected)
