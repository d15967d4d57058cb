"""Request and response bodies of the audit API, shared by the programme's other routers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.db.models import EsgAuditRow
from supplyesg.domain.audits import AuditDetails, AuditType, Outcome, RiskLevel, Verdict
from supplyesg.domain.audits import Finding as FindingValue
from supplyesg.domain.conduct import Pillar
from supplyesg.domain.errors import InvalidInputError, Problem
from supplyesg.domain.plans import DeadlineState
from supplyesg.domain.policy import Policy
from supplyesg.services import audits as audit_service
from supplyesg.services.nonconformities import progress_of
from supplyesg.web.api.external_schemas import ExternalAuditPart
from supplyesg.web.api.types import DecimalValue


class Reason(BaseModel):
    """Why a result is what it is: the rule applied and what it found."""

    rule: str
    text: str


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


class ReviewCreate(BaseModel):
    """A staff desktop review of a supplier's self-assessment, completed at once."""

    model_config = ConfigDict(extra="forbid")

    auditor: StrictStr = Field(description="The auditor who reviewed the self-assessment")
    ended_on: date = Field(description="The day the review was completed")
    started_on: date | None = Field(default=None, description="Default: the day it ended")
    reference: StrictStr = Field(default="", description="Left empty: AUD-<year>-<number>")
    findings: list[Finding] = Field(
        default_factory=list,
        description="The auditor's verdicts; a requirement not listed keeps the supplier's "
        "answer, confirmed by the auditor",
    )


class AuditCorrection(AuditUpdate):
    """A correction of a completed audit: what changes, and why."""

    reason: StrictStr


class PlanDeadline(BaseModel):
    """The improvement plan the audit's risk level calls for, as of a day."""

    state: DeadlineState
    due_on: date | None
    met_on: date | None
    late_on: date | None = Field(
        None, description="When a missed plan deadline was met after all, by the day asked"
    )
    overdue_since: date | None = Field(
        None, description="The first day the plan was overdue (the day after due_on), if missed"
    )
    reason: Reason


class AuditResult(BaseModel):
    """The score, risk level and outcome computed when the audit was completed."""

    score: DecimalValue | None = Field(
        description="None for an external audit: its scheme's result is in `external`"
    )
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
    completed_by: str = Field(
        description="staff, or supplier (its own self-assessment: it counts once staff review it)"
    )
    revision: int = Field(description="0 for a draft; 1 when completed, +1 per correction")
    created_at: datetime
    completed_at: datetime | None
    result: AuditResult | None
    non_conformities: int
    plan_deadline: PlanDeadline | None
    findings: list[Finding]
    external: ExternalAuditPart | None = Field(
        default=None, description="An external audit: what its scheme published"
    )

    @classmethod
    def of(
        cls,
        row: EsgAuditRow,
        on: date,
        policy: Policy,
        external: ExternalAuditPart | None = None,
    ) -> Audit:
        """The schema of a stored audit, with its plan deadline judged as of a day."""
        deadline = audit_service.plan_deadline_of(row, on, policy)
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
            completed_by=row.completed_by,
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
                late_on=deadline.late_on,
                overdue_since=deadline.overdue_since,
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
            external=external,
        )


def _result(row: EsgAuditRow) -> AuditResult | None:
    if row.risk_level is None or row.outcome is None:
        return None
    return AuditResult(
        score=row.score,
        pillar_scores={p: getattr(row, name) for p, name in audit_service.PILLAR_COLUMNS.items()},
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
    encoding: str | None = Field(
        default=None,
        description="The text encoding the CSV file was read in, e.g. utf-8 or cp950; "
        "null for XLSX",
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
