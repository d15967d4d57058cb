"""Audit endpoints: drafts, completion, corrections, revisions, import and export."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, UploadFile

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.repositories.audits import AuditFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import RiskLevel
from supplyesg.services import audit_files, policy_files, tabular
from supplyesg.services import audits as service
from supplyesg.services import suppliers as supplier_service
from supplyesg.services.audits import AuditDraft, Correction, Review
from supplyesg.web.api.conduct import MEDIA_TYPES
from supplyesg.web.api.external_audits import parts_of
from supplyesg.web.api.programme_schemas import (
    Audit,
    AuditCorrection,
    AuditCreate,
    AuditList,
    AuditRevision,
    AuditUpdate,
    FileImport,
    ReviewCreate,
    read_upload,
)
from supplyesg.web.api.types import Day
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep, request_today
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/audits", tags=["audits"], responses=PROBLEM_RESPONSES)

AsOf = Annotated[
    Day | None, Query(description="Judge the plan deadline as of this day (default today)")
]


def today() -> date:
    """Today by the application's clock: the day deadlines and overdue flags are judged on."""
    return request_today()


@router.get("", response_model=AuditList)
def list_audits(
    db: DatabaseDep,
    supplier: Annotated[str | None, Query(description="Code of the supplier")] = None,
    status: Annotated[str | None, Query(pattern="^(draft|completed)$")] = None,
    risk_level: RiskLevel | None = None,
    after: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    as_of: AsOf = None,
) -> AuditList:
    """Audits in reference order, filtered, one page at a time."""
    supplier_id = supplier_service.get_supplier(db, supplier).id if supplier else None
    where = AuditFilter(supplier_id, status, risk_level)
    page = service.list_audits(db, where, after, limit)
    on = as_of or today()
    policy = policy_files.policy_for(db, on)
    parts = parts_of(db, page.items)
    return AuditList(
        items=[Audit.of(row, on, policy, parts.get(row.id)) for row in page.items],
        next_cursor=page.next_after,
    )


@router.post("", response_model=Audit, status_code=201)
def create_audit(
    body: AuditCreate, db: DatabaseDep, clock: ClockDep, actor: ActorDep, response: Response
) -> Audit:
    """Record an audit as a draft, or completed at once (`complete: true`)."""
    draft = AuditDraft(
        supplier_code=body.supplier,
        code_version=body.code_version,
        details=body.details(),
        findings=tuple(f.value() for f in body.findings),
        reference=body.reference,
    )
    make = service.record_audit if body.complete else service.create_audit
    row = make(db, draft, actor, clock=clock)
    response.headers["Location"] = f"/api/v1/audits/{row.reference}"
    return _audit(db, row, today())


@router.get("/export.{fmt}", response_class=Response)
def export_audits(fmt: str, db: DatabaseDep) -> Response:
    """Every audit, one row per finding with the stored result (fmt: xlsx or csv)."""
    fmt = tabular.format_of(f"audits.{fmt}")
    buffer = io.BytesIO()
    audit_files.export_audits(db, buffer, fmt)
    return Response(
        buffer.getvalue(),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="audits.{fmt}"'},
    )


@router.post("/import", response_model=FileImport)
async def import_audits(
    file: UploadFile, request: Request, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> FileImport:
    """Record the audits of a .csv or .xlsx file (one row per finding), all or nothing."""
    content, name = await read_upload(file, request)
    result = audit_files.import_audits(db, content, name, actor, clock)
    return FileImport(
        audits=result.audits,
        findings=result.findings,
        completed=result.completed,
        encoding=result.encoding,
    )


@router.get("/{reference}", response_model=Audit)
def get_audit(reference: str, db: DatabaseDep, as_of: AsOf = None) -> Audit:
    """One audit with its findings, result and plan deadline."""
    return _audit(db, service.get_audit(db, reference), as_of or today())


@router.patch("/{reference}", response_model=Audit)
def update_draft(reference: str, body: AuditUpdate, db: DatabaseDep, clock: ClockDep) -> Audit:
    """Change a draft audit; a completed audit is corrected instead."""
    current = service.get_audit(db, reference)
    row = service.update_draft(db, reference, body.details(current), body.finding_values(), clock)
    return _audit(db, row, today())


@router.delete("/{reference}", status_code=204)
def delete_draft(reference: str, db: DatabaseDep) -> Response:
    """Remove a draft audit."""
    service.delete_draft(db, reference)
    return Response(status_code=204)


@router.post("/{reference}/complete", response_model=Audit)
def complete_audit(reference: str, db: DatabaseDep, clock: ClockDep, actor: ActorDep) -> Audit:
    """Score the draft, store its result and open its non-conformities."""
    return _audit(db, service.complete_audit(db, reference, actor, clock=clock), today())


@router.post("/{reference}/review", response_model=Audit, status_code=201)
def review_self_assessment(
    reference: str,
    body: ReviewCreate,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    response: Response,
) -> Audit:
    """Complete a desktop review of a submitted self-assessment, with the auditor's own
    findings; only then does the self-assessment's evidence count (409 if already reviewed)."""
    review = Review(
        body.auditor,
        body.ended_on,
        body.started_on,
        tuple(f.value() for f in body.findings),
        body.reference,
    )
    row = service.review_self_assessment(db, reference, review, actor, clock=clock)
    response.headers["Location"] = f"/api/v1/audits/{row.reference}"
    return _audit(db, row, today())


@router.post("/{reference}/corrections", response_model=Audit)
def correct_audit(
    reference: str, body: AuditCorrection, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> Audit:
    """Correct a completed audit: a new revision, with the reason; the old one is kept."""
    current = service.get_audit(db, reference)
    correction = Correction(body.reason, body.details(current), body.finding_values())
    return _audit(db, service.correct_audit(db, reference, correction, actor, clock=clock), today())


@router.get("/{reference}/revisions", response_model=list[AuditRevision])
def revisions(reference: str, db: DatabaseDep) -> list[AuditRevision]:
    """The replaced revisions of an audit, oldest first, each with its reason."""
    return [AuditRevision.model_validate(row) for row in service.revisions(db, reference)]


def _audit(db: Database, row: EsgAuditRow, on: date) -> Audit:
    return Audit.of(row, on, policy_files.policy_for(db, on), parts_of(db, [row]).get(row.id))
