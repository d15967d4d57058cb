"""Training endpoints: programmes, proposals, assignments and a supplier's trainings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.domain.conduct import Pillar
from supplyesg.domain.training import AssignmentStatus, TrainingFormat
from supplyesg.domain.training import TrainingProgramme as ProgrammeValue
from supplyesg.services import training as service
from supplyesg.services.training import AssignmentView, ProgrammeSummary
from supplyesg.web.api.risk import Reason, today
from supplyesg.web.api.types import MAX_RECORD_ID, Day
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/training", tags=["training"], responses=PROBLEM_RESPONSES)

ProgrammeId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
AssignmentId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]


class ProgrammeCreate(BaseModel):
    """A training to offer suppliers."""

    model_config = ConfigDict(extra="forbid")

    topic: StrictStr
    format: TrainingFormat
    held_on: Day
    description: StrictStr = ""
    sections: list[Pillar] = Field(
        default_factory=list,
        description="The code of conduct sections it covers: suppliers are then proposed by "
        "their open findings in them. None: a general training, proposed from the risk register",
    )


class Programme(BaseModel):
    """A training programme with how its assignments stand."""

    id: int
    topic: str
    format: TrainingFormat
    held_on: date
    description: str
    sections: list[Pillar] = Field(description="Code of conduct sections covered, in code order")
    counts: dict[AssignmentStatus, int]
    completed: int = Field(description="Assignments completed")
    expected: int = Field(description="Assignments confirmed (not proposed or cancelled)")

    @classmethod
    def of(cls, summary: ProgrammeSummary) -> Programme:
        """The schema of a programme summary."""
        programme = summary.programme
        return cls(
            id=programme.id,
            topic=programme.topic,
            format=programme.format,
            held_on=programme.held_on,
            description=programme.description,
            sections=list(programme.sections),
            counts=dict(summary.counts),
            completed=summary.completed,
            expected=summary.expected,
        )


class Assignment(BaseModel):
    """A supplier's place in a training."""

    id: int
    programme_id: int
    supplier_code: str
    legal_name: str
    status: AssignmentStatus
    reasons: list[Reason] = Field(description="Why the supplier was proposed or assigned")
    answers: list[str] = Field(
        description="Requirement codes of the open findings the training answered when proposed"
    )
    attended_on: date | None
    completed_on: date | None
    changed_by: str
    changed_at: datetime

    @classmethod
    def of(cls, row: AssignmentView) -> Assignment:
        """The schema of an assignment."""
        return cls(
            id=row.id,
            programme_id=row.programme.id,
            supplier_code=row.supplier_code,
            legal_name=row.legal_name,
            status=row.status,
            reasons=[Reason.of(r) for r in row.reasons],
            answers=list(row.answers),
            attended_on=row.attended_on,
            completed_on=row.completed_on,
            changed_by=row.changed_by,
            changed_at=row.changed_at,
        )


class ProgrammeDetail(Programme):
    """A programme with its assignments."""

    assignments: list[Assignment]


class AssignmentCreate(BaseModel):
    """A supplier to put on a training."""

    model_config = ConfigDict(extra="forbid")

    supplier_code: StrictStr


class StatusChange(BaseModel):
    """The next step of an assignment and the day it happened."""

    model_config = ConfigDict(extra="forbid")

    status: AssignmentStatus
    on: Day | None = Field(default=None, description="Default: today")


class SupplierTraining(BaseModel):
    """A training on a supplier's record."""

    programme_id: int
    topic: str
    format: TrainingFormat
    held_on: date
    assignment: Assignment

    @classmethod
    def of(cls, row: AssignmentView) -> SupplierTraining:
        """The schema of one of a supplier's trainings."""
        programme = row.programme
        return cls(
            programme_id=programme.id,
            topic=programme.topic,
            format=programme.format,
            held_on=programme.held_on,
            assignment=Assignment.of(row),
        )


@router.post("/programmes", response_model=Programme, status_code=201)
def create_programme(
    body: ProgrammeCreate, db: DatabaseDep, actor: ActorDep, response: Response
) -> Programme:
    """Schedule a training programme."""
    value = ProgrammeValue(
        body.topic, body.format, body.held_on, body.description, frozenset(body.sections)
    )
    created = service.create_programme(db, value, actor)
    response.headers["Location"] = f"/api/v1/training/programmes/{created.id}"
    return Programme.of(ProgrammeSummary(created, dict.fromkeys(AssignmentStatus, 0), 0, 0))


@router.get("/programmes", response_model=list[Programme])
def list_programmes(
    db: DatabaseDep,
    held_from: Annotated[Day | None, Query(description="Held on or after")] = None,
    held_to: Annotated[Day | None, Query(description="Held on or before")] = None,
) -> list[Programme]:
    """Programmes in date order, with their assignment counts."""
    return [Programme.of(s) for s in service.list_programmes(db, held_from, held_to)]


@router.get("/programmes/{programme_id}", response_model=ProgrammeDetail)
def get_programme(programme_id: ProgrammeId, db: DatabaseDep) -> ProgrammeDetail:
    """A programme and its assignments."""
    summary, assignments = service.get_programme(db, programme_id)
    return ProgrammeDetail(
        **Programme.of(summary).model_dump(),
        assignments=[Assignment.of(a) for a in assignments],
    )


@router.post("/programmes/{programme_id}/proposals", response_model=list[Assignment])
def propose(programme_id: ProgrammeId, db: DatabaseDep, actor: ActorDep) -> list[Assignment]:
    """Propose the suppliers with open findings in the programme's sections; for a general
    programme, those not accepted at their last audit and high-risk ones in audit scope."""
    return [Assignment.of(a) for a in service.propose(db, programme_id, actor, today())]


@router.post("/programmes/{programme_id}/assignments", response_model=Assignment, status_code=201)
def assign(
    programme_id: ProgrammeId, body: AssignmentCreate, db: DatabaseDep, actor: ActorDep
) -> Assignment:
    """Put a supplier on the training (confirming its proposal, if any)."""
    return Assignment.of(service.assign(db, programme_id, body.supplier_code, actor))


@router.post("/assignments/{assignment_id}/status", response_model=Assignment)
def move(
    assignment_id: AssignmentId, body: StatusChange, db: DatabaseDep, actor: ActorDep
) -> Assignment:
    """Record the next step: assigned, attended, absent, completed or cancelled."""
    row = service.move(db, assignment_id, body.status, body.on or today(), actor)
    return Assignment.of(row)


@router.get("/suppliers/{code}", response_model=list[SupplierTraining])
def supplier_trainings(code: str, db: DatabaseDep) -> list[SupplierTraining]:
    """A supplier's trainings, latest first."""
    return [SupplierTraining.of(a) for a in service.supplier_trainings(db, code)]
