"""The supplier portal: what a supplier user may see and do, always within their own company.

The scoping rule lives here, once: every record the portal reads or changes is fetched through
`_own`, which answers NotFoundError for anything belonging to another supplier, exactly as if
it did not exist. The portal's pages and endpoints only ever call this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyesg.clock import SYSTEM_CLOCK, Clock
from supplyesg.config import Settings
from supplyesg.db.models import (
    EsgAuditRow,
    EvidenceFileRow,
    ImprovementPlanRow,
    NonConformityRow,
    SupplierRow,
)
from supplyesg.db.repositories import audits as audit_repo
from supplyesg.db.repositories import suppliers as supplier_repo
from supplyesg.db.session import Database
from supplyesg.domain.access import Principal
from supplyesg.domain.audit_authority import Party
from supplyesg.domain.audits import AuditDetails, AuditType, Finding, RiskLevel
from supplyesg.domain.conduct import CodeOfConduct
from supplyesg.domain.errors import NotFoundError, Problem, refuse_if
from supplyesg.domain.evidence import ACCEPTED, evidence_problems, kind_of, safe_file_name
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.plans import (
    DeadlineState,
    NcStatus,
    PlanAction,
    PlanDeadline,
    nc_move_problems,
    plan_deadline,
)
from supplyesg.domain.programme import DueAudit, supplier_is_told
from supplyesg.domain.suppliers import SupplierStatus
from supplyesg.services import (
    audit_programme,
    audits,
    conduct,
    nonconformities,
    plans,
    policy_files,
    training,
)
from supplyesg.services.nonconformities import NcRecord
from supplyesg.services.training import AssignmentView

_Row = TypeVar("_Row")
SELF_ASSESSMENT = str(AuditType.SELF_ASSESSMENT)
SNIFFED_BYTES = 4096
ACCEPTED_EXTENSIONS = frozenset(ACCEPTED)

__all__ = [
    "Deadlines",
    "EvidenceFileRow",
    "NcRecord",
    "PortalScope",
    "Questionnaire",
    "SupplierView",
    "Upload",
]
DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class PortalScope:
    """The one supplier a supplier user works for."""

    supplier_id: int
    supplier_code: str
    legal_name: str


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as the browser sent it."""

    file_name: str
    content: bytes


def scope_of(db: Database, principal: Principal) -> PortalScope:
    """The supplier a user works for; NotFoundError for anyone who is not a supplier user."""
    if principal.supplier_id is None:
        raise NotFoundError("The supplier portal is for supplier users.")
    with db.transaction() as session:
        supplier = session.get(SupplierRow, principal.supplier_id)
        if supplier is None:
            raise NotFoundError("The supplier of this account no longer exists.")
        return PortalScope(supplier.id, supplier.code, supplier.legal_name)


@dataclass(frozen=True, slots=True)
class SupplierView:
    """The supplier as its own users see it: who and where it is, not how the buyer rates it.

    Spend, tier, status and risk are the buyer's own assessment and stay out of the portal.
    """

    code: str
    legal_name: str
    country: str
    region: str
    city: str


def profile(db: Database, scope: PortalScope) -> SupplierView:
    """The supplier's own profile, as the portal shows it."""
    with db.transaction() as session:
        row = session.get(SupplierRow, scope.supplier_id)
        if row is None:
            raise NotFoundError("The supplier of this account no longer exists.")
        return SupplierView(row.code, row.legal_name, row.country, row.region, row.city)


def max_evidence_bytes(settings: Settings) -> int:
    """The largest evidence file a supplier may send, in bytes."""
    return settings.max_evidence_mb * 1024 * 1024


def _own(row: _Row | None, supplier_id: int | None, scope: PortalScope, what: str) -> _Row:
    """The record, if it belongs to the scope's supplier; otherwise it does not exist."""
    if row is None or supplier_id != scope.supplier_id:
        raise NotFoundError(f"There is no {what} here.")
    return row


# -- audits --------------------------------------------------------------------------------


def list_audits(db: Database, scope: PortalScope) -> list[EsgAuditRow]:
    """The supplier's completed audits, newest first (drafts are the auditors' business)."""
    with db.transaction() as session:
        rows = session.scalars(
            select(EsgAuditRow)
            .where(
                EsgAuditRow.supplier_id == scope.supplier_id,
                EsgAuditRow.status == audit_repo.COMPLETED,
            )
            .order_by(EsgAuditRow.ended_on.desc(), EsgAuditRow.id.desc())
        ).all()
    return list(rows)


