"""Recording ESG audits: drafts, completion, corrections, reading.

A draft may be changed freely. Completing it scores it with the policy edition in force on
the day the audit ended, stores the result on the audit row and opens a non-conformity for
each finding that calls for one. A completed audit never changes; a correction archives the
revision it replaces, with the reason, and rescores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.db.models import AuditRevisionRow, EsgAuditRow, FindingRow
from supplyesg.db.repositories import audits as repo
from supplyesg.db.repositories.audits import AuditFilter
from supplyesg.db.session import Database
from supplyesg.domain.audit_authority import (
    CandidateAudit,
    Party,
    review_problems,
    reviewed_findings,
)
from supplyesg.domain.audits import (
    AuditDetails,
    AuditResult,
    AuditType,
    Finding,
    RiskLevel,
    Verdict,
    audit_result,
    correction_problems,
    details_problems,
    findings_problems,
    reference_problems,
)
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import ConflictError, NotFoundError, Problem, refuse_if
from supplyesg.domain.events import BusinessEvent, audit_completed
from supplyesg.domain.plans import PlanDeadline, plan_deadline_status
from supplyesg.domain.policy import Policy
from supplyesg.services import conduct, events, nonconformities, policy_files
from supplyesg.services import suppliers as supplier_service

DRAFT, COMPLETED = "draft", repo.COMPLETED
MAX_PAGE = 500
PILLAR_COLUMNS = {
    Pillar.ENVIRONMENT: "environment_score",
    Pillar.LABOUR: "labour_score",
    Pillar.HEALTH_AND_SAFETY: "health_and_safety_score",
    Pillar.ETHICS: "ethics_score",
}


@dataclass(frozen=True, slots=True)
class AuditDraft:
    """A new audit: whom, against which code version, its details and findings so far."""

    supplier_code: str
    code_version: str
    details: AuditDetails
    findings: tuple[Finding, ...] = ()
    reference: str = ""


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of audits and the reference to continue after, if there is more."""

    items: Sequence[EsgAuditRow]
    next_after: str | None


@dataclass(frozen=True, slots=True)
class Correction:
    """What a correction changes (None keeps the current value) and why."""

    reason: str
    details: AuditDetails | None = None
    findings: tuple[Finding, ...] | None = None


