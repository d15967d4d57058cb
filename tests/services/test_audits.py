from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from programme_builders import ACTOR, HIGH, LOW, MEDIUM, audited, details, findings, supplier
from supplyesg.db.repositories.audits import AuditFilter, NcFilter
from supplyesg.db.session import Database
from supplyesg.domain.audits import AuditType, Finding, Verdict
from supplyesg.domain.errors import ConflictError, InvalidInputError, NotFoundError
from supplyesg.services import audits, nonconformities
from supplyesg.services.audits import AuditDraft, Correction


def ncs(db: Database, reference: str) -> list[tuple[str, str, str]]:
    audit = audits.get_audit(db, reference)
    page = nonconformities.list_nonconformities(db, NcFilter(audit_id=audit.id), date(2026, 11, 21))
    return [(r.row.requirement_id, r.row.severity, r.row.status) for r in page.items]


def test_a_recorded_audit_stores_its_scores_risk_and_non_conformities(db: Database) -> None:
    supplier(db)
    row = audited(db, date(2026, 3, 10), **MEDIUM)
    assert row.reference == "AUD-2026-00001"
    assert (row.status, row.revision, row.policy_version) == ("completed", 1, "2026-01")
    assert (row.score, row.risk_level, row.outcome) == (
        Decimal("84.21"),
        "medium",
        "conditionally_accepted",
    )
    assert [row.environment_score, row.labour_score, row.health_and_safety_score] == [
        Decimal("80.00"),
        Decimal("76.47"),
        Decimal("80.00"),
    ]
    assert row.ethics_score == Decimal("100.00")
    assert [r["rule"] for r in row.result_reasons] == [
        "audit.score",
        "audit.threshold",
        "audit.outcome",
    ]
    assert row.nc_count == 4
    assert ncs(db, row.reference) == [
        ("ENV-01", "major", "open"),
        ("LAB-03", "major", "open"),
        ("LAB-04", "major", "open"),
        ("HS-01", "major", "open"),
    ]


def test_a_zero_tolerance_breach_makes_an_otherwise_good_audit_high_risk(db: Database) -> None:
    supplier(db)
    row = audited(db, date(2026, 3, 10), **HIGH)
    assert (row.score, row.risk_level, row.outcome) == (
        Decimal("91.23"),
        "high",
        "not_accepted",
    )
    assert "LAB-01" in row.result_reasons[1]["text"]


def test_a_draft_is_completed_once_every_requirement_is_judged(db: Database) -> None:
    supplier(db)
    partial = findings(db)[:5]
    draft = AuditDraft("SUP-1", "2026", details(date(2026, 4, 2)), partial, "A-1")
    row = audits.create_audit(db, draft, ACTOR)
    assert (row.status, row.score, len(row.findings)) == ("draft", None, 5)
    with pytest.raises(InvalidInputError) as refused:
        audits.complete_audit(db, "A-1", ACTOR)
    assert refused.value.problems[0].field == "findings"
    audits.update_draft(db, "A-1", findings=findings(db, **LOW))
    done = audits.complete_audit(db, "A-1", ACTOR)
    assert (done.status, done.risk_level, done.score) == ("completed", "low", Decimal("99.12"))


def test_a_draft_may_be_changed_and_removed(db: Database) -> None:
    supplier(db)
    draft = AuditDraft("SUP-1", "2026", details(date(2026, 4, 2)), (), "A-1")
    audits.create_audit(db, draft, ACTOR)
    changed = audits.update_draft(
        db, "A-1", details=details(date(2026, 4, 3), AuditType.DESKTOP_REVIEW)
    )
    assert (changed.audit_type, str(changed.ended_on)) == ("desktop_review", "2026-04-03")
    audits.delete_draft(db, "A-1")
    with pytest.raises(NotFoundError):
        audits.get_audit(db, "A-1")