def get_audit(db: Database, scope: PortalScope, reference: str) -> EsgAuditRow:
    """One of the supplier's completed audits, with its findings."""
    with db.transaction() as session:
        row = audit_repo.by_reference(session, reference)
        audit = _own(row, row.supplier_id if row else None, scope, "audit")
        if audit.status != audit_repo.COMPLETED:
            raise NotFoundError("There is no audit here.")
        return audit


@dataclass(frozen=True, slots=True)
class PlanDue:
    """An improvement plan the manual asks of the supplier after an audit (section 9)."""

    audit: EsgAuditRow
    deadline: PlanDeadline


def plans_due(db: Database, scope: PortalScope, on: date) -> list[PlanDue]:
    """The plan deadlines of the supplier's audits not met yet, soonest first."""
    found = []
    policy = policy_files.policy_for(db, on)
    for audit in list_audits(db, scope):
        deadline = audits.plan_deadline_of(audit, on, policy)
        if deadline is not None and deadline.state in (DeadlineState.PENDING, DeadlineState.MISSED):
            found.append(PlanDue(audit, deadline))
    return sorted(found, key=lambda due: (due.deadline.due_on or on, due.audit.reference))


# -- non-conformities and evidence ---------------------------------------------------------


def list_nonconformities(db: Database, scope: PortalScope, on: date) -> list[NcRecord]:
    """Every non-conformity of the supplier's audits, flagged overdue as of a day."""
    where = audit_repo.NcFilter(supplier_id=scope.supplier_id)
    page = nonconformities.list_nonconformities(db, where, on, limit=500)
    return list(page.items)


def unresolved_nonconformities(db: Database, scope: PortalScope, on: date) -> list[NcRecord]:
    """The supplier's non-conformities still to be corrected or verified."""
    records = list_nonconformities(db, scope, on)
    return [r for r in records if not NcStatus(r.row.status).is_resolved]


def nonconformities_of_audit(
    db: Database, scope: PortalScope, audit: EsgAuditRow, on: date
) -> list[NcRecord]:
    """The non-conformities one of the supplier's audits found."""
    return [r for r in list_nonconformities(db, scope, on) if r.row.audit_id == audit.id]


def open_nonconformities_of_audit(
    db: Database, scope: PortalScope, audit: EsgAuditRow, on: date
) -> list[NcRecord]:
    """The non-conformities of an audit that an improvement plan may still cover."""
    records = nonconformities_of_audit(db, scope, audit, on)
    return [r for r in records if r.row.status == NcStatus.OPEN]


def get_nonconformity(db: Database, scope: PortalScope, nc_id: int, on: date) -> NcRecord:
    """One of the supplier's non-conformities."""
    with db.transaction() as session:
        supplier_id = _supplier_of_nc(session, nc_id)
    _own(supplier_id, supplier_id, scope, "non-conformity")
    return nonconformities.get_nonconformity(db, nc_id, on)


def _supplier_of_nc(session: Session, nc_id: int) -> int | None:
    return session.scalar(
        select(EsgAuditRow.supplier_id)
        .join(NonConformityRow, NonConformityRow.audit_id == EsgAuditRow.id)
        .where(NonConformityRow.id == nc_id)
    )


def submit_evidence(
    db: Database,
    scope: PortalScope,
    nc_id: int,
    uploads: Sequence[Upload],
    actor: str,
    max_bytes: int,
    clock: Clock = SYSTEM_CLOCK,
) -> list[EvidenceFileRow]:
    """Keep the files and send them as evidence of a non-conformity's correction."""
    record = get_nonconformity(db, scope, nc_id, clock.today())
    # Refuse before keeping any file if the non-conformity cannot take evidence now.
    target = NcStatus.AWAITING_VERIFICATION
    refuse_if(nc_move_problems(NcStatus(record.row.status), target), "The evidence was not sent.")
    stored = attach_files(db, scope, [nc_id], uploads, actor, max_bytes, clock)
    references = [evidence_reference(f) for f in stored]
    nonconformities.submit_evidence(db, nc_id, references, actor, clock=clock)
    return stored


