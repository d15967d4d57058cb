"""Request and response bodies of the supplier ESG programme API: code, audits, follow-up."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.db.models import EsgAuditRow, ImprovementPlanRow
from supplyesg.domain.audits import AuditDetails, AuditType, Outcome, RiskLevel, Verdict
from supplyesg.domain.audits import Finding as FindingValue
from supplyesg.domain.conduct import CodeOfConduct as CodeValue
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.conduct import Requirement as RequirementValue
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.plans import DeadlineState, NcStatus, PlanStatus
from supplyesg.services import audits as audit_service
from supplyesg.services.nonconformities import NcRecord, progress_of
from supplyesg.web.api.types import DecimalValue

PILLAR_FIELDS = {
    Pillar.ENVIRONMENT: "environment_score",
    Pillar.LABOUR: "labour_score",
    Pillar.HEALTH_AND_SAFETY: "health_and_safety_score",
    Pillar.ETHICS: "ethics_score",
}


class Reason(BaseModel):
    """Why a result is what it is: the rule applied and what it found."""

    rule: str
    text: str


# -- code of conduct --------------------------------------------------------------------------


class Requirement(BaseModel):
    """One requirement of the code of conduct."""

    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(description="e.g. LAB-01")
    pillar: Pillar
    text: StrictStr
    weight: DecimalValue = Decimal(1)
    zero_tolerance: StrictBool = False


class CodeOfConductCreate(BaseModel):
    """A new version of the code of conduct."""

    model_config = ConfigDict(extra="forbid")

    version: StrictStr
    title: StrictStr
    effective_from: date
    requirements: list[Requirement]

    def value(self) -> CodeValue:
        """The domain code this body describes."""
        return CodeValue(
            self.version,
            self.title,
            self.effective_from,
            tuple(
                RequirementValue(r.id, r.pillar, r.text, r.weight, r.zero_tolerance)
                for r in self.requirements
            ),
        )


class CodeOfConduct(CodeOfConductCreate):
    """A stored version of the code of conduct."""

    @classmethod
    def of(cls, code: CodeValue) -> CodeOfConduct:
        """The schema of a domain code."""
        return cls(
            version=code.version,
            title=code.title,
            effective_from=code.effective_from,
            requirements=[
                Requirement(
                    id=r.id,
                    pillar=r.pillar,
                    text=r.text,
                    weight=r.weight,
                    zero_tolerance=r.zero_tolerance,
                )
                for r in code.requirements
            ],
        )


class CodeOfConductSummary(BaseModel):
    """A version of the code, without its requirements."""

    version: str
    title: str
    effective_from: date
    requirement_count: int


# -- audits ---------------------------------------------------------------------------------


class Finding(BaseModel):
    """The verdict on one requirement."""

    model_config = ConfigDict(extra="forbid")

    requirement: StrictStr
    verdict: Verdict
    notes: StrictStr = ""
    evidence: list[StrictStr] = Field(default_factory=list, description="Evidence file references")

    def value(self) -> FindingValue:
        """The domain finding."""
        return FindingValue(self.requirement, self.verdict, self.notes, tuple(self.evidence))


class AuditFields(BaseModel):
    """How, when and by whom an audit was carried out, and what it covered."""

    model_config = ConfigDict(extra="forbid")

    audit_type: AuditType
    auditor: StrictStr
    started_on: date
    ended_on: date
    sites: list[StrictStr] = Field(
        default_factory=list, description="Sites audited; empty means the whole supplier"
    )

    def details(self) -> AuditDetails:
        """The domain details."""
        return AuditDetails(
            self.audit_type, self.auditor, self.started_on, self.ended_on, tuple(self.sites)
        )


class AuditCreate(AuditFields):
    """A new audit: a draft, or completed at once with `complete`."""

    reference: StrictStr = Field(default="", description="Left empty: AUD-<year>-<number>")
    supplier: StrictStr = Field(description="Code of the supplier audited")
    code_version: StrictStr = Field(description="Version of the code of conduct audited against")
    findings: list[Finding] = Field(default_factory=list)
    complete: StrictBool = False


class AuditUpdate(BaseModel):
    """Changes to a draft audit; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    audit_type: AuditType | None = None
    auditor: StrictStr | None = None
    started_on: date | None = None
    ended_on: date | None = None
    sites: list[StrictStr] | None = None
    findings: list[Finding] | None = None

    def details(self, row: EsgAuditRow) -> AuditDetails | None:
        """The changed details, or None when none is given."""
        given = self.model_dump(exclude_unset=True, exclude={"findings"})
        if not given:
            return None
        current = audit_service.details_of(row)
        return AuditDetails(
            self.audit_type or current.audit_type,
            self.auditor if self.auditor is not None else current.auditor,
            self.started_on or current.started_on,
            self.ended_on or current.ended_on,
            tuple(self.sites) if self.sites is not None else current.sites,
        )

    def finding_values(self) -> tuple[FindingValue, ...] | None:
        """The new findings, or None when not given."""
        return None if self.findings is None else tuple(f.value() for f in self.findings)