def test_a_completed_audit_is_immutable(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1")
    with pytest.raises(ConflictError):
        audits.update_draft(db, "A-1", findings=findings(db, **HIGH))
    with pytest.raises(ConflictError):
        audits.delete_draft(db, "A-1")
    with pytest.raises(ConflictError):
        audits.complete_audit(db, "A-1", ACTOR)


def test_a_correction_is_a_new_revision_that_keeps_the_old_one(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1", **MEDIUM)
    corrected_findings = findings(
        db, LAB_03=Verdict.MAJOR, LAB_04=Verdict.MINOR, ETH_03=Verdict.MINOR
    )
    row = audits.correct_audit(
        db, "A-1", Correction("ENV-01 and HS-01 were misread", findings=corrected_findings), ACTOR
    )
    assert (row.revision, row.risk_level, row.score) == (2, "low", Decimal("92.98"))
    assert ncs(db, "A-1") == [
        ("ENV-01", "major", "withdrawn"),
        ("LAB-03", "major", "open"),
        ("LAB-04", "minor", "open"),
        ("HS-01", "major", "withdrawn"),
        ("ETH-03", "minor", "open"),
    ]
    assert row.nc_count == 3
    [old] = audits.revisions(db, "A-1")
    assert (old.revision, old.reason, old.corrected_by) == (
        1,
        "ENV-01 and HS-01 were misread",
        ACTOR,
    )
    assert (old.snapshot["score"], old.snapshot["risk_level"]) == ("84.21", "medium")
    assert len(old.snapshot["findings"]) == 32


def test_a_correction_needs_a_reason_and_a_completed_audit(db: Database) -> None:
    supplier(db)
    with pytest.raises(InvalidInputError):
        audits.correct_audit(db, "A-1", Correction(" "), ACTOR)
    audits.create_audit(
        db, AuditDraft("SUP-1", "2026", details(date(2026, 4, 2)), (), "A-1"), ACTOR
    )
    with pytest.raises(ConflictError):
        audits.correct_audit(db, "A-1", Correction("typo"), ACTOR)


@pytest.mark.parametrize(
    ("draft", "error", "field"),
    [
        (AuditDraft("NOPE", "2026", details(date(2026, 4, 2))), NotFoundError, None),
        (AuditDraft("SUP-1", "1999", details(date(2026, 4, 2))), NotFoundError, None),
        (AuditDraft("SUP-1", "2026", details(date(2099, 4, 2))), InvalidInputError, "ended_on"),
        (
            AuditDraft("SUP-1", "2026", details(date(2026, 4, 2)), (), "has space"),
            InvalidInputError,
            "reference",
        ),
        (
            AuditDraft(
                "SUP-1", "2026", details(date(2026, 4, 2)), (Finding("ZZZ-1", Verdict.MINOR),)
            ),
            InvalidInputError,
            "requirement",
        ),
    ],
)
def test_a_bad_draft_is_refused_and_says_where(
    db: Database, draft: AuditDraft, error: type[Exception], field: str | None
) -> None:
    supplier(db)
    with pytest.raises(error) as refused:
        audits.create_audit(db, draft, ACTOR)
    if field is not None:
        assert refused.value.problems[0].field == field  # type: ignore[attr-defined]


def test_a_reference_is_used_once(db: Database) -> None:
    supplier(db)
    audited(db, date(2026, 3, 10), reference="A-1")
    with pytest.raises(ConflictError):
        audited(db, date(2026, 3, 11), reference="A-1")


def test_audits_are_listed_by_supplier_and_risk_in_pages(db: Database) -> None:
    supplier(db)
    supplier(db, "SUP-2")
    audited(db, date(2025, 3, 10), reference="A-1", **LOW)
    audited(db, date(2026, 3, 10), reference="A-2", **HIGH)
    audited(db, date(2026, 3, 10), "SUP-2", reference="A-3", **HIGH)
    first = audits.list_audits(db, AuditFilter(risk_level="high"), limit=1)
    assert ([r.reference for r in first.items], first.next_after) == (["A-2"], "A-2")
    second = audits.list_audits(db, AuditFilter(risk_level="high"), first.next_after, limit=1)
    assert ([r.reference for r in second.items], second.next_after) == (["A-3"], None)
    own = audits.list_audits(db, AuditFilter(supplier_id=first.items[0].supplier_id))
    assert [(r.reference, r.supplier.code) for r in own.items] == [
        ("A-1", "SUP-1"),
        ("A-2", "SUP-1"),
    ]


def test_the_policy_used_is_the_one_given(db: Database) -> None:
    from supplyesg.domain.policy import Policy

    supplier(db)
    lenient = replace(Policy(), version="lenient", low_risk_min_score=Decimal(80))
    draft = AuditDraft("SUP-1", "2026", details(date(2026, 4, 2)), findings(db, **MEDIUM), "A-1")
    row = audits.record_audit(db, draft, ACTOR, lenient)
    assert (row.risk_level, row.policy_version) == ("low", "lenient")