def attach_files(
    db: Database,
    scope: PortalScope,
    nc_ids: Sequence[int],
    uploads: Sequence[Upload],
    actor: str,
    max_bytes: int,
    clock: Clock = SYSTEM_CLOCK,
) -> list[EvidenceFileRow]:
    """Keep files supporting the supplier's non-conformities (the first named, if several)."""
    for nc_id in nc_ids:
        get_nonconformity(db, scope, nc_id, clock.today())
    problems = [
        problem
        for u in uploads
        for problem in evidence_problems(
            u.file_name, u.content[:SNIFFED_BYTES], len(u.content), max_bytes
        )
    ]
    if not uploads:
        problems.append(Problem("file", "choose at least one file"))
    refuse_if(problems, "The files were not accepted.")
    return _store_files(db, scope, nc_ids[0] if nc_ids else None, uploads, actor, clock.now())


def _store_files(
    db: Database,
    scope: PortalScope,
    nc_id: int | None,
    uploads: Sequence[Upload],
    actor: str,
    at: datetime,
) -> list[EvidenceFileRow]:
    rows = []
    with db.transaction() as session:
        for upload in uploads:
            name = safe_file_name(upload.file_name)
            kind = kind_of(name)
            assert kind is not None  # checked by evidence_problems
            row = EvidenceFileRow(
                supplier_id=scope.supplier_id,
                nc_id=nc_id,
                file_name=name,
                media_type=kind.media_type,
                size_bytes=len(upload.content),
                sha256=hashlib.sha256(upload.content).hexdigest(),
                content=upload.content,
                uploaded_by=actor,
                uploaded_at=at,
            )
            session.add(row)
            rows.append(row)
        session.flush()
    return rows


def evidence_reference(row: EvidenceFileRow) -> str:
    """How a non-conformity names an uploaded file: its download path."""
    return f"/evidence-files/{row.id}/{row.file_name}"


def evidence_of(db: Database, scope: PortalScope, nc_id: int, on: date) -> list[EvidenceFileRow]:
    """The files the supplier sent for one of its non-conformities, oldest first."""
    get_nonconformity(db, scope, nc_id, on)
    with db.transaction() as session:
        return list(
            session.scalars(
                select(EvidenceFileRow)
                .where(EvidenceFileRow.nc_id == nc_id)
                .order_by(EvidenceFileRow.id)
            )
        )


def get_evidence_file(db: Database, scope: PortalScope | None, file_id: int) -> EvidenceFileRow:
    """An evidence file with its content: the supplier's own, or any for staff (scope None)."""
    with db.transaction() as session:
        row = session.get(EvidenceFileRow, file_id)
        if scope is not None:
            _own(row, row.supplier_id if row else None, scope, "file")
        if row is None:
            raise NotFoundError("There is no file here.")
        _ = row.content  # load the deferred content inside the transaction
        return row


# -- improvement plans ---------------------------------------------------------------------


def list_plans(db: Database, scope: PortalScope) -> list[tuple[ImprovementPlanRow, str]]:
    """The supplier's improvement plans with their audit references, newest first."""
    with db.transaction() as session:
        rows = session.execute(
            select(ImprovementPlanRow, EsgAuditRow.reference)
            .join(EsgAuditRow, EsgAuditRow.id == ImprovementPlanRow.audit_id)
            .where(EsgAuditRow.supplier_id == scope.supplier_id)
            .order_by(ImprovementPlanRow.id.desc())
        ).all()
    return [(plan, reference) for plan, reference in rows]


def submit_plan(
    db: Database,
    scope: PortalScope,
    reference: str,
    actions: Sequence[PlanAction],
    actor: Person | str,
    clock: Clock = SYSTEM_CLOCK,
) -> ImprovementPlanRow:
    """Send an improvement plan for open non-conformities of one of the supplier's audits."""
    get_audit(db, scope, reference)
    return plans.submit_plan(db, reference, actions, actor, clock=clock)


# -- training ------------------------------------------------------------------------------


def list_training(db: Database, scope: PortalScope) -> list[AssignmentView]:
    """The trainings the supplier is proposed or assigned to."""
    return training.supplier_trainings(db, scope.supplier_code)


# -- what is due ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TerminationNotice:
    """The supplier's orders were terminated: from which business day and why; for a missed
    plan deadline, which audit's plan and which deadline."""

    effective_on: date
    reason: str
    audit_reference: str | None = None
    missed_deadline: date | None = None


@dataclass(frozen=True, slots=True)
class Deadlines:
    """What the supplier has to do and by when: the portal's home, as of a day."""

    plans: list[PlanDue]
    nonconformities: list[NcRecord]
    training: list[AssignmentView]
    audits: list[DueAudit]
    termination: TerminationNotice | None = None


