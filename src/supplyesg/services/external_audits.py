"""Recording external audits: a third-party audit's published result, findings and report.

An external audit is stored as a completed audit of type "external" (so the rating, plan
deadlines, enforcement, risk register and programme read it like any other, through
domain.audit_authority), with what the scheme published beside it. Its risk level comes from
the policy edition in force on its last day (domain.external_audits); each critical, major or
minor finding opens a non-conformity, named by the requirement it is mapped to or else by its
number in the report ("finding 3"). The report file is kept with the evidence files.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import (
    EsgAuditRow,
    EvidenceFileRow,
    ExternalAuditRow,
    ExternalFindingRow,
    NcEventRow,
    NonConformityRow,
)
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.repositories import conduct as conduct_repo
from supplyesg.db.session import Database
from supplyesg.domain.audit_authority import Party
from supplyesg.domain.audits import AuditType, reference_problems
from supplyesg.domain.conduct import CodeOfConduct, version_in_force
from supplyesg.domain.errors import InvalidInputError, NotFoundError, Problem, refuse_if
from supplyesg.domain.evidence import evidence_problems, kind_of, safe_file_name
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    MappingEntry,
    PublishedResult,
    Severity,
    details_problems,
    external_audit_risk,
    findings_problems,
    result_mapping,
    result_problems,
)
from supplyesg.domain.plans import NcStatus
from supplyesg.domain.scheme_results import Scheme
from supplyesg.services import audits, conduct, events, nonconformities, policy_files
from supplyesg.services import suppliers as supplier_service

REFUSED = "The external audit cannot be recorded."
FOUND = "found by the external audit"
SNIFFED_BYTES = 64


@dataclass(frozen=True, slots=True)
class ReportFile:
    """The audit report as uploaded: its name and content."""

    file_name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class ExternalAuditDraft:
    """An external audit to record: whom, the scheme's details, result, findings and report."""

    supplier_code: str
    details: ExternalAuditDetails
    result: PublishedResult
    findings: tuple[ExternalFinding, ...] = ()
    code_version: str = ""
    """The code of conduct the findings are mapped to; empty: the one in force on the day."""
    reference: str = ""
    report: ReportFile | None = None


@dataclass(frozen=True, slots=True)
class ExternalAudit:
    """A recorded external audit: the audit row and what the scheme published."""

    audit: EsgAuditRow
    external: ExternalAuditRow


def record_external_audit(
    db: Database,
    draft: ExternalAuditDraft,
    actor: str,
    max_report_bytes: int,
    clock: Clock = SYSTEM_CLOCK,
) -> ExternalAudit:
    """Check, rate and record one external audit with its non-conformities."""
    return record_external_audits(db, [draft], actor, max_report_bytes, clock)[0]


def record_external_audits(
    db: Database,
    drafts: Sequence[ExternalAuditDraft],
    actor: str,
    max_report_bytes: int,
    clock: Clock = SYSTEM_CLOCK,
) -> list[ExternalAudit]:
    """Record several external audits in one transaction: all of them, or none."""
    with db.transaction() as session:
        found = draft_problems(session, drafts, max_report_bytes, clock)
        if len(drafts) == 1:
            refuse_if(found.get(0, []), REFUSED)
        elif found:
            raise InvalidInputError(
                "The external audits cannot be recorded.",
                [
                    Problem(f"audits[{i + 1}].{p.field}", p.reason, p.value, p.row)
                    for i, problems in sorted(found.items())
                    for p in problems
                ],
            )
        return record_in(session, drafts, actor, clock)


def record_in(
    session: Session, drafts: Sequence[ExternalAuditDraft], actor: str, clock: Clock
) -> list[ExternalAudit]:
    """Record drafts that `draft_problems` found nothing wrong with, in a caller's transaction."""
    return [_record(session, draft, actor, clock.now()) for draft in drafts]


def draft_problems(
    session: Session, drafts: Sequence[ExternalAuditDraft], max_report_bytes: int, clock: Clock
) -> dict[int, list[Problem]]:
    """Every problem of each draft, by its position; a finding's problems name its row."""
    given = Counter(d.reference.strip() for d in drafts if d.reference.strip())
    found: dict[int, list[Problem]] = {}
    for index, draft in enumerate(drafts):
        problems = _problems(session, draft, max_report_bytes, clock)
        reference = draft.reference.strip()
        if reference and given[reference] > 1:
            problems.append(Problem("reference", "is given to more than one audit", reference))
        if problems:
            found[index] = problems
    return found


def get_external(db: Database, reference: str) -> ExternalAudit:
    """The external audit with this reference."""
    with db.transaction() as session:
        audit = audits.require(session, reference)
        external = external_of(session, audit.id)
        if external is None:
            raise NotFoundError(f"Audit {reference!r} is not an external audit.")
        return ExternalAudit(audit, external)


def externals_of(db: Database, audit_ids: Sequence[int]) -> dict[int, ExternalAuditRow]:
    """What the scheme published for each of these audits that is an external audit."""
    if not audit_ids:
        return {}
    with db.transaction() as session:
        query = select(ExternalAuditRow).where(ExternalAuditRow.audit_id.in_(audit_ids))
        return {row.audit_id: row for row in session.scalars(query)}


def mapping_of(db: Database, audit: EsgAuditRow, external: ExternalAuditRow) -> MappingEntry | None:
    """The entry of the audit's own policy edition that mapped its published result."""
    policy = policy_files.policy_by_version(db, audit.policy_version or "")
    return result_mapping(Scheme(external.scheme), published_result(external), policy)


def published_result(external: ExternalAuditRow) -> PublishedResult:
    """The overall result as the scheme published it."""
    return PublishedResult(
        external.rating, external.score, external.recognition, external.certificate_valid
    )


