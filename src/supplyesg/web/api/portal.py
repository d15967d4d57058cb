"""The supplier portal as an API: what a supplier user does on the portal's pages, for the
supplier's own systems (an ERP, a consultant's tool) acting with the user's API token.

Every route goes through services.portal, as the pages do, so the one scoping rule answers
404 for another supplier's records. Staff are refused by the gate (they hold no portal
permission), exactly as on the pages.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile

from supplyesg.domain.evidence import ACCEPTED
from supplyesg.services import portal
from supplyesg.services.portal import Upload
from supplyesg.web.api.portal_schemas import (
    API,
    Answers,
    EvidenceFile,
    PlanDeadline,
    PortalAudit,
    PortalAuditDetail,
    PortalAuditDue,
    PortalDeadlines,
    PortalMe,
    PortalNonConformity,
    PortalNonConformityDetail,
    PortalPlan,
    PortalPlanCreate,
    PortalQuestionnaire,
    PortalTermination,
    PortalTraining,
    Submission,
)
from supplyesg.web.api.types import RecordId
from supplyesg.web.deps import (
    ActorDep,
    ClockDep,
    CurrentUserDep,
    DatabaseDep,
    PersonDep,
    request_today,
)
from supplyesg.web.openapi import PROBLEM_RESPONSES
from supplyesg.web.portal import ScopeDep, file_response

router = APIRouter(prefix="/portal", tags=["supplier portal"], responses=PROBLEM_RESPONSES)

_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file as it was sent, as an attachment",
        "content": {kind: {} for kind in sorted({k.media_type for k in ACCEPTED.values()})},
    }
}


@router.get("/me", response_model=PortalMe)
def me(db: DatabaseDep, scope: ScopeDep, user: CurrentUserDep) -> PortalMe:
    """The supplier the caller works for, as the portal shows it, and the caller's account."""
    return PortalMe.of(portal.profile(db, scope), user)


@router.get("/deadlines", response_model=PortalDeadlines)
def deadlines(db: DatabaseDep, scope: ScopeDep) -> PortalDeadlines:
    """What is due: improvement plans, non-conformities to close, trainings, the annual audit
    (the portal home)."""
    on = request_today()
    due = portal.deadlines(db, scope, on)
    return PortalDeadlines(
        as_of=on,
        plans=[PlanDeadline.of(p) for p in due.plans],
        non_conformities=[PortalNonConformity.of(r) for r in due.nonconformities],
        training=[PortalTraining.of(t) for t in due.training],
        audits=[PortalAuditDue.of(a) for a in due.audits],
        termination=PortalTermination.of(due.termination) if due.termination else None,
    )


@router.get("/audits", response_model=list[PortalAudit])
def list_audits(db: DatabaseDep, scope: ScopeDep) -> list[PortalAudit]:
    """The supplier's completed audits, newest first."""
    return [PortalAudit.of(row) for row in portal.list_audits(db, scope)]


@router.get("/audits/{reference}", response_model=PortalAuditDetail)
def get_audit(reference: str, db: DatabaseDep, scope: ScopeDep) -> PortalAuditDetail:
    """One audit: its result, findings and the non-conformities it opened."""
    row = portal.get_audit(db, scope, reference)
    ncs = portal.nonconformities_of_audit(db, scope, row, request_today())
    return PortalAuditDetail.with_details(row, ncs)


@router.post("/audits/{reference}/plans", response_model=PortalPlan, status_code=201)
def submit_plan(
    reference: str,
    body: PortalPlanCreate,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: PersonDep,
) -> PortalPlan:
    """Send an improvement plan: one action, owner and date per open non-conformity it covers."""
    actions = [a.value() for a in body.actions]
    row = portal.submit_plan(db, scope, reference, actions, actor, clock)
    return PortalPlan.of(row, reference)


@router.get("/plans", response_model=list[PortalPlan])
def list_plans(db: DatabaseDep, scope: ScopeDep) -> list[PortalPlan]:
    """The supplier's improvement plans and the decisions on them, newest first."""
    return [PortalPlan.of(plan, reference) for plan, reference in portal.list_plans(db, scope)]


