"""External audit endpoints: record a third-party audit as its scheme published it, or import them.

Included before `audits.router`, whose `/audits/{reference}` would otherwise take
`/audits/external`.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request, Response, UploadFile

from supplyesg.db.models import EsgAuditRow
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditType
from supplyesg.services import audits as audit_service
from supplyesg.services import external_audit_files, policy_files
from supplyesg.services import external_audits as service
from supplyesg.web.api.external_schemas import (
    ExternalAuditCreate,
    ExternalAuditPart,
    ExternalImport,
)
from supplyesg.web.api.programme_schemas import Audit, read_upload
from supplyesg.web.deps import ActorDep, ClockDep, DatabaseDep, request_today
from supplyesg.web.openapi import PROBLEM_RESPONSES

router = APIRouter(prefix="/audits/external", tags=["audits"], responses=PROBLEM_RESPONSES)


@router.post("", response_model=Audit, status_code=201)
def record_external_audit(
    body: ExternalAuditCreate,
    request: Request,
    db: DatabaseDep,
    clock: ClockDep,
    actor: ActorDep,
    response: Response,
) -> Audit:
    """Record a third-party audit (SMETA, amfori BSCI, RBA VAP, EcoVadis, a certification body),
    completed at once: the policy's table for its scheme maps the published result to a risk
    level, raised by the worst finding; critical, major and minor findings open
    non-conformities. 422 lists every problem by field (and by finding, as `row`)."""
    max_bytes = request.app.state.settings.max_evidence_mb * 1024 * 1024
    done = service.record_external_audit(db, body.draft(), actor, max_bytes, clock)
    reference = done.audit.reference
    response.headers["Location"] = f"/api/v1/audits/{reference}"
    row = audit_service.get_audit(db, reference)
    on = request_today()
    return Audit.of(row, on, policy_files.policy_for(db, on), parts_of(db, [row]).get(row.id))


@router.post("/import", response_model=ExternalImport)
async def import_external_audits(
    file: UploadFile, request: Request, db: DatabaseDep, clock: ClockDep, actor: ActorDep
) -> ExternalImport:
    """Record the external audits of a .csv or .xlsx file (one row per finding), all or nothing:
    if any row is bad, nothing is written and the 422 answer lists every problem with its row,
    column, value and reason."""
    content, name = await read_upload(file, request)
    result = external_audit_files.import_external_audits(db, content, name, actor, clock)
    return ExternalImport(
        audits=result.audits,
        findings=result.findings,
        nonconformities=result.nonconformities,
        encoding=result.encoding,
    )


def parts_of(db: Database, rows: Sequence[EsgAuditRow]) -> dict[int, ExternalAuditPart]:
    """What the scheme published for each external audit among these, by audit id."""
    ids = [row.id for row in rows if row.audit_type == AuditType.EXTERNAL]
    externals = service.externals_of(db, ids)
    return {
        row.id: ExternalAuditPart.of(
            externals[row.id], service.mapping_of(db, row, externals[row.id])
        )
        for row in rows
        if row.id in externals
    }
