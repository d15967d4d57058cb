"""Follow-up endpoints: non-conformities (closing dates, evidence, verification) and plans."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.db.models import ImprovementPlanRow
from supplyesg.db.repositories.audits import NcFilter
from supplyesg.domain.audits import Verdict
from supplyesg.domain.plans import NcStatus, PlanStatus
from supplyesg.domain.plans import PlanAction as ActionValue
from supplyesg.services import audits as audit_service
from supplyesg.services import nonconformities as service
from supplyesg.services import plans as plan_service
from supplyesg.services import suppliers as supplier_service
from supplyesg.services.nonconformities import NcRecord
from supplyesg.web.api.audits import AsOf, today
from supplyesg.web.api.types import MAX_RECORD_ID
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep, PersonDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

NcId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="Id of the non-conformity")]
PlanId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="Id of the improvement plan")]

router = APIRouter(
    prefix="/non-conformities", tags=["non-conformities"], responses=PROBLEM_RESPONSES
)
plans_router = APIRouter(
    prefix="/improvement-plans", tags=["improvement plans"], responses=PROBLEM_RESPONSES
)


class NonConformity(BaseModel):
    """A non-conformity and where its follow-up stands."""

    id: int
    audit: str
    supplier: str
    requirement: str
    severity: Verdict
    status: NcStatus
    owner: str
    due_on: date | None
    closed_on: date | None
    evidence: list[str]
    verified_by: str
    overdue: bool = Field(description="Unresolved after its closing date, on the day asked")
    overdue_since: date | None = Field(
        default=None,
        description="The first overdue day (the day after due_on), when it is overdue",
    )
    needs_closing_date: bool = Field(description="Low risk, open, no closing date agreed yet")

    @classmethod
    def of(cls, record: NcRecord) -> NonConformity:
        """The schema of a listed non-conformity."""
        row = record.row
        return cls(
            id=row.id,
            audit=record.audit_reference,
            supplier=record.supplier_code,
            requirement=row.requirement_id,
            severity=Verdict(row.severity),
            status=NcStatus(row.status),
            owner=row.owner,
            due_on=row.due_on,
            closed_on=row.closed_on,
            evidence=list(row.evidence),
            verified_by=row.verified_by,
            overdue=record.overdue,
            overdue_since=record.overdue_since,
            needs_closing_date=record.needs_closing_date,
        )


class NcList(BaseModel):
    """A page of non-conformities; pass `next_cursor` as `after` for the next page."""

    items: list[NonConformity]
    next_cursor: int | None


class ClosingDate(BaseModel):
    """The closing date agreed with the supplier on a day (default today), and the owner."""

    model_config = ConfigDict(extra="forbid")

    due_on: date
    owner: StrictStr
    on: date | None = None


class Step(BaseModel):
    """A dated step of the follow-up (today when `on` is left out)."""

    model_config = ConfigDict(extra="forbid")

    on: date | None = None


class EvidenceSubmission(Step):
    """Evidence of the correction, as file references."""

    evidence: list[StrictStr]


class Verification(Step):
    """The auditor's verdict on the evidence: closed, or sent back with the reason."""

    accepted: StrictBool
    note: StrictStr = ""


class NcEvent(BaseModel):
    """One step of a non-conformity's follow-up."""

    model_config = ConfigDict(from_attributes=True)

    happened_on: date
    at: datetime
    actor: str
    from_status: NcStatus | None
    to_status: NcStatus
    note: str


