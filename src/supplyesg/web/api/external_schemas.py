"""Request and response bodies of external audits: a scheme's published result and findings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from supplyesg.db.models import ExternalAuditRow
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    MappingEntry,
    PublishedResult,
    Severity,
    counted_findings,
)
from supplyesg.domain.external_audits import ExternalFinding as FindingValue
from supplyesg.domain.scheme_results import Scheme
from supplyesg.services.external_audits import ExternalAuditDraft, ReportFile
from supplyesg.web.api.types import DecimalValue

Count = Annotated[int, Field(strict=True, ge=0, le=500)]


class ExternalFinding(BaseModel):
    """A finding of the external audit, optionally mapped to a requirement of the code."""

    model_config = ConfigDict(extra="forbid")

    severity: Severity
    description: StrictStr
    requirement: StrictStr = Field(default="", description="Requirement of the code of conduct")

    def value(self) -> FindingValue:
        """The domain finding."""
        return FindingValue(self.severity, self.description, self.requirement)


class ExternalResult(BaseModel):
    """The overall result as the scheme published it; which fields apply depends on the scheme."""

    model_config = ConfigDict(extra="forbid")

    rating: StrictStr = Field(default="", description="amfori BSCI: A to E")
    score: DecimalValue | None = Field(default=None, description="RBA VAP 0-200; EcoVadis 0-100")
    recognition: StrictStr = Field(default="", description="RBA VAP or EcoVadis medal")
    certificate_valid: StrictBool | None = Field(
        default=None, description="A certification body's audit: is the certificate valid?"
    )

    def value(self) -> PublishedResult:
        """The domain result."""
        return PublishedResult(
            self.rating.strip().upper(),
            self.score,
            self.recognition.strip().lower(),
            self.certificate_valid,
        )


class ReportUpload(BaseModel):
    """The audit report, kept with the supplier's evidence files."""

    model_config = ConfigDict(extra="forbid")

    file_name: StrictStr
    content: Base64Bytes = Field(description="The file, base64-encoded")


class ExternalAuditCreate(BaseModel):
    """A third-party audit as its scheme published it, recorded completed at once."""

    model_config = ConfigDict(extra="forbid")

    supplier: StrictStr = Field(description="Code of the supplier audited")
    scheme: Scheme
    reference: StrictStr = Field(default="", description="Left empty: AUD-<year>-<number>")
    scheme_reference: StrictStr = Field(default="", description="The scheme's own audit number")
    audit_firm: StrictStr
    started_on: date | None = Field(default=None, description="Default: the day it ended")
    ended_on: date
    result: ExternalResult = Field(default_factory=ExternalResult)
    findings: list[ExternalFinding] = Field(default_factory=list)
    finding_counts: dict[Severity, Count] = Field(
        default_factory=dict,
        description="Findings the report only counts, by severity; added after `findings`",
    )
    code_version: StrictStr = Field(
        default="", description="Code of conduct the findings map to; empty: the one in force"
    )
    report: ReportUpload | None = None

    def draft(self) -> ExternalAuditDraft:
        """The service's draft."""
        details = ExternalAuditDetails(
            self.scheme,
            self.scheme_reference,
            self.audit_firm,
            self.started_on or self.ended_on,
            self.ended_on,
        )
        report = (
            None if self.report is None else ReportFile(self.report.file_name, self.report.content)
        )
        return ExternalAuditDraft(
            supplier_code=self.supplier,
            details=details,
            result=self.result.value(),
            findings=(*(f.value() for f in self.findings), *counted_findings(self.finding_counts)),
            code_version=self.code_version,
            reference=self.reference,
            report=report,
        )


class PolicyMapping(BaseModel):
    """The entry of the policy edition's table that mapped the published result."""

    policy_version: str
    setting: str = Field(description="The policy table, such as amfori_bsci_rating_risk")
    entry: str = Field(description="The entry that applied, such as C=medium")
    risk_level: str

    @classmethod
    def of(cls, entry: MappingEntry) -> PolicyMapping:
        """The schema of a domain mapping entry."""
        return cls(
            policy_version=entry.policy_version,
            setting=entry.setting,
            entry=entry.entry,
            risk_level=entry.level,
        )


class ExternalFindingRead(ExternalFinding):
    """A recorded finding, with the non-conformity it opened (none for an observation)."""

    position: int
    opened_nonconformity: bool


class ExternalAuditPart(BaseModel):
    """What the scheme published for an external audit, and the policy entry that mapped it."""

    scheme: Scheme
    scheme_reference: str
    published_result: ExternalResult
    mapping: PolicyMapping | None = Field(
        description="None for a scheme with no overall result (SMETA): the findings decide"
    )
    findings: list[ExternalFindingRead]
    report_file: str | None = Field(description="File name of the report, if uploaded")

    @classmethod
    def of(cls, row: ExternalAuditRow, mapping: MappingEntry | None) -> ExternalAuditPart:
        """The schema of a stored external audit."""
        return cls(
            scheme=Scheme(row.scheme),
            scheme_reference=row.scheme_reference,
            published_result=ExternalResult(
                rating=row.rating,
                score=row.score,
                recognition=row.recognition,
                certificate_valid=row.certificate_valid,
            ),
            mapping=None if mapping is None else PolicyMapping.of(mapping),
            findings=[
                ExternalFindingRead(
                    position=f.position,
                    severity=Severity(f.severity),
                    description=f.description,
                    requirement=f.requirement_id,
                    opened_nonconformity=f.nc_id is not None,
                )
                for f in row.findings
            ],
            report_file=None if row.report_file is None else row.report_file.file_name,
        )


class ExternalImport(BaseModel):
    """What an import of external audits recorded."""

    audits: int
    findings: int
    nonconformities: int
    encoding: str | None = Field(
        default=None,
        description="The text encoding the CSV file was read in, e.g. utf-8 or cp950; "
        "null for XLSX",
    )
