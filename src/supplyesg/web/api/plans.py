"""Follow-up endpoints: non-conformities (closing dates, evidence, verification) and plans."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from supplyesg.db.repositories.audits import NcFilter
from supplyesg.domain.plans import NcStatus, PlanAction
from supplyesg.services import audits as audit_service
from supplyesg.services import nonconformities as service
from supplyesg.services import plans as plan_service
from supplyesg.services import suppliers as supplier_service
from supplyesg.web.api.audits import AsOf, today
from supplyesg.web.api.programme_schemas import (
    ClosingDate,
    EvidenceSubmission,
    NcEvent,
    NcList,
    NonConformity,
    Plan,
    PlanCreate,
    PlanDecision,
    Step,
    Verification,
)
from supplyesg.web.deps import ActorDep, DatabaseDep
from supplyesg.web.openapi import PROBLEM_RESPONSES

MAX_ID = 2_147_483_647
NcId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id of the non-conformity")]
PlanId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id of the improvement plan")]

router = APIRouter(
    prefix="/non-conformities", tags=["non-conformities"], responses=PROBLEM_RESPONSES
)
plans_router = APIRouter(
    prefix="/improvement-plans", tags=["improvement plans"], responses=PROBLEM_RESPONSES
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
        int | None, Query(ge=0, le=MAX_ID, description="`next_cursor` of the previous page")
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
    nc_id: NcId, body: ClosingDate, db: DatabaseDep, actor: ActorDep
) -> NonConformity:
    """Record the closing date agreed with the supplier and who owns the correction."""
    service.agree_closing_date(db, nc_id, body.due_on, body.owner, actor)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/start", response_model=NonConformity)
def start_work(nc_id: NcId, body: Step, db: DatabaseDep, actor: ActorDep) -> NonConformity:
    """The supplier has started the correction."""
    service.start_work(db, nc_id, actor, body.on)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/evidence", response_model=NonConformity)
def submit_evidence(
    nc_id: NcId, body: EvidenceSubmission, db: DatabaseDep, actor: ActorDep
) -> NonConformity:
    """The supplier sends evidence of the correction, to be verified."""
    service.submit_evidence(db, nc_id, body.evidence, actor, body.on)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@router.post("/{nc_id}/verification", response_model=NonConformity)
def verify(nc_id: NcId, body: Verification, db: DatabaseDep, actor: ActorDep) -> NonConformity:
    """The auditor closes the non-conformity, or sends it back saying why."""
    service.verify(db, nc_id, body.accepted, body.note, actor, body.on)
    return NonConformity.of(service.get_nonconformity(db, nc_id, today()))


@plans_router.get("", response_model=list[Plan])
def plans_of_audit(
    audit: Annotated[str, Query(description="Reference of the audit")], db: DatabaseDep
) -> list[Plan]:
    """The improvement plans of an audit, oldest first."""
    return [Plan.of(row, audit) for row in plan_service.plans_for(db, audit)]


@plans_router.post("", response_model=Plan, status_code=201)
def submit_plan(body: PlanCreate, db: DatabaseDep, actor: ActorDep, response: Response) -> Plan:
    """Record a supplier's plan for open non-conformities of an audit."""
    actions = [PlanAction(a.nc_id, a.action, a.owner, a.due_on) for a in body.actions]
    row = plan_service.submit_plan(db, body.audit, actions, actor, body.submitted_on)
    response.headers["Location"] = f"/api/v1/improvement-plans/{row.id}"
    return Plan.of(row, body.audit)


@plans_router.get("/{plan_id}", response_model=Plan)
def get_plan(plan_id: PlanId, db: DatabaseDep) -> Plan:
    """One improvement plan."""
    record = plan_service.get_plan(db, plan_id)
    return Plan.of(record.plan, record.audit_reference)


@plans_router.post("/{plan_id}/decision", response_model=Plan)
def decide_plan(plan_id: PlanId, body: PlanDecision, db: DatabaseDep, actor: ActorDep) -> Plan:
    """Accept or reject a submitted plan; a rejection needs the reason."""
    plan_service.decide_plan(db, plan_id, body.accept, body.reason, actor, body.decided_on)
    record = plan_service.get_plan(db, plan_id)
    return Plan.of(record.plan, record.audit_reference)
