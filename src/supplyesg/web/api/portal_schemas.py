"""Request and response bodies of the supplier portal's API: what a supplier may see of its own
records, and nothing of the buyer's internal assessment (spend, tier, status, risk register).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from supplyesg.db.models import EsgAuditRow, EvidenceFileRow, ImprovementPlanRow
from supplyesg.domain.access import Principal
from supplyesg.domain.audits import AuditType, Outcome, RiskLevel, Verdict
from supplyesg.domain.audits import Finding as FindingValue
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.plans import DeadlineState, NcStatus, PlanStatus
from supplyesg.domain.plans import PlanAction as ActionValue
from supplyesg.domain.programme import AuditKind, DueAudit
from supplyesg.domain.training import AssignmentStatus, TrainingFormat
from supplyesg.services.portal import (
    NcRecord,
    PlanDue,
    Questionnaire,
    SupplierView,
    TerminationNotice,
)
from supplyesg.services.training import AssignmentView
from supplyesg.web.api.types import MAX_RECORD_ID, Day, DecimalValue

API = "/api/v1/portal"

# -- who -------------------------------------------------------------------------------------


class PortalSupplier(BaseModel):
    """The supplier as its own users see it."""

    code: str
    legal_name: str
    country: str
    region: str
    city: str

    @classmethod
    def of(cls, view: SupplierView) -> PortalSupplier:
        """The schema of the supplier's profile."""
        return cls(
            code=view.code,
            legal_name=view.legal_name,
            country=view.country,
            region=view.region,
            city=view.city,
        )


class PortalUser(BaseModel):
    """The account a request acts for."""

    id: int
    email: str
    display_name: str
    token: str | None = Field(description="Name of the API token used, if any")


class PortalMe(BaseModel):
    """The supplier and the user a request acts for."""

    supplier: PortalSupplier
    user: PortalUser

    @classmethod
    def of(cls, view: SupplierView, user: Principal) -> PortalMe:
        """The schema of who is asking."""
        account = PortalUser(
            id=user.user_id, email=user.email, display_name=user.display_name, token=user.token_name
        )
        return cls(supplier=PortalSupplier.of(view), user=account)


# -- non-conformities and evidence ----------------------------------------------------------


class EvidenceFile(BaseModel):
    """A file the supplier sent; `download` is where to fetch it."""

    id: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    download: str

    @classmethod
    def of(cls, row: EvidenceFileRow) -> EvidenceFile:
        """The schema of a stored file (never its content)."""
        return cls(
            id=row.id,
            file_name=row.file_name,
            media_type=row.media_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            uploaded_by=row.uploaded_by,
            uploaded_at=row.uploaded_at,
            download=f"{API}/evidence/{row.id}",
        )


class PortalNonConformity(BaseModel):
    """A non-conformity of one of the supplier's audits, and where its correction stands."""

    id: int
    audit: str
    requirement: str
    severity: Verdict
    status: NcStatus
    owner: str
    due_on: date | None = Field(description="The closing date agreed, if any")
    closed_on: date | None
    overdue: bool = Field(description="Unresolved after its closing date, today")

    @classmethod
    def of(cls, record: NcRecord) -> PortalNonConformity:
        """The schema of a non-conformity."""
        row = record.row
        return cls(
            id=row.id,
            audit=record.audit_reference,
            requirement=row.requirement_id,
            severity=Verdict(row.severity),
            status=NcStatus(row.status),
            owner=row.owner,
            due_on=row.due_on,
            closed_on=row.closed_on,
            overdue=record.overdue,
        )


class PortalNonConformityDetail(PortalNonConformity):
    """A non-conformity with the files sent as evidence of its correction."""

    files: list[EvidenceFile]

    @classmethod
    def with_files(
        cls, record: NcRecord, files: list[EvidenceFileRow]
    ) -> PortalNonConformityDetail:
        """The schema of a non-conformity and its evidence."""
        listed = PortalNonConformity.of(record).model_dump()
        return cls(**listed, files=[EvidenceFile.of(f) for f in files])


# -- audits ----------------------------------------------------------------------------------


class PortalFinding(BaseModel):
    """The verdict on one requirement of the code of conduct."""

    requirement: str
    verdict: Verdict
    notes: str