class AuditCorrection(AuditUpdate):
    """A correction of a completed audit: what changes, and why."""

    reason: StrictStr


class PlanDeadline(BaseModel):
    """The improvement plan the audit's risk level calls for, as of a day."""

    state: DeadlineState
    due_on: date | None
    met_on: date | None
    reason: Reason


class AuditResult(BaseModel):
    """The score, risk level and outcome computed when the audit was completed."""

    score: DecimalValue
    pillar_scores: dict[Pillar, DecimalValue | None]
    risk_level: RiskLevel
    outcome: Outcome
    policy_version: str
    reasons: list[Reason]


class Audit(BaseModel):
    """An audit in its current revision."""

    reference: str
    supplier: str
    code_version: str
    audit_type: AuditType
    auditor: str
    started_on: date
    ended_on: date
    sites: list[str]
    status: str = Field(description="draft or completed")
    revision: int = Field(description="0 for a draft; 1 when completed, +1 per correction")
    created_at: datetime
    completed_at: datetime | None
    result: AuditResult | None
    non_conformities: int
    plan_deadline: PlanDeadline | None
    findings: list[Finding]

    @classmethod
    def of(cls, row: EsgAuditRow, on: date) -> Audit:
        """The schema of a stored audit, with its plan deadline judged as of a day."""
        deadline = audit_service.plan_deadline_of(row, on)
        return cls(
            reference=row.reference,
            supplier=row.supplier.code,
            code_version=row.code.version,
            audit_type=AuditType(row.audit_type),
            auditor=row.auditor,
            started_on=row.started_on,
            ended_on=row.ended_on,
            sites=list(row.sites),
            status=row.status,
            revision=row.revision,
            created_at=row.created_at,
            completed_at=row.completed_at,
            result=_result(row),
            non_conformities=progress_of(row).nc_count,
            plan_deadline=None
            if deadline is None
            else PlanDeadline(
                state=deadline.state,
                due_on=deadline.due_on,
                met_on=deadline.met_on,
                reason=Reason(rule=deadline.reason.rule, text=deadline.reason.text),
            ),
            findings=[
                Finding(
                    requirement=f.requirement_id,
                    verdict=Verdict(f.verdict),
                    notes=f.notes,
                    evidence=list(f.evidence),
                )
                for f in row.findings
            ],
        )


def _result(row: EsgAuditRow) -> AuditResult | None:
    if row.score is None or row.risk_level is None or row.outcome is None:
        return None
    return AuditResult(
        score=row.score,
        pillar_scores={p: getattr(row, name) for p, name in PILLAR_FIELDS.items()},
        risk_level=RiskLevel(row.risk_level),
        outcome=Outcome(row.outcome),
        policy_version=row.policy_version or "",
        reasons=[Reason(**r) for r in row.result_reasons],
    )


class AuditList(BaseModel):
    """A page of audits; pass `next_cursor` as `after` for the next page."""

    items: list[Audit]
    next_cursor: str | None


class AuditRevision(BaseModel):
    """A replaced revision of an audit, as it was, and why it was corrected."""

    model_config = ConfigDict(from_attributes=True)

    revision: int
    corrected_at: datetime
    corrected_by: str
    reason: str
    snapshot: dict[str, Any]


class FileImport(BaseModel):
    """What an import of audits recorded."""

    audits: int
    findings: int
    completed: int


# -- non-conformities and plans ---------------------------------------------------------------


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
            needs_closing_date=record.needs_closing_date,
        )


class NcList(BaseModel):
    """A page of non-conformities; pass `next_cursor` as `after` for the next page."""

    items: list[NonConformity]
    next_cursor: int | None


class ClosingDate(BaseModel):
    """The closing date agreed with the supplier, and who owns the correction."""

    model_config = ConfigDict(extra="forbid")

    due_on: date
    owner: StrictStr


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


async def read_upload(file: UploadFile, request: Request) -> tuple[bytes, str]:
    """The content and name of an uploaded file, refused when over the size limit."""
    limit = request.app.state.settings.max_upload_mb * 1024 * 1024
    content = await file.read(limit + 1)
    name = file.filename or "upload"
    if len(content) > limit:
        raise InvalidInputError(
            f"{name} is larger than {limit // (1024 * 1024)} MB.",
            [Problem("file", "too large", name)],
        )
    return content, name