def external_of(session: Session, audit_id: int) -> ExternalAuditRow | None:
    """What the scheme published for an audit, if it is an external audit."""
    query = select(ExternalAuditRow).where(ExternalAuditRow.audit_id == audit_id)
    return session.scalars(query).one_or_none()


# -- the steps, inside the transaction ---------------------------------------------------------


def _problems(
    session: Session, draft: ExternalAuditDraft, max_report_bytes: int, clock: Clock
) -> list[Problem]:
    problems = []
    reference = draft.reference.strip()
    if reference:
        problems += reference_problems(reference)
        if audit_repo.by_reference(session, reference) is not None:
            problems.append(Problem("reference", "is already used by another audit", reference))
    try:
        supplier_service.require(session, draft.supplier_code)
    except NotFoundError:
        problems.append(Problem("supplier", "there is no such supplier", draft.supplier_code))
    problems += details_problems(draft.details, clock.today())
    problems += result_problems(draft.details.scheme, draft.result)
    code = _code(session, draft)
    if code is None:
        problems.append(Problem("code_version", "no such code of conduct", draft.code_version))
    else:
        problems += findings_problems(draft.findings, code)
    if draft.report is not None:
        report = draft.report
        head = report.content[:SNIFFED_BYTES]
        problems += [
            Problem("report", p.reason, p.value)
            for p in evidence_problems(
                report.file_name, head, len(report.content), max_report_bytes
            )
        ]
    return problems


def _code(session: Session, draft: ExternalAuditDraft) -> CodeOfConduct | None:
    version = draft.code_version.strip()
    if not version:
        codes = [(row.version, row.effective_from) for row in conduct_repo.all_codes(session)]
        version = version_in_force(codes, draft.details.ended_on) or ""
    row = conduct_repo.by_version(session, version)
    return None if row is None else conduct.code_of(row)


def _record(session: Session, draft: ExternalAuditDraft, actor: str, at: datetime) -> ExternalAudit:
    details = draft.details
    code = _code(session, draft)
    assert code is not None  # checked by _problems
    code_row = conduct.require(session, code.version)
    supplier = supplier_service.require(session, draft.supplier_code)
    policy = policy_files.policy_for(session, details.ended_on)
    risk = external_audit_risk(details.scheme, draft.result, draft.findings, policy)
    audit = EsgAuditRow(
        reference=draft.reference.strip() or audits.new_reference(session, details.ended_on),
        supplier_id=supplier.id,
        code_id=code_row.id,
        audit_type=AuditType.EXTERNAL.value,
        auditor=details.audit_firm.strip(),
        started_on=details.started_on,
        ended_on=details.ended_on,
        sites=[],
        status=audit_repo.COMPLETED,
        revision=1,
        created_at=at,
        completed_at=at,
        risk_level=risk.risk_level.value,
        outcome=risk.outcome.value,
        policy_version=risk.policy_version,
        result_reasons=[{"rule": r.rule, "text": r.text} for r in risk.reasons],
        nc_count=0,
        completed_by=Party.STAFF.value,
    )
    session.add(audit)
    session.flush()
    external = ExternalAuditRow(
        audit_id=audit.id,
        scheme=details.scheme.value,
        scheme_reference=details.scheme_reference.strip(),
        rating=draft.result.rating,
        score=draft.result.score,
        recognition=draft.result.recognition,
        certificate_valid=draft.result.certificate_valid,
        report_file=_report(supplier.id, draft.report, actor, at),
        findings=[
            ExternalFindingRow(
                position=position,
                severity=f.severity.value,
                description=f.description.strip(),
                requirement_id=f.requirement_id,
            )
            for position, f in enumerate(draft.findings, start=1)
        ],
    )
    session.add(external)
    session.flush()
    _open_nonconformities(session, audit, external, actor, at)
    events.record(session, [audits.completed_event(audit)], at)
    return ExternalAudit(audit, external)


def _report(
    supplier_id: int, report: ReportFile | None, actor: str, at: datetime
) -> EvidenceFileRow | None:
    if report is None:
        return None
    name = safe_file_name(report.file_name)
    kind = kind_of(name)
    assert kind is not None  # checked by evidence_problems
    return EvidenceFileRow(
        supplier_id=supplier_id,
        nc_id=None,
        file_name=name,
        media_type=kind.media_type,
        size_bytes=len(report.content),
        sha256=hashlib.sha256(report.content).hexdigest(),
        content=report.content,
        uploaded_by=actor,
        uploaded_at=at,
    )


def nonconformity_name(finding: ExternalFindingRow) -> str:
    """How a finding's non-conformity is named: its requirement, or its number in the report."""
    return finding.requirement_id or f"finding {finding.position}"


def _open_nonconformities(
    session: Session, audit: EsgAuditRow, external: ExternalAuditRow, actor: str, at: datetime
) -> None:
    opened = []
    for row in external.findings:
        verdict = Severity(row.severity).verdict
        if verdict is None:
            continue
        nc = NonConformityRow(
            audit_id=audit.id,
            requirement_id=nonconformity_name(row),
            severity=verdict.value,
            status=NcStatus.OPEN.value,
            evidence=[],
            created_at=at,
            updated_at=at,
        )
        session.add(nc)
        opened.append((row, nc))
    session.flush()
    for row, nc in opened:
        row.nc_id = nc.id
        session.add(
            NcEventRow(
                nc_id=nc.id,
                happened_on=audit.ended_on,
                at=at,
                actor=actor,
                from_status=None,
                to_status=NcStatus.OPEN.value,
                note=FOUND,
            )
        )
    session.flush()
    nonconformities.refresh_progress(session, audit)