class PortalAudit(BaseModel):
    """One of the supplier's completed audits and its result."""

    reference: str
    audit_type: AuditType
    auditor: str
    started_on: date
    ended_on: date
    score: DecimalValue | None
    risk_level: RiskLevel | None
    outcome: Outcome | None
    nc_count: int

    @classmethod
    def of(cls, row: EsgAuditRow) -> PortalAudit:
        """The schema of a completed audit."""
        return cls(
            reference=row.reference,
            audit_type=AuditType(row.audit_type),
            auditor=row.auditor,
            started_on=row.started_on,
            ended_on=row.ended_on,
            score=row.score,
            risk_level=RiskLevel(row.risk_level) if row.risk_level else None,
            outcome=Outcome(row.outcome) if row.outcome else None,
            nc_count=row.nc_count,
        )


class PortalAuditDetail(PortalAudit):
    """An audit with its findings and the non-conformities they opened."""

    findings: list[PortalFinding]
    non_conformities: list[PortalNonConformity]

    @classmethod
    def with_details(cls, row: EsgAuditRow, ncs: list[NcRecord]) -> PortalAuditDetail:
        """The schema of an audit as the portal's audit page shows it."""
        findings = [
            PortalFinding(requirement=f.requirement_id, verdict=Verdict(f.verdict), notes=f.notes)
            for f in row.findings
        ]
        return cls(
            **PortalAudit.of(row).model_dump(),
            findings=findings,
            non_conformities=[PortalNonConformity.of(r) for r in ncs],
        )


# -- improvement plans -----------------------------------------------------------------------


class PortalPlanAction(BaseModel):
    """What the supplier will do about one open non-conformity, who owns it and by when."""

    model_config = ConfigDict(extra="forbid")

    nc_id: int = Field(ge=1, le=MAX_RECORD_ID, strict=True, description="Id of the non-conformity")
    action: StrictStr
    owner: StrictStr
    due_on: Day

    def value(self) -> ActionValue:
        """The domain action."""
        return ActionValue(self.nc_id, self.action, self.owner.strip(), self.due_on)


class PlannedAction(BaseModel):
    """An action of a stored plan."""

    model_config = ConfigDict(from_attributes=True)

    nc_id: int
    action: str
    owner: str
    due_on: date


class PortalPlanCreate(BaseModel):
    """An improvement plan: one action per open non-conformity it covers."""

    model_config = ConfigDict(extra="forbid")

    actions: list[PortalPlanAction]


class PortalPlan(BaseModel):
    """An improvement plan the supplier sent, and the buyer's decision on it."""

    id: int
    audit: str
    submitted_on: date
    submitted_by: str
    status: PlanStatus
    decided_on: date | None
    decision_reason: str
    actions: list[PlannedAction]

    @classmethod
    def of(cls, row: ImprovementPlanRow, audit_reference: str) -> PortalPlan:
        """The schema of a stored plan."""
        return cls(
            id=row.id,
            audit=audit_reference,
            submitted_on=row.submitted_on,
            submitted_by=row.submitted_by,
            status=PlanStatus(row.status),
            decided_on=row.decided_on,
            decision_reason=row.decision_reason,
            actions=[PlannedAction.model_validate(a) for a in row.actions],
        )


# -- training and deadlines ------------------------------------------------------------------


class PortalTraining(BaseModel):
    """A training the supplier is proposed or assigned to."""

    id: int
    topic: str
    format: TrainingFormat
    held_on: date
    description: str
    status: AssignmentStatus
    attended_on: date | None
    completed_on: date | None

    @classmethod
    def of(cls, view: AssignmentView) -> PortalTraining:
        """The schema of the supplier's place in a training."""
        return cls(
            id=view.id,
            topic=view.programme.topic,
            format=view.programme.format,
            held_on=view.programme.held_on,
            description=view.programme.description,
            status=view.status,
            attended_on=view.attended_on,
            completed_on=view.completed_on,
        )


class PlanDeadline(BaseModel):
    """An improvement plan the manual asks for after an audit, not sent (or accepted) yet."""

    audit: str
    due_on: date | None
    state: DeadlineState
    overdue_since: date | None = Field(
        None, description="The first day the plan was overdue (the day after due_on), if missed"
    )
    reason: str

    @classmethod
    def of(cls, due: PlanDue) -> PlanDeadline:
        """The schema of a plan due."""
        deadline = due.deadline
        return cls(
            audit=due.audit.reference,
            due_on=deadline.due_on,
            state=deadline.state,
            overdue_since=deadline.overdue_since,
            reason=deadline.reason.text,
        )