@router.get("/non-conformities", response_model=list[PortalNonConformity])
def list_nonconformities(db: DatabaseDep, scope: ScopeDep) -> list[PortalNonConformity]:
    """Every non-conformity of the supplier's audits, flagged overdue as of today."""
    records = portal.list_nonconformities(db, scope, request_today())
    return [PortalNonConformity.of(r) for r in records]


@router.get("/non-conformities/{nc_id}", response_model=PortalNonConformityDetail)
def get_nonconformity(
    nc_id: RecordId, db: DatabaseDep, scope: ScopeDep
) -> PortalNonConformityDetail:
    """One non-conformity, with the files sent as evidence."""
    record = portal.get_nonconformity(db, scope, nc_id, request_today())
    files = portal.evidence_of(db, scope, nc_id, request_today())
    return PortalNonConformityDetail.with_files(record, files)


@router.post(
    "/non-conformities/{nc_id}/evidence",
    response_model=PortalNonConformityDetail,
    status_code=201,
)
def send_evidence(
    nc_id: RecordId,
    files: Annotated[list[UploadFile], File(description="PDF, images or office files")],
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: ActorDep,
) -> PortalNonConformityDetail:
    """Send files as evidence that the non-conformity is corrected, for the auditor to verify.

    Each file's kind and size are checked as on the portal's page; if one is refused, the 422
    answer says which and why, and nothing is kept.
    """
    limit = portal.max_evidence_bytes(request.app.state.settings)
    # One byte over the limit is enough to refuse a file; the rest is never read.
    uploads = [Upload(f.filename or "", f.file.read(limit + 1)) for f in files]
    portal.submit_evidence(db, scope, nc_id, uploads, actor, limit, clock)
    return get_nonconformity(nc_id, db, scope)


@router.get("/non-conformities/{nc_id}/evidence", response_model=list[EvidenceFile])
def list_evidence(nc_id: RecordId, db: DatabaseDep, scope: ScopeDep) -> list[EvidenceFile]:
    """The files sent for a non-conformity, oldest first."""
    files = portal.evidence_of(db, scope, nc_id, request_today())
    return [EvidenceFile.of(row) for row in files]


@router.get("/evidence/{file_id}", response_class=Response, responses=_DOWNLOAD)
def download_evidence(file_id: RecordId, db: DatabaseDep, scope: ScopeDep) -> Response:
    """Download one of the supplier's evidence files."""
    return file_response(portal.get_evidence_file(db, scope, file_id))


@router.get("/training", response_model=list[PortalTraining])
def list_training(db: DatabaseDep, scope: ScopeDep) -> list[PortalTraining]:
    """The trainings the supplier is proposed or assigned to, latest first."""
    return [PortalTraining.of(view) for view in portal.list_training(db, scope)]


@router.get("/self-assessment", response_model=PortalQuestionnaire)
def questionnaire(db: DatabaseDep, scope: ScopeDep) -> PortalQuestionnaire:
    """The self-assessment: every requirement of the code of conduct, with the draft's answers."""
    return PortalQuestionnaire.of(portal.questionnaire(db, scope, request_today()))


@router.put("/self-assessment", response_model=PortalQuestionnaire)
def save_draft(
    body: Answers, db: DatabaseDep, clock: ClockDep, scope: ScopeDep, actor: ActorDep
) -> PortalQuestionnaire:
    """Keep the answers as the draft (they replace the draft's); come back to them later."""
    findings = [a.value() for a in body.answers]
    portal.save_self_assessment(db, scope, findings, actor, submit=False, clock=clock)
    return questionnaire(db, scope)


@router.post("/self-assessment/submit", response_model=PortalAudit, status_code=201)
def submit(
    body: Submission,
    db: DatabaseDep,
    clock: ClockDep,
    scope: ScopeDep,
    actor: ActorDep,
    response: Response,
) -> PortalAudit:
    """Submit the self-assessment for scoring; every requirement must be answered.

    The answers sent replace the draft's; send none to submit the draft as saved.
    """
    answers = None if body.answers is None else [a.value() for a in body.answers]
    row = portal.submit_self_assessment(db, scope, answers, actor, clock)
    response.headers["Location"] = f"{API}/audits/{row.reference}"
    return PortalAudit.of(row)