def now(clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The current instant, in UTC, by the clock."""
    return clock.now()


def details_of(row: EsgAuditRow) -> AuditDetails:
    """The domain details of a stored audit."""
    return AuditDetails(
        AuditType(row.audit_type), row.auditor, row.started_on, row.ended_on, tuple(row.sites)
    )


def findings_of(row: EsgAuditRow) -> tuple[Finding, ...]:
    """The domain findings of a stored audit."""
    return tuple(
        Finding(f.requirement_id, Verdict(f.verdict), f.notes, tuple(f.evidence))
        for f in row.findings
    )


# -- use cases -------------------------------------------------------------------------------


def create_audit(
    db: Database, draft: AuditDraft, actor: str, clock: Clock = SYSTEM_CLOCK
) -> EsgAuditRow:
    """Record a draft audit; its findings may be partial."""
    with db.transaction() as session:
        return add_draft(session, draft, clock=clock)


def record_audit(
    db: Database,
    draft: AuditDraft,
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Record a finished audit in one go: create it and complete it."""
    with db.transaction() as session:
        row = add_draft(session, draft, complete=True, clock=clock)
        return complete(session, row, actor, policy, clock)


def update_draft(
    db: Database,
    reference: str,
    details: AuditDetails | None = None,
    findings: Sequence[Finding] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Change the details or the findings of a draft audit."""
    with db.transaction() as session:
        row = require(session, reference, for_update=True)
        if row.status != DRAFT:
            raise ConflictError(
                f"Audit {reference!r} is completed and cannot be changed.",
                [Problem("status", "a completed audit is corrected, with a reason")],
            )
        details = details or details_of(row)
        _check_and_apply(session, row, details, findings, complete=False, today=clock.today())
        return row


def complete_audit(
    db: Database,
    reference: str,
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
    completed_by: Party = Party.STAFF,
) -> EsgAuditRow:
    """Score a draft audit, store its result and open its non-conformities.

    `completed_by` the supplier (its self-assessment): the audit counts once staff review it.
    """
    with db.transaction() as session:
        row = require(session, reference, for_update=True)
        return complete(session, row, actor, policy, clock, completed_by)


def correct_audit(
    db: Database,
    reference: str,
    correction: Correction,
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Replace a completed audit by a corrected revision; the replaced one is kept."""
    refuse_if(correction_problems(correction.reason), "The audit cannot be corrected.")
    with db.transaction() as session:
        row = require(session, reference, for_update=True)
        if row.status != COMPLETED:
            raise ConflictError(
                f"Audit {reference!r} is a draft.",
                [Problem("status", "a draft is changed directly, not corrected")],
            )
        snapshot = _snapshot(row)
        details = correction.details or details_of(row)
        findings = correction.findings if correction.findings is not None else findings_of(row)
        _check_and_apply(session, row, details, findings, complete=True, today=clock.today())
        session.add(
            AuditRevisionRow(
                audit_id=row.id,
                revision=row.revision,
                snapshot=snapshot,
                corrected_at=clock.now(),
                corrected_by=actor,
                reason=correction.reason.strip(),
            )
        )
        row.revision += 1
        _score(session, row, policy)
        note = f"audit corrected (revision {row.revision}): {correction.reason.strip()}"
        nonconformities.sync_nonconformities(session, row, findings, actor, note, clock.now())
        return row


@dataclass(frozen=True, slots=True)
class Review:
    """A staff desktop review of a supplier's self-assessment: who, when, and the auditor's
    verdicts (requirements not given keep the supplier's answer, confirmed by the auditor)."""

    auditor: str
    ended_on: date
    started_on: date | None = None
    verdicts: tuple[Finding, ...] = ()
    reference: str = ""


def review_self_assessment(
    db: Database,
    reference: str,
    review: Review,
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Complete a desktop review of a completed self-assessment: a staff audit with its own
    findings, which replaces the supplier's evidence (domain.audit_authority)."""
    with db.transaction() as session:
        reviewed = require(session, reference, for_update=True)
        if reviewed.status != COMPLETED:
            raise ConflictError(
                f"Audit {reference!r} is a draft.",
                [Problem("status", "a self-assessment is reviewed once submitted")],
            )
        existing = repo.review_of(session, reviewed.id)
        problems = review_problems(
            candidate_of_row(reviewed), existing.reference if existing else None, review.ended_on
        )
        if existing is not None:
            raise ConflictError(f"Audit {reference!r} was already reviewed.", problems)
        refuse_if(problems, f"Audit {reference!r} cannot be reviewed.")
        details = AuditDetails(
            AuditType.DESKTOP_REVIEW,
            review.auditor,
            review.started_on or max(reviewed.ended_on, review.ended_on),
            review.ended_on,
            tuple(reviewed.sites),
        )
        findings = reviewed_findings(findings_of(reviewed), review.verdicts)
        draft = AuditDraft(
            reviewed.supplier.code, reviewed.code.version, details, findings, review.reference
        )
        row = add_draft(session, draft, complete=True, clock=clock)
        row.reviews_audit_id = reviewed.id
        return complete(session, row, actor, policy, clock)


def candidate_of_row(row: EsgAuditRow) -> CandidateAudit:
    """What `domain.audit_authority` reads of a stored, completed audit."""
    return CandidateAudit(
        row.id,
        row.reference,
        AuditType(row.audit_type),
        Party(row.completed_by),
        row.ended_on,
        RiskLevel(row.risk_level or RiskLevel.HIGH),
        row.reviews_audit_id,
    )


def delete_draft(db: Database, reference: str) -> None:
    """Remove a draft audit; a completed audit is never removed."""
    with db.transaction() as session:
        row = require(session, reference, for_update=True)
        if row.status != DRAFT:
            raise ConflictError(
                f"Audit {reference!r} is completed and is kept.",
                [Problem("status", "only a draft can be removed")],
            )
        session.delete(row)


def get_audit(db: Database, reference: str) -> EsgAuditRow:
    """The audit with this reference."""
    with db.transaction() as session:
        return require(session, reference)


def list_audits(
    db: Database, where: AuditFilter, after_reference: str | None = None, limit: int = 50
) -> AuditPage:
    """One page of audits in reference order."""
    limit = max(1, min(limit, MAX_PAGE))
    with db.transaction() as session:
        rows = repo.page(session, where, after_reference, limit + 1)
    items = rows[:limit]
    more = len(rows) > limit
    return AuditPage(items, items[-1].reference if more and items else None)


def plan_deadline_of(row: EsgAuditRow, on: date, policy: Policy) -> PlanDeadline | None:
    """The plan deadline of a completed audit and whether it was met, as of a day.

    `policy` is the edition in force on that day (`policy_files.policy_for(db, on)`), as for
    every judgement the programme makes as of a day.
    """
    if row.status != COMPLETED or row.risk_level is None:
        return None
    return plan_deadline_status(
        RiskLevel(row.risk_level), row.ended_on, nonconformities.progress_of(row), on, policy
    )


def revisions(db: Database, reference: str) -> Sequence[AuditRevisionRow]:
    """The replaced revisions of an audit, oldest first, each with its reason."""
    with db.transaction() as session:
        return repo.revisions_of(session, require(session, reference).id)


# -- the steps, inside a caller's transaction -------------------------------------------------


def require(session: Session, reference: str, *, for_update: bool = False) -> EsgAuditRow:
    """The audit with this reference, or NotFoundError."""
    row = repo.by_reference(session, reference)
    if row is None:
        raise NotFoundError(f"There is no audit {reference!r}.")
    if for_update:
        session.refresh(row, with_for_update=True)
    return row


def add_draft(
    session: Session, draft: AuditDraft, *, complete: bool = False, clock: Clock = SYSTEM_CLOCK
) -> EsgAuditRow:
    """Check and add a draft audit; `complete` also checks what completion will ask."""
    reference = draft.reference.strip()
    if reference:
        refuse_if(reference_problems(reference), "The audit cannot be saved.")
        if repo.by_reference(session, reference) is not None:
            raise ConflictError(
                f"An audit {reference!r} already exists.",
                [Problem("reference", "is already used by another audit", reference)],
            )
    supplier = supplier_service.require(session, draft.supplier_code)
    code = conduct.require(session, draft.code_version)
    row = EsgAuditRow(
        reference=reference or new_reference(session, draft.details.ended_on),
        supplier_id=supplier.id,
        code_id=code.id,
        status=DRAFT,
        revision=0,
        created_at=clock.now(),
        result_reasons=[],
        nc_count=0,
    )
    row.code, row.supplier = code, supplier
    _check_and_apply(
        session, row, draft.details, draft.findings, complete=complete, today=clock.today()
    )
    session.add(row)
    session.flush()
    return row


def complete(
    session: Session,
    row: EsgAuditRow,
    actor: str,
    policy: Policy | None = None,
    clock: Clock = SYSTEM_CLOCK,
    completed_by: Party = Party.STAFF,
) -> EsgAuditRow:
    """Score a draft, store the result and open its non-conformities."""
    if row.status != DRAFT:
        raise ConflictError(
            f"Audit {row.reference!r} is already completed.",
            [Problem("status", "a completed audit is corrected, with a reason")],
        )
    findings = findings_of(row)
    refuse_if(
        findings_problems(findings, conduct.code_of(row.code), complete=True),
        f"Audit {row.reference!r} cannot be completed.",
    )
    row.status, row.revision, row.completed_at = COMPLETED, 1, clock.now()
    row.completed_by = completed_by.value
    _score(session, row, policy)
    session.flush()
    found = "found by the audit"
    nonconformities.sync_nonconformities(session, row, findings, actor, found, clock.now())
    events.record(session, [completed_event(row)], clock.now())
    return row


def completed_event(row: EsgAuditRow) -> BusinessEvent:
    """The `audit.completed` event of a stored audit just completed."""
    return audit_completed(
        row.supplier.code,
        row.reference,
        row.audit_type,
        row.ended_on,
        row.score,
        row.risk_level,
        row.outcome,
        row.nc_count,
        row.completed_by,
    )


def _check_and_apply(
    session: Session,
    row: EsgAuditRow,
    details: AuditDetails,
    findings: Sequence[Finding] | None,
    *,
    complete: bool,
    today: date,
) -> None:
    problems = details_problems(details, today)
    if findings is not None:
        problems += findings_problems(findings, conduct.code_of(row.code), complete=complete)
    refuse_if(problems, "The audit cannot be saved.")
    row.audit_type, row.auditor = details.audit_type.value, details.auditor.strip()
    row.started_on, row.ended_on = details.started_on, details.ended_on
    row.sites = [site.strip() for site in details.sites]
    if findings is not None:
        if row.id is not None:
            # Remove the old findings first: the unit of work would insert the new ones first.
            row.findings.clear()
            session.flush()
        row.findings = [
            FindingRow(
                position=index,
                requirement_id=f.requirement_id,
                verdict=f.verdict.value,
                notes=f.notes.strip(),
                evidence=[ref.strip() for ref in f.evidence],
            )
            for index, f in enumerate(findings)
        ]


def _score(session: Session, row: EsgAuditRow, policy: Policy | None) -> AuditResult:
    policy = policy or policy_files.policy_for(session, row.ended_on)
    result = audit_result(findings_of(row), conduct.code_of(row.code), policy)
    row.score, row.risk_level, row.outcome = result.score, result.risk_level, result.outcome
    row.policy_version = result.policy_version
    for pillar, column in PILLAR_COLUMNS.items():
        setattr(row, column, result.pillar_scores[pillar])
    row.result_reasons = [{"rule": r.rule, "text": r.text} for r in result.reasons]
    return result


def new_reference(session: Session, ended_on: date) -> str:
    """The next free audit reference of the year the audit ended: AUD-<year>-<number>."""
    prefix = f"AUD-{ended_on.year}-"
    number = repo.next_number(session, prefix)
    while repo.by_reference(session, f"{prefix}{number:05d}") is not None:
        number += 1
    return f"{prefix}{number:05d}"


def _snapshot(row: EsgAuditRow) -> dict[str, Any]:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "revision": row.revision,
        "audit_type": row.audit_type,
        "auditor": row.auditor,
        "started_on": row.started_on.isoformat(),
        "ended_on": row.ended_on.isoformat(),
        "sites": list(row.sites),
        "completed_at": text(row.completed_at and row.completed_at.isoformat()),
        "score": text(row.score),
        "pillar_scores": {p.value: text(getattr(row, c)) for p, c in PILLAR_COLUMNS.items()},
        "risk_level": row.risk_level,
        "outcome": row.outcome,
        "policy_version": row.policy_version,
        "reasons": list(row.result_reasons),
        "findings": [
            {
                "requirement": f.requirement_id,
                "verdict": f.verdict,
                "notes": f.notes,
                "evidence": list(f.evidence),
            }
            for f in row.findings
        ],
    }