class PortalAuditDue(BaseModel):
    """An audit of the supplier the programme calls for, which the supplier is told of."""

    kind: AuditKind = Field(description="annual: the yearly audit, begun by a self-assessment")
    due_on: date
    is_overdue: bool
    last_done_on: date | None

    @classmethod
    def of(cls, due: DueAudit) -> PortalAuditDue:
        """The schema of an audit due."""
        return cls(
            kind=due.kind,
            due_on=due.due_on,
            is_overdue=due.is_overdue,
            last_done_on=due.last_done_on,
        )


class PortalTermination(BaseModel):
    """The supplier's orders stand terminated: from which business day and why."""

    effective_on: date = Field(description="The business day the termination took effect")
    reason: str
    audit_reference: str | None = Field(
        description="The audit whose improvement plan missed its deadline, if that was the cause"
    )
    missed_deadline: date | None = Field(description="The plan deadline that was missed")

    @classmethod
    def of(cls, notice: TerminationNotice) -> PortalTermination:
        """The schema of a termination notice."""
        return cls(
            effective_on=notice.effective_on,
            reason=notice.reason,
            audit_reference=notice.audit_reference,
            missed_deadline=notice.missed_deadline,
        )


class PortalDeadlines(BaseModel):
    """What the supplier has to do and by when, today: the portal's home."""

    as_of: date
    plans: list[PlanDeadline]
    non_conformities: list[PortalNonConformity] = Field(
        description="Still to be corrected or verified, with their closing dates"
    )
    training: list[PortalTraining]
    audits: list[PortalAuditDue] = Field(
        description="Audits due this year that the supplier is told of (an on-site audit may be"
        " unannounced and is not listed)"
    )
    termination: PortalTermination | None = Field(
        None, description="Set while the supplier's orders stand terminated"
    )


# -- the self-assessment ---------------------------------------------------------------------


class Answer(BaseModel):
    """The supplier's answer to one requirement; a gap needs a note saying what it is."""

    model_config = ConfigDict(extra="forbid")

    requirement: StrictStr = Field(description="Id of the requirement, e.g. LAB-01")
    verdict: Verdict
    notes: StrictStr = ""

    def value(self) -> FindingValue:
        """The domain finding."""
        return FindingValue(self.requirement, self.verdict, self.notes.strip())


class Question(BaseModel):
    """One requirement of the code of conduct, and the answer saved for it, if any."""

    id: str
    pillar: Pillar
    text: str
    zero_tolerance: bool = Field(description="Only these may be answered `critical`")
    answer: Answer | None


class PortalQuestionnaire(BaseModel):
    """The self-assessment: one question per requirement of the code of conduct."""

    code_version: str
    code_title: str
    draft: str | None = Field(description="Reference of the saved draft; null before any save")
    questions: list[Question]

    @classmethod
    def of(cls, found: Questionnaire) -> PortalQuestionnaire:
        """The schema of the questionnaire and its saved answers."""
        questions = [
            Question(
                id=r.id,
                pillar=r.pillar,
                text=r.text,
                zero_tolerance=r.zero_tolerance,
                answer=_answer(found.answers.get(r.id)),
            )
            for r in found.code.requirements
        ]
        return cls(
            code_version=found.code.version,
            code_title=found.code.title,
            draft=found.draft_reference,
            questions=questions,
        )


def _answer(finding: FindingValue | None) -> Answer | None:
    if finding is None:
        return None
    return Answer(requirement=finding.requirement_id, verdict=finding.verdict, notes=finding.notes)


class Answers(BaseModel):
    """The answers to keep as the draft: they replace those saved before."""

    model_config = ConfigDict(extra="forbid")

    answers: list[Answer]


class Submission(BaseModel):
    """Submit the self-assessment: the answers given, or the saved draft's if left out."""

    model_config = ConfigDict(extra="forbid")

    answers: list[Answer] | None = Field(
        default=None, description="Every requirement answered; null or left out: the draft's"
    )