class PlanAction(BaseModel):
    """What the supplier will do about one non-conformity, who owns it and by when."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    nc_id: int
    action: StrictStr
    owner: StrictStr
    due_on: date


class PlanCreate(BaseModel):
    """An improvement plan submitted for open non-conformities of one audit."""

    model_config = ConfigDict(extra="forbid")

    audit: StrictStr = Field(description="Reference of the audit")
    submitted_on: date | None = Field(default=None, description="Default: today")
    actions: list[PlanAction]


class PlanDecision(BaseModel):
    """Accept or reject a plan; a rejection needs the reason."""

    model_config = ConfigDict(extra="forbid")

    accept: StrictBool
    reason: StrictStr = ""
    decided_on: date | None = Field(default=None, description="Default: today")


class Plan(BaseModel):
    """A stored improvement plan."""

    id: int
    audit: str
    submitted_on: date
    submitted_by: str
    status: PlanStatus
    decided_on: date | None
    decided_by: str
    decision_reason: str
    actions: list[PlanAction]

    @classmethod
    def of(cls, row: ImprovementPlanRow, audit_reference: str) -> Plan:
        """The schema of a stored plan."""
        return cls(
            id=row.id,
            audit=audit_reference,
            submitted_on=row.submitted_on,
            submitted_by=row.submitted_by,
            status=PlanStatus(row.status),
            decided_on=row.decided_on,
            decided_by=row.decided_by,
            decision_reason=row.decision_reason,
            actions=[PlanAction.model_validate(a) for a in row.actions],
        )


@router.get("", response_model=NcList)
def list_nonconformities(
    db: DatabaseDep,
    supplier: Annotated[str | None, Query(description="Code of the supplier")] = None,
    audit: Annotated[str | None, Query(description="Reference of the audit")] = None,
    status: Annotated[list[NcStatus] | None, Query()] = None,
    overdue: Annotated[bool, Query(description="Only those overdue on `as_of`")] = False,
    as_of: AsOf = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_RECORD_ID, description="`next_cursor` of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> NcList:
    """Non-conformities in the order found, each flagged overdue or not on the day asked."""
    where = NcFilter(
        supplier_id=supplier_service.get_supplier(db, supplier).id if supplier else None,
        audit_id=audit_service.get_audit(db, audit).id if audit else None,
        statuses=tuple(s.value for s in status or ()),
    )
    page = service.list_nonconformities(
        db, where, as_of or today(), only_overdue=overdue, after_id=after, limit=limit
    )
    return NcList(items=[NonConformity.of(r) for r in page.items], next_cursor=page.next_after)


@router.get("/{nc_id}", response_model=NonConformity)
def get_nonconformity(nc_id: NcId, db: DatabaseDep, as_of: AsOf = None) -> NonConformity:
    """One non-conformity."""
    return NonConformity.of(service.get_nonconformity(db, nc_id, as_of or today()))


@router.get("/{nc_id}/history", response_model=list[NcEvent])
def history(nc_id: NcId, db: DatabaseDep) -> list[NcEvent]:
    """Every step of the non-conformity's follow-up, oldest first."""
    return [NcEvent.model_validate(e) for e in service.nc_history(db, nc_id)]


@router.post("/{nc_id}/closing-date", response_model=NonConformity)
def agree_closing_date(
    nc_id: NcId, body: ClosingDate, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> NonConformity:
    """Record the closing date agreed with the supplier and who owns the correction."""
    service.agree_closing_date(db, nc_id, body.due_on, body.owner, actor, body.on, clock=clock)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/start", response_model=NonConformity)
def start_work(
    nc_id: NcId, body: Step, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> NonConformity:
    """The supplier has started the correction."""
    service.start_work(db, nc_id, actor, body.on, clock=clock)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/evidence", response_model=NonConformity)
def submit_evidence(
    nc_id: NcId, body: EvidenceSubmission, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> NonConformity:
    """The supplier sends evidence of the correction, to be verified."""
    service.submit_evidence(db, nc_id, body.evidence, actor, body.on, clock=clock)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/verification", response_model=NonConformity)
def verify(
    nc_id: NcId, body: Verification, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> NonConformity:
    """The auditor closes the non-conformity, or sends it back saying why."""
    service.verify(db, nc_id, body.accepted, body.note, actor, body.on, clock=clock)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@plans_router.get("", response_model=list[Plan])
def plans_of_audit(
    audit: Annotated[str, Query(description="Reference of the audit")], db: DatabaseDep
) -> list[Plan]:
    """The improvement plans of an audit, oldest first."""
    return [Plan.of(row, audit) for row in plan_service.plans_for(db, audit)]


@plans_router.post("", response_model=Plan, status_code=201)
def submit_plan(
    body: PlanCreate, db: DatabaseDep, clock: ClockDep, actor: PersonDep, response: Response
) -> Plan:
    """Record a supplier's plan for open non-conformities of an audit."""
    actions = [ActionValue(a.nc_id, a.action, a.owner, a.due_on) for a in body.actions]
    row = plan_service.submit_plan(db, body.audit, actions, actor, body.submitted_on, clock)
    response.headers["Location"] = f"/api/v1/improvement-plans/{row.id}"
    return Plan.of(row, body.audit)


@plans_router.get("/{plan_id}", response_model=Plan)
def get_plan(plan_id: PlanId, db: DatabaseDep) -> Plan:
    """One improvement plan."""
    record = plan_service.get_plan(db, plan_id)
    return Plan.of(record.plan, record.audit_reference)


@plans_router.post("/{plan_id}/decision", response_model=Plan)
def decide_plan(
    plan_id: PlanId, body: PlanDecision, db: DatabaseDep, clock: ClockDep, actor: PersonDep
) -> Plan:
    """Accept or reject a submitted plan; a rejection needs the reason."""
    plan_service.decide_plan(db, plan_id, body.accept, body.reason, actor, body.decided_on, clock)
    record = plan_service.get_plan(db, plan_id)
    return Plan.of(record.plan, record.audit_reference)