def deadlines(db: Database, scope: PortalScope, on: date) -> Deadlines:
    """The plans due, the non-conformities still open with their closing dates, the trainings,
    and the audits the supplier is told of in advance (not an on-site one: it may be
    unannounced)."""
    return Deadlines(
        plans_due(db, scope, on),
        unresolved_nonconformities(db, scope, on),
        list_training(db, scope),
        audits_due(db, scope, on),
        termination_notice(db, scope, on),
    )


def termination_notice(db: Database, scope: PortalScope, on: date) -> TerminationNotice | None:
    """Why the supplier's orders stand terminated on a day (by the days changes took effect);
    None while they do not."""
    with db.transaction() as session:
        history = supplier_repo.status_history(session, scope.supplier_id)  # newest first
        change = next((c for c in history if c.effective_on <= on), None)
        if change is None or change.to_status != SupplierStatus.TERMINATED:
            return None
        audit = audit_repo.terminating_audit(session, scope.supplier_id, change.effective_on)
        if audit is None or audit.risk_level is None:
            return TerminationNotice(change.effective_on, change.reason)
        deadline = plan_deadline(
            RiskLevel(audit.risk_level),
            audit.ended_on,
            policy_files.policy_for(session, audit.ended_on),
        )
        return TerminationNotice(change.effective_on, change.reason, audit.reference, deadline)


def audits_due(db: Database, scope: PortalScope, on: date) -> list[DueAudit]:
    """The supplier's next audits that they are told of in advance."""
    due = audit_programme.audits_due_of(db, scope.supplier_code, on)
    return [item for item in due if supplier_is_told(item.kind)]


# -- the self-assessment questionnaire -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The code of conduct to answer and the answers saved so far (the draft, if any)."""

    code: CodeOfConduct
    draft_reference: str | None
    answers: dict[str, Finding]


def questionnaire(db: Database, scope: PortalScope, on: date) -> Questionnaire:
    """The self-assessment to fill in: the draft in progress, or a blank one."""
    draft = _draft_self_assessment(db, scope)
    if draft is not None:
        code = conduct.get_code(db, draft.code.version)
        answers = {f.requirement_id: f for f in audits.findings_of(draft)}
        return Questionnaire(code, draft.reference, answers)
    return Questionnaire(_code_in_force(db, on), None, {})


def save_self_assessment(
    db: Database,
    scope: PortalScope,
    answers: Sequence[Finding],
    actor: str,
    *,
    submit: bool,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Keep the answers as a draft, or submit them (every requirement answered) for scoring."""
    on = clock.today()
    details = AuditDetails(
        AuditType.SELF_ASSESSMENT, f"{scope.legal_name} (self-assessment)", on, on
    )
    draft = _draft_self_assessment(db, scope)
    if draft is None:
        code = _code_in_force(db, on)
        new = audits.AuditDraft(scope.supplier_code, code.version, details, tuple(answers))
        reference = audits.create_audit(db, new, actor, clock).reference
    else:
        started = AuditDetails(details.audit_type, details.auditor, draft.started_on, on)
        reference = audits.update_draft(db, draft.reference, started, answers, clock).reference
    if submit:
        return audits.complete_audit(db, reference, actor, clock=clock, completed_by=Party.SUPPLIER)
    return audits.get_audit(db, reference)


def submit_self_assessment(
    db: Database,
    scope: PortalScope,
    answers: Sequence[Finding] | None,
    actor: str,
    clock: Clock = SYSTEM_CLOCK,
) -> EsgAuditRow:
    """Submit the answers given, or (None) the saved draft's answers as they stand."""
    if answers is None:
        answers = tuple(questionnaire(db, scope, clock.today()).answers.values())
    return save_self_assessment(db, scope, answers, actor, submit=True, clock=clock)


def _draft_self_assessment(db: Database, scope: PortalScope) -> EsgAuditRow | None:
    with db.transaction() as session:
        return session.scalars(
            select(EsgAuditRow)
            .where(
                EsgAuditRow.supplier_id == scope.supplier_id,
                EsgAuditRow.audit_type == SELF_ASSESSMENT,
                EsgAuditRow.status == DRAFT,
            )
            .order_by(EsgAuditRow.id.desc())
            .limit(1)
        ).first()


def _code_in_force(db: Database, on: date) -> CodeOfConduct:
    versions = conduct.list_codes(db)
    if not versions:
        conduct.install_default_code(db)
        versions = conduct.list_codes(db)
    # Latest effective first: the first one already effective, else the earliest there is.
    in_force = next((v for v in versions if v.effective_from <= on), versions[-1])
    return conduct.get_code(db, in_force.version)
