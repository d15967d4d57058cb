"""Recording external audits: the scheme's result gives the risk, findings open non-conformities."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from programme_builders import ACTOR, HIGH, audited, supplier
from supplyesg.clock import FixedClock
from supplyesg.db.models import EsgAuditRow, EvidenceFileRow, NonConformityRow
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.external_audits import (
    ExternalAuditDetails,
    ExternalFinding,
    PublishedResult,
    Severity,
)
from supplyesg.domain.scheme_results import Scheme
from supplyesg.services import audits, external_audits, policy_files, risk
from supplyesg.services.external_audits import ExternalAuditDraft, ReportFile

ENDED = date(2026, 9, 18)
CLOCK = FixedClock.on(date(2026, 12, 7))
MAX_BYTES = 1024 * 1024
BSCI_C = PublishedResult(rating="C")
PDF = b"%PDF-1.7\n% the audit report\n"


def draft(
    scheme: Scheme = Scheme.AMFORI_BSCI,
    result: PublishedResult = BSCI_C,
    findings: tuple[ExternalFinding, ...] = (),
    **given: object,
) -> ExternalAuditDraft:
    details = ExternalAuditDetails(scheme, "BSCI-2026-0412", "Intertek", date(2026, 9, 16), ENDED)
    fields: dict[str, object] = {"supplier_code": "SUP-1", "details": details, "result": result}
    return ExternalAuditDraft(**{**fields, "findings": findings, **given})  # type: ignore[arg-type]


def record(db: Database, value: ExternalAuditDraft) -> external_audits.ExternalAudit:
    return external_audits.record_external_audit(db, value, ACTOR, MAX_BYTES, CLOCK)


def count(db: Database, table: type) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_bsci_c_with_a_major_finding_is_medium_risk_with_one_nonconformity(
    db: Database,
) -> None:
    supplier(db)
    findings = (
        ExternalFinding(Severity.MAJOR, "Fire exits locked during the night shift", "HS-02"),
        ExternalFinding(Severity.OBSERVATION, "Canteen hygiene could improve"),
    )
    done = record(db, draft(findings=findings, report=ReportFile("bsci report.pdf", PDF)))
    audit, external = done.audit, done.external
    assert (audit.audit_type, audit.status, audit.completed_by) == (
        "external",
        "completed",
        "staff",
    )
    assert (audit.risk_level, audit.outcome, audit.policy_version) == (
        "medium",
        "conditionally_accepted",
        "2026-01",
    )
    assert audit.score is None
    assert audit.auditor == "Intertek"
    assert audit.reference.startswith("AUD-2026-")
    assert [r["rule"] for r in audit.result_reasons] == [
        "external.result",
        "external.findings",
        "audit.outcome",
    ]
    assert (external.scheme, external.scheme_reference, external.rating) == (
        "amfori_bsci",
        "BSCI-2026-0412",
        "C",
    )
    assert [(f.position, f.severity, f.requirement_id) for f in external.findings] == [
        (1, "major", "HS-02"),
        (2, "observation", ""),
    ]
    stored = audits.get_audit(db, audit.reference)
    assert stored.nc_count == 1
    with db.transaction() as session:
        [nc] = session.scalars(
            select(NonConformityRow).where(NonConformityRow.audit_id == audit.id)
        ).all()
        report = session.get(EvidenceFileRow, external.report_file_id)
        assert report is not None
        assert (report.file_name, report.media_type, report.nc_id) == (
            "bsci report.pdf",
            "application/pdf",
            None,
        )
    assert (nc.requirement_id, nc.severity, nc.status) == ("HS-02", "major", "open")
    assert external.findings[0].nc_id == nc.id
    assert external.findings[1].nc_id is None


def test_a_smeta_audit_with_a_critical_unmapped_finding_is_high_risk(db: Database) -> None:
    supplier(db)
    findings = (ExternalFinding(Severity.CRITICAL, "Workers' passports held by the employer"),)
    done = record(db, draft(Scheme.SMETA, PublishedResult(), findings, reference="SMETA-ZL-1"))
    assert (done.audit.reference, done.audit.risk_level) == ("SMETA-ZL-1", "high")
    with db.transaction() as session:
        names = session.scalars(
            select(NonConformityRow.requirement_id).where(
                NonConformityRow.audit_id == done.audit.id
            )
        ).all()
    assert list(names) == ["finding 1"]
    deadline = audits.plan_deadline_of(
        audits.get_audit(db, "SMETA-ZL-1"), date(2026, 12, 7), policy_files.policy_for(db, ENDED)
    )
    assert deadline is not None
    assert deadline.due_on == date(2026, 12, 18)  # high risk: 3 months (manual section 9)


def test_an_external_audit_sets_the_suppliers_audit_risk(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 2), reference="ON-SITE-HIGH", **HIGH)
    result = PublishedResult(score=Decimal("186"), recognition="gold")
    record(db, draft(Scheme.RBA_VAP, result, reference="RBA-1"))
    entry = risk.supplier_risk(db, "SUP-1", date(2026, 12, 7))
    assert entry.latest_audit is not None
    assert (entry.latest_audit.reference, entry.latest_audit.risk) == ("RBA-1", "low")


@pytest.mark.parametrize(
    ("given", "fields"),
    [
        ({"supplier_code": "NOBODY"}, ["supplier"]),
        ({"result": PublishedResult(rating="F")}, ["rating"]),
        ({"result": PublishedResult(rating="A", score=Decimal(90))}, ["score"]),
        ({"findings": (ExternalFinding(Severity.MINOR, "x", "NOPE-1"),)}, ["requirement"]),
        ({"findings": (ExternalFinding(Severity.MINOR, ""),)}, ["description"]),
        ({"code_version": "1999"}, ["code_version"]),
        ({"reference": "has space"}, ["reference"]),
        ({"report": ReportFile("report.pdf", b"MZ\x90\x00 not a pdf")}, ["report"]),
    ],
)
def test_a_bad_external_audit_is_refused_naming_the_field_and_nothing_is_written(
    db: Database, given: dict[str, object], fields: list[str]
) -> None:
    supplier(db)
    with pytest.raises(InvalidInputError) as refused:
        record(db, draft(**given))
    assert [p.field for p in refused.value.problems] == fields
    assert count(db, EsgAuditRow) == 0
    assert count(db, EvidenceFileRow) == 0


def test_a_finding_row_is_named_in_the_problem(db: Database) -> None:
    supplier(db)
    findings = (
        ExternalFinding(Severity.MINOR, "ok"),
        ExternalFinding(Severity.MAJOR, "mapped wrong", "LAB-99"),
    )
    with pytest.raises(InvalidInputError) as refused:
        record(db, draft(findings=findings))
    [problem] = refused.value.problems
    assert (problem.field, problem.row, problem.value) == ("requirement", 2, "LAB-99")


def test_a_reference_already_used_is_refused(db: Database) -> None:
    supplier(db)
    record(db, draft(reference="EXT-1"))
    with pytest.raises(InvalidInputError) as refused:
        record(db, draft(reference="EXT-1"))
    assert [p.field for p in refused.value.problems] == ["reference"]
